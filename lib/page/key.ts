/**
 * The page a finding, a piece of evidence or a popup look-up belongs to: the address without its fragment,
 * spelt as the URL parser spells it (lower-case host, default port dropped, IDN in punycode), so that two
 * spellings of one address are one page everywhere. Text that is not a URL keeps its spelling, less the
 * fragment.
 */
export function pageKey(url: URL | string): string {
  let u: URL;
  try {
    u = new URL(typeof url === 'string' ? url : url.href);
  } catch {
    return String(url).replace(/#.*$/, '');
  }
  u.hash = '';
  return u.href;
}

/** Stable short key for (page, rule, element, subject): FNV-1a, 64-bit, hex. */
export function findingKey(parts: string[]): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  const text = parts.join('\u241f');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x01000197) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
