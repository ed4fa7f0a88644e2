import {
  FIELD_LABELS,
  FORMAT_DESCRIPTIONS,
  SOURCE_NAMES,
  filingFactsFor,
  isWebPage,
  normalizeIcp,
  policeNumber,
  sameIcp,
  type FilingValue,
} from '../facts/filing';
import { findSite } from '../sites/match';
import type { Candidate, Rule } from './types';

type Field = 'siteCode' | 'icp' | 'police';

function formatProblem(field: Field, v: FilingValue): Candidate {
  const label = FIELD_LABELS[field];
  return {
    ...(v.element ? { element: v.element } : {}),
    severity: 'deduct',
    label,
    subject: `format:${v.source}:${v.raw}`,
    message: `${SOURCE_NAMES[v.source]}中的${label}格式不正确：“${v.raw || '（空）'}”，应为${FORMAT_DESCRIPTIONS[field]}`,
    detail: { field, problem: 'format', found: v.raw, expected: FORMAT_DESCRIPTIONS[field], source: v.source },
  };
}

function disagreement(field: Field, v: FilingValue, expected: string, reference: string, siteName?: string): Candidate {
  const label = FIELD_LABELS[field];
  const against = reference === 'registry' ? `全国政府网站信息报送系统中“${siteName}”登记的 ${expected}` : `${SOURCE_NAMES[reference as FilingValue['source']]}中的 ${expected}`;
  return {
    ...(v.element ? { element: v.element } : {}),
    severity: 'deduct',
    label,
    subject: `mismatch:${v.source}:${v.value}`,
    message: `${SOURCE_NAMES[v.source]}中的${label} ${v.raw} 与${against} 不一致`,
    detail: { field, problem: 'mismatch', found: v.raw, expected, source: v.source, reference },
  };
}

/**
 * 备案信息不一致: malformed values; a 网站标识码 that differs between the footer, `<meta name="SiteIDCode">` and
 * the 找错 widget; and, for a site in the pack's registry, any value that differs from the registered one.
 */
export const filingMismatch: Rule = {
  id: 'filing-mismatch',
  *run(ctx) {
    if (!isWebPage(ctx.doc)) return;
    const facts = yield* filingFactsFor(ctx, ctx.doc);
    const site = findSite(ctx.pack.sites, ctx.pageUrl.hostname);
    const codes = [...facts.siteCode, ...facts.hiddenSiteCode];

    for (const [field, values] of [['siteCode', codes], ['icp', facts.icp], ['police', facts.police]] as const) {
      for (const v of values) if (v.value === undefined) yield formatProblem(field, v);
    }
    yield null;

    // The registry decides; without it, what visitors see (the footer) is what the hidden copies must match.
    const registered = site?.siteCode;
    const shown = codes.find((v) => v.value !== undefined);
    const reference = registered ? { value: registered, source: 'registry' } : shown && { value: shown.value!, source: shown.source };
    if (reference) {
      for (const v of codes) {
        if (v.value !== undefined && v.value !== reference.value) yield disagreement('siteCode', v, reference.value, reference.source, site?.name);
      }
    }
    yield null;

    if (site?.icp) {
      const expected = normalizeIcp(site.icp) ?? site.icp;
      for (const v of facts.icp) {
        if (v.value !== undefined && !sameIcp(v.value, expected)) yield disagreement('icp', v, expected, 'registry', site.name);
      }
    }
    if (site?.police) {
      const expected = policeNumber(site.police) ?? site.police;
      for (const v of facts.police) {
        if (v.value !== undefined && v.value !== expected) yield disagreement('police', v, expected, 'registry', site.name);
      }
    }
    yield null;
  },
};
