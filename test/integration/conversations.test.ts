import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { ConversationStore } from '../../src/conversations/store/conversationStore';
import type { ClaudeChatApi } from '../../src/extension';
import { messageText } from '../../src/shared/conversation';
import { childrenOf, visiblePath } from '../../src/shared/conversationTree';
import { FakeAnthropicServer } from '../fakes/anthropicServer';
import { NAMED_SCENARIOS } from '../fakes/scenarios';
import { systemTextOf } from '../helpers/sentBlocks';

const EXTENSION_ID = 'claude-chat-dev.claude-chat';
const KEY = 'sk-ant-integration-conversations-0123456789';

describe('conversations in a real VS Code extension host', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  let scratch: string;

  before(async () => {
    const url = await server.start();
    const config = vscode.workspace.getConfiguration('claudeChat');
    await config.update('baseUrl', url, vscode.ConfigurationTarget.Global);
    await config.update('titles.enabled', true, vscode.ConfigurationTarget.Global);
    api = await vscode.extensions.getExtension<ClaudeChatApi>(EXTENSION_ID)!.activate();
    await api.storeApiKey(KEY);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-export-'));
  });

  after(async () => {
    api.session.newChat();
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  beforeEach(() => {
    server.reset();
    api.session.newChat();
  });

  async function chat(...questions: string[]): Promise<string> {
    for (const question of questions) {
      const result = await api.session.send(question);
      assert.ok(result.ok, !result.ok ? result.error.title : '');
      assert.equal((await result.reply).status, 'complete');
    }
    await api.library.flush();
    return api.session.snapshot.id;
  }

  it('saves a conversation and finds it again from disk, as a reloaded window would', async () => {
    const id = await chat('Remember the word zebra-quartz', 'And a second turn');
    const fresh = new ConversationStore({ dir: api.storageDir });
    const loaded = await fresh.load(id);
    assert.ok(loaded && 'conversation' in loaded, 'the conversation file loads in a fresh store');
    assert.deepEqual(
      visiblePath(loaded.conversation).map((m) => [m.role, m.status]),
      [
        ['user', 'complete'],
        ['assistant', 'complete'],
        ['user', 'complete'],
        ['assistant', 'complete'],
      ],
    );
    assert.equal(messageText(visiblePath(loaded.conversation)[0]), 'Remember the word zebra-quartz');
    const { summaries } = await fresh.list();
    assert.ok(summaries.some((summary) => summary.id === id));
  });

  it('names a conversation after its first answer with the title model', async () => {
    const id = await chat('How do I reverse a linked list?');
    await api.titlesSettled();
    await api.library.flush();
    const summary = (await api.library.summaries()).find((s) => s.id === id);
    assert.equal(summary?.title, 'How do I reverse a', `requests: ${JSON.stringify(server.messageRequests.map((r) => [r.scenario, (r.body as { stream?: boolean }).stream ?? false]))}`);
    const titleRequest = server.messageRequests.find((request) => (request.body as { stream?: boolean }).stream !== true);
    assert.equal((titleRequest?.body as { model: string }).model, 'claude-haiku-5-5');
  });

  it('renames, pins, searches message text, deletes and restores', async () => {
    const id = await chat('The secret ingredient is cardamom-7');
    await api.library.rename(id, 'Spice talk');
    await api.library.pin(id, true);
    let item = (await api.library.list('')).find((entry) => entry.id === id);
    assert.equal(item?.title, 'Spice talk');
    assert.equal(item?.pinned, true);
    const found = await api.library.list('CARDAMOM-7');
    assert.deepEqual(found.map((entry) => entry.id), [id], 'search covers message text, case-insensitively');
    await api.library.delete(id);
    assert.ok(!(await api.library.list('')).some((entry) => entry.id === id));
    await api.library.restore(id);
    item = (await api.library.list('')).find((entry) => entry.id === id);
    assert.equal(item?.title, 'Spice talk', 'restored with its title');
  });

  it('exports Markdown and API JSON, and imports the JSON back as a new conversation', async () => {
    const id = await chat('Export me please');
    const markdownUri = vscode.Uri.file(path.join(scratch, 'chat.md'));
    const jsonUri = vscode.Uri.file(path.join(scratch, 'chat.json'));
    const planted = vscode.Uri.file(path.join(scratch, 'planted.json'));
    // A test cannot click the host's dialogs: it answers them through the API only ExtensionMode.Test exports.
    const dialogs = { ...api.fileDialogs };
    const answers: (vscode.Uri | undefined)[] = [markdownUri, jsonUri, undefined];
    api.fileDialogs.save = async () => answers.shift();
    api.fileDialogs.open = async () => [jsonUri];
    try {
      await vscode.commands.executeCommand('claudeChat.exportConversation', 'markdown');
      await vscode.commands.executeCommand('claudeChat.exportConversation', 'json');
      // As a `command:` link with arguments would: the Uri argument names no file, and the dialog was cancelled.
      await vscode.commands.executeCommand('claudeChat.exportConversation', 'json', planted);
      assert.equal(answers.length, 0, 'every export asked the dialog');
      assert.ok(!fs.existsSync(planted.fsPath), 'nothing written where the argument pointed');
      await vscode.commands.executeCommand('claudeChat.importConversation');
    } finally {
      Object.assign(api.fileDialogs, dialogs);
    }
    const markdown = fs.readFileSync(markdownUri.fsPath, 'utf8');
    assert.match(markdown, /## You\n\nExport me please/);
    const json = JSON.parse(fs.readFileSync(jsonUri.fsPath, 'utf8'));
    assert.deepEqual(json.messages.map((m: { role: string }) => m.role), ['user', 'assistant']);
    assert.equal(typeof json.max_tokens, 'number');

    const imported = api.session.snapshot;
    assert.notEqual(imported.id, id);
    assert.deepEqual(visiblePath(imported).map(messageText), json.messages.map((m: { content: { text: string }[] }) => m.content[0].text));
    await api.library.flush();
    assert.ok((await api.library.list('')).some((entry) => entry.id === imported.id), 'the import is saved');
  });

  it('edits an earlier question: the old one and its answer stay as a branch', async () => {
    await chat('Original question', 'Follow-up');
    const first = visiblePath(api.session.snapshot)[0];
    const edited = await api.session.editAndResend(first.id, 'Edited question');
    assert.ok(edited.ok);
    await edited.reply;
    const path = visiblePath(api.session.snapshot);
    assert.deepEqual(path.map(messageText).slice(0, 1), ['Edited question']);
    assert.equal(path.length, 2, 'the follow-up belongs to the old branch');
    assert.equal(childrenOf(api.session.snapshot, null).length, 2);
    const lastRequest = server.messageRequests.at(-1)!.body as { messages: { content: { text: string }[] }[] };
    assert.deepEqual(lastRequest.messages.map((m) => m.content[0].text), ['Edited question'], 'only the new branch is sent');
    api.session.selectBranch(null, first.id);
    assert.deepEqual(visiblePath(api.session.snapshot).map(messageText).filter((_, i) => i % 2 === 0), ['Original question', 'Follow-up']);
  });

  it('regenerates an answer as a sibling and deletes a question with its answer', async () => {
    await chat('Q1', 'Q2');
    const answer = visiblePath(api.session.snapshot)[1];
    const again = await api.session.regenerate(answer.id);
    assert.ok(again.ok);
    const regenerated = await again.reply;
    assert.equal(regenerated.parentId, answer.parentId);
    assert.equal(childrenOf(api.session.snapshot, answer.parentId).length, 2);
    api.session.selectBranch(answer.parentId, answer.id);
    const q1 = visiblePath(api.session.snapshot)[0];
    api.session.deletePair(q1.id);
    assert.deepEqual(visiblePath(api.session.snapshot).map(messageText).filter((_, i) => i % 2 === 0), ['Q2'], 'Q2 and its answer moved up');
  });

  it('continues an answer cut off at max_tokens, joining the text', async () => {
    server.enqueue(NAMED_SCENARIOS['max-tokens']);
    await chat('Write a long essay');
    const cut = visiblePath(api.session.snapshot)[1];
    assert.equal(cut.stopReason, 'max_tokens');
    server.enqueue({ kind: 'reply', text: ' limit, and now it goes on.' });
    const continued = await api.session.continueAnswer(cut.id);
    assert.ok(continued.ok);
    const message = await continued.reply;
    assert.equal(message.id, cut.id, 'the same answer grows');
    assert.equal(messageText(message), 'This answer was cut off because it reached the limit, and now it goes on.');
    const prefill = server.messageRequests.at(-1)!.body as { messages: { role: string; content: { text: string }[] }[] };
    assert.equal(prefill.messages.at(-1)?.role, 'assistant', 'the partial answer is sent as a prefill');
    assert.equal(prefill.messages.at(-1)?.content[0].text, 'This answer was cut off because it reached the');
  });

  it('quarantines an unreadable conversation file instead of deleting it, and lists the rest', async () => {
    const id = await chat('A healthy conversation');
    const folder = path.join(api.storageDir, 'conversations');
    const corrupt = path.join(folder, 'conv_corrupt_test.json');
    fs.writeFileSync(corrupt, '{"schemaVersion": 1, "id": "conv_corrupt_test", "messages": [');
    const items = await api.library.list('');
    assert.ok(items.some((item) => item.id === id), 'the healthy conversation still lists');
    assert.ok(!items.some((item) => item.id === 'conv_corrupt_test'));
    assert.equal(fs.existsSync(corrupt), false);
    const quarantined = fs.readdirSync(path.join(api.storageDir, 'quarantine'));
    assert.ok(quarantined.some((name) => name.startsWith('conv_corrupt_test.json')), `quarantine holds ${quarantined.join(', ')}`);
  });

  it('applies new default settings to an empty chat, not to one in progress', async () => {
    const config = vscode.workspace.getConfiguration('claudeChat');
    await config.update('model', 'claude-haiku-5-5', vscode.ConfigurationTarget.Global);
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(api.session.snapshot.model, 'claude-haiku-5-5');
    } finally {
      await config.update('model', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('keeps a conversation’s own model and system prompt', async () => {
    await vscode.commands.executeCommand('claudeChat.changeModel', 'claude-opus-5-5');
    await vscode.commands.executeCommand('claudeChat.editSystemPrompt', 'Answer in French.');
    await chat('Bonjour');
    const body = server.messageRequests.find((r) => (r.body as { stream?: boolean }).stream === true)!.body as { model: string; system: string };
    assert.equal(body.model, 'claude-opus-5-5');
    assert.equal(systemTextOf(body), 'Answer in French.');
    assert.equal(vscode.workspace.getConfiguration('claudeChat').get('model'), 'claude-sonnet-5-5', 'the default is unchanged');
  });
});
