// Installs Node 24 and code-server from the npm registry into the git-ignored cache folder.
// Idempotent: a finished install leaves a marker, so a second run costs nothing.
// Why not @vscode/test-electron's download: these machines reach only the npm registry and Debian.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDebianPackages } from './systemPackages.mjs';
import { CODE_SERVER_VERSION, NODE_VERSION, codeServerDir, codeServerEntry, nodeBinary, nodeDir, nodeHome } from './paths.mjs';

function log(message) {
  process.stdout.write(`[runtime] ${message}\n`);
}

/**
 * The environment without the npm_* variables of an enclosing `npm test` / `npm start`: npm reads them as its own
 * config, and code-server's postinstall takes the Node version from the inherited npm_config_user_agent (Node 20
 * there), so it would refuse to install although Node 24 runs it.
 */
function withoutParentNpm(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

function installInto(dir, spec, env) {
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker)) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'runtime', private: true }));
  const started = Date.now();
  log(`installing ${spec} into ${dir}`);
  execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', spec], {
    cwd: dir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  fs.writeFileSync(marker, `${spec}\n`);
  log(`${spec} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return true;
}

/** Makes sure Node 24 and code-server are installed; returns quickly when they already are. */
export function ensureRuntime() {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`the bundled VS Code runtime targets linux-x64; on ${process.platform}-${process.arch} use desktop VS Code (see README)`);
  }
  installInto(nodeDir, `node@${NODE_VERSION}`, withoutParentNpm(process.env));
  if (!fs.existsSync(nodeBinary)) throw new Error(`Node 24 binary missing at ${nodeBinary}`);

  if (!fs.existsSync(path.join(codeServerDir, '.installed'))) {
    ensureDebianPackages(['g++', 'make', 'python3', 'libkrb5-dev'], "building code-server's native modules");
  }
  // code-server's native modules must build against Node 24's headers, not the machine's (~/.npmrc may say
  // nodedir=/usr), and node-pty's postinstall runs `npx node-gyp`, which must not stop to ask.
  const installed = installInto(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, {
    ...withoutParentNpm(process.env),
    PATH: `${path.dirname(nodeBinary)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: nodeHome,
    npm_config_yes: 'true',
  });
  if (!fs.existsSync(codeServerEntry)) throw new Error(`code-server entry missing at ${codeServerEntry}`);
  if (installed) log(`ready: node ${NODE_VERSION}, code-server ${CODE_SERVER_VERSION}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) ensureRuntime();
