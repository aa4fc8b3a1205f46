import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Frame, FrameLocator, Locator, Page } from 'playwright-core';
import type { FakeAnthropicServer } from '../fakes/anthropicServer';
import { loadRuntime, repoRoot, type CodeServer } from './runtime';

/** Helpers for driving the real workbench in the browser tests, the way a person would. */

export const VSIX = path.join(repoRoot, 'dist', 'claude-chat.vsix');

export interface WorkbenchOptions {
  /** A folder to open as the workspace (as `code-server <folder>` does); none when omitted. */
  folder?: string;
  /** More user settings; the fake server's baseUrl is always set. */
  settings?: Record<string, unknown>;
}

/**
 * A real VS Code (code-server) with the packaged extension installed, talking to `server` with `apiKey` from the
 * environment, open in headless Chromium.
 */
export async function startWorkbench(server: FakeAnthropicServer, apiKey: string, options: WorkbenchOptions = {}): Promise<{ codeServer: CodeServer; browser: Browser; page: Page }> {
  assert.ok(fs.existsSync(VSIX), `${VSIX} is missing: run npm run package first`);
  const runtime = await loadRuntime();
  const baseUrl = await server.start();
  const codeServer = await runtime.startCodeServer({
    vsix: VSIX,
    settings: { ...options.settings, 'claudeChat.baseUrl': baseUrl },
    env: { ANTHROPIC_API_KEY: apiKey, ANTHROPIC_BASE_URL: '' },
    folder: options.folder,
  });
  const browser = await runtime.launchChromium();
  const page = await runtime.openWorkbench(browser, codeServer.url);
  return { codeServer, browser, page };
}

/** Runs a command through the palette, as a person would; retried while the extension's contributions load. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  for (let attempt = 0; attempt < 10; attempt++) {
    await page.keyboard.press('F1');
    await input.waitFor();
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ timeout: 3000 });
      await input.press('Enter');
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  assert.fail(`command "${title}" never appeared in the palette`);
}

export async function expectEventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting until ${what}`);
}

/** The chat view's own document: inside VS Code's webview host frame, the frame it loads the page into. */
export function chatView(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=claude-chat-dev.claude-chat"]').frameLocator('iframe#active-frame');
}

/** Right-clicks `target` and returns the context menu VS Code draws for it (its own DOM in the web workbench). */
export async function openContextMenu(page: Page, target: Locator): Promise<Locator> {
  await target.click({ button: 'right' });
  const menu = page.locator('.context-view .monaco-menu').first();
  await menu.waitFor();
  return menu;
}

/** Hovers `label` in the open context menu, as a person would, and returns the submenu it opens. */
export async function openSubmenu(page: Page, label: string): Promise<Locator> {
  const entry = page.getByRole('menuitem', { name: label, exact: true });
  await entry.hover();
  // VS Code nests a submenu's DOM under its entry.
  const submenu = page.locator('.context-view .action-item').filter({ has: entry }).locator('.monaco-submenu .monaco-menu');
  await submenu.waitFor();
  return submenu;
}

/** What a menu lists, in order: each entry's label, without separators or keybindings. */
export async function menuLabels(menu: Locator): Promise<string[]> {
  return (await menu.locator('.action-menu-item .action-label').allTextContents()).map((label) => label.trim());
}

/** The chat view's own document as a Frame, for scripts that must run inside it (a FrameLocator cannot evaluate). */
export async function chatDocument(page: Page): Promise<Frame> {
  const outer = await (await page.locator('iframe.webview.ready[src*="extensionId=claude-chat-dev.claude-chat"]').elementHandle())?.contentFrame();
  assert.ok(outer, 'the webview host frame exists');
  const inner = await (await outer.locator('iframe#active-frame').elementHandle())?.contentFrame();
  assert.ok(inner, 'the chat frame exists');
  return inner;
}
