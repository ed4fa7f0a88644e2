import { browser } from 'wxt/browser';
import type { RuleId, Severity, Unscanned } from './findings';
import zhCN from '../public/_locales/zh_CN/messages.json';
import en from '../public/_locales/en/messages.json';

/**
 * UI text. `browser.i18n.getMessage` always answers in the browser's language and cannot be told
 * otherwise, but inspectors pick their language in the extension (Chinese by default), so the same
 * `_locales` catalogs the manifest uses are bundled and looked up here.
 */
export const LANGUAGES = ['zh_CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh_CN';
/** storage.local key of the chosen language. */
export const LANGUAGE_KEY = 'uiLanguage';

export type MessageKey = keyof typeof zhCN;
type Catalog = Record<MessageKey, { message: string }>;

// Typed as Catalog so a key missing from the English file fails the type check.
const CATALOGS: Record<Language, Catalog> = { zh_CN: zhCN, en };

export type Translate = (key: MessageKey, ...substitutions: (string | number)[]) => string;

/** `$1`…`$9` take the substitutions and `$$` is a literal dollar, as in chrome.i18n. */
export function translator(lang: Language): Translate {
  const catalog = CATALOGS[lang];
  return (key, ...subs) =>
    catalog[key].message.replace(/\$(\$|[1-9])/g, (_, m: string) => (m === '$' ? '$' : String(subs[Number(m) - 1] ?? '')));
}

/** The HTML `lang` of a catalog. */
export function htmlLang(lang: Language): string {
  return lang === 'zh_CN' ? 'zh-CN' : 'en';
}

type Snake<S extends string> = S extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : S;
const snake = <S extends string>(s: S) => s.replace(/-/g, '_') as Snake<S>;

export function ruleName(t: Translate, rule: RuleId): string {
  return t(`rule_${snake(rule)}_name`);
}

export function ruleDescription(t: Translate, rule: RuleId): string {
  return t(`rule_${snake(rule)}_desc`);
}

export function severityName(t: Translate, severity: Severity): string {
  return t(`severity_${severity}`);
}

export function unscannedKindName(t: Translate, kind: Unscanned['kind']): string {
  return t(`unscanned_${snake(kind)}`);
}

function asLanguage(value: unknown): Language {
  return LANGUAGES.includes(value as Language) ? (value as Language) : DEFAULT_LANGUAGE;
}

export async function loadLanguage(): Promise<Language> {
  const stored = await browser.storage.local.get(LANGUAGE_KEY);
  return asLanguage(stored[LANGUAGE_KEY]);
}

export async function saveLanguage(lang: Language): Promise<void> {
  await browser.storage.local.set({ [LANGUAGE_KEY]: lang });
}

/** Calls `listener` when the language is changed anywhere (popup, options, another tab); returns the unsubscribe. */
export function onLanguageChange(listener: (lang: Language) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && LANGUAGE_KEY in changes) listener(asLanguage(changes[LANGUAGE_KEY].newValue));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
