import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RunOutcome } from '../../src/codeCommands/codeCommandRunner';
import type { ClaudeChatApi } from '../../src/extension';
import { BUILT_IN_COMMANDS } from '../../src/shared/codeCommandCatalog';
import { messageText } from '../../src/shared/conversation';
import { FakeAnthropicServer, type RecordedRequest } from '../fakes/anthropicServer';
import { waitFor } from '../helpers/waitFor';
import { CODE_SAMPLE as SAMPLE } from '../fixtures/codeSample';
import { systemTextOf } from '../helpers/sentBlocks';

const KEY = 'sk-ant-api03-code-commands-integration-key';

interface RequestBody {
  model: string;
  system?: string;
  messages: { role: string; content: { type: string; text?: string }[] }[];
}

/** The text of the last user turn a request carried. */
function lastUserText(request: RecordedRequest): string {
  const body = request.body as RequestBody;
  const last = body.messages[body.messages.length - 1];
  return last.content.map((block) => block.text ?? '').join('');
}

describe('code commands in a real VS Code extension host', function () {
  this.timeout(60_000);
  const server = new FakeAnthropicServer({ validKeys: [KEY] });
  let api: ClaudeChatApi;
  let folder: vscode.Uri;
  let sampleUri: vscode.Uri;
  const diagnostics = vscode.languages.createDiagnosticCollection('code-commands-test');

  before(async () => {
    const url = await server.start();
    const config = vscode.workspace.getConfiguration('claudeChat');
    await config.update('baseUrl', url, vscode.ConfigurationTarget.Global);
    await config.update('titles.enabled', false, vscode.ConfigurationTarget.Global);
    await config.update('codeCommands.answerIn', 'newConversation', vscode.ConfigurationTarget.Global);
    api = await vscode.extensions.getExtension<ClaudeChatApi>('claude-chat-dev.claude-chat')!.activate();
    await api.storeApiKey(KEY);
    folder = vscode.workspace.workspaceFolders![0].uri;
    sampleUri = vscode.Uri.joinPath(folder, 'src', 'sample.ts');
    await vscode.workspace.fs.writeFile(sampleUri, new TextEncoder().encode(SAMPLE));
  });

  after(async () => {
    diagnostics.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const config = vscode.workspace.getConfiguration('claudeChat');
    for (const key of ['baseUrl', 'titles.enabled', 'codeCommands.answerIn', 'customCommands']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);
    await server.stop();
  });

  beforeEach(async () => {
    server.reset();
    diagnostics.clear();
    if (api.session.busy) {
      api.session.stop();
      await waitFor(() => !api.session.busy, 'the previous answer to end');
    }
    api.session.newChat();
  });

  async function openSample(selection?: vscode.Selection): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(sampleUri);
    const editor = await vscode.window.showTextDocument(document, { preview: false });
    if (selection) editor.selection = selection;
    return editor;
  }

  /** Runs a command as the palette does and waits for its request to reach the server. */
  async function runAndCapture(command: string, ...args: unknown[]): Promise<{ outcome: RunOutcome; request: RecordedRequest; elapsedMs: number }> {
    const before = server.messageRequests.length;
    const started = performance.now();
    const pending = vscode.commands.executeCommand<RunOutcome>(command, ...args);
    await waitFor(() => server.messageRequests.length > before, `the request of ${command}`);
    const elapsedMs = performance.now() - started;
    const outcome = await pending;
    assert.equal(outcome.status, 'sent', `${command} sent its request`);
    return { outcome, request: server.messageRequests[server.messageRequests.length - 1], elapsedMs };
  }

  it('Explain sends the selected lines fenced with their language, path and range, under its own system prompt', async () => {
    await openSample(new vscode.Selection(1, 0, 4, 1));
    const { outcome, request, elapsedMs } = await runAndCapture('claudeChat.explain');
    // The first TypeScript file opened activates VS Code's TypeScript extension in this same extension host, which
    // holds its event loop for about a second: the warm numbers are in the measurement test below.
    console.log(`      Explain, first command of the run: ${elapsedMs.toFixed(1)} ms from executeCommand to the request at the server`);
    const body = request.body as RequestBody;
    const text = lastUserText(request);
    assert.ok(text.includes('```typescript\nexport function add(a: number, b: number): number {\n  const sum = a + b;\n  return sum;\n}\n```'), text);
    assert.ok(text.includes('src/sample.ts'), 'the workspace-relative path');
    assert.ok(text.includes('2–5') || text.includes('2-5'), 'the 1-based line range');
    assert.ok(systemTextOf(body)?.includes(BUILT_IN_COMMANDS.explain.defaults.systemPrompt.trim()), 'the command system prompt is sent');
    if (outcome.status === 'sent') await outcome.reply;
    const user = api.session.snapshot.messages.find((message) => message.role === 'user')!;
    assert.deepEqual({ command: user.invocation?.command, target: user.invocation?.target }, { command: 'Explain', target: 'src/sample.ts:2–5' });
    assert.equal(messageText(user), text, 'the turn keeps the full prompt that was sent');
  });

  it('with no selection, takes the enclosing symbol and says which', async () => {
    await openSample(new vscode.Selection(9, 4, 9, 4));
    const { request } = await runAndCapture('claudeChat.explain');
    const text = lastUserText(request);
    assert.ok(text.includes('increment(): number {'), text);
    const target = api.session.snapshot.messages[0].invocation?.target ?? '';
    assert.match(target, /src\/sample\.ts:\d+–\d+ \(.*(increment|Counter).*\)/, target);
  });

  it('Find Bugs sends the problems VS Code reports in the range, with their line numbers', async () => {
    diagnostics.set(sampleUri, [new vscode.Diagnostic(new vscode.Range(2, 8, 2, 11), 'sum is computed twice', vscode.DiagnosticSeverity.Warning)]);
    await openSample(new vscode.Selection(1, 0, 4, 1));
    const { request } = await runAndCapture('claudeChat.findBugs');
    const text = lastUserText(request);
    assert.match(text, /line 3\b[^\n]*sum is computed twice/, text);
  });

  it('Ask About Selection sends the question with the code', async () => {
    await openSample(new vscode.Selection(1, 0, 4, 1));
    const { request } = await runAndCapture('claudeChat.askAboutSelection', 'Can this overflow?');
    assert.ok(lastUserText(request).includes('Can this overflow?'));
    assert.equal(api.session.snapshot.messages[0].invocation?.question, 'Can this overflow?');
  });

  it('Refactor comes back as a diff: the document changes only on Accept, in one undo step', async () => {
    const editor = await openSample(new vscode.Selection(1, 0, 4, 1));
    const replacement = 'export function add(a: number, b: number): number {\n  return a + b;\n}';
    server.enqueue({ kind: 'reply', text: `Simpler:\n\n\`\`\`typescript\n${replacement}\n\`\`\`\n` });
    const { outcome } = await runAndCapture('claudeChat.refactor');
    assert.ok(outcome.status === 'sent' && outcome.review, 'an edit command offers a review');
    await waitFor(() => vscode.window.tabGroups.all.flatMap((group) => group.tabs).some((tab) => tab.input instanceof vscode.TabInputTextDiff), 'the diff to open', 20_000);
    assert.equal(editor.document.getText(), SAMPLE, 'nothing changes before acceptance');
    await vscode.commands.executeCommand('claudeChat.acceptProposal');
    assert.equal(await outcome.review, 'applied');
    assert.equal(editor.document.getText(), SAMPLE.replace('export function add(a: number, b: number): number {\n  const sum = a + b;\n  return sum;\n}', replacement));
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), SAMPLE, 'one undo step restores the original');
    await editor.document.save();
  });

  it('Fix refuses without problems in range and is offered as a quick fix on a diagnostic, which runs it', async () => {
    await openSample(new vscode.Selection(1, 0, 4, 1));
    const refused = await vscode.commands.executeCommand<RunOutcome>('claudeChat.fix');
    assert.equal(refused.status, 'refused');
    assert.equal(server.messageRequests.length, 0, 'nothing was sent');

    const problem = new vscode.Diagnostic(new vscode.Range(3, 9, 3, 12), "Cannot find name 'sum'.", vscode.DiagnosticSeverity.Error);
    problem.source = 'ts';
    diagnostics.set(sampleUri, [problem]);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sampleUri, problem.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.title === 'Fix with Claude');
    assert.ok(fix?.command, 'Fix with Claude is offered');
    assert.ok(actions.some((action) => action.title === 'Explain with Claude'));
    assert.equal(fix.isPreferred, true);
    server.enqueue({ kind: 'reply', text: 'No code change needed.' });
    const { request } = await runAndCapture(fix.command.command, ...(fix.command.arguments ?? []));
    const text = lastUserText(request);
    assert.match(text, /line 4\b[^\n]*Cannot find name 'sum'/, text);
    assert.ok(text.includes('```typescript'), 'the code around the problem is sent');
  });

  it('a custom command from settings runs with its own template, system prompt and model', async () => {
    await vscode.workspace.getConfiguration('claudeChat').update(
      'customCommands',
      [{ id: 'rename', title: 'Suggest Names', template: 'Suggest better names for ${location}:\n${code}', systemPrompt: 'You name things well.', model: 'claude-haiku-5-5' }],
      vscode.ConfigurationTarget.Global,
    );
    await openSample(new vscode.Selection(1, 0, 4, 1));
    const { request } = await runAndCapture('claudeChat.customCommand', 'rename');
    const body = request.body as RequestBody;
    assert.equal(body.model, 'claude-haiku-5-5');
    assert.ok(systemTextOf(body)?.endsWith('You name things well.'));
    assert.ok(lastUserText(request).startsWith('Suggest better names for src/sample.ts:2–5:'));
    assert.equal(api.session.snapshot.messages[0].invocation?.command, 'Suggest Names');
  });

  it('a workspace prompt file (.claude/commands) runs as a command, its front matter honoured', async () => {
    const file = vscode.Uri.joinPath(folder, '.claude', 'commands', 'security-review.md');
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode('---\ndescription: Look for injection risks\nmodel: claude-opus-5-5\n---\nReview this code for injection risks. Focus: $ARGUMENTS\n'));
    await openSample(new vscode.Selection(1, 0, 4, 1));
    const { request } = await runAndCapture('claudeChat.customCommand', 'security-review', 'SQL in add()');
    const body = request.body as RequestBody;
    assert.equal(body.model, 'claude-opus-5-5');
    const text = lastUserText(request);
    assert.ok(text.startsWith('Review this code for injection risks. Focus: SQL in add()'), text);
    assert.ok(text.includes('```typescript'), 'the selection goes with it');
  });

  it('Explorer: Explain File on a multi-selection sends every selected file; a binary file is left out with the reason', async () => {
    const other = vscode.Uri.joinPath(folder, 'src', 'notes.md');
    const binary = vscode.Uri.joinPath(folder, 'src', 'image.bin');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode('# Notes\n\nNothing here yet.\n'));
    await vscode.workspace.fs.writeFile(binary, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0xff, 0]));
    const { request } = await runAndCapture('claudeChat.explainFile', sampleUri, [sampleUri, other, binary]);
    const text = lastUserText(request);
    assert.ok(text.includes('```typescript') && text.includes('export class Counter'), 'the TypeScript file');
    assert.ok(text.includes('```markdown') && text.includes('Nothing here yet.'), 'the Markdown file');
    assert.ok(!text.includes('image.bin'), 'the binary file is not sent');

    const onlyBinary = await vscode.commands.executeCommand<RunOutcome>('claudeChat.explainFile', binary, [binary]);
    assert.equal(onlyBinary.status, 'refused');
    assert.match(onlyBinary.status === 'refused' ? onlyBinary.reason : '', /image\.bin: .*binary/i);
  });

  it('Add Selection to Chat puts a reference with the code into the composer and sends nothing', async () => {
    await openSample(new vscode.Selection(1, 0, 4, 1));
    api.session.draft = 'Compare this:';
    await vscode.commands.executeCommand('claudeChat.addSelectionToChat');
    assert.equal(server.messageRequests.length, 0);
    assert.ok(api.session.draft.startsWith('Compare this:\n\n`src/sample.ts:2–5`\n```typescript\nexport function add'), api.session.draft);
  });

  it('measures the time from a command to its request at the server (cold first, then warm)', async () => {
    await openSample(new vscode.Selection(1, 0, 4, 1));
    const times: number[] = [];
    for (let run = 0; run < 8; run++) {
      server.enqueue({ kind: 'reply', text: 'ok' });
      const { outcome, elapsedMs } = await runAndCapture('claudeChat.explain');
      times.push(elapsedMs);
      if (outcome.status === 'sent') await outcome.reply;
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`      Explain → request at the server, 8 runs: median ${sorted[4].toFixed(1)} ms, min ${sorted[0].toFixed(1)} ms, max ${sorted[7].toFixed(1)} ms`);
    assert.equal(times.length, 8);
  });

  it('every menu entry and palette rule names a contributed command, and edit commands hide on read-only editors', () => {
    const manifest = vscode.extensions.getExtension('claude-chat-dev.claude-chat')!.packageJSON;
    const commands = new Set((manifest.contributes.commands as { command: string }[]).map((command) => command.command));
    const menus = manifest.contributes.menus as Record<string, { command?: string; submenu?: string; when?: string }[]>;
    for (const [menu, items] of Object.entries(menus)) for (const item of items) if (item.command) assert.ok(commands.has(item.command), `${menu}: ${item.command}`);
    const editorMenu = menus['claudeChat.editorMenu'];
    for (const id of ['refactor', 'fix', 'optimize', 'addDocumentation']) {
      assert.match(editorMenu.find((item) => item.command === `claudeChat.${id}`)?.when ?? '', /!editorReadonly/, id);
    }
    assert.match(editorMenu.find((item) => item.command === 'claudeChat.fix')?.when ?? '', /claudeChat\.editorHasProblems/);
    assert.ok(menus['editor/context'].some((item) => item.submenu === 'claudeChat.editorMenu'));
    assert.ok(menus['explorer/context'].some((item) => item.submenu === 'claudeChat.explorerMenu'));
    assert.ok(menus['terminal/context'].some((item) => item.command === 'claudeChat.explainTerminalSelection'));
  });
});
