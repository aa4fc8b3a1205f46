import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ApiKeyStore } from '../../../src/auth/apiKeyStore';
import { addSelectionToChatCommand } from '../../../src/commands/addSelectionToChat';
import { DEFAULT_SETTINGS } from '../../../src/config/settingsSchema';
import { ChatSession } from '../../../src/conversations/chatSession';
import { fake, FakeLog, FakeSecretStorage, FakeTextDocument, fakeEditor, Selection, Uri, workspace } from '../../fakes/vscode';
import { codeCommandStubs, type CodeCommandStubs } from '../../helpers/codeCommandServices';

const ROOT = Uri.file('/work/project');
const SOURCE = 'export function add(a: number, b: number): number {\n  return a + b;\n}\n';

describe('Add Selection to Chat', () => {
  let session: ChatSession;
  let stubs: CodeCommandStubs;
  let appended: string[];

  beforeEach(() => {
    fake.reset();
    workspace.workspaceFolders = [{ uri: ROOT, name: 'project', index: 0 }];
    const log = new FakeLog() as unknown as vscode.LogOutputChannel;
    const keys = new ApiKeyStore(new FakeSecretStorage() as unknown as vscode.SecretStorage, log, {});
    session = new ChatSession(keys, () => DEFAULT_SETTINGS, log);
    stubs = codeCommandStubs(session);
    appended = [];
    session.onDidAppendToDraft((text) => appended.push(text));
  });
  afterEach(() => session.dispose());

  const run = () => addSelectionToChatCommand(stubs.context, stubs.services).run();

  function open(selection: Selection, text = SOURCE): void {
    stubs.editor = fakeEditor(new FakeTextDocument(Uri.joinPath(ROOT, 'src/calc.ts'), text, 'typescript'), selection);
  }

  it('adds a reference to the code and the code, fenced in its language, to the draft, and sends nothing', async () => {
    open(new Selection(0, 0, 1, 15));
    session.draft = 'Why does';
    await run();
    const addition = '`src/calc.ts:1–2`\n```typescript\nexport function add(a: number, b: number): number {\n  return a + b;\n```\n';
    assert.equal(session.draft, `Why does\n\n${addition}`);
    assert.deepEqual(appended, [addition], 'open views are told what to add');
    assert.equal(session.snapshot.messages.length, 0, 'nothing was sent');
    assert.equal(stubs.reveals, 1, 'the chat is shown so the user can write the question');
  });

  it('fences code that holds a fence with a longer one', async () => {
    open(new Selection(0, 0, 0, 14), 'const s = "```";\n');
    await run();
    assert.equal(session.draft, '`src/calc.ts:1`\n````typescript\nconst s = "```\n````\n');
  });

  it('with no editor, says to open a file and adds nothing', async () => {
    await run();
    assert.equal(session.draft, '');
    assert.deepEqual(appended, []);
    assert.equal(stubs.reveals, 0);
    assert.match(fake.messages[0].text, /open a file and select the code/);
  });

  it('refuses a whole file over the limit with the reason, and adds nothing', async () => {
    stubs.settings.codeCommands.wholeFileMaxLines = 2;
    open(new Selection(0, 0, 0, 0));
    await run();
    assert.equal(session.draft, '');
    assert.equal(stubs.reveals, 0);
    assert.equal(fake.messages[0].level, 'warning');
    assert.match(fake.messages[0].text, /over the limit of 2 lines/);
  });
});
