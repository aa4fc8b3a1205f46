import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ClaudeChatApi } from '../../src/extension';
import { messageText, type ChatMessage } from '../../src/shared/conversation';
import { DENIED_RESULT } from '../../src/tools/toolRound';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { activateAgainstFake, releaseFake } from '../helpers/fakeApiHost';
import { waitFor } from '../helpers/waitFor';

const KEY = 'sk-ant-integration-tools-0123456789';
const README = '# Lantern\n\nLantern lights up dark corners of a codebase.\n';

interface SentBlock {
  type: string;
  id?: string;
  name?: string;
  input?: { path?: string };
  tool_use_id?: string;
  content?: string;
  is_error?: boolean;
}
interface SentBody {
  tools?: unknown[];
  messages: { role: string; content: SentBlock[] }[];
}

/** Each request after a tool round: its last user turn must answer, in order, every call of the assistant turn before it. */
function assertResultsAnswerCalls(body: SentBody): SentBlock[] {
  const calls = body.messages.at(-2)!.content.filter((block) => block.type === 'tool_use');
  const results = body.messages.at(-1)!.content;
  assert.ok(calls.length > 0, 'the previous answer called tools');
  assert.deepEqual(
    results.slice(0, calls.length).map((block) => [block.type, block.tool_use_id]),
    calls.map((call) => ['tool_result', call.id]),
  );
  return results;
}

describe('workspace tools in a real VS Code extension host', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  let root: string;
  let outside: string;

  before(async () => {
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-outside-'));
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'outside the workspace\n');
    fs.writeFileSync(path.join(root, 'README.md'), README);
    fs.mkdirSync(path.join(root, 'src'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'lantern.ts'), 'export function light(corner: string): string {\n  return `lit ${corner}`;\n}\n');
    fs.writeFileSync(path.join(root, '.env'), 'API_TOKEN=do-not-leak\n');
    fs.writeFileSync(path.join(root, '.gitignore'), 'ignored.log\n');
    fs.writeFileSync(path.join(root, 'ignored.log'), 'ignored by git\n');
    fs.mkdirSync(path.join(root, 'excluded-dir'), { recursive: true });
    fs.writeFileSync(path.join(root, 'excluded-dir', 'hidden.txt'), 'excluded by files.exclude\n');
    fs.symlinkSync(outside, path.join(root, 'link-out'));
    await vscode.workspace.getConfiguration('files').update('exclude', { '**/excluded-dir': true }, vscode.ConfigurationTarget.Workspace);
    api = await activateAgainstFake(server, KEY);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('files').update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await releaseFake(api, server, ['tools.autoApproveReads', 'tools.maxRounds']);
    for (const name of ['README.md', 'src', '.env', '.gitignore', 'ignored.log', 'excluded-dir', 'link-out']) fs.rmSync(path.join(root, name), { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  beforeEach(async () => {
    server.reset();
    api.session.newChat();
    await vscode.workspace.getConfiguration('claudeChat').update('tools.autoApproveReads', undefined, vscode.ConfigurationTarget.Global);
  });

  const bodies = () => server.messageRequests.map((request) => request.body as SentBody);
  /** The approval cards showing (calls that run now are on the board too, as running). */
  const cards = () => api.toolBoard.calls(api.session.snapshot.id).filter((call) => call.state === 'awaitingApproval');

  /** Sends `text`; the answer (after the whole tool loop) is `reply`, not awaited here: cards may wait on the test. */
  async function ask(text: string): Promise<{ reply: Promise<ChatMessage> }> {
    const sent = await api.session.send(text);
    assert.ok(sent.ok, sent.ok ? '' : sent.error.title);
    return { reply: sent.reply };
  }

  async function autoApprove(): Promise<void> {
    await vscode.workspace.getConfiguration('claudeChat').update('tools.autoApproveReads', true, vscode.ConfigurationTarget.Global);
  }

  it('each tool runs against the workspace, and every tool_result answers its tool_use id in the next request', async () => {
    await autoApprove();
    const final = await (await ask('Try every tool [scenario:tools-each]')).reply;
    assert.equal(final.status, 'complete', final.error?.detail);
    assert.equal(bodies().length, 7, 'six rounds and the final answer');
    const byTool = new Map<string, SentBlock>();
    for (const body of bodies().slice(1)) {
      assert.equal(JSON.stringify(body.tools), JSON.stringify(bodies()[0].tools), 'the tools are defined the same way in every request');
      const [result] = assertResultsAnswerCalls(body);
      const call = body.messages.at(-2)!.content.find((block) => block.type === 'tool_use')!;
      byTool.set(call.name!, { ...result, input: call.input });
    }
    assert.deepEqual([...byTool.keys()], ['list_files', 'read_file', 'search_text', 'get_diagnostics', 'get_symbols', 'get_editor_state']);
    for (const [name, result] of byTool) if (name !== 'get_symbols' && name !== 'get_diagnostics') assert.equal(result.is_error, undefined, `${name}: ${result.content}`);
    const listed = byTool.get('list_files')!.content!;
    assert.match(listed, /README\.md/);
    assert.match(listed, /src\/lantern\.ts/);
    assert.doesNotMatch(listed, /ignored\.log|excluded-dir|secret\.txt/, 'excluded, ignored and outside files are never listed');
    const read = byTool.get('read_file')!;
    const firstLine = fs.readFileSync(path.join(root, read.input!.path!), 'utf8').split('\n')[0];
    assert.ok(read.content!.includes(firstLine), `read_file returned the file: ${read.content}`);
    assert.match(messageText(final), /six tools/);
  });

  it('a denied call goes back as an is_error tool_result, and Claude answers without it', async () => {
    server.enqueue({ kind: 'toolUse', calls: [{ name: 'read_file', input: { path: 'README.md' }, id: 'toolu_deny' }] }, { kind: 'reply', text: 'Understood, I will not read it.' });
    const { reply } = await ask('Read the README');
    await waitFor(() => cards().length === 1, 'the approval card');
    assert.deepEqual(cards(), [{ toolUseId: 'toolu_deny', state: 'awaitingApproval' }]);
    assert.equal(api.toolBoard.decide('toolu_deny', 'deny'), true);
    assert.equal(messageText(await reply), 'Understood, I will not read it.');
    // The result is the last block of the turn: it carries the prompt cache's breakpoint (claudeChat.promptCaching).
    const [{ cache_control: cached, ...result }] = assertResultsAnswerCalls(bodies()[1]) as (SentBlock & { cache_control?: unknown })[];
    assert.deepEqual(result, { type: 'tool_result', tool_use_id: 'toolu_deny', content: DENIED_RESULT, is_error: true });
    assert.deepEqual(cached, { type: 'ephemeral', ttl: '5m' });
  });

  it('claudeChat.tools.maxRounds stops a loop that never ends, and says so', async () => {
    await autoApprove();
    await vscode.workspace.getConfiguration('claudeChat').update('tools.maxRounds', 3, vscode.ConfigurationTarget.Global);
    try {
      const last = await (await ask('Keep looking [scenario:tools-forever]')).reply;
      assert.equal(bodies().length, 4, 'the first answer and three rounds, then nothing');
      assert.equal(last.error?.kind, 'toolLimit');
      assert.match(last.error?.title ?? '', /after 3 tool rounds/);
      assert.equal(api.session.busy, false);
    } finally {
      await vscode.workspace.getConfiguration('claudeChat').update('tools.maxRounds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('Stop (the command) while a card waits ends the loop; nothing is sent after it', async () => {
    server.enqueue({ kind: 'toolUse', calls: [{ name: 'list_files', input: {}, id: 'toolu_wait' }] }, { kind: 'reply', text: 'never asked for' });
    const { reply } = await ask('List the files');
    await waitFor(() => cards().length === 1, 'the approval card');
    await vscode.commands.executeCommand('claudeChat.stop');
    const last = await reply;
    assert.equal(last.stopReason, 'tool_use');
    assert.deepEqual(api.toolBoard.calls(api.session.snapshot.id), []);
    assert.equal(api.session.busy, false);
    assert.equal(server.messageRequests.length, 1, 'no request after Stop');
    assert.equal(api.toolBoard.decide('toolu_wait', 'allowOnce'), false, 'the card is gone: a late click does nothing');
    assert.equal(server.messageRequests.length, 1);
  });

  it('refuses paths that escape the workspace and excluded files; a sensitive file asks even with auto-approve', async () => {
    await autoApprove();
    const { reply } = await ask('Read these [scenario:tools-escape]');
    await waitFor(() => cards().length === 1, 'the .env card');
    assert.equal(cards()[0].sensitivePath, '.env');
    api.toolBoard.decide(cards()[0].toolUseId, 'deny');
    await reply;
    const results = assertResultsAnswerCalls(bodies()[1]);
    const calls = bodies()[1].messages.at(-2)!.content.filter((block) => block.type === 'tool_use');
    const byPath = new Map(calls.map((call, index) => [call.input!.path!, results[index]]));
    for (const escape of ['../outside.txt', '/etc/passwd', 'link-out/secret.txt']) {
      const result = byPath.get(escape)!;
      assert.equal(result.is_error, true, `${escape}: ${result.content}`);
      assert.doesNotMatch(result.content!, /outside the workspace\n|root:x:0/, 'nothing outside was read');
    }
    assert.equal(byPath.get('.env')!.content, DENIED_RESULT);

    server.reset();
    server.enqueue({ kind: 'toolUse', calls: [{ name: 'read_file', input: { path: 'excluded-dir/hidden.txt' } }, { name: 'read_file', input: { path: 'ignored.log' } }] }, { kind: 'reply', text: 'ok' });
    await (await ask('Read the excluded ones')).reply;
    const [excluded, ignored] = assertResultsAnswerCalls(bodies()[1]);
    assert.equal(excluded.is_error, true);
    assert.match(excluded.content!, /files\.exclude/);
    assert.equal(ignored.is_error, true);
    assert.match(ignored.content!, /\.gitignore/);
  });
});
