/**
 * The document of an `<iframe>` or `<frame>` when this page may read it (same origin); null for any other
 * element and for a frame of another origin (reading it throws or gives null).
 */
export function frameDocument(el: Element): Document | null {
  if (el.localName !== 'iframe' && el.localName !== 'frame') return null;
  try {
    return (el as HTMLIFrameElement).contentDocument;
  } catch {
    return null;
  }
}
