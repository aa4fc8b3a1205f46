#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests: it accepts Electron-style arguments
// (--extensionDevelopmentPath=, --extensionTestsPath=, --user-data-dir=, --extensions-dir=), runs them in a real
// VS Code (code-server) through headless Chromium, and exits with the code the extension tests report.
// code-server refuses those flags itself; the workbench takes them from the page URL instead, as VS Code's own
// browser integration tests do, once the smoke-test driver option is switched on in its configuration.
import path from 'node:path';
import { format } from 'node:util';
import { launchChromium } from './browser.mjs';
import { startCodeServer } from './codeServer.mjs';

/** The workbench's marketplace look-ups, which fail harmlessly on a machine without internet. */
const OFFLINE_NOISE = /open-vsx\.org|ENOTFOUND|AccountPolicyGate/;

const TIMEOUT_MS = Number(process.env.CLAUDE_CHAT_TEST_TIMEOUT_MS ?? 10 * 60_000);

function parseArgs(argv) {
  const options = { folder: undefined };
  for (const arg of argv) {
    const match = /^--([\w-]+)=(.*)$/.exec(arg);
    if (match) options[match[1]] = match[2];
    else if (!arg.startsWith('--')) options.folder = arg;
  }
  return options;
}

/** Runs in the page before the workbench script: turns on the option that lets it honour the test payload in the URL. */
function enableSmokeTestDriver() {
  /* global document, MutationObserver */
  const patch = () => {
    const meta = document.getElementById('vscode-workbench-web-configuration');
    const raw = meta?.getAttribute('data-settings');
    if (!raw) return;
    try {
      const settings = JSON.parse(raw);
      if (settings.developmentOptions?.enableSmokeTestDriver) return;
      settings.developmentOptions = { ...settings.developmentOptions, enableSmokeTestDriver: true };
      meta.setAttribute('data-settings', JSON.stringify(settings));
    } catch {
      /* not the workbench page */
    }
  };
  new MutationObserver(patch).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-settings'] });
  patch();
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionTestsPath) throw new Error('launcher: --extensionTestsPath= is required');
  // A fresh profile every run (runTests would reuse .vscode-test/user-data): stored keys and conversations from an
  // earlier run must not leak into this one.
  const server = await startCodeServer({
    settings: JSON.parse(process.env.CLAUDE_CHAT_TEST_SETTINGS ?? '{}'),
    onOutput: (line) => {
      if (process.env.CLAUDE_CHAT_VERBOSE) process.stderr.write(`[code-server] ${line}\n`);
    },
  });
  const remote = (file) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(file)}`;
  const browser = await launchChromium();
  let exitCode = 1;
  try {
    const page = await browser.newPage();
    await page.addInitScript(enableSmokeTestDriver);
    const result = new Promise((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code) => resolve(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = format(...(Array.isArray(args) ? args : [args]));
      if (OFFLINE_NOISE.test(text)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
    });
    const payload = [
      ['extensionDevelopmentPath', remote(args.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(args.extensionTestsPath)],
      ['skipWelcome', 'true'],
    ];
    const folder = args.folder ? `folder=${encodeURIComponent(remote(args.folder))}&` : '';
    await page.goto(`${server.url}/?${folder}payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timeout = new Promise((resolve) => setTimeout(() => resolve('timeout'), TIMEOUT_MS));
    const outcome = await Promise.race([result, timeout]);
    if (outcome === 'timeout') {
      process.stderr.write(`launcher: the extension tests did not report within ${TIMEOUT_MS / 1000} s\n`);
    } else {
      exitCode = outcome;
    }
  } finally {
    await browser.close().catch(() => {});
    await server.stop();
  }
  process.exit(exitCode);
}

main().catch((error) => {
  process.stderr.write(`launcher: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
