import { useEffect, useState } from 'preact/hooks';
import { createApi } from '@/lib/sync/api';
import { errorWords } from '@/lib/sync/errors';
import { SyncSettings, loadSyncSettingsDraft, saveSyncSettings } from '@/lib/sync/settings';
import { SyncStatus } from '@/components/SyncStatus';
import type { Translate } from '@/lib/i18n';

type Result = { kind: 'ok' | 'error'; text: string };

/** The sync connection: endpoint and token (kept in storage.local), a connection test, sync status. */
export function Connection({ t }: { t: Translate }) {
  const [endpoint, setEndpoint] = useState('');
  const [token, setToken] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void loadSyncSettingsDraft().then((s) => {
      if (!s) return;
      setEndpoint(s.endpoint);
      setToken(s.token);
      if (s.problem) setResult({ kind: 'error', text: t('sync_saved_invalid', s.problem) });
    });
  }, []);

  function parsed(): SyncSettings | null {
    const r = SyncSettings.safeParse({ endpoint, token });
    if (r.success) return r.data;
    setResult({ kind: 'error', text: r.error.issues.map((i) => i.message).join('；') });
    return null;
  }

  async function save(): Promise<void> {
    const s = parsed();
    if (!s) return;
    await saveSyncSettings(s);
    setResult({ kind: 'ok', text: t('sync_saved') });
  }

  async function test(): Promise<void> {
    const s = parsed();
    if (!s) return;
    setBusy(true);
    setResult(null);
    try {
      const api = createApi(s);
      const health = await api.health();
      const me = await api.me();
      // Settings the server just accepted are kept: otherwise the status below goes on saying 未设置同步服务器
      // while the line above says the connection works.
      await saveSyncSettings(s);
      setResult({ kind: 'ok', text: t('sync_test_ok_saved', me.name, t(`sync_role_${me.role}`), health.database) });
    } catch (error) {
      setResult({ kind: 'error', text: errorWords(error) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="sync-heading" data-testid="connection">
      <h2 id="sync-heading">{t('sync_heading')}</h2>
      <p class="intro">{t('sync_intro')}</p>
      {/* noValidate: the address is checked by SyncSettings, whose words say what to type (the browser's
          own check of type="url" would stop the submit with a generic bubble, in the browser's language). */}
      <form
        class="connection"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          {t('sync_endpoint')}
          <input type="url" name="endpoint" value={endpoint} placeholder="https://gsi.example.gov.cn" autocomplete="url" onInput={(e) => setEndpoint(e.currentTarget.value)} />
        </label>
        <label>
          {t('sync_token')}
          <input type="password" name="token" value={token} autocomplete="off" spellcheck={false} onInput={(e) => setToken(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="submit" class="primary">
            {t('sync_save')}
          </button>
          <button type="button" onClick={() => void test()} disabled={busy} data-testid="sync-test">
            {busy ? t('sync_testing') : t('sync_test')}
          </button>
          <a class="review-link" href="/review.html" target="_blank">
            {t('sync_open_review')}
          </a>
        </div>
      </form>
      {result && (
        <div class={`status ${result.kind}`} role={result.kind === 'error' ? 'alert' : 'status'} data-testid="sync-result">
          <p>{result.text}</p>
        </div>
      )}
      <SyncStatus />
    </section>
  );
}
