import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { CodeCommandRunner, describeTarget, type CodeSource, type RunOutcome } from '../../../src/codeCommands/codeCommandRunner';
import { builtInCommand, customCommand, type ResolvedCommand } from '../../../src/codeCommands/resolvedCommand';
import { DEFAULT_SETTINGS, defaultCodeCommandSettings, type ChatSettings } from '../../../src/config/settingsSchema';
import type { DiffReview, ProposedEdit, ReviewOutcome } from '../../../src/editor/diffReview';
import type { LastEditorTracker } from '../../../src/editor/lastEditor';
import { BUILT_IN_COMMANDS, type BuiltInCommandName } from '../../../src/shared/codeCommandCatalog';
import type { CodeSnippet } from '../../../src/shared/codeContext';
import { messageText, type ChatMessage } from '../../../src/shared/conversation';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import type { Scenario } from '../../fakes/scenarios';
import { commands, Diagnostic, DiagnosticSeverity, fake, FakeTextDocument, fakeEditor, Range, Selection, setFakeDiagnostics, SymbolKind, Uri, window, workspace } from '../../fakes/vscode';
import { createHarness, waitFor, type Harness } from '../../helpers/chatHarness';
import { assistantMessage, conversation, userMessage } from '../../helpers/conversationFixtures';

interface Body {
  model: string;
  system?: string;
  messages: { role: string; content: { text?: string }[] }[];
}

const SOURCE = [
  '// calc', //                                                  line 0
  'export function add(a: number, b: number): number {', //     line 1
  '  return a + b;', //                                          line 2
  '}', //                                                        line 3
  '',
].join('\n');

/** The code of lines 2–3 (0-based 1–2), as a selection of them reads. */
const SELECTED = 'export function add(a: number, b: number): number {\n  return a + b;';

/** The fake server's default answers to code commands stream for a second or two; most tests need no more than this. */
const QUICK_ANSWER: Scenario = { kind: 'reply', text: 'Answer.' };

/** The runner driving the real ChatSession against the fake server, with the editor, settings and DiffReview stubbed. */
describe('CodeCommandRunner', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let harness: Harness;
  let root: string;
  let settings: ChatSettings;
  let editor: unknown;
  let reviews: ProposedEdit[];
  let reveals: number;
  let runner: CodeCommandRunner;

  before(() => server.start());
  after(() => server.stop());
  beforeEach(async () => {
    server.reset();
    fake.reset();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-runner-'));
    workspace.workspaceFolders = [{ uri: Uri.file(root), name: 'project', index: 0 }];
    harness = await createHarness({ server });
    settings = { ...DEFAULT_SETTINGS, codeCommands: defaultCodeCommandSettings() };
    editor = undefined;
    reviews = [];
    reveals = 0;
    const diffReview = {
      review: async (edit: ProposedEdit): Promise<ReviewOutcome> => {
        reviews.push(edit);
        return 'applied';
      },
    };
    runner = new CodeCommandRunner({
      session: harness.session,
      settings: () => settings,
      editors: {
        get editor() {
          return editor;
        },
      } as unknown as LastEditorTracker,
      diffReview: diffReview as unknown as DiffReview,
      revealChat: async () => {
        reveals++;
      },
      log: harness.log as unknown as vscode.LogOutputChannel,
    });
  });
  afterEach(async () => {
    await harness.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const fileUri = (relative: string) => Uri.file(path.join(root, relative));

  function openEditor(selection: Selection, text = SOURCE, file = 'src/calc.ts', language = 'typescript'): FakeTextDocument {
    const document = new FakeTextDocument(fileUri(file), text, language, 3);
    editor = fakeEditor(document, selection);
    return document;
  }

  function writeFile(relative: string, content: string): Uri {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
    return fileUri(relative);
  }

  const command = (name: BuiltInCommandName) => builtInCommand(name, settings.codeCommands);
  /** Runs a built-in command; the fake server answers it with `answer` (a short reply unless the test says). */
  const run = (name: BuiltInCommandName, source: CodeSource = { kind: 'editor' }, options: { question?: string } = {}, answer: Scenario = QUICK_ANSWER) => {
    server.enqueue(answer);
    return runner.run(command(name), source, options);
  };
  const runCustom = (resolved: ResolvedCommand, answer: Scenario = QUICK_ANSWER) => {
    server.enqueue(answer);
    return runner.run(resolved, { kind: 'editor' });
  };
  const bodies = () => server.requests.map((request) => request.body as Body);
  const lastUser = (): ChatMessage | undefined => harness.session.snapshot.messages.filter((message) => message.role === 'user').at(-1);

  function sent(outcome: RunOutcome): Extract<RunOutcome, { status: 'sent' }> {
    assert.equal(outcome.status, 'sent', JSON.stringify(outcome));
    return outcome as Extract<RunOutcome, { status: 'sent' }>;
  }

  function assertNothingSent(): void {
    assert.equal(server.requests.length, 0, 'no request left the host');
    assert.equal(harness.session.snapshot.messages.length, 0, 'nothing was appended to the conversation');
    assert.equal(reveals, 0, 'the chat was not opened for a command that did not run');
  }

  describe('what is sent', () => {
    it('sends the template rendered with the code, and the command’s system prompt after the conversation’s', async () => {
      settings.codeCommands.prompts.explain = { systemPrompt: 'You explain code.', template: 'Explain ${location} (${language}):\n\n${code}' };
      openEditor(new Selection(1, 0, 2, 16));
      const outcome = sent(await run('explain'));
      await outcome.reply;
      assert.equal(outcome.review, undefined, 'Explain does not edit');
      const [body] = bodies();
      assert.equal(body.system, `${DEFAULT_SETTINGS.systemPrompt}\n\nYou explain code.`);
      assert.equal(body.messages.length, 1);
      assert.equal(body.messages[0].content[0].text, `Explain src/calc.ts:2–3 (typescript):\n\n\`src/calc.ts\` lines 2–3\n\n\`\`\`typescript\n${SELECTED}\n\`\`\``);
      assert.equal(messageText(lastUser()!), body.messages[0].content[0].text, 'the turn keeps the full prompt (shown collapsed)');
      assert.deepEqual(lastUser()!.invocation, { command: 'Explain', target: 'src/calc.ts:2–3', systemPrompt: 'You explain code.' });
      assert.equal(reveals, 1, 'the chat is shown once the request is on its way');
    });

    it('sends the built-in default system prompt, and none of its own when the user emptied it', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      await sent(await run('writeTests')).reply;
      assert.equal(bodies()[0].system, `${DEFAULT_SETTINGS.systemPrompt}\n\n${BUILT_IN_COMMANDS.writeTests.defaults.systemPrompt}`);
      settings.codeCommands.prompts.writeTests = { ...settings.codeCommands.prompts.writeTests, systemPrompt: '' };
      await sent(await run('writeTests')).reply;
      assert.equal(bodies()[1].system, DEFAULT_SETTINGS.systemPrompt);
      assert.equal(lastUser()!.invocation!.systemPrompt, undefined);
    });

    it('sends a custom command with its model, which applies to that answer only', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      const custom = customCommand({ id: 'review', title: 'Review', systemPrompt: 'Review strictly.', template: 'Review ${path}:\n${selection}', model: 'claude-haiku-5-5', applyAsDiff: false });
      await sent(await runCustom(custom)).reply;
      const [body] = bodies();
      assert.equal(body.model, 'claude-haiku-5-5');
      assert.equal(body.messages[0].content[0].text, `Review src/calc.ts:\n${SELECTED}`);
      assert.deepEqual(lastUser()!.invocation, { command: 'Review', target: 'src/calc.ts:2–3', systemPrompt: 'Review strictly.', model: 'claude-haiku-5-5' });
      assert.equal(harness.session.snapshot.model, DEFAULT_SETTINGS.model, 'the conversation keeps its own model');
    });
  });

  describe('the turn’s heading names the target', () => {
    it('a selection: the path and its lines', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      await sent(await run('explain')).reply;
      assert.equal(lastUser()!.invocation!.target, 'src/calc.ts:2–3');
    });

    it('no selection inside a function: the function’s lines and its name, and the status bar says which', async () => {
      const range = new Range(1, 0, 3, 1);
      commands.registerCommand('vscode.executeDocumentSymbolProvider', () => [{ name: 'add', kind: SymbolKind.Function, range, selectionRange: range, detail: '', children: [] }]);
      openEditor(new Selection(2, 4, 2, 4));
      await sent(await run('explain')).reply;
      assert.equal(lastUser()!.invocation!.target, 'src/calc.ts:2–4 (function add)');
      assert.match(bodies()[0].messages[0].content[0].text!, /`src\/calc\.ts` lines 2–4 \(function add\)/);
      assert.deepEqual(fake.statusBarMessages, ['$(sparkle) No selection: Explain uses function add']);
    });

    it('no selection and no symbol: the whole file, named by its path', async () => {
      openEditor(new Selection(0, 0, 0, 0));
      await sent(await run('explain')).reply;
      assert.equal(lastUser()!.invocation!.target, 'src/calc.ts');
      assert.match(bodies()[0].messages[0].content[0].text!, /`src\/calc\.ts` lines 1–4 \(whole file\)/);
    });

    it('several files from the Explorer: their paths, each file’s code in the prompt', async () => {
      const uris = ['a.ts', 'lib/b.py', 'c.md'].map((name) => writeFile(name, `// ${name}\n`));
      await sent(await run('explain', { kind: 'files', uris: uris as unknown as vscode.Uri[] })).reply;
      assert.equal(lastUser()!.invocation!.target, 'a.ts, lib/b.py, c.md');
      const text = bodies()[0].messages[0].content[0].text!;
      assert.match(text, /`a\.ts` line 1 \(whole file\)\n\n```typescript\n\/\/ a\.ts\n```/);
      assert.match(text, /`lib\/b\.py` line 1 \(whole file\)\n\n```python\n\/\/ lib\/b\.py\n```/);
    });

    it('more than three files: how many', async () => {
      const uris = ['a.ts', 'b.ts', 'c.ts', 'd.ts'].map((name) => writeFile(name, `// ${name}\n`));
      await sent(await run('explain', { kind: 'files', uris: uris as unknown as vscode.Uri[] })).reply;
      assert.equal(lastUser()!.invocation!.target, '4 files');
    });

    it('describeTarget: selection, symbol, file, several files, the terminal', () => {
      const snippet = (patch: Partial<CodeSnippet>): CodeSnippet => ({ path: 'src/a.ts', language: 'typescript', startLine: 12, endLine: 30, text: 'x', origin: 'selection', diagnostics: [], ...patch });
      assert.equal(describeTarget([snippet({})]), 'src/a.ts:12–30');
      assert.equal(describeTarget([snippet({ startLine: 12, endLine: 12 })]), 'src/a.ts:12');
      assert.equal(describeTarget([snippet({ origin: 'symbol', symbol: 'method Store.save' })]), 'src/a.ts:12–30 (method Store.save)');
      assert.equal(describeTarget([snippet({ origin: 'file' })]), 'src/a.ts');
      assert.equal(describeTarget([snippet({ path: 'a.ts' }), snippet({ path: 'b.ts' })]), 'a.ts, b.ts');
      assert.equal(describeTarget([1, 2, 3, 4, 5].map((n) => snippet({ path: `f${n}.ts` }))), '5 files');
      assert.equal(describeTarget([snippet({ origin: 'terminal', path: '' })]), 'terminal selection');
    });
  });

  describe('Fix', () => {
    it('refuses when VS Code reports no problems in the code, sends nothing, and offers Find Bugs', async () => {
      const document = openEditor(new Selection(1, 0, 2, 16));
      // A problem outside the selection does not count.
      setFakeDiagnostics(document.uri, [new Diagnostic(new Range(0, 0, 0, 7), 'unused comment', DiagnosticSeverity.Warning)]);
      fake.messageAnswers.push('Find Bugs');
      const outcome = await run('fix');
      assert.deepEqual(outcome, { status: 'refused', reason: 'no problems in src/calc.ts:2–3' });
      assertNothingSent();
      assert.equal(fake.messages.length, 1);
      assert.match(fake.messages[0].text, /no problems in src\/calc\.ts:2–3/);
      assert.deepEqual(fake.messages[0].items, ['Find Bugs']);
      await waitFor(() => fake.executedCommands.some((executed) => executed.id === 'claudeChat.findBugs'), 'Find Bugs to run');
    });

    it('sends the problems in the range with their line numbers', async () => {
      const document = openEditor(new Selection(1, 0, 2, 16));
      const problem = new Diagnostic(new Range(2, 9, 2, 14), "Operator '+' cannot be applied to types 'number' and 'string'.", DiagnosticSeverity.Error);
      problem.source = 'ts';
      problem.code = 2365;
      setFakeDiagnostics(document.uri, [problem]);
      await sent(await run('fix')).reply;
      assert.match(bodies()[0].messages[0].content[0].text!, /Problems VS Code reports in this code:\n- line 3 \(error, ts 2365\): Operator '\+' cannot be applied to types 'number' and 'string'\./);
      assert.equal(bodies()[0].system, `${DEFAULT_SETTINGS.systemPrompt}\n\n${BUILT_IN_COMMANDS.fix.defaults.systemPrompt}`);
    });
  });

  describe('a quick fix', () => {
    afterEach(() => {
      window.visibleTextEditors = [];
    });

    it('acts on the code around the problem it was offered on, not around the cursor', async () => {
      const range = new Range(1, 0, 3, 1);
      commands.registerCommand('vscode.executeDocumentSymbolProvider', () => [{ name: 'add', kind: SymbolKind.Function, range, selectionRange: range, detail: '', children: [] }]);
      const document = openEditor(new Selection(0, 0, 0, 0));
      window.visibleTextEditors = [editor];
      editor = undefined; // the chat has focus: the quick fix names its file
      const problem = new Range(2, 9, 2, 14);
      setFakeDiagnostics(document.uri, [new Diagnostic(problem, 'Type mismatch')]);
      await sent(await run('fix', { kind: 'editor', anchor: { uri: document.uri, range: problem } as unknown as { uri: vscode.Uri; range: vscode.Range } })).reply;
      assert.equal(lastUser()!.invocation!.target, 'src/calc.ts:2–4 (function add)');
      assert.match(bodies()[0].messages[0].content[0].text!, /- line 3 \(error\): Type mismatch/);
    });
  });

  describe('a command that asks a question', () => {
    it('sends nothing when the question is cancelled or left empty', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      fake.inputAnswers.push(undefined, '   ');
      assert.deepEqual(await run('ask'), { status: 'cancelled' });
      assert.deepEqual(await run('ask'), { status: 'cancelled' });
      assertNothingSent();
    });

    it('asks, naming the target, and sends the question with the code', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      const asked: { title?: string }[] = [];
      fake.inputAnswers.push((options: { title?: string }) => (asked.push(options), '  Why a number?  '));
      await sent(await run('ask')).reply;
      assert.equal(asked[0].title, 'Ask About Selection: src/calc.ts:2–3');
      assert.equal(bodies()[0].messages[0].content[0].text, `\`src/calc.ts\` lines 2–3\n\n\`\`\`typescript\n${SELECTED}\n\`\`\`\n\nWhy a number?`);
      assert.equal(lastUser()!.invocation!.question, 'Why a number?');
    });

    it('does not ask a question given up front (a keybinding’s argument)', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      let asked = 0;
      fake.inputAnswers.push(() => (asked++, 'not this'));
      await sent(await run('ask', { kind: 'editor' }, { question: 'Is it pure?' })).reply;
      assert.equal(asked, 0);
      assert.ok(bodies()[0].messages[0].content[0].text!.endsWith('\n\nIs it pure?'));
      assert.equal(lastUser()!.invocation!.question, 'Is it pure?');
    });
  });

  describe('the context budget', () => {
    /** A selection of `chars` characters sent as it is (template `${selection}`), with a 30,000-character system prompt. */
    function bigSelection(chars: number): void {
      // No conversation system prompt, so the numbers below are the command's own.
      settings.systemPrompt = '';
      harness.session.updateMeta({ systemPrompt: '' });
      settings.codeCommands.prompts.explain = { systemPrompt: 'S'.repeat(30_000), template: '${selection}' };
      openEditor(new Selection(0, 0, 0, chars), 'x'.repeat(chars));
    }

    it('refuses a prompt over the budget before anything is appended or sent, with the size and the limit', async () => {
      // 570,000 characters of code and 30,000 of system prompt: 200,000 tokens at 3 characters a token (the code alone
      // would fit); the limit is the 200,000-token window less the 8,192 kept for the answer.
      bigSelection(570_000);
      const outcome = await run('explain');
      assert.equal(outcome.status, 'refused');
      assertNothingSent();
      const reason = (outcome as { reason: string }).reason;
      assert.match(reason, /^Explain was not sent: /);
      assert.match(reason, /about 200,000 tokens \(586 KB\), more than the 191,808 tokens claude-sonnet-5-5 can take/);
      assert.equal(fake.messages.length, 1);
      assert.equal(fake.messages[0].level, 'warning');
      assert.equal(fake.messages[0].text, `Claude Chat: ${reason}`);
    });

    it('sends a prompt just within the budget', async () => {
      bigSelection(545_424); // + 30,000 = 575,424 characters = 191,808 tokens, the limit exactly
      await sent(await run('explain')).reply;
      assert.equal(server.requests.length, 1);
    });

    it('counts the conversation the prompt is appended to, and not one a new chat leaves behind', async () => {
      const history = conversation(userMessage('h'.repeat(400_000), null, 'hist-u'), assistantMessage('ok', 'hist-u', 'hist-a'));
      harness.session.show(history);
      bigSelection(270_000); // + 30,000 of system prompt + 400,002 of history: over; without the history: within
      settings.codeCommands.answerIn = 'currentConversation';
      const refused = await run('explain');
      assert.equal(refused.status, 'refused');
      assert.match((refused as { reason: string }).reason, /Start a new chat/);
      assert.equal(server.requests.length, 0);
      assert.equal(harness.session.snapshot, history, 'the conversation was not replaced');
      assert.equal(history.messages.length, 2, 'nothing was appended');

      settings.codeCommands.answerIn = 'newConversation';
      await sent(await run('explain')).reply;
      assert.equal(bodies()[0].messages.length, 1, 'the new chat sends the prompt alone');
      assert.notEqual(harness.session.snapshot.id, history.id);
    });
  });

  describe('the context budget of the conversation the turn joins', () => {
    it('counts the conversation’s system prompt', async () => {
      settings.codeCommands.answerIn = 'currentConversation';
      harness.session.updateMeta({ systemPrompt: 'P'.repeat(300_000) });
      settings.codeCommands.prompts.explain = { systemPrompt: '', template: '${selection}' };
      openEditor(new Selection(0, 0, 0, 300_000), 'x'.repeat(300_000));
      const outcome = await run('explain');
      assert.equal(outcome.status, 'refused');
      assert.equal(server.requests.length, 0);
    });

    it('judges a new chat by the model it will use (the settings’), not the current conversation’s', async () => {
      const big = conversation(userMessage('h', null, 'big-u'), assistantMessage('ok', 'big-u', 'big-a'));
      big.model = 'claude-opus-5-5';
      harness.session.show(big);
      settings.codeCommands.answerIn = 'newConversation';
      settings.model = 'claude-sonnet-5-5';
      settings.systemPrompt = '';
      settings.codeCommands.prompts.explain = { systemPrompt: '', template: '${selection}' };
      openEditor(new Selection(0, 0, 0, 700_000), 'x'.repeat(700_000));
      const outcome = await run('explain');
      assert.equal(outcome.status, 'refused', 'about 233,000 tokens do not fit claude-sonnet-5-5, whatever the old conversation used');
      assert.match((outcome as { reason: string }).reason, /claude-sonnet-5-5/);
      assert.equal(server.requests.length, 0);
    });
  });

  describe('where the answer goes', () => {
    it('newConversation: stays in an empty chat, and starts a new one when the current one has messages', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      const first = harness.session.snapshot.id;
      await sent(await run('explain')).reply;
      assert.equal(harness.session.snapshot.id, first, 'an empty chat is used, not left behind empty');
      await sent(await run('explain')).reply;
      const second = harness.session.snapshot;
      assert.notEqual(second.id, first);
      assert.equal(second.messages.length, 2);
      assert.equal(bodies()[1].messages.length, 1, 'the earlier command is not sent as history');
    });

    it('currentConversation: appends to the current chat, which is sent as history', async () => {
      settings.codeCommands.answerIn = 'currentConversation';
      openEditor(new Selection(1, 0, 2, 16));
      const first = harness.session.snapshot.id;
      await sent(await run('explain')).reply;
      await sent(await run('findBugs')).reply;
      assert.equal(harness.session.snapshot.id, first);
      assert.equal(harness.session.snapshot.messages.length, 4);
      assert.equal(bodies()[1].messages.length, 3);
    });

    it('a custom command’s own destination overrides the setting', async () => {
      settings.codeCommands.answerIn = 'newConversation';
      openEditor(new Selection(1, 0, 2, 16));
      const custom = customCommand({ id: 'c', title: 'Check', systemPrompt: '', template: '${code}', conversation: 'current', applyAsDiff: false });
      const first = harness.session.snapshot.id;
      await sent(await runCustom(custom)).reply;
      await sent(await runCustom(custom)).reply;
      assert.equal(harness.session.snapshot.id, first);
      assert.equal(harness.session.snapshot.messages.length, 4);
    });
  });

  describe('while an answer is streaming', () => {
    beforeEach(() => {
      settings.codeCommands.answerIn = 'currentConversation';
      openEditor(new Selection(1, 0, 2, 16));
    });

    /** The first answer's reply, wrapped: an async function returning the promise itself would wait for it. */
    async function startStalledAnswer(): Promise<{ reply: Promise<ChatMessage> }> {
      const first = sent(await run('explain', { kind: 'editor' }, {}, { kind: 'stallAfterStart' }));
      assert.ok(harness.session.busy);
      await waitFor(() => server.requests.length === 1, 'the first request to reach the server');
      return { reply: first.reply };
    }

    it('a new command asks first, and sends nothing unless the user picks "Stop and Run"', async () => {
      await startStalledAnswer();
      const outcome = await run('findBugs');
      assert.deepEqual(outcome, { status: 'cancelled' });
      assert.equal(fake.messages.length, 1);
      assert.equal(fake.messages[0].level, 'warning');
      assert.deepEqual(fake.messages[0].items, ['Stop and Run']);
      assert.ok(harness.session.busy, 'the first answer is still streaming');
      assert.equal(server.requests.length, 1);
      assert.equal(harness.session.snapshot.messages.length, 2);
    });

    it('"Stop and Run" stops the streaming answer, then runs the command', async () => {
      const first = await startStalledAnswer();
      fake.messageAnswers.push('Stop and Run');
      const outcome = sent(await run('findBugs'));
      assert.equal((await first.reply).status, 'stopped');
      await outcome.reply;
      assert.equal(server.requests.length, 2);
      await waitFor(() => server.requests[0].clientAborted, 'the first request to be aborted');
      assert.equal(harness.session.snapshot.messages.length, 4);
      assert.deepEqual(
        harness.session.snapshot.messages.filter((message) => message.role === 'user').map((message) => message.invocation?.command),
        ['Explain', 'Find Bugs'],
      );
    });
  });

  describe('an edit command', () => {
    it('offers the answer’s code as a diff on the range it came from', async () => {
      const document = openEditor(new Selection(1, 0, 2, 16));
      const outcome = sent(await run('refactor', { kind: 'editor' }, {}, { kind: 'reply', text: 'Here it is:\n\n```typescript\nexport function add(a: number, b: number): number {\n  return b + a;\n```\n\nSwapped the operands.' }));
      assert.ok(outcome.review, 'an edit command’s outcome carries the review');
      assert.equal(await outcome.review, 'applied');
      assert.equal(reviews.length, 1);
      const [edit] = reviews;
      assert.equal(edit.uri.toString(), document.uri.toString());
      assert.deepEqual([edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character], [1, 0, 2, 16]);
      assert.equal(edit.originalText, SELECTED);
      assert.equal(edit.version, 3);
      assert.equal(edit.proposedText, 'export function add(a: number, b: number): number {\n  return b + a;');
      assert.equal(edit.commandTitle, 'Refactor');
      assert.equal(edit.wholeDocument, false);
      assert.match(bodies()[0].system!, /the complete replacement for exactly the code you were given/);
    });

    it('takes the fence in the file’s language when the answer has several', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      await sent(await run('optimize', { kind: 'editor' }, {}, { kind: 'reply', text: '```shell\nnpm test\n```\n\n```typescript\nconst longest = 1;\nconst second = 2;\n```\n\n```\nx\n```' })).review;
      assert.equal(reviews[0].proposedText, 'const longest = 1;\nconst second = 2;');
    });

    it('a whole file comes back as a whole-document edit', async () => {
      openEditor(new Selection(0, 0, 0, 0));
      await sent(await run('addDocumentation', { kind: 'editor' }, {}, { kind: 'reply', text: '```typescript\n// calc\n```' })).review;
      assert.equal(reviews.length, 1);
      assert.equal(reviews[0].wholeDocument, true);
      assert.equal(reviews[0].originalText, SOURCE.replace(/\n$/, ''));
    });

    it('opens no review for a stopped answer', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      const outcome = sent(await run('refactor', { kind: 'editor' }, {}, { kind: 'stallAfterStart' }));
      harness.session.stop();
      assert.equal(await outcome.review, 'failed');
      assert.equal((await outcome.reply).status, 'stopped');
      assert.equal(reviews.length, 0);
    });

    it('opens no review for a failed answer, even with code before the error', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      const outcome = sent(await run('refactor', { kind: 'editor' }, {}, { kind: 'midStreamError', textBefore: '```typescript\nconst half =\n```\n' }));
      assert.equal(await outcome.review, 'failed');
      assert.equal((await outcome.reply).status, 'failed');
      assert.equal(reviews.length, 0);
    });

    it('opens no review for an answer without a code block, and says the answer is in the chat', async () => {
      openEditor(new Selection(1, 0, 2, 16));
      assert.equal(await sent(await run('optimize', { kind: 'editor' }, {}, { kind: 'reply', text: 'This code is already as simple as it gets.' })).review, 'failed');
      assert.equal(reviews.length, 0);
      assert.equal(fake.messages.length, 1);
      assert.match(fake.messages[0].text, /the Optimize answer has no code block to apply; it is in the chat/);
    });
  });

  describe('refusals', () => {
    it('with no API key: an error offering Set API Key, and nothing sent', async () => {
      await harness.keys.clear();
      openEditor(new Selection(1, 0, 2, 16));
      fake.messageAnswers.push('Set API Key');
      const outcome = await run('explain');
      assert.deepEqual(outcome, { status: 'refused', reason: 'No API key is set.' });
      assertNothingSent();
      assert.equal(fake.messages.length, 1);
      assert.equal(fake.messages[0].level, 'error');
      assert.match(fake.messages[0].text, /^Claude Chat: No API key is set\./);
      assert.deepEqual(fake.messages[0].items, ['Set API Key']);
      await waitFor(() => fake.executedCommands.some((executed) => executed.id === 'claudeChat.setApiKey'), 'Set API Key to run');
    });

    it('with no editor: says to open a file', async () => {
      const outcome = await run('explain');
      assert.deepEqual(outcome, { status: 'refused', reason: 'Open a file and select the code first.' });
      assertNothingSent();
      assert.equal(fake.messages[0].text, 'Claude Chat: Open a file and select the code first.');
    });

    it('an edit command on several files: one file at a time', async () => {
      const uris = ['a.ts', 'b.ts'].map((name) => writeFile(name, `// ${name}\n`));
      const outcome = await run('addDocumentation', { kind: 'files', uris: uris as unknown as vscode.Uri[] });
      assert.deepEqual(outcome, { status: 'refused', reason: 'Add Documentation changes one file at a time; select a single file.' });
      assertNothingSent();
    });

    it('files that cannot be read: refused with the reasons when none is left, else sent with a warning', async () => {
      const binary = writeFile('image.png', '\x00\x01');
      const refused = await run('explain', { kind: 'files', uris: [binary] as unknown as vscode.Uri[] });
      assert.deepEqual(refused, { status: 'refused', reason: 'Nothing to send. image.png: binary file (it contains NUL bytes)' });
      assertNothingSent();
      const text = writeFile('a.ts', 'let a = 1;\n');
      await sent(await run('explain', { kind: 'files', uris: [binary, text] as unknown as vscode.Uri[] })).reply;
      assert.equal(lastUser()!.invocation!.target, 'a.ts');
      assert.match(fake.messages.at(-1)!.text, /left out 1 file: image\.png: binary file/);
    });
  });
});
