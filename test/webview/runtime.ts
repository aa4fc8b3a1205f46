import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** The .mjs runtime helpers (shared with the launcher and `npm start`), loaded at run time rather than bundled. */
export interface CodeServer {
  url: string;
  stop(): Promise<void>;
}

interface RuntimeModules {
  startCodeServer(options: { vsix?: string; settings?: Record<string, unknown>; env?: Record<string, string> }): Promise<CodeServer>;
  launchChromium(): Promise<Browser>;
  openWorkbench(browser: Browser, url: string): Promise<Page>;
}

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export async function loadRuntime(): Promise<RuntimeModules> {
  const load = (file: string) => import(pathToFileURL(path.join(repoRoot, 'test', 'runtime', file)).href);
  const [codeServer, browser] = await Promise.all([load('codeServer.mjs'), load('browser.mjs')]);
  return { startCodeServer: codeServer.startCodeServer, launchChromium: browser.launchChromium, openWorkbench: browser.openWorkbench };
}
