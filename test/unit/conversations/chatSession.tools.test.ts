import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { DEFAULT_TOOL_SETTINGS, type ToolSettings } from '../../../src/config/toolSettings';
import { messageText, type ChatMessage } from '../../../src/shared/conversation';
import { visiblePath } from '../../../src/shared/conversationTree';
import { NOT_RUN_RESULT, isToolResultTurn } from '../../../src/shared/toolTurns';
import { ToolCallBoard } from '../../../src/tools/toolCallBoard';
import { createToolLoopServices } from '../../../src/tools/toolLoopServices';
import { DENIED_RESULT, type ToolRunner } from '../../../src/tools/toolRound';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { FakeLog, fake } from '../../fakes/vscode';
import { createHarness, waitFor, type Harness } from '../../helpers/chatHarness';

interface SentBlock {
  type: string;
  id?: string;
  tool_use_id?: string;
  content?: string;
  is_error?: boolean;
  text?: string;
  signature?: string;
}
interface SentBody {
  tools?: { name: string }[];
  tool_choice?: unknown;
  messages: { role: string; content: SentBlock[] }[];
}

/** Answers each call with its tool's name and input, so a test can tell which call's result went where. */
class EchoRunner implements ToolRunner {
  readonly ran: string[] = [];
  async sensitivePath(): Promise<string | undefined> {
    return undefined;
  }
  async run(call: { id: string; name: string; input: unknown }): Promise<{ content: string; isError: boolean }> {
    this.ran.push(call.name);
    return { content: `${call.name} saw ${JSON.stringify(call.input)}`, isError: false };
  }
}

describe('ChatSession tool loop', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness;
  let board: ToolCallBoard;
  let runner: EchoRunner;
  let tools: ToolSettings;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    fake.reset();
    board = new ToolCallBoard();
    runner = new EchoRunner();
    tools = { ...DEFAULT_TOOL_SETTINGS };
    const services = createToolLoopServices({ settings: () => tools, runner, board, log: new FakeLog() as unknown as vscode.LogOutputChannel, availability: (enabled) => (enabled ? { available: true } : { available: false, reason: 'Workspace tools are turned off (claudeChat.tools.enabled).' }) });
    harness = await createHarness({ server, services: { tools: services } });
  });
  afterEach(async () => {
    await harness.close();
    board.dispose();
  });

  const bodies = () => server.messageRequests.map((request) => request.body as SentBody);
  const cards = () => board.calls(harness.session.snapshot.id);
  const path = () => visiblePath(harness.session.snapshot);

  it('runs parallel calls once both are decided, answers each id in order, and streams the next answer', async () => {
    server.enqueue({ kind: 'toolUse', text: 'Let me look.', calls: [{ name: 'list_files', input: {}, id: 'toolu_list' }, { name: 'read_file', input: { path: 'README.md' }, id: 'toolu_read' }] }, { kind: 'reply', text: 'Both done.' });
    const sent = await harness.session.send('What is in this project?');
    assert.ok(sent.ok);
    await waitFor(() => cards().length === 2, 'two cards');
    assert.equal(harness.session.busy, true, 'Stop stays offered while cards wait');
    board.decide('toolu_read', 'deny');
    await waitFor(() => cards().length === 1, 'one card left');
    assert.equal(server.messageRequests.length, 1, 'nothing is sent before every call is decided');
    board.decide('toolu_list', 'allowOnce');
    const final = await sent.reply;

    assert.equal(messageText(final), 'Both done.');
    assert.equal(harness.session.busy, false);
    const [first, second] = bodies();
    assert.deepEqual(first.tools?.map((tool) => tool.name), ['read_file', 'list_files', 'search_text', 'get_diagnostics', 'get_symbols', 'get_editor_state']);
    assert.equal(JSON.stringify(first.tools), JSON.stringify(second.tools), 'the same definitions, byte for byte');
    assert.deepEqual(second.messages.at(-1), {
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_list', content: 'list_files saw {}' },
        { type: 'tool_result', tool_use_id: 'toolu_read', content: DENIED_RESULT, is_error: true },
      ],
    });
    assert.deepEqual(runner.ran, ['list_files']);
    assert.deepEqual(path().map((message) => message.role), ['user', 'assistant', 'user', 'assistant']);
    assert.ok(isToolResultTurn(path()[2]));
  });

  it('Stop while a card waits sends nothing more; Resume shows the cards again and goes on', async () => {
    server.enqueue({ kind: 'toolUse', calls: [{ name: 'get_editor_state', input: {}, id: 'toolu_state' }] }, { kind: 'reply', text: 'Resumed.' });
    const sent = await harness.session.send('What am I looking at?');
    assert.ok(sent.ok);
    await waitFor(() => cards().length === 1, 'the card');
    harness.session.stop();
    const last = await sent.reply;
    assert.equal(last.stopReason, 'tool_use');
    assert.deepEqual(cards(), []);
    assert.equal(harness.session.busy, false);
    assert.equal(server.messageRequests.length, 1, 'nothing was sent after Stop');
    assert.deepEqual(runner.ran, []);

    const resumed = await harness.session.resumeTools(last.id);
    assert.ok(resumed.ok);
    await waitFor(() => cards().length === 1, 'the card again');
    board.decide('toolu_state', 'allowConversation');
    assert.equal(messageText(await resumed.reply), 'Resumed.');
    assert.equal(server.messageRequests.length, 2);
    assert.equal(board.isAllowedForConversation(harness.session.snapshot.id, 'get_editor_state'), true);
  });

  it('writing while cards wait answers the calls as not run, before the new words, in one user turn', async () => {
    server.enqueue({ kind: 'toolUse', calls: [{ name: 'read_file', input: { path: 'a.ts' }, id: 'toolu_a' }] }, { kind: 'reply', text: 'Fine, b.ts then.' });
    const sent = await harness.session.send('Read a.ts');
    assert.ok(sent.ok);
    await waitFor(() => cards().length === 1, 'the card');
    const next = await harness.session.send('No, look at b.ts instead.');
    assert.ok(next.ok, next.ok ? '' : next.error.title);
    assert.equal(messageText(await next.reply), 'Fine, b.ts then.');
    assert.deepEqual(bodies()[1].messages.at(-1)?.content, [
      { type: 'tool_result', tool_use_id: 'toolu_a', content: NOT_RUN_RESULT, is_error: true },
      { type: 'text', text: 'No, look at b.ts instead.' },
    ]);
    assert.deepEqual(cards(), []);
  });

  it('stops a runaway loop at claudeChat.tools.maxRounds and says so on the answer, with Resume', async () => {
    tools = { ...tools, autoApproveReads: true, maxRounds: 2 };
    const sent = await harness.session.send('Look around [scenario:tools-forever]');
    assert.ok(sent.ok);
    const last: ChatMessage = await sent.reply;
    assert.equal(server.messageRequests.length, 3, 'the first answer and two rounds');
    assert.equal(last.stopReason, 'tool_use');
    assert.equal(last.error?.kind, 'toolLimit');
    assert.deepEqual(last.error?.actions, ['resumeTools', 'openSettings']);
    assert.match(last.error?.title ?? '', /after 2 tool rounds/);
    assert.equal(harness.session.busy, false);
  });

  it('sends thinking blocks back unchanged with their signatures (the fake refuses an altered one)', async () => {
    harness.session.updateMeta({ params: { thinking: 'budget', thinkingBudgetTokens: 1024 } });
    tools = { ...tools, autoApproveReads: true };
    server.enqueue({ kind: 'toolUse', thinking: 'I should list the files first.', calls: [{ name: 'list_files', input: {} }] }, { kind: 'reply', text: 'Listed.' });
    const sent = await harness.session.send('List the files, thinking first.');
    assert.ok(sent.ok);
    const final = await sent.reply;
    assert.equal(final.status, 'complete', final.error?.detail);
    const replayed = bodies()[1].messages[1].content[0];
    assert.equal(replayed.type, 'thinking');
    assert.equal(replayed.signature, (path()[1].blocks[0] as { signature: string }).signature);
  });

  it('Regenerate after tool rounds asks again from the results; Edit of the question starts a new loop on a branch', async () => {
    tools = { ...tools, autoApproveReads: true };
    server.enqueue({ kind: 'toolUse', calls: [{ name: 'list_files', input: {}, id: 'toolu_l' }] }, { kind: 'reply', text: 'First try.' }, { kind: 'reply', text: 'Second try.' });
    const sent = await harness.session.send('What is here?');
    assert.ok(sent.ok);
    const first = await sent.reply;
    const regenerated = await harness.session.regenerate(first.id);
    assert.ok(regenerated.ok);
    assert.equal(messageText(await regenerated.reply), 'Second try.');
    const again = bodies()[2];
    assert.deepEqual(again.messages.map((message) => message.role), ['user', 'assistant', 'user']);
    assert.equal(again.messages[2].content[0].tool_use_id, 'toolu_l', 'the same results, answered again');
    assert.deepEqual(path().map((message) => message.role), ['user', 'assistant', 'user', 'assistant']);
    assert.equal(server.messageRequests.length, 3, 'no tool round was run again');

    server.enqueue({ kind: 'toolUse', calls: [{ name: 'get_editor_state', input: {}, id: 'toolu_e' }] }, { kind: 'reply', text: 'Edited answer.' });
    const question = path()[0];
    const edited = await harness.session.editAndResend(question.id, 'What is open?');
    assert.ok(edited.ok);
    assert.equal(messageText(await edited.reply), 'Edited answer.');
    assert.deepEqual(bodies()[4].messages.at(-1)?.content, [{ type: 'tool_result', tool_use_id: 'toolu_e', content: 'get_editor_state saw {}' }]);
    assert.equal(bodies()[3].messages.length, 1, 'the edited question goes alone, without the old loop');
    assert.equal(harness.session.snapshot.messages.filter((message) => message.parentId === null).length, 2, 'the first loop stays as a branch');
  });

  it('with tools off the history’s tool blocks still go, defined but forbidden', async () => {
    tools = { ...tools, autoApproveReads: true };
    server.enqueue({ kind: 'toolUse', calls: [{ name: 'list_files', input: {} }] }, { kind: 'reply', text: 'Listed.' });
    const sent = await harness.session.send('list');
    assert.ok(sent.ok);
    await sent.reply;
    tools = { ...tools, enabled: false };
    const off = await harness.session.send('and now without tools');
    assert.ok(off.ok);
    assert.equal((await off.reply).status, 'complete', 'the API would refuse tool blocks without the definitions');
    const body = bodies()[2];
    assert.deepEqual(body.tool_choice, { type: 'none' });
    assert.equal(body.tools?.length, 6);
    harness.session.newChat();
    const fresh = await harness.session.send('a new chat without tools');
    assert.ok(fresh.ok);
    await fresh.reply;
    assert.equal('tools' in bodies()[3], false, 'no tool blocks, no tools');
  });
});
