// Finding the nianbao executable: the `nianbao.server.path` setting, else the
// binary bundled in the extension, else `nianbao` on PATH. Pure (the file
// system is passed in) so the unit tests can run it in plain Node.
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
  isFile(p: string): boolean;
}

export function exeName(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'nianbao.exe' : 'nianbao';
}

export function bundledPath(extensionPath: string, platform: NodeJS.Platform): string {
  return path.join(extensionPath, 'bin', exeName(platform));
}

function expandHome(p: string, home: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(home, p.slice(1)) : p;
}

export function resolveServer(env: Env): Resolved | Unresolved {
  const configured = env.configured.trim();
  if (configured) {
    const p = expandHome(configured, env.home);
    if (env.isFile(p)) return { command: p, source: 'setting' };
    return {
      error: `nianbao: the setting nianbao.server.path is "${configured}", but there is no file there. ` +
        'Correct the path, or clear the setting to use the bundled server or `nianbao` on PATH.',
    };
  }
  const bundled = bundledPath(env.extensionPath, env.platform);
  if (env.isFile(bundled)) return { command: bundled, source: 'bundled' };
  const exe = exeName(env.platform);
  const sep = env.platform === 'win32' ? ';' : ':';
  for (const dir of env.pathVar.split(sep)) {
    if (!dir) continue;
    const p = path.join(dir, exe);
    if (env.isFile(p)) return { command: p, source: 'path' };
  }
  return {
    error: `nianbao: the language server was not found. This extension has no server built in for ${env.platform}-${env.arch}, ` +
      `and there is no \`${exe}\` on PATH. Install nianbao (cargo install --git <repository> nianbao), ` +
      'or set nianbao.server.path to the nianbao executable.',
  };
}
