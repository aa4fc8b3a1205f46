// Starts a real VS Code (code-server: VS Code's server, Node extension host and web workbench) on loopback with a
// throw-away profile, offline and quiet. Used by the test launcher, the browser tests, `npm start` and `npm run demo`.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { codeServerEntry, nodeBinary } from './paths.mjs';
import { ensureRuntime } from './install.mjs';

/** Settings that keep the workbench from showing tours, tips and update prompts over what we test. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return {}; // settings.json may hold comments; ours are rewritten, the user's are then lost only if unreadable
  }
}

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function codeServerArgs({ port, root, userDataDir, extensionsDir }) {
  return [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--config', path.join(root, 'config.yaml'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
}

/**
 * @param {object} options
 * @param {number} [options.port] fixed port (npm start); a free one when omitted
 * @param {string} [options.userDataDir] profile folder (default: a new temp folder)
 * @param {string} [options.extensionsDir]
 * @param {string} [options.vsix] a packaged extension to install before starting
 * @param {Record<string, unknown>} [options.settings] user settings
 * @param {Record<string, string>} [options.env] extra environment for the server and its extension hosts
 * @param {(line: string) => void} [options.onOutput] the server's output, line by line
 * @param {string} [options.folder] the folder the workbench opens
 */
export async function startCodeServer(options = {}) {
  ensureRuntime();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-vscode-'));
  const port = options.port ?? (await freePort());
  const userDataDir = options.userDataDir ?? path.join(root, 'data');
  const extensionsDir = options.extensionsDir ?? path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(root, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  // A kept profile (npm start) keeps the user's own settings; ours fill the gaps and the caller's win.
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  const existing = fs.existsSync(settingsFile) ? readJson(settingsFile) : {};
  fs.writeFileSync(settingsFile, JSON.stringify({ ...QUIET_SETTINGS, ...existing, ...options.settings }, null, 2));

  const env = {
    ...process.env,
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    ...options.env,
  };
  const args = codeServerArgs({ port, root, userDataDir, extensionsDir });
  if (options.vsix) {
    execFileSync(nodeBinary, [codeServerEntry, ...args, '--install-extension', options.vsix], { env, stdio: 'pipe' });
  }

  // Its own process group, so stop() ends the server and every extension host it spawned.
  const child = spawn(nodeBinary, [codeServerEntry, ...args, ...(options.folder ? [options.folder] : [])], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = `http://127.0.0.1:${port}`;
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('code-server did not start within 60 s')), 60_000);
    let buffered = '';
    const onData = (chunk) => {
      buffered += chunk.toString();
      let newline;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        options.onOutput?.(line);
        if (line.includes('HTTP server listening')) {
          clearTimeout(timer);
          resolve();
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening`));
    });
  });

  let stopped = false;
  return {
    url,
    port,
    root,
    userDataDir,
    extensionsDir,
    process: child,
    async stop() {
      if (stopped) return;
      stopped = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timeout = new Promise((resolve) => setTimeout(resolve, 5000, 'timeout'));
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
