#!/usr/bin/env node
// Packages the extension as a .vsix for the platform it runs on (or the VS
// Code target given with --target, e.g. alpine-x64 for the static Linux
// binary), with the nianbao release binary inside (bin/nianbao). Offline:
// vsce comes from node_modules (npm ci), the binary from the cargo build.
// Usage: npm run package [-- --target T] [-- -o out.vsix]
//        (env: NIANBAO_BIN, CARGO_TARGET_DIR)
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { requireBinary } = require('./binary');

const root = path.join(__dirname, '..');
const bin = requireBinary();

// VS Code's platform-specific extension targets.
const targets = {
  'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'linux-arm': 'linux-armhf',
  'darwin-x64': 'darwin-x64', 'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-x64', 'win32-arm64': 'win32-arm64',
};
const args = process.argv.slice(2);
const ti = args.indexOf('--target');
const native = targets[`${process.platform}-${process.arch}`];
const target = ti >= 0 ? args[ti + 1] : native;
const known = new Set([...Object.values(targets), 'alpine-x64', 'alpine-arm64', 'web']);
if (!target || !known.has(target)) {
  console.error(`no VS Code target for ${ti >= 0 ? target : `${process.platform}-${process.arch}`}`);
  process.exit(2);
}
// The binary runs here only when it is built for this platform (a static
// Linux binary runs on linux-x64 and alpine-x64 alike).
const runsHere = target === native || target.replace(/^alpine-/, 'linux-') === native;

const pkg = require(path.join(root, 'package.json'));
const oi = args.indexOf('-o');
const out = oi >= 0 ? path.resolve(args[oi + 1]) : path.join(root, `nianbao-${pkg.version}-${target}.vsix`);

const dest = path.join(root, 'bin', path.basename(bin));
fs.rmSync(path.join(root, 'bin'), { recursive: true, force: true });
fs.mkdirSync(path.dirname(dest), { recursive: true });
fs.copyFileSync(bin, dest);
fs.chmodSync(dest, 0o755);
// The release profile keeps debug info (for profiling); users do not need it.
if (process.platform !== 'win32' && runsHere) {
  try {
    execFileSync('strip', [dest]);
  } catch {
    console.log('strip not available: bundling the binary with its debug info');
  }
}
const version = runsHere ? execFileSync(dest, ['--version'], { encoding: 'utf8' }).trim() : 'built elsewhere';
console.log(`bundling ${bin} (${version}) for ${target}`);

const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
execFileSync(vsce, ['package', '--target', target, '--skip-license', '--allow-missing-repository', '-o', out], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`wrote ${out}`);
