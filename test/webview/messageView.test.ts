import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ChatMessage, Usage } from '../../src/shared/conversation';
import type { MessageViewApi } from './pages/messageView.page';
import { chatStylesheet, openTestPage } from './runtime';

const PARTIAL = 'The first half of an answer';

function answer(extra: Partial<ChatMessage>): ChatMessage {
  return { id: 'a1', parentId: 'q1', role: 'assistant', blocks: [{ type: 'text', text: PARTIAL }], status: 'streaming', createdAt: 1, model: 'claude-sonnet-5-5', ...extra };
}

describe('an answer streaming in another window, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('messageView.page.ts'));
  });

  after(async () => {
    await browser?.close();
  });

  const render = (message: ChatMessage) => page.evaluate((m) => (window as unknown as { messageViewPage: MessageViewApi }).messageViewPage.render(m), message);

  it('shows its partial text as in progress there, not as failed, and offers no Regenerate', async () => {
    const shown = await render(answer({ streamingElsewhere: 'window-2' }));
    assert.match(shown.footer, /In progress in another window/);
    assert.doesNotMatch(shown.footer, /interrupted|failed/i);
    assert.match(shown.text, new RegExp(PARTIAL));
    assert.equal(shown.regenerate, false);
  });

  it('an answer streaming in this window has neither the label nor a missing Regenerate', async () => {
    const shown = await render(answer({}));
    assert.doesNotMatch(shown.footer, /another window/);
    assert.equal(shown.regenerate, true);
  });
});

/** 1,000 new + 11,000 read + 345 written (all for 5 minutes) = 12,345 tokens in; 11,000 / 12,345 is 89.1% read. */
const USAGE: Usage = { inputTokens: 1000, cacheReadInputTokens: 11_000, cacheCreationInputTokens: 345, cacheCreation5mInputTokens: 345, cacheCreation1hInputTokens: 0, outputTokens: 678 };
/** Sonnet 5.5 at the built-in prices: 1,000 × $2 + 345 × $2.50 + 11,000 × $0.10 + 678 × $10 per million = $0.0107425. */
const SUMMARY = '12,345 in · 678 out · 89% cached · $0.0107';
const BREAKDOWN = 'Input 12,345 tokens: 1,000 new, 11,000 read from the cache, 345 written to the cache (5 min: 345, 1 h: 0). Output 678 tokens.';

type Api = { messageViewPage: MessageViewApi };

describe('an answer’s token usage in its footer, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('messageView.page.ts'));
  });

  after(async () => {
    await browser?.close();
  });

  const render = (message: ChatMessage) => page.evaluate((m) => (window as unknown as Api).messageViewPage.render(m), message);
  const end = (patch: Partial<ChatMessage>) => page.evaluate((p) => (window as unknown as Api).messageViewPage.end(p), patch);

  it('shows a finished answer’s usage in one line, with the breakdown as its tooltip', async () => {
    const shown = await render(answer({ status: 'complete', stopReason: 'end_turn', usage: USAGE }));
    assert.deepEqual(shown.usage, { seen: SUMMARY, title: BREAKDOWN });
  });

  it('gives screen readers the breakdown, not the abbreviated line', async () => {
    await render(answer({ status: 'complete', stopReason: 'end_turn', usage: USAGE }));
    const spoken = await page.locator('.message-footer').ariaSnapshot();
    assert.ok(spoken.includes(BREAKDOWN), spoken);
    assert.doesNotMatch(spoken, /678 out|cached/);
  });

  it('shows the usage beside what else the footer says: a stopped answer’s note and Retry, a failed one’s error', async () => {
    const stopped = await render(answer({ status: 'stopped', usage: USAGE }));
    assert.match(stopped.footer, /Stopped\. The answer is incomplete\./);
    assert.match(stopped.footer, /Retry/);
    assert.equal(stopped.usage?.seen, SUMMARY);
    const failed = await render(answer({ status: 'failed', error: { kind: 'network', title: 'The connection dropped.', detail: 'Check your network.', actions: ['retry'] }, usage: USAGE }));
    assert.match(failed.footer, /The connection dropped\./);
    assert.equal(failed.usage?.seen, SUMMARY);
  });

  it('shows no line for an answer without usage', async () => {
    const shown = await render(answer({ status: 'complete', stopReason: 'end_turn' }));
    assert.equal(shown.usage, undefined);
    assert.equal(shown.footer, '');
  });

  it('shows no line while the answer streams, even one continuing an answer that has usage, and shows it when it ends', async () => {
    const streaming = await render(answer({ status: 'streaming', usage: USAGE }));
    assert.equal(streaming.usage, undefined);
    assert.doesNotMatch(streaming.footer, /\bin\b.*\bout\b/);
    const ended = await end({ status: 'complete', stopReason: 'end_turn', usage: { ...USAGE, outputTokens: 1234 } });
    // 1,000 × $2 + 345 × $2.50 + 11,000 × $0.10 + 1,234 × $10 per million = $0.0163025.
    assert.equal(ended.usage?.seen, '12,345 in · 1,234 out · 89% cached · $0.0163');
  });

  it('says "cost unknown" for a model without a price, never a guess', async () => {
    const shown = await render(answer({ status: 'complete', stopReason: 'end_turn', usage: USAGE, model: 'claude-mythos-5-2' }));
    assert.equal(shown.usage?.seen, '12,345 in · 678 out · 89% cached · cost unknown');
  });
});

describe('the usage line’s place in the footer, with chat.css, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('messageView.page.ts'));
    await page.addStyleTag({ content: await chatStylesheet() });
    // What VS Code defines around a webview, as far as the footer uses it.
    await page.addStyleTag({ content: ':root { --vscode-font-size: 13px; --vscode-foreground: #cccccc; --vscode-descriptionForeground: #8b8b8b; }' });
  });

  after(async () => {
    await browser?.close();
  });

  /** An answer cut at max tokens: its footer holds a note, Continue and the usage line. */
  const layoutAt = async (width: number) => {
    await page.setViewportSize({ width, height: 800 });
    await page.evaluate((m) => (window as unknown as Api).messageViewPage.render(m), answer({ status: 'complete', stopReason: 'max_tokens', usage: USAGE }));
    return page.evaluate(() => (window as unknown as Api).messageViewPage.footerLayout());
  };

  const overlaps = (a: { left: number; right: number; top: number; bottom: number }, b: typeof a) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  for (const width of [900, 320, 170]) {
    it(`at ${width} px nothing in the footer overlaps or runs out of it`, async () => {
      const layout = await layoutAt(width);
      assert.deepEqual(layout.items.map((item) => item.className), ['status status-note', 'button secondary continue-answer', 'usage-line']);
      for (const [index, item] of layout.items.entries()) {
        assert.ok(item.box.left >= layout.footer.left - 0.5 && item.box.right <= layout.footer.right + 0.5, `${item.className} runs out of the footer: ${JSON.stringify(layout)}`);
        for (const other of layout.items.slice(index + 1)) assert.ok(!overlaps(item.box, other.box), `${item.className} overlaps ${other.className}`);
      }
    });
  }

  it('sits on the note’s row, at its end, when there is room', async () => {
    const layout = await layoutAt(900);
    const [note, , usage] = layout.items;
    assert.ok(usage.box.top < note.box.bottom && note.box.top < usage.box.bottom, JSON.stringify(layout));
    assert.ok(Math.abs(usage.box.right - layout.footer.right) < 1, JSON.stringify(layout));
    assert.equal(layout.usageLines, 1);
  });

  it('wraps onto lines of its own on a narrow sidebar, breaking between its parts', async () => {
    const layout = await layoutAt(170);
    const [, continueButton, usage] = layout.items;
    assert.ok(usage.box.top >= continueButton.box.bottom, JSON.stringify(layout));
    assert.ok(layout.usageLines > 1, JSON.stringify(layout));
  });

  it('is smaller and more muted than the answer’s text', async () => {
    await layoutAt(900);
    const styles = await page.evaluate(() => {
      const read = (selector: string) => getComputedStyle(document.querySelector(selector)!);
      return { line: { size: read('.usage-line').fontSize, colour: read('.usage-line').color }, text: { size: read('.blocks').fontSize, colour: read('.blocks').color } };
    });
    assert.ok(parseFloat(styles.line.size) < parseFloat(styles.text.size), JSON.stringify(styles));
    assert.notEqual(styles.line.colour, styles.text.colour);
  });
});
