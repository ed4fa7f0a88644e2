import { FIELD_LABELS, filingFactsFor, isWebPage, type FilingFacts, type FilingField } from '../facts/filing';
import { findSite } from '../sites/match';
import type { Rule } from './types';

function whereMissing(facts: FilingFacts, label: string): string {
  const source = facts.footer.missingSource;
  if (facts.footer.elements.length) return `页脚中没有${label}（国办发〔2017〕47号要求在每个页面底部标注）`;
  if (source?.kind === 'script') {
    return `页面上找不到页脚：页脚由脚本 ${source.ref} 生成，但该脚本没有加载或没有输出页脚，因此页面上没有${label}`;
  }
  if (source?.kind === 'ssi') {
    return `页面上找不到页脚：页脚由服务器端包含（${source.ref}）生成，本页没有展开，因此页面上没有${label}`;
  }
  return `页面上找不到页脚，也没有${label}（国办发〔2017〕47号要求在每个页面底部标注）`;
}

/**
 * 备案信息缺失: each of 网站标识码, ICP备案, 公网安备 and the 党政机关 badge that the rendered page does not
 * show. A registered site marked `conacBadge: false` is not asked for the badge.
 */
export const filingMissing: Rule = {
  id: 'filing-missing',
  *run(ctx) {
    if (!isWebPage(ctx.doc)) return;
    const facts = yield* filingFactsFor(ctx, ctx.doc);
    const site = findSite(ctx.pack.sites, ctx.pageUrl.hostname);
    const footer = facts.footer.elements[0];
    const footerState = footer
      ? 'found'
      : facts.footer.missingSource?.kind === 'script'
        ? 'script-not-loaded'
        : facts.footer.missingSource?.kind === 'ssi'
          ? 'ssi-not-expanded'
          : 'none';
    const absent: FilingField[] = [];
    if (!facts.siteCode.length) absent.push('siteCode');
    if (!facts.icp.length) absent.push('icp');
    if (!facts.police.length) absent.push('police');
    if (!facts.badge && site?.conacBadge !== false) absent.push('badge');

    for (const field of absent) {
      const label = FIELD_LABELS[field];
      let message = whereMissing(facts, label);
      const hidden = field === 'siteCode' ? [...new Set(facts.hiddenSiteCode.map((v) => v.raw).filter(Boolean))] : [];
      if (hidden.length) message += `；页面代码中有网站标识码 ${hidden.join('、')}，但页面上没有显示`;
      yield {
        ...(footer ? { element: footer } : {}),
        severity: 'deduct',
        label,
        message,
        detail: {
          field,
          footer: footerState,
          footerSource: facts.footer.missingSource?.ref ?? null,
          registeredSite: site?.name ?? null,
          ...(hidden.length ? { hiddenSiteCode: hidden } : {}),
        },
      };
    }
    yield null;
  },
};
