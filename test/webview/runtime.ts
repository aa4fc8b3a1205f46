import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';

/** The .mjs runtime helpers (shared with the launcher and `npm start`), loaded at run time rather than bundled. */
export interface CodeServer {
  url: string;
  stop(): Promise<void>;
}

interface RuntimeModules {
  /** `folder`: the folder the workbench opens (none when omitted). */
  startCodeServer(options: { vsix?: string; settings?: Record<string, unknown>; env?: Record<string, string>; folder?: string }): Promise<CodeServer>;
  launchChromium(): Promise<Browser>;
  openWorkbench(browser: Browser, url: string): Promise<Page>;
}

export const repoRoot = path.resolve(__dirname, '..', '..', '..');

export async function loadRuntime(): Promise<RuntimeModules> {
  const load = (file: string) => import(pathToFileURL(path.join(repoRoot, 'test', 'runtime', file)).href);
  const [codeServer, browser] = await Promise.all([load('codeServer.mjs'), load('browser.mjs')]);
  return { startCodeServer: codeServer.startCodeServer, launchChromium: browser.launchChromium, openWorkbench: browser.openWorkbench };
}

/**
 * A blank page in headless Chromium with one of test/webview/pages bundled into it (`<div id="root">` to render
 * into): for tests of the webview's real modules without a workbench around them.
 */
export async function openTestPage(pageFile: string): Promise<{ browser: Browser; page: Page }> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({
    entryPoints: [path.join(repoRoot, 'test', 'webview', 'pages', pageFile)],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'browser',
    format: 'iife',
    write: false,
    logLevel: 'warning',
  });
  const browser = await (await loadRuntime()).launchChromium();
  const page = await browser.newPage();
  await page.setContent('<!DOCTYPE html><html><body><div id="root"></div></body></html>');
  await page.addScriptTag({ content: built.outputFiles[0].text });
  return { browser, page };
}

/** media/chat.css as the webview gets it (imports inlined), without the icon font, which a test page cannot load. */
export async function chatStylesheet(): Promise<string> {
  const esbuild = await import('esbuild');
  const built = await esbuild.build({ entryPoints: [path.join(repoRoot, 'media', 'chat.css')], bundle: true, write: false, loader: { '.ttf': 'empty' }, logLevel: 'warning' });
  return built.outputFiles[0].text;
}
