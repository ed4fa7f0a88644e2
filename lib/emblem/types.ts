import { z } from 'zod';
import { EmblemReference } from '../rule-pack/pack';

export const Fingerprint = EmblemReference.shape.fingerprint;

export const Region = z.object({ x: z.number(), y: z.number(), w: z.number(), h: z.number() });

/**
 * What the background learnt about one image URL, for the emblem rule: whether it could be fetched and
 * decoded, and where in it an emblem-like drawing is. `svg`: the worker cannot decode SVG; the text comes
 * back for the content script to rasterise.
 */
export const ImageFacts = z.object({
  url: z.string(),
  status: z.enum(['ok', 'failed', 'svg']),
  /** Why it failed, in Chinese (too large, not an image, HTTP status, timeout). */
  reason: z.string().optional(),
  svg: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  /** Fingerprint of the whole image when it is roughly square. */
  fingerprint: Fingerprint.nullable().optional(),
  /** The most emblem-like region, when emblem-like enough; `rect` in the image's natural pixels. */
  emblem: z
    .object({ rect: Region, score: z.number(), whole: z.boolean(), fingerprint: Fingerprint })
    .nullable()
    .optional(),
});
export type ImageFacts = z.infer<typeof ImageFacts>;
