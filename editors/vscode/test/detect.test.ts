import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { HEAD_LINES, isReport, isReportFileName, looksLikeReport } from '../src/detect';

const repo = path.resolve(__dirname, '..', '..', '..', '..');
const corpus = path.join(repo, 'tests', 'fixtures', 'corpus');

function doc(languageId: string, fileName: string, text: string, scheme = 'file') {
  return { languageId, fileName, uri: { scheme }, head: () => text };
}

test('every corpus report is detected from its content', () => {
  const files = fs.readdirSync(corpus).filter(f => /\.(txt|md)$/.test(f));
  assert.ok(files.length >= 3, `corpus reports: ${files}`);
  for (const f of files) {
    const text = fs.readFileSync(path.join(corpus, f), 'utf8');
    assert.ok(looksLikeReport(text), f);
    assert.ok(isReport(doc(f.endsWith('.md') ? 'markdown' : 'plaintext', f, text)), f);
  }
});

test('spaces, full-width spaces, tabs and a line break inside the title are ignored', () => {
  assert.ok(looksLikeReport('\n\n新乡市人社局 2023 年政府信息公开 工作年度报告\n'));
  assert.ok(looksLikeReport('某局2023年政府信息公开\u3000工作\t年度报告'));
  assert.ok(looksLikeReport('某局2023年政府信息公开\r\n工作年度报告\r\n正文'));
  assert.ok(looksLikeReport('# 某局 2023 年政府信息公开工作年度报告'));
});

test('the title must be in the first lines', () => {
  const late = '正文\n'.repeat(HEAD_LINES) + '某局2023年政府信息公开工作年度报告\n';
  assert.equal(looksLikeReport(late), false);
  const early = '正文\n'.repeat(HEAD_LINES - 1) + '某局2023年政府信息公开工作年度报告\n';
  assert.equal(looksLikeReport(early), true);
});

test('other text and Markdown files are not reports', () => {
  assert.equal(looksLikeReport('# Notes\n\n政府信息公开 is mentioned here.\n'), false);
  assert.equal(looksLikeReport('政府信息公开工作年度'), false);
  assert.equal(isReport(doc('markdown', '/w/README.md', '# nianbao\n')), false);
  assert.equal(isReport(doc('plaintext', '/w/a.txt', '')), false);
});

test('*.nianbao.txt / *.nianbao.md and the nianbao-report language are reports whatever the content', () => {
  assert.ok(isReportFileName('/w/draft.nianbao.txt'));
  assert.ok(isReportFileName('C:\\w\\草稿.NIANBAO.MD'));
  assert.equal(isReportFileName('/w/nianbao.txt'), false);
  assert.equal(isReportFileName('/w/x.nianbao.docx'), false);
  assert.ok(isReport(doc('plaintext', '/w/empty.nianbao.txt', '')));
  assert.ok(isReport(doc('nianbao-report', 'Untitled-1', '', 'untitled')));
});

test('content detection is limited to plain text and Markdown on disk or untitled', () => {
  const title = '某局2023年政府信息公开工作年度报告\n';
  assert.equal(isReport(doc('python', '/w/a.py', title)), false);
  assert.equal(isReport(doc('plaintext', '/w/a.txt', title, 'git')), false);
  assert.ok(isReport(doc('plaintext', 'Untitled-2', title, 'untitled')));
});
