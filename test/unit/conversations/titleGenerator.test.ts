import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { ApiKeyStore } from '../../../src/auth/apiKeyStore';
import { EndpointApprovals } from '../../../src/config/endpointApproval';
import type { EndpointGate } from '../../../src/config/endpointPolicy';
import { DEFAULT_SETTINGS, type ChatSettings } from '../../../src/config/settingsSchema';
import type { ChatSession } from '../../../src/conversations/chatSession';
import type { ConversationLibrary } from '../../../src/conversations/conversationLibrary';
import { TitleGenerator } from '../../../src/conversations/titleGenerator';
import type { ChatMessage, Conversation, MetaPatch } from '../../../src/shared/conversation';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { EventEmitter, FakeLog, FakeMemento, fake } from '../../fakes/vscode';
import { assistantMessage, conversation as makeConversation, userMessage } from '../../helpers/conversationFixtures';

const KEY = 'sk-ant-title-generator-0123456789';

describe('TitleGenerator: a title goes only where the chat may go', function () {
  this.timeout(20_000);
  const workspaceServer = new FakeAnthropicServer({ validKeys: [KEY] });
  let generator: TitleGenerator | undefined;
  let log: FakeLog;
  const renamed: MetaPatch[] = [];
  const finished = new EventEmitter<{ conversation: Conversation; message: ChatMessage }>();

  before(() => workspaceServer.start());
  after(() => workspaceServer.stop());
  beforeEach(() => {
    fake.reset();
    workspaceServer.reset();
    renamed.length = 0;
    log = new FakeLog();
  });
  afterEach(() => {
    generator?.dispose();
    generator = undefined;
  });

  function start(settings: ChatSettings, gate?: EndpointGate): TitleGenerator {
    const session = { onDidFinishAnswer: finished.event } as unknown as ChatSession;
    const library = { updateMeta: async (_id: string, patch: MetaPatch) => void renamed.push(patch) } as unknown as ConversationLibrary;
    const keys = { resolve: async () => ({ key: KEY, source: 'secretStorage' }) } as unknown as ApiKeyStore;
    generator = new TitleGenerator(session, library, keys, () => settings, log as unknown as vscode.LogOutputChannel, gate);
    return generator;
  }

  async function finishFirstAnswer(titles: TitleGenerator): Promise<void> {
    const question = userMessage('How do I reverse a linked list?');
    const answer = assistantMessage('Walk it once, turning each pointer around.', question.id);
    finished.fire({ conversation: makeConversation(question, answer), message: answer });
    await titles.settled();
  }

  function workspaceSettings(): ChatSettings {
    return { ...DEFAULT_SETTINGS, generateTitles: true, baseUrl: workspaceServer.url, baseUrlScope: 'workspace' };
  }

  it('sends no title to a workspace endpoint that is not approved, and never asks on its own', async () => {
    const approvals = new EndpointApprovals(new FakeMemento() as unknown as vscode.Memento, log as unknown as vscode.LogOutputChannel);
    await finishFirstAnswer(start(workspaceSettings(), approvals));
    assert.equal(workspaceServer.requests.length, 0);
    assert.deepEqual(fake.messages, []);
    assert.deepEqual(renamed, []);
    assert.match(log.text(), /No generated title.*not approved/);
  });

  it('without a gate, only the user’s own endpoint gets a title request', async () => {
    await finishFirstAnswer(start(workspaceSettings()));
    assert.equal(workspaceServer.requests.length, 0);
    await finishFirstAnswer(start({ ...workspaceSettings(), baseUrlScope: 'user' }));
    assert.equal(workspaceServer.requests.length, 1);
  });

  it('sends the title to a workspace endpoint the user approved for the chat', async () => {
    const approvals = new EndpointApprovals(new FakeMemento() as unknown as vscode.Memento, log as unknown as vscode.LogOutputChannel, async () => true);
    assert.ok((await approvals.approve(workspaceSettings())).ok);
    await finishFirstAnswer(start(workspaceSettings(), approvals));
    assert.equal(workspaceServer.requests.length, 1);
    assert.equal(workspaceServer.requests[0].apiKey, KEY);
    assert.deepEqual(renamed, [{ title: 'How do I reverse a', titleSource: 'generated' }]);
  });

  it('names a code command’s conversation from what the user did, not from the code it sent', async () => {
    const titles = start({ ...workspaceSettings(), baseUrlScope: 'user' });
    const question = { ...userMessage('```ts\nconst secretHelper = 1;\n```\nExplain this.'), invocation: { command: 'Explain', target: 'src/a.ts:1–3' } };
    const answer = assistantMessage('It sets a constant.', question.id);
    finished.fire({ conversation: makeConversation(question, answer), message: answer });
    await titles.settled();
    const body = JSON.stringify(workspaceServer.requests[0].body);
    assert.ok(body.includes('Explain src/a.ts:1–3'), body);
    assert.ok(!body.includes('secretHelper'), 'the code itself is not sent to the title model');
  });

  it('after tool rounds, names the conversation from the user’s question and the final answer, not a tool turn', async () => {
    const titles = start({ ...workspaceSettings(), baseUrlScope: 'user' });
    const question = userMessage('Where is the config loaded?');
    const asking: ChatMessage = { ...assistantMessage('Let me look.', question.id), stopReason: 'tool_use' };
    asking.blocks.push({ type: 'tool_use', id: 'toolu_1', name: 'search_text', inputJson: '{"query":"loadConfig"}' });
    const results: ChatMessage = { id: 'r1', parentId: asking.id, role: 'user', blocks: [{ type: 'tool_result', toolUseId: 'toolu_1', content: 'src/config.ts:3: loadConfig()', isError: false }], status: 'complete', createdAt: 0 };
    const final = assistantMessage('In src/config.ts, by loadConfig().', results.id);
    const conversation = makeConversation(question, asking, results, final);
    finished.fire({ conversation, message: asking });
    await titles.settled();
    assert.equal(workspaceServer.requests.length, 0, 'an answer that only asks for tools names nothing');
    finished.fire({ conversation, message: final });
    await titles.settled();
    const body = JSON.stringify(workspaceServer.requests[0].body);
    assert.ok(body.includes('Where is the config loaded?'), body);
    assert.ok(body.includes('In src/config.ts, by loadConfig().'), body);
  });
});
