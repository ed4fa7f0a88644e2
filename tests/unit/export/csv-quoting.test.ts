import { expect, test } from 'vitest';
import { parse } from 'csv-parse/sync';
import { findingsToCsv } from '@/lib/export/csv';
import { FINDING_COLUMNS } from '@/lib/export/rows';
import { makeFinding } from '../../factories';

const LABEL = FINDING_COLUMNS.findIndex((c) => c.key === 'label');

test.each([
  ['semicolon', '通知;公告'],
  ['tab', '通知\t公告'],
  ['carriage return', '通知\r公告'],
  ['line feed', '通知\n公告'],
])('a field with a %s is quoted, so a ;-separated or tab-separated reader keeps it whole', (_, label) => {
  const csv = findingsToCsv([makeFinding({ label })]);
  expect(csv).toContain(`,"${label}",`);
  // Read as Excel does in a locale whose list separator is `;`: the label stays one field.
  const bySemicolon: string[][] = parse(csv.slice(1), { delimiter: ';', relaxColumnCount: true, relaxQuotes: true });
  expect(bySemicolon.flat().some((cell) => cell === '通知')).toBe(false);
  const rows: string[][] = parse(csv.slice(1));
  expect(rows[1][LABEL]).toBe(label);
});
