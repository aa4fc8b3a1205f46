import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import type { ChatError } from '../../src/shared/chatError';
import type { ChatMessage } from '../../src/shared/conversation';
import type { ErrorCardApi } from './pages/errorCard.page';
import { openTestPage } from './runtime';

type Api = { errorCardPage: ErrorCardApi };

function failed(error: ChatError): ChatMessage {
  return { id: 'a1', parentId: 'q1', role: 'assistant', blocks: [], status: 'failed', createdAt: 1, error };
}

describe('an error card’s actions, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('errorCard.page.ts'));
  });

  after(async () => {
    await browser?.close();
  });

  const render = (message: ChatMessage) => page.evaluate((m) => (window as unknown as Api).errorCardPage.render(m), message);
  const click = (label: string) => page.evaluate((l) => (window as unknown as Api).errorCardPage.click(l), label);

  it('an unknown model (404): Pick Model, which runs Change Model', async () => {
    const labels = await render(failed({ kind: 'notFound', title: 'The API does not know the model "claude-nope".', detail: 'model: claude-nope.', status: 404, actions: ['pickModel'] }));
    assert.deepEqual(labels, ['Pick Model']);
    assert.deepEqual(await click('Pick Model'), ['run:changeModel']);
  });

  it('a 403 on the key: Set API Key and Pick Model, each asking the host for its own command', async () => {
    const labels = await render(failed({ kind: 'permission', title: 'Your API key is not allowed to do this (403).', detail: '…', status: 403, actions: ['setApiKey', 'pickModel'] }));
    assert.deepEqual(labels, ['Set API Key', 'Pick Model']);
    assert.deepEqual(await click('Set API Key'), ['run:setApiKey']);
    assert.deepEqual(await click('Pick Model'), ['run:setApiKey', 'run:changeModel']);
  });
});
