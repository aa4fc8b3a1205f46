import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { NAMED_SCENARIOS, defaultReply } from '../fakes/scenarios';
import { repoRoot, type CodeServer } from './runtime';
import { expectEventually, runCommand, startWorkbench } from './workbench';

const KEY = 'sk-ant-browser-test-key-0123456789';
/** A 1×1 PNG. */
const TINY_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const RESULTS = path.join(repoRoot, 'test-results');

/**
 * The packaged extension, installed into a real VS Code (code-server) and used through headless Chromium the way a
 * person would: open the view, type, watch the answer stream, press Stop.
 */
describe('chat view in a real browser', function () {
  this.timeout(120_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let codeServer: CodeServer;
  let browser: Browser;
  let page: Page;
  let chat: FrameLocator;

  before(async () => {
    ({ codeServer, browser, page } = await startWorkbench(server, KEY));
    await runCommand(page, 'Claude Chat: New Chat');
    chat = chatFrame(page);
    await chat.locator('.composer-input').waitFor({ timeout: 30_000 });
  });

  after(async () => {
    await browser?.close();
    await codeServer?.stop();
    await server.stop();
  });

  it('runs under a strict CSP with a nonce', async () => {
    const csp = await chat.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.ok(csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-[A-Za-z0-9+/=]{16,}'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  });

  it('says in the header where the key goes when the endpoint is not Anthropic’s', async () => {
    const endpoint = chat.locator('.header-notice .notice-endpoint');
    await endpoint.waitFor();
    assert.match((await endpoint.textContent()) ?? '', /^Endpoint: 127\.0\.0\.1:\d+ \(key from ANTHROPIC_API_KEY\)$/);
    assert.equal(await chat.locator('.header-notice').getByRole('button', { name: 'Set API Key' }).count(), 0, 'the key works: nothing to set');
  });

  it('streams the answer into the transcript in order', async () => {
    const question = 'Hello from the browser test';
    const expected = (defaultReply(question) as { text: string }).text;
    await chat.locator('.composer-input').fill(question);
    await chat.locator('.composer-input').press('Enter');
    const answer = chat.locator('.message-assistant .block-markdown').last();
    await answer.waitFor();
    // Sample the text while it streams: every sample must extend the one before it.
    const samples: string[] = [];
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      samples.push((await answer.textContent()) ?? '');
      if ((await chat.locator('.message-assistant.is-streaming').count()) === 0) break;
      await page.waitForTimeout(15);
    }
    samples.push((await answer.textContent()) ?? '');
    // Rendered Markdown drops the source's line breaks: compare the text without whitespace.
    assert.equal(squash(samples[samples.length - 1]), squash(expected));
    const distinct = [...new Set(samples)];
    assert.ok(distinct.length >= 3, `the answer arrived in pieces (saw ${distinct.length} distinct states)`);
    for (let i = 1; i < samples.length; i++) assert.ok(squash(samples[i]).startsWith(squash(samples[i - 1])), `sample ${i} extends sample ${i - 1}`);
    assert.equal(await chat.locator('.composer-input').inputValue(), '', 'the composer clears once the host took the message');
    assert.equal((await chat.locator('.message-user .block-text').last().textContent())?.trim(), question);
  });

  it('stops a slow answer when Stop is pressed', async () => {
    const before = server.messageRequests.length;
    await chat.locator('.composer-input').fill('[scenario:slow] tell me a long story');
    await chat.locator('.composer-input').press('Enter');
    const answer = chat.locator('.message-assistant .block-markdown').last();
    await expectEventually(async () => ((await answer.textContent()) ?? '').length > 30, 'some text streamed');
    await chat.locator('.stop-button').click();
    await chat.locator('.status-stopped').waitFor({ timeout: 10_000 });
    const stoppedText = (await answer.textContent()) ?? '';
    await page.waitForTimeout(700);
    assert.equal((await answer.textContent()) ?? '', stoppedText, 'nothing arrives after Stop');
    const full = (NAMED_SCENARIOS.slow as { text: string }).text;
    assert.ok(stoppedText.length < full.length, 'the answer really was cut short');
    assert.ok(squash(full).startsWith(squash(stoppedText)));
    await expectEventually(async () => server.messageRequests[before]?.clientAborted === true, 'the HTTP request was aborted');
    assert.ok(await chat.locator('.send-button').isVisible(), 'Send is back');
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'chat-view-stopped.png') });
  });

  it('counts down a rate-limit wait and retries at once on "Retry now"', async () => {
    await chat.locator('.composer-input').fill('[scenario:429-wait] hello');
    await chat.locator('.composer-input').press('Enter');
    const status = chat.locator('.status-retrying');
    await status.waitFor({ timeout: 10_000 });
    assert.match((await status.textContent()) ?? '', /Rate limited by the API \(429\)\. Retrying in 1[0-5] s/);
    server.enqueue(NAMED_SCENARIOS.plain);
    const started = Date.now();
    await chat.locator('.retry-now').click();
    await expectEventually(
      async () => ((await chat.locator('.message-assistant .block-markdown').last().textContent()) ?? '').includes('plain reply'),
      'the answer arrived after Retry now',
    );
    assert.ok(Date.now() - started < 5000, 'did not sit out the 15 s wait');
    assert.equal(await chat.locator('.status-retrying').count(), 0);
  });

  it('shows a mid-stream error with the partial answer kept, and Retry asks again', async () => {
    await chat.locator('.composer-input').fill('[scenario:mid-stream-error] please');
    await chat.locator('.composer-input').press('Enter');
    const card = chat.locator('.error-card').last();
    await card.waitFor({ timeout: 10_000 });
    assert.match((await card.textContent()) ?? '', /overloaded/i);
    assert.match((await chat.locator('.message-assistant .block-markdown').last().textContent()) ?? '', /Partial answer before the error/);
    server.enqueue(NAMED_SCENARIOS.plain);
    await card.getByRole('button', { name: 'Retry' }).click();
    await expectEventually(
      async () => ((await chat.locator('.message-assistant .block-markdown').last().textContent()) ?? '').includes('plain reply'),
      'the retried answer arrived',
    );
    assert.equal(await chat.locator('.error-card').count(), 0, 'the failed answer was replaced');
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'chat-view.png') });
  });

  it('edits a question and switches between the two versions by clicking', async () => {
    await runCommand(page, 'Claude Chat: New Chat');
    // As a person would: type once the new, empty chat is on screen (typing earlier can land in the chat it replaces).
    await expectEventually(async () => (await chat.locator('.message').count()) === 0, 'the new chat is shown');
    await chat.locator('.composer-input').fill('Branch test original');
    await chat.locator('.composer-input').press('Enter');
    await waitForIdle(chat);
    const question = chat.locator('.message-user').last();
    await question.hover();
    await question.locator('.edit-message').click();
    await chat.locator('.edit-input').fill('Branch test edited');
    await chat.locator('.edit-send').click();
    await expectEventually(async () => ((await chat.locator('.message-user .block-text').last().textContent()) ?? '') === 'Branch test edited', 'the edited question is shown');
    await waitForIdle(chat);
    assert.match((await chat.locator('.message-assistant .block-markdown').last().textContent()) ?? '', /Branch test edited/);
    const position = chat.locator('.message-user .branch-position').last();
    assert.equal(await position.textContent(), '2 / 2');

    await chat.locator('.message-user .branch-previous').last().click();
    await expectEventually(async () => ((await chat.locator('.message-user .block-text').last().textContent()) ?? '') === 'Branch test original', 'the original version is back');
    assert.equal(await chat.locator('.message-user .branch-position').last().textContent(), '1 / 2');
    assert.match((await chat.locator('.message-assistant .block-markdown').last().textContent()) ?? '', /Branch test original/, 'with its own answer');

    await chat.locator('.message-user .branch-next').last().click();
    await expectEventually(async () => ((await chat.locator('.message-user .block-text').last().textContent()) ?? '') === 'Branch test edited', 'forward again');
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'chat-view-branches.png') });
  });

  it('finds the conversation and its history again after reloading the window', async () => {
    await page.reload();
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    chat = chatFrame(page);
    await chat.locator('.composer-input').waitFor({ timeout: 30_000 });
    await expectEventually(async () => ((await chat.locator('.message-user .block-text').last().textContent()) ?? '') === 'Branch test edited', 'the last conversation reopened', 30_000);
    assert.equal(await chat.locator('.message-user .branch-position').last().textContent(), '2 / 2', 'its branches too');

    await chat.locator('.history-toggle').click();
    const rows = chat.locator('.history-row');
    await expectEventually(async () => (await rows.count()) >= 2, 'the history lists both conversations of this run');
    assert.ok(await chat.locator('.history-group-label', { hasText: 'Today' }).isVisible());
    await chat.locator('.history-search').fill('LONG STORY');
    await expectEventually(async () => (await rows.count()) === 1, 'search narrows the list to the matching conversation');
    fs.mkdirSync(RESULTS, { recursive: true });
    await page.screenshot({ path: path.join(RESULTS, 'chat-view-history.png') });
    await chat.locator('.history-row .history-open').first().click();
    await expectEventually(async () => (await chat.locator('.error-card, .message-assistant').count()) > 0 && (await chat.locator('.history').isHidden()), 'the conversation opened');
  });

  it('stores an imported image as an attachment: its thumbnail loads from the store, and a click opens it in VS Code', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-import-'));
    const file = path.join(folder, 'picture.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        messages: [
          { role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: TINY_PNG } }, { type: 'text', text: 'What is in this picture?' }] },
          { role: 'assistant', content: 'A single red pixel.' },
        ],
      }),
    );
    try {
      await runCommand(page, 'Claude Chat: Import Conversation…');
      // code-server's open dialog is VS Code's simple file dialog: a path can be typed. Wait for it, not the palette.
      await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Import conversation' }).waitFor();
      const input = page.locator('.quick-input-widget input');
      // It fills in its starting folder a moment after it opens; typing before that would be overwritten.
      await expectEventually(async () => (await input.inputValue()).startsWith('/'), 'the dialog shows its starting folder');
      // Enter before the list caught up with the typed path would open the highlighted entry instead. The dialog can
      // still overwrite what was typed while it settles: type the path again until it lists the file.
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'picture.json' });
      let typedAt = 0;
      await expectEventually(async () => {
        if ((await row.count()) > 0 && (await input.inputValue()) === file) return true;
        if (Date.now() - typedAt > 1500) {
          await input.fill(file);
          typedAt = Date.now();
        }
        return false;
      }, 'the dialog lists picture.json', 20_000);
      await input.press('Enter');
      const thumbnail = chat.locator('.message-user .attachment-chip img');
      // The dialog sometimes takes Enter as "complete the path" rather than "open": then its OK button opens it.
      const title = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Import conversation' });
      await expectEventually(async () => {
        if ((await thumbnail.count()) > 0) return true;
        if (await title.isVisible()) await page.locator('.quick-input-widget').getByRole('button', { name: 'OK' }).click({ timeout: 2000 }).catch(() => undefined);
        return false;
      }, 'the imported conversation is shown', 20_000);
      // Read from disk through asWebviewUri (the store's folder is one of the view's roots), never inlined or fetched.
      await expectEventually(async () => thumbnail.evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).complete && (image as unknown as { naturalWidth: number }).naturalWidth === 1), 'the stored image loaded');
      assert.match((await thumbnail.getAttribute('src')) ?? '', /\/attachments\/[0-9a-f]{64}\.png$/);
      // The chip opens the stored copy (an import has no workspace file to go back to) in VS Code's image preview.
      await chat.locator('.message-user .attachment-chip').click();
      await page.locator('.tabs-container .tab', { hasText: /[0-9a-f]{8,}.*\.png/ }).first().waitFor({ timeout: 20_000 });
      assert.match((await chat.locator('.message-assistant .block-markdown').last().textContent()) ?? '', /A single red pixel/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});

function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

function chatFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready[src*="extensionId=claude-chat-dev.claude-chat"]').frameLocator('iframe#active-frame');
}

async function waitForIdle(chat: FrameLocator): Promise<void> {
  await expectEventually(async () => (await chat.locator('.message-assistant.is-streaming').count()) === 0 && (await chat.locator('.message-assistant').count()) > 0, 'the answer finished');
}
