import type { Finding } from '../findings';
import { FINDING_COLUMNS, findingRow, neutraliseFormula } from './rows';

function quote(value: string): string {
  const safe = neutraliseFormula(value);
  // `;` and tab too: Excel in locales whose list separator is `;` (or a paste as tab-separated text) splits on them.
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a UTF-8 BOM and CRLF line ends, so Excel opens the Chinese text correctly. */
export function findingsToCsv(findings: readonly Finding[]): string {
  const lines = [FINDING_COLUMNS.map((c) => quote(c.title)).join(',')];
  for (const f of findings) {
    const row = findingRow(f);
    lines.push(FINDING_COLUMNS.map((c) => quote(row[c.key])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
