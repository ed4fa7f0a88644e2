import type { FindingDetail } from '../findings';
import type { Candidate, Rule } from './types';
import { imageCandidates, type ImageCandidate } from '../emblem/candidates';
import { judgeEmblem } from '../emblem/match';
import type { ImageFacts } from '../emblem/types';

/**
 * 新版国徽替换: every image the page shows (`<img>`, CSS backgrounds, inline SVG, and the emblem inside a
 * wider logo) whose fingerprint the background found emblem-like, or which matches a reference of the rule
 * pack, is compared with the references: the same drawing as an outdated one → deduct; emblem-like but the
 * same as no current one → review, with the nearest reference for the inspector to compare; the same as a
 * current one → nothing. File names never count (guohui.png is often the police-filing icon).
 */
export const emblemOutdated: Rule = {
  id: 'emblem-outdated',
  needs: 'images',
  *run(ctx) {
    const images = ctx.images;
    if (!images) return;
    const { emblem: pack } = ctx.pack;
    for (const candidate of imageCandidates(ctx.roots)) {
      const facts = candidate && images.get(candidate.key);
      if (!candidate || !facts || facts.status !== 'ok') {
        yield null;
        continue;
      }
      yield judge(candidate, facts, pack);
    }
  },
};

const SOURCE_ZH: Record<ImageCandidate['source'], string> = { img: '图片', background: 'CSS 背景图', svg: '内联 SVG' };

function judge(candidate: ImageCandidate, facts: ImageFacts, pack: Parameters<typeof judgeEmblem>[1]): Candidate | null {
  const region = facts.emblem ?? null;
  const fp = region?.fingerprint ?? facts.fingerprint ?? null;
  if (!fp) return null;
  const verdict = pack.references.length ? judgeEmblem(fp, pack) : null;
  if (verdict?.verdict === 'current') return null;
  if (!region && verdict?.verdict !== 'outdated') return null;

  const inLogo = region ? !region.whole : false;
  const name = fileNameOf(candidate);
  const label = `${inLogo ? '标志中的国徽' : '国徽'}（${name}）`;
  const where = `${SOURCE_ZH[candidate.source]}${inLogo ? '（宽幅标志/横幅中的一部分）' : ''}`;
  const detail: FindingDetail = {
    source: candidate.source,
    inLogo,
    score: region?.score ?? null,
    region: region ? `${region.rect.x},${region.rect.y},${region.rect.w},${region.rect.h}` : null,
    imageSize: facts.width && facts.height ? `${facts.width}×${facts.height}` : null,
  };
  const href = candidate.source === 'svg' ? undefined : candidate.key;
  const subject = `${candidate.key}#${detail.region ?? ''}`;

  if (!verdict) {
    return {
      element: candidate.element,
      severity: 'review',
      label,
      href,
      subject,
      detail: { ...detail, verdict: 'no-reference' },
      message: `疑似国徽${where}。规则包中没有国徽参考图，无法判断是否为新版国徽（GB 15093-2025），请人工核实，或在规则包中添加现行国徽参考图。`,
    };
  }
  const { closest, closestCurrent } = verdict;
  const distances = {
    referenceId: closest?.reference.id ?? null,
    referenceName: closest?.reference.name ?? null,
    referenceLabel: closest?.reference.label ?? null,
    hashDistance: closest?.hashDistance ?? null,
    colorDistance: closest?.colorDistance ?? null,
    currentReferenceId: closestCurrent?.reference.id ?? null,
  };
  if (verdict.verdict === 'outdated' && closest) {
    return {
      element: candidate.element,
      severity: 'deduct',
      label,
      href,
      subject,
      detail: { ...detail, verdict: 'outdated', ...distances },
      message: `页面${where}与旧版国徽参考图“${closest.reference.name}”为同一图样（哈希距离 ${closest.hashDistance}，颜色差 ${closest.colorDistance}），请更换为现行标准（GB 15093-2025）的国徽图片。`,
    };
  }
  const nearest = closestCurrent ?? closest;
  return {
    element: candidate.element,
    severity: 'review',
    label,
    href,
    subject,
    detail: { ...detail, verdict: 'unmatched', ...distances },
    message: closestCurrent
      ? `疑似国徽${where}，与现行国徽参考图均不一致（最接近：“${closestCurrent.reference.name}”，哈希距离 ${closestCurrent.hashDistance}，颜色差 ${closestCurrent.colorDistance}），请与现行参考图对照核实是否为新版国徽。`
      : `疑似国徽${where}，规则包中只有旧版参考图且与之均不一致（最接近：“${nearest?.reference.name ?? ''}”），请与现行标准国徽对照核实。`,
  };
}

function fileNameOf(candidate: ImageCandidate): string {
  if (candidate.source === 'svg') return '内联 SVG';
  if (candidate.key.startsWith('data:')) return 'data: 图片';
  try {
    const path = new URL(candidate.key).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || candidate.key;
  } catch {
    return candidate.key;
  }
}
