/**
 * Save a file the page made. An `<a download>` link to a blob URL works on every extension page in Chrome
 * and Firefox without the `downloads` permission (which browsers announce as "manage your downloads").
 */
export function saveFile(name: string, blob: Blob, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once click() returns; the delay covers slow browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
