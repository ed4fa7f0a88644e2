import { Window } from 'happy-dom';

/** Decode saved page bytes as a browser would: a BOM wins, else UTF-8 (every corpus page without BOM is UTF-8). */
export function decodePage(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * Parse HTML into a window of its own, as the static page: scripts do not run and nothing is fetched (the
 * rendered page, with its scripts, is what the e2e tests check in Chromium).
 */
export function parsePage(html: string, url = 'https://www.example.gov.cn/index.html'): Document {
  const win = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      handleDisabledFileLoadingAsSuccess: true,
    },
  });
  win.document.write(html);
  return win.document as unknown as Document;
}
