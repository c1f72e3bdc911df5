// Where the nianbao release binary is: $NIANBAO_BIN, else
// ${CARGO_TARGET_DIR:-<repo>/target}/release/nianbao.
'use strict';
const path = require('path');
const fs = require('fs');

/** The repository root: the nearest folder above with Cargo.toml (this file
 * may be bundled into out/test/ by the unit tests' build). */
function repoRoot() {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'Cargo.toml'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no Cargo.toml above ${__dirname}`);
    dir = up;
  }
  return dir;
}

function releaseBinary() {
  if (process.env.NIANBAO_BIN) return path.resolve(process.env.NIANBAO_BIN);
  const repo = repoRoot();
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(repo, process.env.CARGO_TARGET_DIR) : path.join(repo, 'target');
  return path.join(target, 'release', process.platform === 'win32' ? 'nianbao.exe' : 'nianbao');
}

function requireBinary() {
  const bin = releaseBinary();
  if (!fs.existsSync(bin)) {
    console.error(`nianbao binary not found at ${bin}: build it first (cargo build --release) or set NIANBAO_BIN`);
    process.exit(2);
  }
  return bin;
}

module.exports = { releaseBinary, requireBinary, repoRoot };
