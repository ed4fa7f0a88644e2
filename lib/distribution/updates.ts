const xmlAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&apos;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The gupdate response Chromium's extension updater reads. */
export function updatesXml(apps: { id: string; version: string; codebase: string; prodversionmin?: string }[]): string {
  const body = apps
    .map(
      (a) =>
        `  <app appid='${xmlAttr(a.id)}'>\n    <updatecheck codebase='${xmlAttr(a.codebase)}' version='${xmlAttr(a.version)}'${a.prodversionmin ? ` prodversionmin='${xmlAttr(a.prodversionmin)}'` : ''} />\n  </app>`,
    )
    .join('\n');
  return `<?xml version='1.0' encoding='UTF-8'?>\n<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n${body}\n</gupdate>\n`;
}
