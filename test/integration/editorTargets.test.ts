import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { targetFromEditor, type EditorTarget, type TargetResult } from '../../src/editor/codeTarget';
import { ClaudeQuickFixes, QUICK_FIX_SELECTOR } from '../../src/editor/quickFixProvider';
import { readTerminalSelection } from '../../src/editor/terminalSelection';
import { readFileSnippets } from '../../src/editor/workspaceFiles';

const LIMITS = { maxLines: 2000, maxBytes: 200 * 1024 };

/** Retries an async check until it returns a value (the language server, the marker service, the terminal catch up). */
async function eventually<T>(check: () => Promise<T | undefined>, what: string, limitMs = 20_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() - started > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function target(result: TargetResult): EditorTarget {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.target;
}

const TYPESCRIPT = `export class Cart {
  private items: number[] = [];

  add(price: number): void {
    this.items.push(price);
  }
}

export function total(prices: number[]): number {
  let sum = 0;
  for (const price of prices) {
    sum += price;
  }
  return sum;
}

export const TAX = 0.2;
`;

describe('editor targets in a real VS Code extension host', function () {
  this.timeout(60_000);
  let folder: string;
  let folderName: string;
  const disposables: vscode.Disposable[] = [];

  before(() => {
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the integration run opens a workspace folder');
    folderName = `editor-targets-${Date.now()}`;
    folder = path.join(root, folderName);
    fs.mkdirSync(folder, { recursive: true });
  });

  afterEach(() => {
    for (const disposable of disposables.splice(0)) disposable.dispose();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  function write(relative: string, content: string | Uint8Array): vscode.Uri {
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return vscode.Uri.file(file);
  }

  async function open(relative: string, content: string, selection: vscode.Selection): Promise<vscode.TextEditor> {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(write(relative, content)));
    editor.selection = selection;
    return editor;
  }

  it('a selection becomes a snippet with 1-based lines, the language id and the workspace-relative path', async () => {
    const editor = await open('pick.py', 'import os\n\ndef main():\n    print(os.getcwd())\n', new vscode.Selection(2, 0, 4, 0));
    const result = target(await targetFromEditor(editor, LIMITS));
    assert.equal(result.snippet.path, `${folderName}/pick.py`);
    assert.equal(result.snippet.language, 'python');
    assert.equal(result.snippet.origin, 'selection');
    assert.deepEqual([result.snippet.startLine, result.snippet.endLine], [3, 4]);
    assert.equal(result.snippet.text, 'def main():\n    print(os.getcwd())');
    assert.equal(result.version, editor.document.version);
    assert.equal(editor.document.getText(result.range), result.snippet.text);
  });

  it('an empty selection in a TypeScript function takes the enclosing symbol from the TypeScript language features', async () => {
    const editor = await open('cart.ts', TYPESCRIPT, new vscode.Selection(11, 6, 11, 6));
    // The TypeScript server starts on the first TypeScript file; its first answer may take a while.
    const inFunction = target(await targetFromEditor(editor, LIMITS, { symbolTimeoutMs: 30_000 }));
    assert.equal(inFunction.snippet.origin, 'symbol', 'the TypeScript server answered with the document symbols');
    assert.equal(inFunction.snippet.symbol, 'function total');
    assert.deepEqual([inFunction.snippet.startLine, inFunction.snippet.endLine], [9, 15]);
    assert.ok(inFunction.snippet.text.startsWith('export function total('));

    editor.selection = new vscode.Selection(4, 8, 4, 8);
    const inMethod = target(await targetFromEditor(editor, LIMITS, { symbolTimeoutMs: 30_000 }));
    assert.equal(inMethod.snippet.symbol, 'method Cart.add');
    assert.equal(inMethod.snippet.text, '  add(price: number): void {\n    this.items.push(price);\n  }');

    // A constant is no unit of code of its own: the whole file (within the limit) is taken.
    editor.selection = new vscode.Selection(16, 14, 16, 14);
    const onConstant = target(await targetFromEditor(editor, LIMITS, { symbolTimeoutMs: 30_000 }));
    assert.equal(onConstant.snippet.origin, 'file');
    assert.deepEqual([onConstant.snippet.startLine, onConstant.snippet.endLine], [1, 17]);
  });

  it('with no symbol takes the whole file, and refuses one over the limit with the size and the limit', async () => {
    const lines = Array.from({ length: 40 }, (_, index) => `note ${index + 1}`).join('\n');
    const editor = await open('notes.txt', `${lines}\n`, new vscode.Selection(5, 2, 5, 2));
    const whole = target(await targetFromEditor(editor, LIMITS));
    assert.equal(whole.snippet.origin, 'file');
    assert.equal(whole.snippet.language, 'plaintext');
    assert.deepEqual([whole.snippet.startLine, whole.snippet.endLine], [1, 40]);
    const refused = await targetFromEditor(editor, { maxLines: 30, maxBytes: 200 * 1024 });
    assert.ok(!refused.ok);
    assert.ok(refused.reason.includes(`\`${folderName}/notes.txt\``), refused.reason);
    assert.match(refused.reason, /40 lines \(\d+ bytes\), over the limit of 30 lines and 200 KB/);
    assert.match(refused.reason, /Select the code to send/);
  });

  it('fills in the diagnostics in the range, from any diagnostic collection', async () => {
    const editor = await open('problems.ts', 'const a: number = "x";\nconst b = 1;\nconst c = 2;\n', new vscode.Selection(0, 0, 1, 12));
    const collection = vscode.languages.createDiagnosticCollection('claude-chat-test');
    disposables.push(collection);
    const inRange = new vscode.Diagnostic(new vscode.Range(0, 6, 0, 7), 'Type mismatch.', vscode.DiagnosticSeverity.Error);
    inRange.source = 'test';
    inRange.code = 'T1';
    collection.set(editor.document.uri, [inRange, new vscode.Diagnostic(new vscode.Range(2, 6, 2, 7), 'Outside.', vscode.DiagnosticSeverity.Warning)]);
    const result = target(await targetFromEditor(editor, LIMITS));
    const ours = result.snippet.diagnostics.filter((item) => item.source === 'test');
    assert.deepEqual(ours, [{ line: 1, endLine: 1, severity: 'error', message: 'Type mismatch.', source: 'test', code: 'T1' }]);
  });

  it('readFileSnippets refuses a binary file and expands a folder, reporting the cut', async () => {
    const binary = write('files/logo.bin', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    const latin1 = write('files/latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    for (const name of ['a.ts', 'b.ts', 'c.ts', 'sub/d.ts']) write(`files/lib/${name}`, `export const ${name[name.length - 4]} = 1;\n`);
    const libFolder = vscode.Uri.file(path.join(folder, 'files/lib'));
    const { snippets, refused } = await readFileSnippets([binary, latin1, libFolder], { maxFiles: 3, maxBytesPerFile: 100_000, maxTotalBytes: 1_000_000 });
    assert.deepEqual(refused, [
      { path: `${folderName}/files/logo.bin`, reason: 'binary file (it contains NUL bytes)' },
      { path: `${folderName}/files/latin1.txt`, reason: 'not UTF-8 text (a binary file or another encoding)' },
      { path: `${folderName}/files/lib`, reason: 'more than 3 files in this folder; only the first 3 were read' },
    ]);
    assert.deepEqual(
      snippets.map((item) => [item.snippet.path, item.snippet.language, item.snippet.endLine]),
      ['a.ts', 'b.ts', 'c.ts'].map((name) => [`${folderName}/files/lib/${name}`, 'typescript', 1]),
    );
    const all = await readFileSnippets([libFolder], { maxFiles: 4, maxBytesPerFile: 100_000, maxTotalBytes: 1_000_000 });
    assert.deepEqual(all.snippets.map((item) => item.snippet.path.split('/').pop()), ['a.ts', 'b.ts', 'c.ts', 'd.ts']);
    assert.deepEqual(all.refused, []);
  });

  it('the quick fix provider offers Fix with Claude (preferred) and Explain with Claude through the real code-action path', async () => {
    const editor = await open('quickfix.ts', 'let value = 1;\nvalue = "two";\n', new vscode.Selection(1, 3, 1, 3));
    disposables.push(vscode.languages.registerCodeActionsProvider(QUICK_FIX_SELECTOR, new ClaudeQuickFixes(), ClaudeQuickFixes.metadata));
    const collection = vscode.languages.createDiagnosticCollection('claude-chat-quickfix-test');
    disposables.push(collection);
    collection.set(editor.document.uri, [new vscode.Diagnostic(new vscode.Range(1, 0, 1, 5), "Type 'string' is not assignable to type 'number'.")]);
    const uri = editor.document.uri;
    const claudeActions = await eventually(async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(1, 3, 1, 3), vscode.CodeActionKind.QuickFix.value);
      const ours = (actions ?? []).filter((action) => action.title.endsWith('with Claude'));
      return ours.length >= 2 ? ours : undefined;
    }, 'the Claude quick fixes');
    const fix = claudeActions.find((action) => action.title === 'Fix with Claude');
    const explain = claudeActions.find((action) => action.title === 'Explain with Claude');
    assert.ok(fix && explain);
    assert.ok(claudeActions.indexOf(fix) < claudeActions.indexOf(explain), 'Fix is listed first');
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind?.value, 'quickfix');
    assert.equal(fix.command?.command, 'claudeChat.fixWithClaude');
    assert.equal(explain.command?.command, 'claudeChat.explainProblem');
    // The arguments crossed from the provider through the workbench and back: plain JSON, unchanged. The cursor was
    // at 1:3, so 1:0–1:5 is the problem's range: the provider got the diagnostic from the workbench's context
    // (executeCodeActionProvider does not hand an action's diagnostics back to compare).
    const expected = [uri.toString(), 1, 0, 1, 5];
    assert.deepEqual(fix.command?.arguments, expected);
    assert.deepEqual(explain.command?.arguments, expected);
    assert.deepEqual(JSON.parse(JSON.stringify(fix.command?.arguments)), expected);
  });

  it('readTerminalSelection reads the terminal selection and gives the clipboard back', async () => {
    await vscode.env.clipboard.writeText('the user clipboard');
    const terminal = vscode.window.createTerminal({ name: 'Claude Chat test', cwd: folder });
    disposables.push(terminal);
    terminal.show();
    terminal.sendText('echo claude-terminal-$((6*7))');
    // The shell's answer (42, computed) shows the output itself was selected, not only the typed command.
    const selected = await eventually(async () => {
      await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
      const text = await readTerminalSelection();
      return text?.includes('claude-terminal-42') ? text : undefined;
    }, 'the terminal output to be selectable');
    assert.match(selected, /echo claude-terminal-\$\(\(6\*7\)\)/);
    assert.equal(await vscode.env.clipboard.readText(), 'the user clipboard');
    await vscode.commands.executeCommand('workbench.action.terminal.clearSelection');
    assert.equal(await readTerminalSelection(), undefined);
    assert.equal(await vscode.env.clipboard.readText(), 'the user clipboard');
  });
});
