import { contextOf, locateHit, matcherFor, textRuns } from '../facts/wording';
import type { Rule } from './types';

// Yield to the scan engine after this many text runs: one run is too little work to be worth a check.
const RUNS_PER_CHUNK = 64;

/**
 * 文字表述不规范: the pack's wrong phrases in the page's visible text (scripts, styles and form fields
 * excluded), each reported with the exact text range, unless an allowed context around it excuses it.
 */
export const wordingError: Rule = {
  id: 'wording-error',
  *run(ctx) {
    const matcher = matcherFor(ctx.pack.wording);
    const title = ctx.doc.title ?? '';
    let count = 0;
    for (const run of textRuns(ctx.roots)) {
      for (const hit of matcher.find(run.text, title)) {
        const where = locateHit(run, hit.start, hit.end);
        if (!where) continue;
        const { entry } = hit;
        const correction = entry.correct ? `，应为“${entry.correct}”` : '';
        yield {
          element: where.element,
          severity: entry.severity,
          label: hit.found,
          subject: String(where.offset),
          message: `文字表述不规范：“${hit.found}”${correction}${entry.note ? `（${entry.note}）` : ''}`,
          detail: {
            wrong: hit.found,
            correct: entry.correct,
            category: entry.category,
            offset: where.offset,
            length: hit.found.length,
            context: contextOf(run.text, hit.start, hit.end),
          },
        };
      }
      if (++count % RUNS_PER_CHUNK === 0) yield null;
    }
    yield null;
  },
};
