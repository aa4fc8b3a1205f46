import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ChatMessage } from '../../src/shared/conversation';
import type { MessageViewApi } from './pages/messageView.page';
import { openTestPage } from './runtime';

const PARTIAL = 'The first half of an answer';

function answer(extra: Partial<ChatMessage>): ChatMessage {
  return { id: 'a1', parentId: 'q1', role: 'assistant', blocks: [{ type: 'text', text: PARTIAL }], status: 'streaming', createdAt: 1, ...extra };
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
