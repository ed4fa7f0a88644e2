import type { EmblemPack, EmblemReference } from '../rule-pack/pack';
import { colorDistance, hammingDistance, type Fingerprint } from './fingerprint';

export interface ReferenceDistance {
  reference: EmblemReference;
  hashDistance: number;
  colorDistance: number;
  /** Within both limits of the pack: the same drawing. */
  same: boolean;
}

export interface EmblemVerdict {
  /** current: the same drawing as a current reference; outdated: as an outdated one; unknown: neither. */
  verdict: 'current' | 'outdated' | 'unknown';
  /** The nearest reference of any label (the one matched, when one is). */
  closest: ReferenceDistance | null;
  /** The nearest current reference: what the inspector compares the page's image with. */
  closestCurrent: ReferenceDistance | null;
}

/** Compare a page image's fingerprint with the pack's references; the nearest same drawing decides. */
export function judgeEmblem(fp: Fingerprint, pack: EmblemPack): EmblemVerdict {
  const limitHash = Math.max(pack.maxDistance, 1);
  const limitColor = Math.max(pack.maxColorDistance, 1);
  const ranked = pack.references
    .map((reference): ReferenceDistance => {
      const hashDistance = hammingDistance(fp.hash, reference.fingerprint.hash);
      const color = colorDistance(fp.colors, reference.fingerprint.colors);
      return { reference, hashDistance, colorDistance: color, same: hashDistance <= pack.maxDistance && color <= pack.maxColorDistance };
    })
    .sort((a, b) => a.hashDistance / limitHash + a.colorDistance / limitColor - (b.hashDistance / limitHash + b.colorDistance / limitColor));
  const closest = ranked[0] ?? null;
  const closestCurrent = ranked.find((r) => r.reference.label === 'current') ?? null;
  const verdict = closest?.same ? closest.reference.label : 'unknown';
  return { verdict, closest, closestCurrent };
}
