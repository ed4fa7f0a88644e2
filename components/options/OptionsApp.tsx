import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { RulePack } from '@/lib/rule-pack/pack';
import { saveFile } from '@/lib/export/downloads';
import {
  describeProblem,
  loadActiveRulePack,
  onRulePackChange,
  parseRulePack,
  resetRulePack,
  rulePackFile,
  saveRulePack,
  type ActiveRulePack,
  type PackProblem,
} from '@/lib/rule-pack/store';
import { htmlLang, type Language, type MessageKey, type Translate } from '@/lib/i18n';
import { LanguageSwitch, useI18n } from '../i18n';
import { CheckDate } from './CheckDate';
import { PackExplain } from './PackExplain';

/** What the last action did; problems keep their structure so each is shown on its own line. */
type Status =
  | { kind: 'ok'; text: string; problems?: PackProblem[] }
  | { kind: 'error'; text: string; heading?: string; problems?: PackProblem[] };

function counts(pack: RulePack): Array<[MessageKey, number]> {
  return [
    ['options_count_wording', pack.wording.length],
    ['options_count_sites', pack.sites.length],
    ['options_count_spam_words', pack.links.spamWords.length],
    ['options_count_blocked_hosts', pack.links.blockedHosts.length],
    ['options_count_trusted_hosts', pack.links.trustedHosts.length],
    ['options_count_column_kinds', pack.columns.kinds.length],
    ['options_count_placeholders', pack.columns.placeholders.length],
    ['options_count_emblem', pack.emblem.references.length],
    ['options_count_reposts', pack.reposts.length],
  ];
}

function sourceText(t: Translate, active: ActiveRulePack): string {
  if (active.source === 'imported') return t('options_source_imported', active.fileName ?? '');
  if (active.source === 'synced') return t('options_source_synced');
  return t('options_source_default');
}

function formatTime(iso: string | undefined, lang: Language): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(htmlLang(lang));
}

/**
 * The options page: the rule pack in force (what its counts mean, import/export/reset), the check date,
 * and whatever the entry point puts below (the sync connection). Language comes from the I18nProvider.
 */
export function OptionsApp({ children }: { children?: ComponentChildren }) {
  const { t, lang } = useI18n();
  const [active, setActive] = useState<ActiveRulePack | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void loadActiveRulePack().then(setActive);
    return onRulePackChange(setActive);
  }, []);

  useEffect(() => {
    document.title = `${t('appName')} · ${t('options_title')}`;
  }, [lang]);

  async function importFile(file: File): Promise<void> {
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setStatus({ kind: 'error', text: t('options_read_failed', file.name, String(error)) });
      return;
    }
    const result = parseRulePack(text, lang);
    if (!result.ok) {
      // The stored pack is untouched: a bad file never replaces the pack in force.
      setStatus({
        kind: 'error',
        text: t('options_import_failed', file.name),
        heading: t(result.kind === 'syntax' ? 'options_syntax_errors' : 'options_schema_errors'),
        problems: result.problems,
      });
      return;
    }
    await saveRulePack(result.pack, 'imported', file.name);
    setActive(await loadActiveRulePack());
    // Fields the pack format does not know were dropped: each is named, so a misspelt one is noticed.
    setStatus({ kind: 'ok', text: t('options_imported', result.pack.name, result.pack.version), ...(result.ignored.length ? { problems: result.ignored } : {}) });
  }

  async function reset(): Promise<void> {
    await resetRulePack();
    setActive(await loadActiveRulePack());
    setStatus({ kind: 'ok', text: t('options_reset_done') });
  }

  function exportPack(): void {
    if (!active) return;
    const file = rulePackFile(active.pack);
    saveFile(file.name, new Blob([file.text], { type: 'application/json' }));
    setStatus({ kind: 'ok', text: t('options_exported', file.name) });
  }

  return (
    <main class="options">
      <header class="options-header">
        <h1>
          {t('appName')} <span class="sub">{t('options_title')}</span>
        </h1>
        {/* The shared switch names its select itself (界面语言); the visible word is for the eye only. */}
        <div class="lang">
          <span aria-hidden="true">{t('options_language')}</span>
          <LanguageSwitch />
        </div>
      </header>

      <section class="card" aria-labelledby="pack-heading">
        <h2 id="pack-heading">{t('options_heading')}</h2>
        <p class="intro">{t('options_intro')}</p>

        {active?.invalidStored && (
          <div class="status error" role="alert">
            <p>{t('options_invalid_stored')}</p>
            <ul>
              {active.invalidStored.map((p, i) => (
                <li key={i}>{describeProblem(p, lang)}</li>
              ))}
            </ul>
          </div>
        )}

        {active && (
          <div class="pack" data-testid="pack">
            <h3>{t('options_loaded')}</h3>
            <dl>
              <dt>{t('options_name')}</dt>
              <dd data-testid="pack-name">{active.pack.name}</dd>
              <dt>{t('options_version')}</dt>
              <dd data-testid="pack-version">{active.pack.version}</dd>
              <dt>{t('options_updated')}</dt>
              <dd>{formatTime(active.pack.updatedAt, lang)}</dd>
              <dt>{t('options_source')}</dt>
              <dd data-testid="pack-source">
                {sourceText(t, active)}
                {active.savedAt && <span class="muted"> · {t('options_saved_at', formatTime(active.savedAt, lang))}</span>}
              </dd>
            </dl>
            <table class="counts" data-testid="pack-counts">
              <caption>{t('options_counts')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('options_section')}</th>
                  <th scope="col">{t('options_entries')}</th>
                </tr>
              </thead>
              <tbody>
                {counts(active.pack).map(([key, n]) => (
                  <tr key={key} data-section={key.replace('options_count_', '')}>
                    <th scope="row">{t(key)}</th>
                    <td>{n}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <PackExplain pack={active.pack} />
          </div>
        )}

        <div class="actions">
          <input
            ref={fileInput}
            id="pack-file"
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            // The button below opens it: the bare input would be a second, unnamed stop for keyboard and screen readers.
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const file = input.files?.[0];
              input.value = '';
              if (file) void importFile(file);
            }}
          />
          <button type="button" class="primary" onClick={() => fileInput.current?.click()}>
            {t('options_import')}
          </button>
          <button type="button" onClick={exportPack} disabled={!active}>
            {t('options_export')}
          </button>
          <button type="button" onClick={() => void reset()} disabled={active?.source === 'default' && !active.invalidStored}>
            {t('options_reset')}
          </button>
        </div>

        {status && (
          <div class={`status ${status.kind}`} role={status.kind === 'error' ? 'alert' : 'status'} data-testid="status">
            <p>{status.text}</p>
            {status.problems && (
              <>
                {status.kind === 'error' && <p class="problems-heading">{status.heading}</p>}
                <ul class="problems">
                  {status.problems.map((p, i) => (
                    <li key={i}>
                      <code>{describeProblem(p, lang)}</code>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </section>

      <CheckDate />
      {children}
    </main>
  );
}
