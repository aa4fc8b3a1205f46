import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { registerCommands, type CommandContext } from '../../../src/commands/command';
import { exportConversationCommand, importConversationCommand } from '../../../src/commands/exportImport';
import { DEFAULT_SETTINGS } from '../../../src/config/settingsSchema';
import { AttachmentStore } from '../../../src/conversations/store/attachmentStore';
import type { Conversation } from '../../../src/shared/conversation';
import { Uri, commands, fake } from '../../fakes/vscode';
import { assistantMessage, conversation, userMessage } from '../../helpers/conversationFixtures';

/** A `command:` link or another extension can pass arguments; a Uri among them must never choose the file. */
describe('Export and Import Conversation take their file only from the dialog', () => {
  let scratch: string;
  let registration: { dispose(): unknown };
  const imported: Conversation[] = [];
  const dialogs: { kind: 'save' | 'open'; options: unknown }[] = [];

  beforeEach(async () => {
    fake.reset();
    imported.length = 0;
    dialogs.length = 0;
    scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'claude-chat-export-'));
    const question = userMessage('Export me');
    const shown = conversation(question, assistantMessage('Exported answer', question.id));
    const context = {
      session: { snapshot: shown },
      library: { add: async (added: Conversation) => void imported.push(added) },
      settings: () => DEFAULT_SETTINGS,
      view: { reveal: async () => undefined },
      attachmentStore: new AttachmentStore(path.join(scratch, 'attachments')),
    } as unknown as CommandContext;
    registration = registerCommands([exportConversationCommand(context), importConversationCommand(context)]);
  });
  afterEach(async () => {
    registration.dispose();
    await fs.rm(scratch, { recursive: true, force: true });
  });

  const saveAnswer = (uri: Uri | undefined) => fake.saveDialogAnswers.push((options: unknown) => (dialogs.push({ kind: 'save', options }), uri));
  const openAnswer = (uris: Uri[] | undefined) => fake.openDialogAnswers.push((options: unknown) => (dialogs.push({ kind: 'open', options }), uris));
  const exists = (file: string) => fs.stat(file).then(() => true, () => false);

  it('export with a target Uri argument writes nothing there, and asks with the save dialog', async () => {
    const planted = path.join(scratch, 'victim.json');
    saveAnswer(undefined); // the user cancels the dialog
    await commands.executeCommand('claudeChat.exportConversation', 'json', Uri.file(planted));
    assert.equal(await exists(planted), false, 'the argument named no file');
    assert.deepEqual(dialogs.map((dialog) => dialog.kind), ['save']);
  });

  it('export writes where the user chose in the dialog, not where the argument pointed', async () => {
    const planted = path.join(scratch, 'victim.md');
    await fs.writeFile(planted, 'precious');
    const chosen = path.join(scratch, 'chosen.md');
    saveAnswer(Uri.file(chosen));
    await commands.executeCommand('claudeChat.exportConversation', 'markdown', Uri.file(planted));
    assert.equal(await fs.readFile(planted, 'utf8'), 'precious');
    assert.match(await fs.readFile(chosen, 'utf8'), /Export me/);
  });

  it('import with a source Uri argument reads nothing from it, and asks with the open dialog', async () => {
    const planted = path.join(scratch, 'planted.json');
    await fs.writeFile(planted, JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'planted' }] }));
    openAnswer(undefined);
    await commands.executeCommand('claudeChat.importConversation', Uri.file(planted));
    assert.deepEqual(imported, []);
    assert.deepEqual(dialogs.map((dialog) => dialog.kind), ['open']);
  });

  it('import reads the file the user picked', async () => {
    const picked = path.join(scratch, 'picked.json');
    await fs.writeFile(picked, JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'picked' }] }));
    openAnswer([Uri.file(picked)]);
    await commands.executeCommand('claudeChat.importConversation');
    assert.equal(imported.length, 1);
  });
});
