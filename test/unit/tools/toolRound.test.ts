import assert from 'node:assert/strict';
import type { ChatBlock, ChatMessage } from '../../../src/shared/conversation';
import { ToolCallBoard } from '../../../src/tools/toolCallBoard';
import { DENIED_RESULT, runToolRound, type ToolRunner } from '../../../src/tools/toolRound';
import { fake } from '../../fakes/vscode';
import { waitFor } from '../../helpers/waitFor';

const call = (id: string, name: string, input: unknown): ChatBlock => ({ type: 'tool_use', id, name, inputJson: JSON.stringify(input) });
const answer = (...blocks: ChatBlock[]): ChatMessage => ({ id: 'a1', parentId: 'u1', role: 'assistant', blocks, status: 'complete', stopReason: 'tool_use', createdAt: 0 });

/** Runs calls by echoing them; `.env` is its one sensitive file. */
class EchoRunner implements ToolRunner {
  readonly ran: string[] = [];
  async sensitivePath(call: { input: unknown }): Promise<string | undefined> {
    const path = (call.input as { path?: string }).path;
    return path === '.env' ? '.env' : undefined;
  }
  async run(call: { id: string; name: string; input: unknown }): Promise<{ content: string; isError: boolean }> {
    this.ran.push(call.id);
    return { content: `${call.name} ${JSON.stringify(call.input)}`, isError: false };
  }
}

describe('runToolRound', () => {
  let board: ToolCallBoard;
  let runner: EchoRunner;
  let controller: AbortController;
  beforeEach(() => {
    fake.reset();
    board = new ToolCallBoard();
    runner = new EchoRunner();
    controller = new AbortController();
  });
  afterEach(() => board.dispose());
  const context = (autoApprove = false) => ({ conversationId: 'c', runner, board, autoApprove, signal: controller.signal });

  it('waits for every parallel call, runs the allowed ones, answers a denial with is_error, in the calls’ order', async () => {
    const round = runToolRound(answer(call('t1', 'read_file', { path: 'a.ts' }), call('t2', 'list_files', {})), context());
    await waitFor(() => board.calls('c').length === 2, 'both cards');
    board.decide('t2', 'deny');
    await waitFor(() => board.calls('c').length === 1, 'one card');
    assert.deepEqual(runner.ran, [], 'nothing ran before its approval');
    board.decide('t1', 'allowOnce');
    const results = await round;
    assert.deepEqual(results, [
      { type: 'tool_result', toolUseId: 't1', content: 'read_file {"path":"a.ts"}', isError: false },
      { type: 'tool_result', toolUseId: 't2', content: DENIED_RESULT, isError: true },
    ]);
    assert.deepEqual(runner.ran, ['t1']);
  });

  it('refuses an unknown tool or an invalid input at once, asking nobody', async () => {
    const results = await runToolRound(answer(call('t1', 'delete_everything', {}), call('t2', 'read_file', { path: 42 })), context());
    assert.equal(results?.length, 2);
    assert.match(results![0].content, /no tool named "delete_everything"/);
    assert.equal(results![0].isError, true);
    assert.equal(results![1].isError, true);
    assert.deepEqual(runner.ran, []);
  });

  it('Allow for this conversation lets later calls of that tool run without a card; auto-approval never covers a sensitive file', async () => {
    const first = runToolRound(answer(call('t1', 'read_file', { path: 'a.ts' })), context());
    await waitFor(() => board.calls('c').length === 1, 'one card');
    board.decide('t1', 'allowConversation');
    await first;
    assert.equal((await runToolRound(answer(call('t2', 'read_file', { path: 'b.ts' })), context()))?.[0].isError, false, 'ran without a card');

    const sensitive = runToolRound(answer(call('t3', 'read_file', { path: '.env' })), context(true));
    await waitFor(() => board.calls('c').length === 1, 'one card');
    assert.deepEqual(board.calls('c'), [{ toolUseId: 't3', state: 'awaitingApproval', sensitivePath: '.env' }]);
    board.decide('t3', 'allowOnce');
    assert.equal((await sensitive)?.[0].isError, false);
    assert.deepEqual(runner.ran, ['t1', 't2', 't3']);
  });

  it('auto-approve runs read calls without cards', async () => {
    const results = await runToolRound(answer(call('t1', 'list_files', {}), call('t2', 'get_editor_state', {})), context(true));
    assert.deepEqual(results?.map((result) => result.isError), [false, false]);
  });

  it('Stop while a card waits: nothing is returned, nothing runs', async () => {
    const round = runToolRound(answer(call('t1', 'read_file', { path: 'a.ts' }), call('t2', 'list_files', {})), context());
    await waitFor(() => board.calls('c').length === 2, 'both cards');
    board.decide('t2', 'deny');
    controller.abort();
    assert.equal(await round, undefined);
    assert.deepEqual(runner.ran, []);
    assert.deepEqual(board.calls('c'), []);
  });
});
