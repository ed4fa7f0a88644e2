import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';

/**
 * What is wrong with a JSON text, said in Chinese and English: the messages of jsonc-parser's error codes,
 * 1-based line and column as editors count them, and a name for files that are not JSON text at all (an
 * image or a workbook picked by mistake), shared by the rule-pack import and the findings import.
 */

export interface Said {
  zh: string;
  en: string;
}

export const SYNTAX_MESSAGES: Record<string, [zh: string, en: string]> = {
  InvalidSymbol: ['无效的符号', 'invalid symbol'],
  InvalidNumberFormat: ['数字格式不正确', 'invalid number format'],
  PropertyNameExpected: ['此处应为属性名（带双引号的字符串）', 'property name expected'],
  ValueExpected: ['此处应为一个值', 'value expected'],
  ColonExpected: ['此处应为冒号 “:”', 'colon expected'],
  CommaExpected: ['此处应为逗号 “,”', 'comma expected'],
  CloseBraceExpected: ['缺少右花括号 “}”', 'closing brace expected'],
  CloseBracketExpected: ['缺少右方括号 “]”', 'closing bracket expected'],
  EndOfFileExpected: ['JSON 已结束，后面不应再有内容', 'end of file expected'],
  InvalidCommentToken: ['JSON 不允许注释', 'comments are not allowed in JSON'],
  UnexpectedEndOfComment: ['注释没有结束', 'unexpected end of comment'],
  UnexpectedEndOfString: ['字符串没有结束（缺少右引号）', 'unexpected end of string'],
  UnexpectedEndOfNumber: ['数字没有结束', 'unexpected end of number'],
  InvalidUnicode: ['无效的 Unicode 转义', 'invalid unicode escape'],
  InvalidEscapeCharacter: ['无效的转义字符', 'invalid escape character'],
  InvalidCharacter: ['无效的字符（字符串中不能有换行等控制字符）', 'invalid character'],
};

/** 1-based line and column of a character offset, as editors count them. */
export function lineColumnOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first syntax error of a strict JSON text, located; undefined when the tolerant parser finds none. */
export function firstSyntaxError(text: string): { said: Said; line: number; column: number; truncated: boolean } | undefined {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (!first) return undefined;
  const code = printParseErrorCode(first.error);
  const [zh, en] = SYNTAX_MESSAGES[code] ?? ['JSON 语法错误', 'JSON syntax error'];
  // Running out of text where more was due (a download or copy cut short): the parser still wanted more at the end.
  const end = text.trimEnd().length;
  const truncated = errors.some((e) => e.offset >= end && printParseErrorCode(e.error) !== 'EndOfFileExpected');
  return { said: { zh, en }, ...lineColumnOf(text, first.offset), truncated };
}

const BINARY_KINDS: Array<{ test: RegExp; said: Said }> = [
  { test: /^PK\u0003\u0004/, said: { zh: '这是 Excel（.xlsx）或其他压缩文件', en: 'this is an Excel (.xlsx) workbook or another zip archive' } },
  { test: /^(\u0089|\uFFFD)PNG/, said: { zh: '这是 PNG 图片', en: 'this is a PNG image' } },
  { test: /^%PDF-/, said: { zh: '这是 PDF 文件', en: 'this is a PDF file' } },
];

/**
 * What a text that should be JSON is instead (这是 PNG 图片), or undefined when it looks like text: the first bytes
 * of common binary files as `File.text()` decodes them, and NUL or many undecodable characters otherwise.
 */
export function binaryKind(text: string): Said | undefined {
  const head = text.slice(0, 1024);
  const known = BINARY_KINDS.find((k) => k.test.test(head));
  if (known) return known.said;
  const bad = head.match(/[\u0000\uFFFD]/g)?.length ?? 0;
  if (head.includes('\u0000') || bad > head.length / 10) return { zh: '这是二进制文件', en: 'this is a binary file' };
  return undefined;
}
