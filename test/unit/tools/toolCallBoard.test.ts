import assert from 'node:assert/strict';
import { ToolCallBoard } from '../../../src/tools/toolCallBoard';
import { fake } from '../../fakes/vscode';

describe('ToolCallBoard', () => {
  let board: ToolCallBoard;
  beforeEach(() => {
    fake.reset();
    board = new ToolCallBoard();
  });
  afterEach(() => board.dispose());

  it('shows a card per call of a conversation until it is decided, and says which conversation changed', async () => {
    const changed: string[] = [];
    board.onDidChange((id) => changed.push(id));
    const controller = new AbortController();
    const first = board.ask('conv-a', 'toolu_1', undefined, controller.signal);
    const second = board.ask('conv-a', 'toolu_2', '.env', controller.signal);
    void board.ask('conv-b', 'toolu_3', undefined, controller.signal);
    assert.deepEqual(board.calls('conv-a'), [
      { toolUseId: 'toolu_1', state: 'awaitingApproval' },
      { toolUseId: 'toolu_2', state: 'awaitingApproval', sensitivePath: '.env' },
    ]);
    assert.equal(board.decide('toolu_1', 'allowOnce'), true);
    assert.equal(await first, 'allowOnce');
    assert.equal(board.decide('toolu_1', 'deny'), false, 'a decided card takes no second decision');
    assert.equal(board.decide('toolu_unknown', 'allowOnce'), false);
    // A sensitive card never offers Allow for this conversation: a page that posts it anyway gets Allow once.
    assert.equal(board.decide('toolu_2', 'allowConversation'), true);
    assert.equal(await second, 'allowOnce');
    assert.deepEqual(board.calls('conv-a'), []);
    assert.deepEqual(changed, ['conv-a', 'conv-a', 'conv-b', 'conv-a', 'conv-a']);
    controller.abort();
  });

  it('Stop settles every waiting card as stopped and clears them', async () => {
    const controller = new AbortController();
    const waiting = [board.ask('c', 't1', undefined, controller.signal), board.ask('c', 't2', undefined, controller.signal)];
    controller.abort();
    assert.deepEqual(await Promise.all(waiting), ['stopped', 'stopped']);
    assert.deepEqual(board.calls('c'), []);
    assert.equal(await board.ask('c', 't3', undefined, controller.signal), 'stopped', 'an aborted loop asks nothing');
    assert.deepEqual(board.calls('c'), []);
  });

  it('tracks running calls and the tools allowed for a conversation', () => {
    const run = board.running('c', 't1');
    assert.deepEqual(board.calls('c'), [{ toolUseId: 't1', state: 'running' }]);
    run.done();
    assert.deepEqual(board.calls('c'), []);
    assert.equal(board.isAllowedForConversation('c', 'read_file'), false);
    board.allowForConversation('c', 'read_file');
    assert.equal(board.isAllowedForConversation('c', 'read_file'), true);
    assert.equal(board.isAllowedForConversation('other', 'read_file'), false);
    assert.equal(board.isAllowedForConversation('c', 'search_text'), false);
  });
});
