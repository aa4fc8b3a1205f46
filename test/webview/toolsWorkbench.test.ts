import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { repoRoot, type CodeServer } from './runtime';
import { expectEventually, chatView, runCommand, startWorkbench } from './workbench';

const KEY = 'sk-ant-tools-browser-key-0123456789';
const RESULTS = path.join(repoRoot, 'test-results');
const README = '# Tidepool\n\nTidepool keeps a small aquarium log.\nRun the app to add an entry.\n';
const APP = "export const appName = 'Tidepool';\n";

/**
 * Issue 14 in a real VS Code (code-server) and Chromium, as a person uses it: a `[scenario:tools-demo]` message makes
 * the fake server call list_files, read_file and search_text in turn; each card is answered in the chat view (mouse,
 * keyboard only, mouse), the final answer quotes what the tools really read from the workspace, and the read row's
 * file chip opens the file in the workbench's editor.
 */
describe('workspace tools in a real browser', function () {
  this.timeout(180_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let folder: string;
  let codeServer: CodeServer;
  let browser: Browser;
  let page: Page;
  let chat: FrameLocator;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-tools-'));
    fs.writeFileSync(path.join(folder, 'README.md'), README);
    fs.mkdirSync(path.join(folder, 'src'));
    fs.writeFileSync(path.join(folder, 'src', 'app.ts'), APP);
    ({ codeServer, browser, page } = await startWorkbench(server, KEY, { folder }));
    await runCommand(page, 'Claude Chat: Open Chat');
    chat = chatView(page);
    await chat.locator('.composer-input').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await server.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  /** The tool row whose title starts with `title` (rows are told apart by what they did, as a reader does). */
  const row = (title: string) => chat.locator('.tool-call').filter({ has: chat.locator('.tool-title', { hasText: new RegExp(`^${title}`) }) });
  /** The card waiting on the row titled `title`. */
  const card = (title: string) => row(title).locator('.tool-card');
  const finalAnswer = () => chat.locator('.message-assistant .block-markdown').last();
  const isFocused = (target: Locator) => target.evaluate((element) => element === element.ownerDocument.activeElement).catch(() => false);

  async function send(text: string): Promise<void> {
    const composer = chat.locator('.composer-input');
    await composer.click();
    await composer.fill(text);
    await composer.press('Enter');
  }

  it('three cards answered by mouse, keyboard and mouse; the answer quotes the workspace; the read row opens README.md', async () => {
    await send('What is this project? [scenario:tools-demo]');

    // 1. list_files: the card shows in the open row; a click on Allow once.
    await card('List files').waitFor({ timeout: 30_000 });
    assert.match((await row('List files').locator('.tool-status').textContent()) ?? '', /Waiting for approval/);
    await card('List files').getByRole('button', { name: 'Allow once' }).click();

    // 2. read_file, keyboard only: Tab to the card's first button, → and ← move along its buttons, Enter answers.
    const readCard = card('Read');
    await readCard.waitFor({ timeout: 30_000 });
    const allowOnce = readCard.getByRole('button', { name: 'Allow once' });
    let tabs = 0;
    while (!(await isFocused(allowOnce))) {
      assert.ok(tabs < 60, 'Tab reaches the read_file card’s Allow once');
      await page.keyboard.press('Tab');
      tabs += 1;
    }
    await page.keyboard.press('ArrowRight');
    assert.ok(await isFocused(readCard.getByRole('button', { name: 'Allow for this conversation' })), '→ moves to the next button');
    await page.keyboard.press('ArrowLeft');
    assert.ok(await isFocused(allowOnce), '← moves back');
    await page.keyboard.press('Enter');

    // 3. search_text: a click on Allow for this conversation.
    const searchCard = card('Search');
    await searchCard.waitFor({ timeout: 30_000 });
    await searchCard.getByRole('button', { name: 'Allow for this conversation' }).click();

    // The final answer, written from what the tools really returned from this folder.
    await finalAnswer().locator('h2', { hasText: 'What I found' }).waitFor({ timeout: 30_000 });
    await chat.locator('.message-assistant.is-streaming').waitFor({ state: 'detached', timeout: 30_000 });
    const answer = (await finalAnswer().textContent()) ?? '';
    assert.match(answer, /Files: 2 in the workspace/);
    assert.match(answer, /Tidepool keeps a small aquarium log\./, 'quotes the README it read');
    assert.match(answer, /“Tidepool” appears in 3 places/, 'counts what search_text found in README.md and src/app.ts');

    // Three rows, each titled by what it did and done; no card is left.
    const titles = (await chat.locator('.tool-call .tool-title').allTextContents()).map((title) => title.trim());
    assert.equal(titles.length, 3, titles.join(' | '));
    assert.equal(titles[0], 'List files');
    assert.match(titles[1], /^Read README\.md/);
    assert.equal(titles[2], 'Search “Tidepool”');
    assert.equal(await chat.locator('.tool-call.is-done').count(), 3);
    assert.equal(await chat.locator('.tool-card').count(), 0);
    // The host's tool_result turns are in the transcript but not as the user's: one "You" turn, the one typed.
    assert.equal(await chat.getByRole('heading', { name: 'You', exact: true }).count(), 1);
    assert.equal(await chat.locator('.message-user').count(), 1);
    assert.equal(await chat.locator('.message-tool-results').count(), 3);
    assert.equal(await chat.locator('.message-tool-results:not([hidden])').count(), 0);

    // Open the read row: its result is the file's numbered lines; its chip opens README.md in the editor.
    const readRow = row('Read');
    await readRow.locator('.tool-toggle').click();
    assert.equal(await readRow.locator('.tool-toggle').getAttribute('aria-expanded'), 'true');
    assert.match((await readRow.locator('.tool-result').textContent()) ?? '', /1 \| # Tidepool/);
    await readRow.locator('.tool-file-chip').click();
    await page.locator('.tabs-container .tab.active', { hasText: 'README.md' }).waitFor({ timeout: 30_000 });
    // The editor draws spaces as no-break spaces.
    const editorText = async () => ((await page.locator('.editor-group-container.active .monaco-editor .view-lines').textContent()) ?? '').replace(/\s+/g, ' ');
    await expectEventually(async () => (await editorText()).includes('Tidepool keeps a small aquarium log.'), 'the editor shows README.md');
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'tools-workbench.png') });
  });

  it('Deny on the first card: the answer says it was denied and no other tool is called', async () => {
    await runCommand(page, 'Claude Chat: New Chat');
    await expectEventually(async () => (await chat.locator('.message').count()) === 0, 'the new chat is empty', 30_000);
    await send('What is this project? [scenario:tools-demo]');
    await card('List files').waitFor({ timeout: 30_000 });
    await card('List files').getByRole('button', { name: 'Deny' }).click();

    await expectEventually(async () => /You denied list_files/.test((await finalAnswer().textContent()) ?? ''), 'the answer says list_files was denied', 30_000);
    await chat.locator('.message-assistant.is-streaming').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await chat.locator('.tool-call').count(), 1, 'nothing else was called');
    const denied = row('List files');
    assert.match((await denied.getAttribute('class')) ?? '', /\bis-error\b/);
    assert.match((await denied.locator('.tool-status').textContent()) ?? '', /The user denied this tool call/);
    assert.equal(await chat.getByRole('heading', { name: 'You', exact: true }).count(), 1);
  });
});
