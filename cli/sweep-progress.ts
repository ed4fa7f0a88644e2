/**
 * Progress of a sweep on stderr: on a terminal one line redrawn in place (a bar of the sites done, pages
 * so far, the page being opened); otherwise plain lines, one per page, for logs and CI.
 */
export interface SweepProgress {
  page(site: string, url: string, summary: string): void;
  siteDone(site: string, summary: string): void;
  note(line: string): void;
  finish(): void;
}

export function sweepProgress(totalSites: number, stream: NodeJS.WriteStream = process.stderr): SweepProgress {
  let sitesDone = 0;
  let pages = 0;
  const tty = Boolean(stream.isTTY);
  let drawn = false;
  const clear = () => {
    if (tty && drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = (current: string) => {
    if (!tty) return;
    const width = 24;
    const filled = totalSites ? Math.round((sitesDone / totalSites) * width) : width;
    const cols = stream.columns || 100;
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] 站点 ${sitesDone}/${totalSites} · 页面 ${pages} · ${current}`;
    stream.write(`\r\x1b[2K${[...line].slice(0, cols - 1).join('')}`);
    drawn = true;
  };
  return {
    page(site, url, summary) {
      pages++;
      if (tty) draw(`${site} ${url}`);
      else stream.write(`[站点 ${sitesDone}/${totalSites} · 页面 ${pages}] ${site} ${url} ${summary}\n`);
    },
    siteDone(site, summary) {
      sitesDone++;
      clear();
      stream.write(`${site}：${summary}\n`);
      draw('');
    },
    note(line) {
      clear();
      stream.write(`${line}\n`);
    },
    finish() {
      clear();
    },
  };
}
