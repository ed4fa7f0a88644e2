import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { RULE_IDS, RULE_CATALOG } from '@/lib/rule-catalog';
import {
  DEFAULT_LANGUAGE,
  LANGUAGE_KEY,
  loadLanguage,
  onLanguageChange,
  ruleDescription,
  ruleName,
  saveLanguage,
  severityName,
  translator,
  unscannedKindName,
} from '@/lib/i18n';
import zhCN from '@/public/_locales/zh_CN/messages.json';
import en from '@/public/_locales/en/messages.json';

describe('catalogs', () => {
  test('both languages have the same keys', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  test('keys and placeholders are what Chrome accepts (else the extension does not load)', () => {
    for (const [key, entry] of [...Object.entries(zhCN), ...Object.entries(en)]) {
      expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
      expect(entry.message.trim()).not.toBe('');
      // `$name$` would need a placeholders block; only `$1`…`$9` are used.
      expect(entry.message).not.toMatch(/\$[A-Za-z_]\w*\$/);
    }
  });

  test('rule names are the ones exports and reports use', () => {
    const zh = translator('zh_CN');
    const english = translator('en');
    for (const rule of RULE_IDS) {
      expect(ruleName(zh, rule)).toBe(RULE_CATALOG[rule].zh);
      expect(ruleName(english, rule)).toBe(RULE_CATALOG[rule].en);
      expect(ruleDescription(zh, rule)).toMatch(/[\u4e00-\u9fff]/);
      expect(ruleDescription(english, rule)).not.toMatch(/^rule_/);
    }
  });

  test('the manifest name is 政府网站检查助手 / Gov Site Inspector', () => {
    expect(translator('zh_CN')('extName')).toBe('政府网站检查助手');
    expect(translator('en')('extName')).toBe('Gov Site Inspector');
  });
});

describe('translator', () => {
  test('substitutes $1…$9 and keeps $$ as a dollar', () => {
    expect(translator('zh_CN')('phase_probing', 3, 10)).toBe('检测链接 3/10');
    expect(translator('en')('phase_probing', 3, 10)).toBe('Checking links 3/10');
    expect(translator('zh_CN')('phase_probing')).toBe('检测链接 /');
  });

  test('severity and unscanned kinds', () => {
    expect(severityName(translator('zh_CN'), 'veto')).toBe('单项否决');
    expect(severityName(translator('en'), 'review')).toBe('Judgement needed');
    expect(unscannedKindName(translator('zh_CN'), 'cross-origin-frame')).toBe('跨域框架');
  });
});

describe('stored choice', () => {
  beforeEach(() => fakeBrowser.reset());

  test('Chinese until the inspector picks English; junk in storage falls back to Chinese', async () => {
    expect(DEFAULT_LANGUAGE).toBe('zh_CN');
    expect(await loadLanguage()).toBe('zh_CN');
    await saveLanguage('en');
    expect(await loadLanguage()).toBe('en');
    await fakeBrowser.storage.local.set({ [LANGUAGE_KEY]: 'fr' });
    expect(await loadLanguage()).toBe('zh_CN');
  });

  test('every open page hears about a change until it unsubscribes', async () => {
    const heard: string[] = [];
    const stop = onLanguageChange((lang) => heard.push(lang));
    await saveLanguage('en');
    await saveLanguage('zh_CN');
    stop();
    await saveLanguage('en');
    expect(heard).toEqual(['en', 'zh_CN']);
  });
});
