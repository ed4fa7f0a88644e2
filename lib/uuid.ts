/**
 * A random (version 4) UUID for a record. `crypto.randomUUID` exists only in secure contexts, and a content
 * script on a plain-http page (most government sites still are) runs in the page's insecure context:
 * there the UUID is built from `crypto.getRandomValues`, which every context has.
 */
export function newId(): string {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  return uuidFromBytes(c.getRandomValues(new Uint8Array(16)), 4);
}

/** The first 16 of `bytes` as a UUID string of `version` (4 random, 5 name-based), with the RFC 9562 variant. */
export function uuidFromBytes(bytes: Uint8Array, version: 4 | 5): string {
  const b = bytes.slice(0, 16);
  b[6] = (b[6]! & 0x0f) | (version << 4);
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
