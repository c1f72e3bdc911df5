// Finding the nianbao executable: the `nianbao.server.path` setting, else the
// binary bundled in the extension (the platform-specific .vsix), else
// `nianbao` on PATH or in the installers' folders (pip/pipx/uv, cargo); when
// none exists, a message in the user's language says how to install it.
// Pure (the file system is passed in) so the unit tests can run it in plain
// Node.
import * as path from 'path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface Resolved {
  command: string;
  source: ServerSource;
}

export interface Unresolved {
  /** A message for the user: what was looked for, where, and what to do. */
  error: string;
}

export interface Env {
  configured: string;
  extensionPath: string;
  pathVar: string;
  platform: NodeJS.Platform;
  arch: string;
  home: string;
  /** The language of the messages (the nianbao.language setting). */
  lang?: 'zh' | 'en';
  isFile(p: string): boolean;
}

export function exeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'nianbao.exe' : 'nianbao';
}

export function bundledPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, 'bin', exeName(platform));
}

/** The installers' own folders, which VS Code started from a desktop icon
 * often has not on its PATH: pipx, `uv tool` and `pip install --user` on
 * Linux (~/.local/bin), cargo (~/.cargo/bin). */
export function userBinDirs(home: string, platform: NodeJS.Platform): string[] {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  return [join(home, '.local', 'bin'), join(home, '.cargo', 'bin')];
}

/** The commands that install nianbao without Rust, for the message. */
export const INSTALL_COMMAND = 'pip install nianbao';

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
}

/** The folders of a PATH value (Windows entries may be quoted). */
export function pathDirs(pathVar: string, platform: NodeJS.Platform): string[] {
  const sep = platform === 'win32' ? ';' : ':';
  return pathVar
    .split(sep)
    .map(d => (platform === 'win32' ? d.trim().replace(/^"(.*)"$/, '$1') : d))
    .filter(d => d.length > 0);
}

export function resolveServer(env: Env): Resolved | Unresolved {
  const zh = env.lang !== 'en';
  const configured = env.configured.trim();
  if (configured) {
    const p = expandHome(configured, env.home);
    if (env.isFile(p)) return { command: p, source: 'setting' };
    return {
      error: zh
        ? `nianbao：设置 nianbao.server.path 为“${configured}”，但那里没有这个文件。请改正路径，或清空该设置以使用扩展自带的程序或 PATH 上的 nianbao。`
        : `nianbao: the setting nianbao.server.path is "${configured}", but there is no file there. ` +
          'Correct the path, or clear the setting to use the bundled server or `nianbao` on PATH.',
    };
  }
  const bundled = bundledPath(env.extensionPath, env.platform);
  if (env.isFile(bundled)) return { command: bundled, source: 'bundled' };
  const exe = exeName(env.platform);
  const join = env.platform === 'win32' ? path.win32.join : path.join;
  for (const dir of [...pathDirs(env.pathVar, env.platform), ...userBinDirs(env.home, env.platform)]) {
    const p = join(dir, exe);
    if (env.isFile(p)) return { command: p, source: 'path' };
  }
  const where = `${env.platform}-${env.arch}`;
  return {
    error: zh
      ? `nianbao：找不到 nianbao 程序。此扩展没有附带 ${where} 平台的程序，PATH 上也没有 ${exe}。` +
        `请安装（不需要 Rust）：在终端运行 ${INSTALL_COMMAND}（或 pipx install nianbao、uv tool install nianbao），然后重启 VS Code；` +
        '也可以安装适合本平台的 .vsix（自带程序），或在设置 nianbao.server.path 中填写 nianbao 程序的完整路径。'
      : `nianbao: the nianbao program was not found. This extension has no server built in for ${where}, ` +
        `and there is no \`${exe}\` on PATH. Install it (no Rust needed): run \`${INSTALL_COMMAND}\` ` +
        '(or `pipx install nianbao`, `uv tool install nianbao`) in a terminal and restart VS Code; ' +
        "or install the .vsix for this platform (it carries the program), or set nianbao.server.path to the nianbao executable.",
  };
}
