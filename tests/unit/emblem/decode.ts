import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { Pixels } from '@/lib/emblem/pixels';

const IEND = Buffer.from('IEND');

/**
 * Decodes a PNG or JPEG file to RGBA, as the browser would. Browsers ignore bytes after a PNG's IEND chunk
 * (some saved site images carry them); pngjs refuses them, so they are cut off first.
 */
export function decodeImage(path: string): Pixels {
  const bytes = readFileSync(path);
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    const img = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true });
    return { width: img.width, height: img.height, data: img.data };
  }
  const end = bytes.indexOf(IEND);
  const png = PNG.sync.read(end > 0 ? bytes.subarray(0, end + 8) : bytes);
  return { width: png.width, height: png.height, data: png.data };
}
