import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { BUILT_IN_COMMANDS } from '../../src/shared/codeCommandCatalog';
import { createMarkdown } from '../../src/webview-ui/markdown/markdownIt';
import { FakeAnthropicServer, type RecordedRequest } from '../fakes/anthropicServer';
import { codeCommandReply } from '../fakes/scenarios';
import { repoRoot, type CodeServer } from './runtime';
import { chatDocument, chatView, expectEventually, menuLabels, openContextMenu, openSubmenu, runCommand, startWorkbench } from './workbench';
import { CODE_SAMPLE as SAMPLE } from '../fixtures/codeSample';

const KEY = 'sk-ant-code-commands-browser-key-0123456789';
const RESULTS = path.join(repoRoot, 'test-results');

/** Installs, in the chat frame, a record of each text the last answer shows (`window.__answerStates`). */
const RECORD_ANSWER_STATES = `(() => {
  const states = [];
  window.__answerStates = states;
  const record = () => {
    const blocks = document.querySelectorAll('.message-assistant .block-markdown');
    const text = blocks.length > 0 ? blocks[blocks.length - 1].textContent ?? '' : '';
    if (text && states[states.length - 1] !== text) states.push(text);
  };
  new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true });
})()`;

interface RequestBody {
  system?: string | { text?: string }[];
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

/**
 * Issue 11 in a real VS Code (code-server) and Chromium, used as a person would: select lines with the keyboard,
 * right-click, Claude → Explain; the Explorer's Claude submenu on a file; Ctrl+K A to ask about a selection.
 */
describe('code commands in a real browser', function () {
  this.timeout(180_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let folder: string;
  let codeServer: CodeServer;
  let browser: Browser;
  let page: Page;
  let chat: FrameLocator;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-code-commands-'));
    fs.mkdirSync(path.join(folder, 'src'));
    fs.writeFileSync(path.join(folder, 'src', 'sample.ts'), SAMPLE);
    fs.mkdirSync(path.join(folder, '.claude', 'commands'), { recursive: true });
    fs.writeFileSync(path.join(folder, '.claude', 'commands', 'review.md'), '---\ndescription: Review for naming\n---\nReview the naming in this code.\n');
    const customCommands = [{ id: 'names', title: 'Suggest Names', template: 'Suggest better names for ${location}:\n${code}' }];
    ({ codeServer, browser, page } = await startWorkbench(server, KEY, { folder, settings: { 'claudeChat.customCommands': customCommands } }));
    // The chat is open beside the code, so the answer can be watched arriving; the palette retries until the
    // extension's contributions are loaded, which the context menus need too.
    await runCommand(page, 'Claude Chat: Open Chat');
    chat = chatView(page);
    await chat.locator('.composer-input').waitFor({ timeout: 30_000 });
  });

  // The previous test's answer may still be ending: a command started meanwhile would ask to stop it first.
  beforeEach(async () => {
    await chat.locator('.send-button:not([hidden])').waitFor({ timeout: 30_000 });
  });

  // A test that failed with a menu or an input box open must not leave it in the way of the next one.
  afterEach(async () => {
    for (let attempt = 0; attempt < 5 && (await page.locator('.context-view .monaco-menu, .quick-input-widget:visible').count()) > 0; attempt++) await page.keyboard.press('Escape');
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await server.stop();
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('right-click on selected lines, Claude → Explain: the answer streams into the chat under an "Explain path:lines" turn', async () => {
    await openSample(page);
    // Lines 2–4, by keyboard: Go to Line 2, then down two lines and to the end of the third.
    await goToLine(page, 2);
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await expectEventually(async () => /Ln 4, Col 14 \(\d+ selected\)/.test(await statusBarText(page)), 'lines 2–4 are selected');

    // Right-click inside the selection (outside it, VS Code would move the cursor and drop the selection).
    const menu = await openContextMenu(page, editorLine(page, 'const sum = a + b;'));
    assert.ok(await menu.getByRole('menuitem', { name: 'Claude', exact: true }).isVisible(), 'the editor context menu has the Claude submenu');
    const claude = await openSubmenu(page, 'Claude');
    // Fix is hidden: VS Code reports no problems in this file (its when clause).
    assert.deepEqual(await menuLabels(claude), ['Ask About Selection…', 'Add Selection to Chat', 'Explain', 'Find Bugs', 'Write Tests', 'Refactor', 'Optimize', 'Add Documentation', 'Custom Command…']);
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'code-commands-editor-menu.png') });

    // Every state the answer's text goes through, recorded in the page (the fake answer streams in a fraction of a
    // second, faster than polling from here could see it).
    const chatPage = await chatDocument(page);
    await chatPage.evaluate(RECORD_ANSWER_STATES);
    const before = server.messageRequests.length;
    await claude.getByRole('menuitem', { name: 'Explain', exact: true }).click();
    await expectEventually(async () => (await page.locator('.context-view .monaco-menu').count()) === 0, 'the menu closed');

    // What was sent: the selected lines, fenced as TypeScript, with their path and lines, under Explain's system prompt.
    const request = await streamedRequest(server, before);
    const sent = lastUserText(request);
    assert.match(sent, /`src\/sample\.ts` lines 2–4/);
    assert.ok(sent.includes('```typescript\nexport function add(a: number, b: number): number {\n  const sum = a + b;\n  return sum;\n```'), sent);
    assert.ok(!sent.includes('Counter'), 'only the selection is sent');
    assert.ok(systemText(request).includes(BUILT_IN_COMMANDS.explain.defaults.systemPrompt), 'the Explain system prompt is used');

    // The answer streams into the chat view: every state extends the one before. A partial answer can show Markdown
    // not yet closed (`**This answer` before its closing `**`): the comparison leaves out Markdown's punctuation.
    const expected = expectedAnswer(request);
    await expectAnswer(chat, expected);
    const states = (await chatPage.evaluate('window.__answerStates')) as string[];
    assert.equal(squash(states[states.length - 1]), squash(expected));
    // The host passes deltas on in batches, so a short answer shows a few states; one partial state proves streaming.
    assert.ok(states.length >= 2, `the answer was shown in part before it was whole (saw ${states.length} states)`);
    const bare = (text: string) => squash(text).replace(/[*`_]/g, '');
    for (let i = 1; i < states.length; i++) {
      assert.ok(bare(expected).startsWith(bare(states[i])) && bare(states[i]).startsWith(bare(states[i - 1])), `state ${i} extends state ${i - 1}: ${JSON.stringify(states.slice(i - 1, i + 1))}`);
    }

    // The user's turn reads as what they did, with the prompt collapsed under it.
    await expectTurn(chat, { command: 'Explain', target: 'src/sample.ts:2–4', linesSent: sent.split('\n').length });
    await page.screenshot({ path: path.join(RESULTS, 'code-commands-explain.png') });
    const turn = chat.locator('.message-user').last();
    await turn.locator('.invocation-prompt summary').click();
    await expectEventually(async () => ((await turn.locator('.invocation-prompt-body').textContent()) ?? '').includes('const sum = a + b;'), 'opening the prompt shows the code sent');
  });

  it('right-click on a file in the Explorer, Claude → Explain File: the whole file is explained', async () => {
    await page.keyboard.press('Control+Shift+E');
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'sample.ts' });
    const src = page.locator('.explorer-folders-view .monaco-list-row', { hasText: /^src$/ });
    await expectEventually(async () => {
      if (await row.isVisible()) return true;
      if ((await src.getAttribute('aria-expanded').catch(() => null)) === 'false') await src.click();
      return false;
    }, 'the Explorer lists src/sample.ts');

    const menu = await openContextMenu(page, row);
    assert.ok(await menu.getByRole('menuitem', { name: 'Claude', exact: true }).isVisible(), 'the Explorer context menu has the Claude submenu');
    const claude = await openSubmenu(page, 'Claude');
    assert.deepEqual(await menuLabels(claude), ['Explain File', 'Find Bugs in File', 'Write Tests for File', 'Ask About File…', 'Add Documentation to File']);
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'code-commands-explorer-menu.png') });

    const before = server.messageRequests.length;
    await claude.getByRole('menuitem', { name: 'Explain File', exact: true }).click();
    const request = await streamedRequest(server, before);
    const sent = lastUserText(request);
    assert.ok(sent.includes(SAMPLE.trimEnd()), 'the whole file is sent');
    assert.ok(systemText(request).includes(BUILT_IN_COMMANDS.explain.defaults.systemPrompt));
    await expectAnswer(chat, expectedAnswer(request));
    await expectTurn(chat, { command: 'Explain', target: 'src/sample.ts', linesSent: sent.split('\n').length });
  });

  it('Ctrl+K A on a selection asks for a question, and Enter sends it with the code', async () => {
    await openSample(page);
    await selectLine3(page);

    await page.keyboard.press('Control+K');
    await page.keyboard.press('a');
    const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Ask About Selection: src/sample.ts:3' });
    await title.waitFor();
    const question = 'Why is sum a const?';
    const before = server.messageRequests.length;
    await page.locator('.quick-input-widget input').fill(question);
    await page.keyboard.press('Enter');

    const request = await streamedRequest(server, before);
    const sent = lastUserText(request);
    assert.ok(sent.includes('```typescript\n  const sum = a + b;\n```'), sent);
    assert.ok(sent.trimEnd().endsWith(question), 'the question follows the code');
    assert.ok(systemText(request).includes(BUILT_IN_COMMANDS.ask.defaults.systemPrompt));
    await expectAnswer(chat, expectedAnswer(request));
    await expectTurn(chat, { command: 'Ask About Selection', target: 'src/sample.ts:3', linesSent: sent.split('\n').length });
    assert.equal((await chat.locator('.message-user .invocation-question').last().textContent())?.trim(), question);
  });

  it('Custom Command… lists your commands and the workspace’s prompt files, and runs the one picked', async () => {
    await openSample(page);
    await selectLine3(page);

    await runCommand(page, 'Claude Chat: Custom Command…');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: '/review' }).first().waitFor();
    const labels = (await rows.allTextContents()).join(' | ');
    assert.ok(labels.includes('Suggest Names'), `the setting's command is listed: ${labels}`);
    assert.ok(labels.includes('Review for naming'), `the prompt file's description is listed: ${labels}`);
    const before = server.messageRequests.length;
    await page.locator('.quick-input-widget input').fill('/review');
    await rows.filter({ hasText: '/review' }).first().waitFor();
    await page.keyboard.press('Enter');

    const request = await streamedRequest(server, before);
    const sent = lastUserText(request);
    assert.ok(sent.startsWith('Review the naming in this code.'), sent);
    assert.ok(sent.includes('```typescript\n  const sum = a + b;\n```'), 'the selection goes with it');
    await chat.locator('.message-user .invocation-command', { hasText: '/review' }).waitFor({ timeout: 30_000 });
    await expectTurn(chat, { command: '/review', target: 'src/sample.ts:3', linesSent: sent.split('\n').length });
  });
});

/** Opens src/sample.ts through Quick Open and waits until its editor has the focus. */
async function openSample(page: Page): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill('sample.ts');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'sample.ts' }).first().waitFor();
  await input.press('Enter');
  await editorLine(page, 'const sum = a + b;').waitFor();
  await page.locator('.editor-instance .monaco-editor.focused').waitFor();
}

/** Go to Line (Ctrl+G), as a person would, and wait until the status bar shows the cursor there. */
async function goToLine(page: Page, line: number): Promise<void> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${line}`);
  await page.keyboard.press('Enter');
  await expectEventually(async () => new RegExp(`Ln ${line}, Col 1\\b`).test(await statusBarText(page)), `the cursor is on line ${line}`);
}

/** Selects line 3 of the sample (`  const sum = a + b;`) by keyboard. */
async function selectLine3(page: Page): Promise<void> {
  await goToLine(page, 3);
  await page.keyboard.press('Shift+End');
  await expectEventually(async () => /Ln 3, Col 21 \(20 selected\)/.test(await statusBarText(page)), 'line 3 is selected');
}

function editorLine(page: Page, text: string) {
  return page.locator('.editor-instance .monaco-editor .view-lines .view-line', { hasText: text }).locator('span').first();
}

async function statusBarText(page: Page): Promise<string> {
  return (await page.locator('#workbench\\.parts\\.statusbar').textContent()) ?? '';
}

/** The first streamed request (a conversation title is a side request) made after the first `after` requests. */
async function streamedRequest(server: FakeAnthropicServer, after: number): Promise<RecordedRequest> {
  const streamed = () => server.messageRequests.slice(after).find((request) => (request.body as { stream?: boolean } | undefined)?.stream === true);
  await expectEventually(async () => streamed() !== undefined, 'the command reached the server', 30_000);
  return streamed()!;
}

function lastUserText(request: RecordedRequest): string {
  const body = request.body as RequestBody;
  const content = body.messages[body.messages.length - 1].content;
  return typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');
}

function systemText(request: RecordedRequest): string {
  const system = (request.body as RequestBody).system;
  if (typeof system === 'string') return system;
  return (system ?? []).map((block) => block.text ?? '').join('\n');
}

/** The text of the fake server's code-command answer to this request, as the chat must end up showing it rendered. */
function expectedAnswer(request: RecordedRequest): string {
  const reply = codeCommandReply(lastUserText(request), systemText(request));
  assert.ok(reply && reply.scenario.kind === 'reply', 'the fake server answered as to a code command');
  assert.equal(request.scenario, reply.name);
  return renderedText((reply.scenario as { text: string }).text);
}

/** Markdown's text once rendered (no `**` or backticks), by the same parser the chat view uses. */
function renderedText(markdown: string): string {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return createMarkdown()
    .render(markdown)
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => entities[entity]);
}

async function expectAnswer(chat: FrameLocator, expected: string): Promise<void> {
  const answer = chat.locator('.message-assistant .block-markdown').last();
  await expectEventually(
    async () => (await chat.locator('.message-assistant.is-streaming').count()) === 0 && squash((await answer.textContent().catch(() => '')) ?? '') === squash(expected),
    'the answer is shown in full',
    30_000,
  );
}

/** The user's turn: "<command> <target>" as its heading, and the prompt it was sent as closed under it. */
async function expectTurn(chat: FrameLocator, expected: { command: string; target: string; linesSent: number }): Promise<void> {
  const turn = chat.locator('.message-user').last();
  await expectEventually(async () => ((await turn.locator('.invocation-target').textContent().catch(() => '')) ?? '') === expected.target, `the turn names ${expected.target}`);
  assert.equal((await turn.locator('.invocation-command').textContent())?.trim(), expected.command);
  assert.equal(await turn.locator('details.invocation-prompt').getAttribute('open'), null, 'the prompt is collapsed');
  assert.ok(await turn.locator('.invocation-prompt-body').isHidden(), 'the code is not shown until opened');
  assert.equal((await turn.locator('.invocation-prompt summary').textContent())?.trim(), `Code sent (${expected.linesSent} lines)`);
  assert.equal(await chat.locator('.message-user').count(), 1, 'the command started a conversation of its own');
}

function squash(text: string): string {
  return text.replace(/\s+/g, '');
}
