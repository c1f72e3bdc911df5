import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { INSTALL_COMMAND, bundledPath, pathDirs, resolveServer } from '../src/serverPath';

function env(files: string[], over: Partial<Parameters<typeof resolveServer>[0]> = {}) {
  return {
    configured: '',
    extensionPath: '/ext',
    pathVar: '/usr/local/bin:/usr/bin',
    platform: 'linux' as NodeJS.Platform,
    arch: 'x64',
    home: '/home/u',
    isFile: (p: string) => files.includes(p),
    ...over,
  };
}

test('the setting wins over the bundled binary and PATH', () => {
  const r = resolveServer(env(['/opt/nb', '/ext/bin/nianbao', '/usr/bin/nianbao'], { configured: '/opt/nb' }));
  assert.deepEqual(r, { command: '/opt/nb', source: 'setting' });
});

test('~ in the setting is the home directory', () => {
  const r = resolveServer(env(['/home/u/bin/nianbao'], { configured: '~/bin/nianbao' }));
  assert.deepEqual(r, { command: path.join('/home/u', 'bin/nianbao'), source: 'setting' });
});

test('a setting naming no file is an error naming the setting, not a silent fallback', () => {
  const r = resolveServer(env(['/ext/bin/nianbao'], { configured: '/nope/nianbao' }));
  assert.ok('error' in r);
  assert.match(r.error, /nianbao\.server\.path/);
  assert.match(r.error, /\/nope\/nianbao/);
});

test('the bundled binary comes before PATH', () => {
  assert.deepEqual(resolveServer(env(['/ext/bin/nianbao', '/usr/bin/nianbao'])), {
    command: '/ext/bin/nianbao',
    source: 'bundled',
  });
});

test('PATH is searched in order', () => {
  assert.deepEqual(resolveServer(env(['/usr/bin/nianbao', '/usr/local/bin/nianbao'])), {
    command: '/usr/local/bin/nianbao',
    source: 'path',
  });
  assert.deepEqual(resolveServer(env(['/usr/bin/nianbao'])), { command: '/usr/bin/nianbao', source: 'path' });
});

test('Windows: nianbao.exe and ; in PATH', () => {
  const r = resolveServer(
    env(['C:\\nb\\nianbao.exe'], { platform: 'win32', pathVar: 'C:\\x;C:\\nb', extensionPath: 'C:\\ext' }),
  );
  assert.deepEqual(r, { command: 'C:\\nb\\nianbao.exe', source: 'path' });
  assert.equal(bundledPath('/ext', 'win32'), path.join('/ext', 'bin', 'nianbao.exe'));
});

test('the installers\' folders come after PATH (VS Code started from a desktop icon may lack them)', () => {
  assert.deepEqual(resolveServer(env(['/home/u/.local/bin/nianbao', '/home/u/.cargo/bin/nianbao'])), {
    command: '/home/u/.local/bin/nianbao',
    source: 'path',
  });
  assert.deepEqual(resolveServer(env(['/home/u/.cargo/bin/nianbao', '/usr/bin/nianbao'])), {
    command: '/usr/bin/nianbao',
    source: 'path',
  });
  const win = env(['C:\\Users\\u\\.local\\bin\\nianbao.exe'], {
    platform: 'win32',
    pathVar: '',
    home: 'C:\\Users\\u',
  });
  assert.deepEqual(resolveServer(win), { command: 'C:\\Users\\u\\.local\\bin\\nianbao.exe', source: 'path' });
});

test('Windows: quoted PATH entries', () => {
  assert.deepEqual(pathDirs('"C:\\Program Files\\nb";C:\\x;;', 'win32'), ['C:\\Program Files\\nb', 'C:\\x']);
  const r = resolveServer(
    env(['C:\\Program Files\\nb\\nianbao.exe'], { platform: 'win32', pathVar: '"C:\\Program Files\\nb"' }),
  );
  assert.deepEqual(r, { command: 'C:\\Program Files\\nb\\nianbao.exe', source: 'path' });
});

test('nothing found: a message in Chinese saying what is missing and how to install it', () => {
  const r = resolveServer(env([]));
  assert.ok('error' in r);
  assert.match(r.error, /找不到 nianbao 程序/);
  assert.match(r.error, /linux-x64/);
  assert.match(r.error, /PATH/);
  assert.ok(r.error.includes(INSTALL_COMMAND), r.error);
  assert.equal(INSTALL_COMMAND, 'pip install nianbao');
  assert.match(r.error, /pipx install nianbao/);
  assert.match(r.error, /\.vsix/);
  assert.match(r.error, /nianbao\.server\.path/);
});

test('nothing found, in English when the language is en', () => {
  const r = resolveServer(env([], { lang: 'en', platform: 'win32', arch: 'arm64', pathVar: '' }));
  assert.ok('error' in r);
  assert.match(r.error, /not found/);
  assert.match(r.error, /win32-arm64/);
  assert.match(r.error, /`nianbao\.exe` on PATH/);
  assert.match(r.error, /pip install nianbao/);
  assert.match(r.error, /nianbao\.server\.path/);
});
