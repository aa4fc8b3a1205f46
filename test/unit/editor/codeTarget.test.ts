import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { targetFromEditor, type TargetResult } from '../../../src/editor/codeTarget';
import { commands, Diagnostic, DiagnosticSeverity, fake, FakeTextDocument, fakeEditor, Range, Selection, SymbolKind, Uri, workspace } from '../../fakes/vscode';

const LIMITS = { maxLines: 2000, maxBytes: 200 * 1024 };
const ROOT = Uri.file('/work/project');

const SOURCE = [
  'import { x } from "./x";', //     line 0
  '',
  'export class Store {', //          line 2
  '  private items: string[] = [];',
  '',
  '  constructor() {}', //            line 5
  '',
  '  save(item: string): void {', //  line 7
  '    this.items.push(item);',
  '  }',
  '}', //                             line 10
  '',
  'const answer = 42;', //            line 12
  '',
].join('\n');

function editorFor(text: string, selection: Selection, file = 'src/store.ts', language = 'typescript'): vscode.TextEditor {
  const document = new FakeTextDocument(Uri.joinPath(ROOT, file), text, language, 7);
  return fakeEditor(document, selection) as unknown as vscode.TextEditor;
}

function symbol(name: string, kind: SymbolKind, range: Range, children: unknown[] = []) {
  return { name, kind, range, selectionRange: range, detail: '', children };
}

/** The tree the TypeScript server reports for SOURCE, as DocumentSymbols. */
const STORE_SYMBOLS = [
  symbol('Store', SymbolKind.Class, new Range(2, 0, 10, 1), [
    symbol('items', SymbolKind.Property, new Range(3, 2, 3, 32)),
    symbol('constructor', SymbolKind.Constructor, new Range(5, 2, 5, 18)),
    symbol('save', SymbolKind.Method, new Range(7, 2, 9, 3)),
  ]),
  symbol('answer', SymbolKind.Variable, new Range(12, 0, 12, 17)),
];

function provideSymbols(answer: (uri: Uri) => unknown): void {
  commands.registerCommand('vscode.executeDocumentSymbolProvider', (uri) => answer(uri as Uri));
}

function target(result: TargetResult) {
  assert.ok(result.ok, result.ok ? '' : result.reason);
  return result.target;
}

describe('targetFromEditor', () => {
  beforeEach(() => {
    fake.reset();
    workspace.workspaceFolders = [{ uri: ROOT, name: 'project', index: 0 }];
  });

  it('takes a non-empty selection as it is, with 1-based lines, the language and the workspace-relative path', async () => {
    provideSymbols(() => STORE_SYMBOLS);
    const result = target(await targetFromEditor(editorFor(SOURCE, new Selection(7, 2, 8, 26)), LIMITS));
    assert.deepEqual(result.snippet, {
      path: 'src/store.ts',
      language: 'typescript',
      startLine: 8,
      endLine: 9,
      text: 'save(item: string): void {\n    this.items.push(item);',
      origin: 'selection',
      diagnostics: [],
    });
    assert.equal(result.version, 7);
    assert.equal(result.uri.toString(), 'file:///work/project/src/store.ts');
    assert.deepEqual([result.range.start.line, result.range.start.character, result.range.end.line, result.range.end.character], [7, 2, 8, 26]);
  });

  it('leaves out the line a whole-line selection ends on at column 0, and reads a backwards selection the same', async () => {
    const result = target(await targetFromEditor(editorFor(SOURCE, new Selection(9, 0, 7, 0)), LIMITS));
    assert.equal(result.snippet.startLine, 8);
    assert.equal(result.snippet.endLine, 9);
    assert.equal(result.snippet.text, '  save(item: string): void {\n    this.items.push(item);');
    assert.deepEqual([result.range.end.line, result.range.end.character], [8, 26]);
  });

  it('with no selection takes the innermost function-like symbol around the cursor, as whole lines', async () => {
    let asked: Uri | undefined;
    provideSymbols((uri) => ((asked = uri), STORE_SYMBOLS));
    const result = target(await targetFromEditor(editorFor(SOURCE, new Selection(8, 6, 8, 6)), LIMITS));
    assert.equal(asked?.toString(), 'file:///work/project/src/store.ts');
    assert.equal(result.snippet.origin, 'symbol');
    assert.equal(result.snippet.symbol, 'method Store.save');
    assert.deepEqual([result.snippet.startLine, result.snippet.endLine], [8, 10]);
    assert.equal(result.snippet.text, '  save(item: string): void {\n    this.items.push(item);\n  }');
    assert.deepEqual([result.range.start.character, result.range.end.character], [0, 3]);
  });

  it('names a constructor by its class and takes the class when the cursor is on a property', async () => {
    provideSymbols(() => STORE_SYMBOLS);
    const inConstructor = target(await targetFromEditor(editorFor(SOURCE, new Selection(5, 10, 5, 10)), LIMITS));
    assert.equal(inConstructor.snippet.symbol, 'constructor of Store');
    const onProperty = target(await targetFromEditor(editorFor(SOURCE, new Selection(3, 5, 3, 5)), LIMITS));
    assert.equal(onProperty.snippet.symbol, 'class Store');
    assert.deepEqual([onProperty.snippet.startLine, onProperty.snippet.endLine], [3, 11]);
  });

  it('reads the flat SymbolInformation shape too (location and containerName), innermost by size', async () => {
    const location = (range: Range) => ({ uri: Uri.joinPath(ROOT, 'src/store.ts'), range });
    provideSymbols(() => [
      { name: 'Store', kind: SymbolKind.Class, containerName: '', location: location(new Range(2, 0, 10, 1)) },
      { name: 'save', kind: SymbolKind.Method, containerName: 'Store', location: location(new Range(7, 2, 9, 3)) },
    ]);
    const result = target(await targetFromEditor(editorFor(SOURCE, new Selection(8, 4, 8, 4)), LIMITS));
    assert.equal(result.snippet.symbol, 'method Store.save');
    assert.equal(result.snippet.startLine, 8);
  });

  it('takes the whole file when the cursor is in no function or class (a variable is not one), without the final empty line', async () => {
    provideSymbols(() => STORE_SYMBOLS);
    const result = target(await targetFromEditor(editorFor(SOURCE, new Selection(12, 3, 12, 3)), LIMITS));
    assert.equal(result.snippet.origin, 'file');
    assert.equal(result.snippet.symbol, undefined);
    assert.deepEqual([result.snippet.startLine, result.snippet.endLine], [1, 13]);
    assert.equal(result.snippet.text, SOURCE.replace(/\n$/, ''));
  });

  it('takes the whole file when no symbol provider answers or it fails, never throwing', async () => {
    const noProvider = target(await targetFromEditor(editorFor(SOURCE, new Selection(8, 6, 8, 6)), LIMITS));
    assert.equal(noProvider.snippet.origin, 'file');
    provideSymbols(() => {
      throw new Error('language server crashed');
    });
    const failing = target(await targetFromEditor(editorFor(SOURCE, new Selection(8, 6, 8, 6)), LIMITS));
    assert.equal(failing.snippet.origin, 'file');
  });

  it('does not wait forever for a symbol provider that never answers, and says why the whole file was taken', async () => {
    provideSymbols(() => new Promise(() => undefined));
    const result = await targetFromEditor(editorFor(SOURCE, new Selection(8, 6, 8, 6)), LIMITS, { symbolTimeoutMs: 20 });
    assert.ok(result.ok);
    assert.equal(result.target.snippet.origin, 'file');
    assert.match(result.note ?? '', /did not answer within 0\.02 s/);
  });

  it('refuses a whole file over the limit, naming its size and the limit and asking for a selection', async () => {
    const big = Array.from({ length: 30 }, (_, index) => `line ${index}`).join('\n');
    const result = await targetFromEditor(editorFor(big, new Selection(3, 0, 3, 0), 'notes/big.txt', 'plaintext'), { maxLines: 20, maxBytes: 1024 });
    assert.ok(!result.ok);
    assert.match(result.reason, /`notes\/big\.txt`/);
    assert.match(result.reason, /30 lines \(\d+ bytes\), over the limit of 20 lines and 1\.0 KB/);
    assert.match(result.reason, /Select the code to send/);
    const bytes = await targetFromEditor(editorFor('x'.repeat(3000), new Selection(0, 0, 0, 0)), { maxLines: 20, maxBytes: 1024 });
    assert.ok(!bytes.ok);
    assert.match(bytes.reason, /1 line \(2\.9 KB\)/);
  });

  it('refuses an empty file instead of sending nothing', async () => {
    const result = await targetFromEditor(editorFor('\n\n', new Selection(0, 0, 0, 0), 'empty.py', 'python'), LIMITS);
    assert.ok(!result.ok);
    assert.match(result.reason, /`empty\.py` is empty/);
  });

  it('fills in the problems VS Code reports in the range, and only those', async () => {
    const uri = Uri.joinPath(ROOT, 'src/store.ts');
    const inside = new Diagnostic(new Range(8, 15, 8, 19), "Property 'push' does not exist.", DiagnosticSeverity.Error);
    inside.source = 'ts';
    inside.code = 2339;
    fake.diagnostics.set(uri.toString(), [inside, new Diagnostic(new Range(12, 6, 12, 12), 'unused', DiagnosticSeverity.Hint)]);
    provideSymbols(() => STORE_SYMBOLS);
    const result = target(await targetFromEditor(editorFor(SOURCE, new Selection(8, 0, 8, 0)), LIMITS));
    assert.deepEqual(result.snippet.diagnostics, [{ line: 9, endLine: 9, severity: 'error', message: "Property 'push' does not exist.", source: 'ts', code: '2339' }]);
  });

  it('with preferDiagnosticsAt takes the code around the problem, not around the cursor, unless the selection covers it', async () => {
    provideSymbols(() => STORE_SYMBOLS);
    const problem = new Range(8, 15, 8, 19) as unknown as vscode.Range;
    const elsewhere = target(await targetFromEditor(editorFor(SOURCE, new Selection(0, 3, 0, 3)), LIMITS, { preferDiagnosticsAt: problem }));
    assert.equal(elsewhere.snippet.symbol, 'method Store.save');
    const selectedAway = target(await targetFromEditor(editorFor(SOURCE, new Selection(0, 0, 0, 6)), LIMITS, { preferDiagnosticsAt: problem }));
    assert.equal(selectedAway.snippet.origin, 'symbol');
    const covering = target(await targetFromEditor(editorFor(SOURCE, new Selection(8, 4, 8, 26)), LIMITS, { preferDiagnosticsAt: problem }));
    assert.equal(covering.snippet.origin, 'selection');
    assert.equal(covering.snippet.text, 'this.items.push(item);');
  });

  it('shows the file name alone outside the workspace and the folder name in a multi-root workspace', async () => {
    const outside = fakeEditor(new FakeTextDocument(Uri.file('/tmp/scratch/notes.md'), '# hi\n', 'markdown'), new Selection(0, 0, 0, 4));
    assert.equal(target(await targetFromEditor(outside as unknown as vscode.TextEditor, LIMITS)).snippet.path, 'notes.md');
    workspace.workspaceFolders = [
      { uri: ROOT, name: 'project', index: 0 },
      { uri: Uri.file('/work/other'), name: 'other', index: 1 },
    ];
    assert.equal(target(await targetFromEditor(editorFor(SOURCE, new Selection(0, 0, 0, 6)), LIMITS)).snippet.path, 'project/src/store.ts');
  });
});
