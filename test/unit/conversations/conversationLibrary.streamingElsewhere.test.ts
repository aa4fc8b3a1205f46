import assert from 'node:assert/strict';
import { ConversationStore } from '../../../src/conversations/store/conversationStore';
import { messageText, type ChatMessage } from '../../../src/shared/conversation';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { fake } from '../../fakes/vscode';
import { createHarness, type Harness } from '../../helpers/chatHarness';
import { streamingInA } from '../../helpers/conversationFixtures';

describe('ConversationLibrary: the conversation on screen is streaming in another window', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness | undefined;
  let windowA: ConversationStore | undefined;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(() => {
    server.reset();
    fake.reset();
  });
  afterEach(async () => {
    harness?.dispose();
    harness = undefined;
    await windowA?.dispose();
  });

  /** Window B's view of the answer, after B's library reacted to a write it was told about. */
  async function shownAfterChange(h: Harness): Promise<ChatMessage> {
    h.store.changedElsewhere(['c1']);
    await h.store.loadsSettled();
    return h.session.snapshot.messages.find((message) => message.id === 'a')!;
  }

  it('shows it as in progress there, follows its saves, keeps a rename made here, and shows its end', async () => {
    harness = await createHarness({ server });
    windowA = new ConversationStore({ dir: harness.dir, windowId: 'winA' });
    const { conversation: live, answer } = streamingInA();
    let revision = (await windowA.save(live, 0)).revision;

    assert.equal(await harness.library.open('c1'), true);
    const shown = harness.session.snapshot.messages[1];
    assert.deepEqual([shown.status, shown.streamingElsewhere, shown.error], ['streaming', 'winA', undefined]);

    (answer.blocks[0] as { text: string }).text += ' and more';
    revision = (await windowA.save(live, revision)).revision;
    assert.equal(messageText(await shownAfterChange(harness)), 'Part and more', 'the growing answer is followed');

    await harness.library.rename('c1', 'Named in B');
    (answer.blocks[0] as { text: string }).text += ' and the rest';
    revision = (await windowA.save(live, revision)).revision;
    const grown = await shownAfterChange(harness);
    assert.equal(messageText(grown), 'Part and more and the rest');
    assert.equal(harness.session.snapshot.title, 'Named in B');

    answer.status = 'complete';
    await windowA.save(live, revision);
    const done = await shownAfterChange(harness);
    assert.deepEqual([done.status, done.streamingElsewhere, messageText(done)], ['complete', undefined, 'Part and more and the rest']);
    assert.equal(harness.session.snapshot.title, 'Named in B');
  });

  it('shows it as interrupted once that window is gone, though nothing was written since', async () => {
    harness = await createHarness({ server });
    windowA = new ConversationStore({ dir: harness.dir, windowId: 'winA' });
    await windowA.save(streamingInA().conversation, 0);
    await harness.library.open('c1');
    assert.equal(harness.session.snapshot.messages[1].streamingElsewhere, 'winA');

    await windowA.dispose(); // the window closes mid-answer (the store's watcher reports it; here the test does)
    const after = await shownAfterChange(harness);
    assert.deepEqual([after.status, after.error?.title, messageText(after)], ['failed', 'The answer was interrupted.', 'Part']);
  });
});
