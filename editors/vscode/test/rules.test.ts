import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { parseRules, ruleMarkdown } from '../src/rules';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { requireBinary } = require('../scripts/binary');

const bin: string = requireBinary();

test('the rule documentation of the real binary, in both languages', () => {
  const zh = parseRules(execFileSync(bin, ['rules', '--format', 'json', '--lang', 'zh'], { encoding: 'utf8' }));
  const en = parseRules(execFileSync(bin, ['rules', '--format', 'json', '--lang', 'en'], { encoding: 'utf8' }));
  assert.equal(zh.length, en.length);
  const rt = zh.find(r => r.id === 'row-total')!;
  const md = ruleMarkdown(rt, 'zh');
  assert.match(md, /^# row-total\n/);
  assert.match(md, /默认级别：错误/);
  assert.match(md, /错误示例：\n\n```text\n（一）予以公开\s+6\s+1\s+0\s+0\s+0\s+0\s+8\n```/);
  assert.match(md, /正确示例：\n\n```text\n（一）予以公开\s+6\s+1\s+0\s+0\s+0\s+0\s+7\n```/);
  const mdEn = ruleMarkdown(en.find(r => r.id === 'row-total')!, 'en');
  assert.match(mdEn, /default level: error/);
  assert.match(mdEn, /differs from the sum/);
});

test('a rule without examples has no empty example blocks', () => {
  const md = ruleMarkdown(
    { id: 'x', category: 'c', default_severity: 'info', summary: 's', explanation: 'e', bad: '', good: '' },
    'en',
  );
  assert.doesNotMatch(md, /```/);
  assert.doesNotMatch(md, /Bad:/);
});

test('backticks in an example do not end its block', () => {
  const md = ruleMarkdown(
    { id: 'x', category: 'c', default_severity: 'info', summary: 's', explanation: 'e', bad: 'a ``` b\n', good: '' },
    'en',
  );
  assert.match(md, /````text\na ``` b\n````/);
});

test('anything but the rules JSON is rejected', () => {
  assert.throws(() => parseRules('{}'), /array/);
  assert.throws(() => parseRules('[{"name":"x"}]'), /unexpected entry/);
});
