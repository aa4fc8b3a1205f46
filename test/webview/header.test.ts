import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { GaugeReading } from '../../src/shared/contextGauge';
import { emptyConversation, type Conversation } from '../../src/shared/conversation';
import type { ApiKeySource, HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import type { FakeWebviewHost } from './pages/fakeWebviewHost';
import { chatStylesheet, openTestPage, repoRoot } from './runtime';

/** Theme colours the gauge's levels use, set as VS Code sets them, so the test can tell the levels apart. */
const THEME = `:root {
  --vscode-font-family: sans-serif; --vscode-font-size: 13px;
  --vscode-charts-blue: rgb(0, 0, 255); --vscode-charts-yellow: rgb(255, 255, 0); --vscode-charts-red: rgb(255, 0, 0);
}`;
const SIDEBAR_WIDTH = 300;

const reading = (usedTokens: number, source: GaugeReading['source'] = 'counted'): GaugeReading => ({ usedTokens, contextWindow: 200_000, reservedOutputTokens: 8_000, source });

describe('the chat header in a real browser: one line, the context gauge, a notice only when needed', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('chatApp.page.ts'));
    await page.setViewportSize({ width: SIDEBAR_WIDTH, height: 600 });
    await page.addStyleTag({ content: await chatStylesheet() });
    await page.addStyleTag({ content: THEME });
    await page.locator('.composer-input').waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  const deliver = (message: HostToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const posted = () => page.evaluate(() => (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted);
  const conversation = (title: string, model = 'claude-sonnet-5-5', systemPrompt = ''): Conversation => ({ ...emptyConversation('c1', { model, systemPrompt }, 0), title });
  const showState = (apiKeySource: ApiKeySource, options: { customEndpoint?: string; title?: string; model?: string; systemPrompt?: string } = {}) =>
    deliver({
      type: 'state/full',
      state: {
        conversation: conversation(options.title ?? 'A conversation', options.model, options.systemPrompt),
        busy: false,
        apiKeySource,
        model: 'claude-sonnet-5-5',
        ...(options.customEndpoint ? { customEndpoint: options.customEndpoint } : {}),
        draft: '',
        attachments: [],
        accepts: { image: true, pdf: true, known: true },
        attachmentBaseUri: '',
        toolCalls: [],
      },
    });
  const box = (selector: string) => page.locator(selector).first().evaluate((element) => element.getBoundingClientRect().toJSON() as DOMRect);
  const actionsRun = async () => (await posted()).filter((message): message is Extract<WebviewToHost, { type: 'action/run' }> => message.type === 'action/run').map((message) => message.action);

  it('is one line at a 300 px sidebar width, even with a long title, a long model id and a full gauge', async () => {
    await showState('secretStorage', { title: 'A conversation about a very long subject that cannot fit in a narrow sidebar at all', model: 'claude-sonnet-5-5-20261101' });
    await deliver({ type: 'context/gauge', reading: reading(123_456) });
    await page.locator('.context-gauge.level-ok').waitFor();
    const title = await box('.chat-title');
    const bar = await box('.header-bar');
    const header = await box('.chat-header');
    assert.ok(title.height > 10, 'the title has one line of text');
    // Everything on the bar sits side by side within it: title, model, gauge and the three tool buttons.
    for (const selector of ['.chat-title', '.model-button', '.context-gauge', '.header-more', '.history-toggle', '.new-chat']) {
      const part = await box(selector);
      assert.ok(part.width > 0, `${selector} is shown`);
      assert.ok(part.top >= bar.top - 0.5 && part.bottom <= bar.bottom + 0.5, `${selector} is on the bar's one line`);
      assert.ok(part.right <= SIDEBAR_WIDTH, `${selector} is inside the sidebar`);
    }
    assert.ok(header.height < 2 * title.height, `the header (${header.height}px) is less than two lines (${title.height}px a line)`);
    assert.equal(await page.locator('.header-notice').isVisible(), false, 'a stored key and Anthropic’s endpoint need no notice');
    assert.ok(await page.locator('.chat-title').evaluate((element) => element.scrollWidth > element.clientWidth), 'the long title is cut with an ellipsis');
    assert.equal(await page.locator('.chat-title').getAttribute('title'), 'A conversation about a very long subject that cannot fit in a narrow sidebar at all');
    assert.equal((await page.locator('.model-button').textContent())?.trim(), 'Sonnet 5.5');
    assert.ok(await page.locator('.model-name').evaluate((element) => element.scrollWidth <= element.clientWidth), 'the model’s short name is whole');
    assert.ok(await page.locator('.gauge-text').evaluate((element) => element.scrollWidth <= element.clientWidth), 'the gauge’s text is whole');
    assert.match((await page.locator('.model-button').getAttribute('title')) ?? '', /claude-sonnet-5-5-20261101/);
    fs.mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot, 'test-results', 'chat-header-300px.png'), clip: { x: 0, y: 0, width: SIDEBAR_WIDTH, height: 80 } });
  });

  it('shows the reading: "12.4K / 200K", the bar, a tooltip with the numbers, and a meter for screen readers', async () => {
    await showState('secretStorage');
    await deliver({ type: 'context/gauge', reading: reading(12_400) });
    const gauge = page.locator('.context-gauge');
    await page.locator('.context-gauge.level-ok:not(.is-estimated)').waitFor();
    assert.equal(await page.locator('.gauge-text').textContent(), '12.4K / 200K');
    assert.equal(await gauge.getAttribute('role'), 'meter');
    assert.equal(await gauge.getAttribute('aria-valuemin'), '0');
    assert.equal(await gauge.getAttribute('aria-valuemax'), '200000');
    assert.equal(await gauge.getAttribute('aria-valuenow'), '12400');
    assert.equal(await gauge.getAttribute('title'), "Next request: 12,400 tokens of the model's 200,000-token window (8,000 kept for the answer). Counted by the API.");
    const track = await box('.gauge-bar');
    const fill = await box('.gauge-fill');
    assert.ok(Math.abs(fill.width / track.width - 0.062) < 0.02, `the bar is 6.2 % full (${fill.width} of ${track.width})`);
    assert.ok(Math.abs((await box('.gauge-reserved')).width / track.width - 0.04) < 0.02, 'its end shows the answer’s 4 %');

    await deliver({ type: 'context/gauge', reading: reading(12_400, 'estimated') });
    await page.locator('.context-gauge.is-estimated').waitFor();
    assert.equal(await page.locator('.gauge-text').textContent(), '≈12.4K / 200K');
    assert.match((await gauge.getAttribute('title')) ?? '', /Estimated\.$/);
  });

  it('turns yellow from 70 %, red from 90 %, and says so when the request cannot fit', async () => {
    const fillColour = () => page.locator('.gauge-fill').evaluate((element) => getComputedStyle(element).backgroundColor);
    await deliver({ type: 'context/gauge', reading: reading(50_000) });
    await page.locator('.context-gauge.level-ok').waitFor();
    assert.equal(await fillColour(), 'rgb(0, 0, 255)');
    await deliver({ type: 'context/gauge', reading: reading(140_000) });
    await page.locator('.context-gauge.level-high').waitFor();
    assert.equal(await fillColour(), 'rgb(255, 255, 0)');
    await deliver({ type: 'context/gauge', reading: reading(180_000) });
    await page.locator('.context-gauge.level-full').waitFor();
    assert.equal(await fillColour(), 'rgb(255, 0, 0)');
    await deliver({ type: 'context/gauge', reading: reading(250_000) });
    await page.locator('.context-gauge.level-over').waitFor();
    const gauge = page.locator('.context-gauge');
    assert.equal(await gauge.getAttribute('aria-valuenow'), '200000', 'within the meter’s range');
    assert.match((await gauge.getAttribute('aria-valuetext')) ?? '', /250K of 200K tokens, too large to send/);
    assert.match((await gauge.getAttribute('title')) ?? '', /cannot fit: start a new chat, remove attachments, or pick a model with a larger window/);
    await deliver({ type: 'context/gauge', reading: undefined });
    await page.locator('.context-gauge.level-unknown').waitFor();
    assert.equal(await page.locator('.gauge-text').textContent(), '–', 'still there, waiting for a reading');
  });

  it('shows the notice row only for no key, a refused key, or an endpoint that is not Anthropic’s', async () => {
    const notice = page.locator('.header-notice');
    await showState('environment');
    await page.locator('.chat-title', { hasText: 'A conversation' }).waitFor();
    assert.equal(await notice.isVisible(), false, 'a key from the environment is the status bar’s business');

    await showState('none');
    await notice.waitFor();
    assert.match((await notice.textContent()) ?? '', /No API key/);
    await notice.getByRole('button', { name: 'Set API Key' }).click();
    assert.equal((await actionsRun()).at(-1), 'setApiKey');

    await deliver({ type: 'settings/changed', apiKeySource: 'invalid' as ApiKeySource, model: 'claude-sonnet-5-5' });
    await page.locator('.notice-key.key-invalid').waitFor();
    assert.match((await notice.textContent()) ?? '', /API key was refused/);
    assert.equal(await notice.getByRole('button', { name: 'Set API Key' }).count(), 1);

    await deliver({ type: 'settings/changed', apiKeySource: 'secretStorage', model: 'claude-sonnet-5-5', customEndpoint: '127.0.0.1:4000' });
    await page.locator('.notice-endpoint').waitFor();
    assert.match((await notice.textContent()) ?? '', /Endpoint: 127\.0\.0\.1:4000/);
    assert.equal(await notice.getByRole('button', { name: 'Set API Key' }).count(), 0);

    await deliver({ type: 'settings/changed', apiKeySource: 'secretStorage', model: 'claude-sonnet-5-5' });
    await page.waitForFunction(() => document.querySelector<HTMLElement>('.header-notice')?.hidden === true);
  });

  it('reaches every button from the keyboard: model, more (with the system prompt), history, new chat, Set API Key', async () => {
    await showState('none', { systemPrompt: 'Answer in French.' });
    await page.locator('.header-notice').waitFor();
    // A click on the title (not focusable) starts the Tab order there, as it would for a user.
    await page.locator('.chat-title').click();
    const order: string[] = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await page.evaluate(() => (document.activeElement as HTMLElement).className));
    }
    assert.deepEqual(
      order.map((name) => name.split(' ').find((part) => ['model-button', 'header-more', 'history-toggle', 'new-chat', 'set-api-key'].includes(part))),
      ['model-button', 'header-more', 'history-toggle', 'new-chat', 'set-api-key'],
    );

    await page.locator('.model-button').focus();
    await page.keyboard.press('Enter');
    assert.equal((await actionsRun()).at(-1), 'changeModel');

    const more = page.locator('.header-more');
    assert.match((await more.getAttribute('title')) ?? '', /System prompt of this conversation:\nAnswer in French\./);
    await more.focus();
    await page.keyboard.press('Enter');
    await page.locator('.header-menu:not([hidden])').waitFor();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    const focusedItem = () => page.evaluate(() => document.activeElement?.getAttribute('data-action'));
    assert.equal(await focusedItem(), 'editSystemPrompt', 'the menu opens on its first entry');
    assert.equal((await page.locator('.header-menu-item[data-action="editSystemPrompt"]').textContent())?.trim(), 'Edit System Prompt…');
    await page.keyboard.press('ArrowDown');
    assert.equal(await focusedItem(), 'changeModel');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await focusedItem(), 'openSettings', 'wraps to the last');
    await page.keyboard.press('Escape');
    await page.locator('.header-menu').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('header-more')), true, 'Escape gives focus back');

    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.locator('.header-menu').waitFor({ state: 'hidden' });
    assert.equal((await actionsRun()).at(-1), 'editSystemPrompt');

    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.history:not([hidden])').waitFor();
    assert.equal((await posted()).at(-1)?.type, 'history/request');
  });
});
