// Which documents are reports. Pure functions (no vscode import) so the unit
// tests run them in plain Node.

/** The language id the extension contributes for *.nianbao.txt / *.nianbao.md. */
export const LANGUAGE_ID = 'nianbao-report';

/** The phrase every report's title carries. */
export const TITLE_PHRASE = '政府信息公开工作年度报告';

/** How many lines from the top are searched for the title. A report may open
 * with blank lines, a web page's breadcrumbs or a short preview block before
 * its title; 20 lines cover the real layouts without reading whole files. */
export const HEAD_LINES = 20;

/** File names that are reports whatever their content. */
export function isReportFileName(fileName: string): boolean {
  return /\.nianbao\.(txt|md)$/i.test(fileName);
}

/** Whether the first lines of `text` contain the title phrase, ignoring all
 * white space (ASCII and full-width spaces, tabs, line breaks), so that
 * "2023 年政府信息公开 工作年度报告" and a title broken over two lines count. */
export function looksLikeReport(text: string): boolean {
  const head = text.split(/\r\n|\r|\n/, HEAD_LINES).join('');
  return head.replace(/\s+/gu, '').includes(TITLE_PHRASE);
}

/** Plain-text and Markdown documents are reports when their first lines say so. */
export const CONTENT_DETECTED_LANGUAGES: readonly string[] = ['plaintext', 'markdown'];

export interface DocLike {
  languageId: string;
  fileName: string;
  uri: { scheme: string };
  /** The first lines of the document (or all of it). */
  head(): string;
}

/** Whether the language server should check this document. */
export function isReport(doc: DocLike): boolean {
  if (doc.languageId === LANGUAGE_ID) return true;
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  if (isReportFileName(doc.fileName)) return true;
  return CONTENT_DETECTED_LANGUAGES.includes(doc.languageId) && looksLikeReport(doc.head());
}
