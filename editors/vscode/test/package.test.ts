// The manifest (package.json) against the code and the server.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { schema, rulesOf } = require('../scripts/rules-schema');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { requireBinary } = require('../scripts/binary');

const root = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const source = fs.readFileSync(path.join(root, 'src', 'extension.ts'), 'utf8');

test('the nianbao.rules schema lists exactly the server\'s rules (npm run rules-schema)', () => {
  const props = pkg.contributes.configuration.properties['nianbao.rules'].properties;
  assert.deepEqual(props, schema(rulesOf(requireBinary())));
});

test('every contributed command is registered, with a title in both languages', () => {
  const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
  const zh = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.zh-cn.json'), 'utf8'));
  const ids = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
  assert.deepEqual(ids, ['nianbao.fixAll', 'nianbao.newReport', 'nianbao.restartServer', 'nianbao.showRuleDocs']);
  for (const c of pkg.contributes.commands) {
    assert.ok(source.includes(`registerCommand('${c.command}'`), c.command);
    const k = c.title.replace(/^%|%$/g, '');
    assert.ok(nls[k] && zh[k], k);
  }
  assert.deepEqual(Object.keys(nls).sort(), Object.keys(zh).sort());
});

test('the settings of the issue exist with their defaults', () => {
  // vscode-languageclient reads <client id>.trace.server: the id must be 'nianbao'.
  assert.ok(source.includes("new LanguageClient('nianbao',"), 'client id nianbao');
  // A workspace must not choose the program to run unless it is trusted.
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['nianbao.server.path']);
  const p = pkg.contributes.configuration.properties;
  assert.equal(p['nianbao.server.path'].default, '');
  assert.deepEqual(p['nianbao.language'].enum, ['zh', 'en']);
  assert.deepEqual(p['nianbao.rules'].default, {});
  assert.deepEqual(p['nianbao.trace.server'].enum, ['off', 'messages', 'verbose']);
});

test('the language and its files', () => {
  const l = pkg.contributes.languages.find((x: { id: string }) => x.id === 'nianbao-report');
  assert.deepEqual(l.extensions, ['.nianbao.txt', '.nianbao.md']);
  for (const ev of ['onLanguage:nianbao-report', 'onLanguage:plaintext', 'onLanguage:markdown']) {
    assert.ok(pkg.activationEvents.includes(ev), ev);
  }
  const grammar = JSON.parse(fs.readFileSync(path.join(root, pkg.contributes.grammars[0].path), 'utf8'));
  assert.equal(grammar.scopeName, pkg.contributes.grammars[0].scopeName);
});
