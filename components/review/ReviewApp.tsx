import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Finding } from '@/lib/findings';
import { createApi, type Me, type SyncApi } from '@/lib/sync/api';
import { errorWords } from '@/lib/sync/errors';
import { loadSyncSettings } from '@/lib/sync/settings';
import type { Translate } from '@/lib/i18n';
import { LanguageSwitch, useI18n } from '../i18n';
import { ExportButtons } from './ExportButtons';
import { Filters } from './Filters';
import { FindingDetail } from './FindingDetail';
import { FindingTable } from './FindingTable';
import { SummaryPanel } from './SummaryPanel';
import { loadView, type Loaded } from './load';
import type { Decision } from './types';
import { DEFAULT_FILTERS, matches, sortRows, toQuery, type ReviewFilters, type Sort } from './view';

const REVIEW_BATCH = 500;

type Notice = { kind: 'ok' | 'error'; text: string };

/** The supervisors' page: every synced finding, filtered and sorted, with the decision and the summary. */
export function ReviewApp() {
  const { t } = useI18n();
  const [api, setApi] = useState<SyncApi | null>(null);
  const [me, setMe] = useState<Me | null>(null);
  /**
   * Why the page cannot work, worded when drawn: it is found before the stored language is read, and the
   * inspector may switch language after.
   */
  const [fatal, setFatal] = useState<((t: Translate) => string) | null>(null);
  const [filters, setFilters] = useState<ReviewFilters>(DEFAULT_FILTERS);
  /** On the record view: how many open findings the same filters hold, said beside the count. */
  const [openCount, setOpenCount] = useState<number | null>(null);
  const [view, setView] = useState<Loaded | null>(null);
  const [loading, setLoading] = useState<number | null>(null);
  /** The filters the shown rows were loaded for: until the new filters' rows arrive the page says it is loading. */
  const [loadedFor, setLoadedFor] = useState<ReviewFilters | null>(null);
  const [sort, setSort] = useState<Sort>({ key: 'createdAt', desc: true });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [current, setCurrent] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [bulkComment, setBulkComment] = useState('');
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    document.title = `${t('appName')} · ${t('review_title')}`;
  }, [t]);

  useEffect(() => {
    void (async () => {
      const settings = await loadSyncSettings();
      if (!settings) return setFatal(() => (tr: Translate) => tr('review_no_settings'));
      const client = createApi(settings);
      try {
        const who = await client.me();
        setMe(who);
        if (who.role === 'inspector') return setFatal(() => (tr: Translate) => tr('review_need_supervisor', who.name));
        setApi(client);
      } catch (error) {
        const words = errorWords(error);
        setFatal(() => () => words);
      }
    })();
  }, []);

  async function load(next: ReviewFilters, from?: Loaded): Promise<void> {
    if (!api) return;
    setLoading(from?.rows.size ?? 0);
    setNotice(null);
    try {
      const loaded = await loadView(api, toQuery(next), from, setLoading);
      setView(loaded);
      if (loaded.truncated) setNotice({ kind: 'error', text: t('review_truncated', loaded.rows.size) });
    } catch (error) {
      setNotice({ kind: 'error', text: errorWords(error) });
    } finally {
      setLoading(null);
      setLoadedFor(next);
    }
  }

  useEffect(() => {
    if (!api) return;
    setSelected(new Set());
    void load(filters);
  }, [api, filters]);

  useEffect(() => {
    setOpenCount(null);
    if (!api || filters.status !== 'decided') return;
    let live = true;
    loadView(api, toQuery({ ...filters, status: 'open' }))
      .then((l) => live && setOpenCount(l.rows.size))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api, filters, changes]);

  const rows = useMemo(() => (view ? sortRows([...view.rows.values()].filter((f) => matches(f, filters)), sort) : []), [view, filters, sort]);
  const currentRow = current ? (view?.rows.get(current) ?? null) : null;
  // Between a new filter and its load starting there is a render: it must not claim "0 rows" as an answer.
  const busy = loading !== null || loadedFor !== filters;

  function apply(updated: readonly Finding[]): void {
    setView((v) => {
      if (!v) return v;
      const next = new Map(v.rows);
      for (const f of updated) next.set(f.id, f);
      return { ...v, rows: next };
    });
  }

  async function decide(ids: string[], decision: Decision, comment: string): Promise<void> {
    if (!api || !view) return;
    const items = ids.map((id) => view.rows.get(id)).filter((f): f is Finding => !!f).map((f) => ({ id: f.id, version: f.version, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    let stored = 0;
    const conflicts: Finding[] = [];
    try {
      for (let i = 0; i < items.length; i += REVIEW_BATCH) {
        const result = await api.review(items.slice(i, i + REVIEW_BATCH));
        apply([...result.stored, ...result.conflicts.map((c) => c.finding)]);
        stored += result.stored.length;
        conflicts.push(...result.conflicts.map((c) => c.finding));
      }
      setNotice(
        conflicts.length
          ? { kind: 'error', text: t('review_conflicts', stored, conflicts.length, conflicts.slice(0, 5).map((f) => f.label).join('、')) }
          : { kind: 'ok', text: t(decision === 'accepted' ? 'review_accepted_n' : 'review_rejected_n', stored) },
      );
      setSelected((s) => new Set([...s].filter((id) => !ids.includes(id))));
      setChanges((n) => n + 1);
    } catch (error) {
      setNotice({ kind: 'error', text: errorWords(error) });
    }
  }

  const select = (ids: string[], on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      for (const id of ids) on ? next.add(id) : next.delete(id);
      return next;
    });

  return (
    <div class="rv">
      <header class="rv-header">
        <h1>
          {t('appName')} <span class="rv-sub">{t('review_title')}</span>
        </h1>
        {me && <span class="rv-me">{t('review_signed_in', me.name, t(`sync_role_${me.role}`))}</span>}
        <LanguageSwitch />
      </header>
      {fatal && (
        <p class="rv-error rv-fatal" role="alert" data-testid="fatal">
          {fatal(t)}
        </p>
      )}
      {api && (
        <>
          <SummaryPanel api={api} version={changes} />
          <Filters value={filters} onApply={setFilters} />
          <div class="rv-toolbar">
            <span data-testid="count">{busy ? t('review_loading_n', loading ?? 0) : t('review_count', rows.length)}</span>
            {filters.status === 'decided' && openCount !== null && openCount > 0 && (
              <span class="rv-muted" data-testid="open-count">
                {t('review_open_elsewhere', openCount)}
              </span>
            )}
            <button type="button" onClick={() => view && void load(filters, view)} disabled={busy}>
              {t('review_refresh')}
            </button>
            <ExportButtons rows={rows} api={api} onNotice={setNotice} />
          </div>
          {selected.size > 0 && (
            <div class="rv-bulk" data-testid="bulk">
              <span>{t('review_selected', selected.size)}</span>
              <input aria-label={t('review_comment')} placeholder={t('review_comment')} value={bulkComment} onInput={(e) => setBulkComment(e.currentTarget.value)} />
              <button type="button" class="rv-accept" onClick={() => void decide([...selected], 'accepted', bulkComment)}>
                {t('review_accept')}
              </button>
              <button type="button" class="rv-reject" onClick={() => void decide([...selected], 'rejected', bulkComment)}>
                {t('review_reject')}
              </button>
            </div>
          )}
          {notice && (
            <p class={notice.kind === 'ok' ? 'rv-ok' : 'rv-error'} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid="notice">
              {notice.text}
            </p>
          )}
          <div class="rv-main">
            <div class="rv-list" aria-busy={busy}>
              {view && rows.length === 0 && !busy ? <p class="rv-muted">{t('review_empty')}</p> : <FindingTable rows={rows} sort={sort} onSort={setSort} selected={selected} onSelect={select} current={current} onOpen={setCurrent} />}
            </div>
            {currentRow && <FindingDetail finding={currentRow} api={api} onDecide={decide} />}
          </div>
        </>
      )}
    </div>
  );
}
