import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import type { CodeSource } from '../../../src/codeCommands/codeCommandRunner';
import { anchorFrom, editorCodeCommands, explorerSelection } from '../../../src/commands/codeCommands';
import { COMMAND_IDS } from '../../../src/commands/commandIds';
import type { Command } from '../../../src/commands/command';
import { ClaudeQuickFixes } from '../../../src/editor/quickFixProvider';
import { BUILT_IN_COMMANDS } from '../../../src/shared/codeCommandCatalog';
import { Diagnostic, fake, FakeTextDocument, fakeEditor, Range, Selection, Uri } from '../../fakes/vscode';
import { codeCommandStubs, type CodeCommandStubs } from '../../helpers/codeCommandServices';

const a = Uri.file('/work/project/a.ts');
const b = Uri.file('/work/project/b.ts');
const c = Uri.file('/work/project/c.ts');
const paths = (uris: readonly { path: string }[]) => uris.map((uri) => uri.path);

function urisOf(source: CodeSource): readonly vscode.Uri[] {
  assert.equal(source.kind, 'files');
  return (source as Extract<CodeSource, { kind: 'files' }>).uris;
}

describe('explorerSelection', () => {
  let stubs: CodeCommandStubs;
  beforeEach(() => {
    fake.reset();
    stubs = codeCommandStubs();
  });

  it('takes every selected resource when the clicked one is among them', () => {
    assert.deepEqual(paths(explorerSelection(b, [a, b, c], stubs.services)), [a.path, b.path, c.path]);
  });

  it('takes only the clicked resource when it is outside the selection (a right-click elsewhere), or alone', () => {
    assert.deepEqual(paths(explorerSelection(c, [a, b], stubs.services)), [c.path]);
    assert.deepEqual(paths(explorerSelection(c, undefined, stubs.services)), [c.path]);
    assert.deepEqual(paths(explorerSelection(c, [], stubs.services)), [c.path]);
  });

  it('matches the clicked resource by its URI, not by identity', () => {
    assert.deepEqual(paths(explorerSelection(Uri.file('/work/project/b.ts'), [a, b], stubs.services)), [a.path, b.path]);
  });

  it('ignores what is not a URI (arguments from a keybinding or another extension)', () => {
    assert.deepEqual(paths(explorerSelection(b, ['/etc/passwd', { path: '/x' }, b, null], stubs.services)), [b.path]);
    assert.deepEqual(paths(explorerSelection('file:///etc/passwd', [a], stubs.services)), [a.path]);
  });

  it('from the palette (no arguments): the active editor’s file, or nothing', () => {
    assert.deepEqual(explorerSelection(undefined, undefined, stubs.services), []);
    stubs.editor = fakeEditor(new FakeTextDocument(c, 'let c = 3;'));
    assert.deepEqual(paths(explorerSelection(undefined, undefined, stubs.services)), [c.path]);
  });
});

describe('anchorFrom', () => {
  it('reads [uri, startLine, startCharacter, endLine, endCharacter] into a uri and a 0-based range', () => {
    const { anchor } = anchorFrom(['file:///work/project/a.ts', 2, 4, 3, 9]);
    assert.ok(anchor);
    assert.equal(anchor.uri.toString(), 'file:///work/project/a.ts');
    assert.deepEqual([anchor.range.start.line, anchor.range.start.character, anchor.range.end.line, anchor.range.end.character], [2, 4, 3, 9]);
  });

  it('takes the arguments the quick fix provider gives, after a round trip through JSON', () => {
    const document = new FakeTextDocument(a, 'const x: number = "1";\n', 'typescript') as unknown as vscode.TextDocument;
    const context = { diagnostics: [new Diagnostic(new Range(0, 6, 0, 7), 'Type mismatch')], triggerKind: 1 } as unknown as vscode.CodeActionContext;
    const [fix] = new ClaudeQuickFixes().provideCodeActions(document, new Selection(0, 6, 0, 6) as unknown as vscode.Range, context);
    const { anchor } = anchorFrom(JSON.parse(JSON.stringify(fix.command!.arguments)));
    assert.ok(anchor);
    assert.equal(anchor.uri.toString(), a.toString());
    assert.deepEqual([anchor.range.start.line, anchor.range.start.character, anchor.range.end.line, anchor.range.end.character], [0, 6, 0, 7]);
  });

  const malformed: [string, unknown[]][] = [
    ['no arguments (the palette)', []],
    ['a Uri object instead of a string', [a, 0, 0, 0, 1]],
    ['too few numbers', ['file:///work/project/a.ts', 0, 0, 1]],
    ['a negative line', ['file:///work/project/a.ts', -1, 0, 0, 1]],
    ['a fractional character', ['file:///work/project/a.ts', 0, 0.5, 0, 1]],
    ['a number as text', ['file:///work/project/a.ts', '0', 0, 0, 1]],
    ['NaN', ['file:///work/project/a.ts', 0, 0, Number.NaN, 1]],
    ['a string that is not a URI', ['not a uri', 0, 0, 0, 1]],
  ];
  for (const [what, args] of malformed) {
    it(`ignores malformed arguments: ${what}`, () => {
      assert.deepEqual(anchorFrom(args), {});
    });
  }
});

describe('editorCodeCommands', () => {
  let stubs: CodeCommandStubs;
  let commands: Map<string, Command>;
  beforeEach(() => {
    fake.reset();
    stubs = codeCommandStubs();
    commands = new Map(editorCodeCommands(stubs.context, stubs.services).map((command) => [command.id, command]));
  });

  const run = (id: string, ...args: unknown[]) => commands.get(id)!.run(...args);

  it('runs each editor command on the editor with its built-in prompts from the settings', async () => {
    stubs.settings.codeCommands.prompts.refactor = { systemPrompt: 'Mine.', template: 'Mine: ${code}' };
    await run(COMMAND_IDS.refactor);
    await run(COMMAND_IDS.explain);
    assert.deepEqual(
      stubs.runs.map((recorded) => [recorded.command.title, recorded.command.systemPrompt, recorded.command.edits, recorded.source]),
      [
        ['Refactor', 'Mine.', true, { kind: 'editor' }],
        ['Explain', BUILT_IN_COMMANDS.explain.defaults.systemPrompt, false, { kind: 'editor' }],
      ],
    );
  });

  it('takes a string argument as the question (a keybinding’s args), and ignores any other', async () => {
    await run(COMMAND_IDS.askAboutSelection, 'Why recursion?');
    await run(COMMAND_IDS.askAboutSelection, { question: 'not a string' });
    assert.deepEqual(
      stubs.runs.map((recorded) => recorded.options),
      [{ question: 'Why recursion?' }, {}],
    );
  });

  it('runs the Explorer commands on the Explorer’s selection', async () => {
    await run(COMMAND_IDS.explainFile, b, [a, b]);
    await run(COMMAND_IDS.askAboutFile, c, [a, b]);
    const [explain, ask] = stubs.runs;
    assert.equal(explain.command.title, 'Explain');
    assert.deepEqual(paths(urisOf(explain.source)), [a.path, b.path]);
    assert.equal(ask.command.asksQuestion, true);
    assert.equal(ask.command.title, 'Ask About File', 'on whole files Ask does not read "Ask About Selection"');
    assert.deepEqual(paths(urisOf(ask.source)), [c.path]);
  });

  it('runs the quick fixes at the place they were offered, and at the cursor without arguments', async () => {
    await run(COMMAND_IDS.fixWithClaude, 'file:///work/project/a.ts', 1, 2, 1, 8);
    await run(COMMAND_IDS.explainProblem, 'file:///work/project/a.ts', 4, 0, 4, 3);
    await run(COMMAND_IDS.fixWithClaude);
    const [fix, explain, bare] = stubs.runs;
    assert.equal(fix.command.title, 'Fix');
    assert.equal(fix.command.needsDiagnostics, true);
    const anchor = (fix.source as { anchor: { uri: Uri; range: Range } }).anchor;
    assert.equal(anchor.uri.toString(), 'file:///work/project/a.ts');
    assert.deepEqual([anchor.range.start.line, anchor.range.start.character, anchor.range.end.line, anchor.range.end.character], [1, 2, 1, 8]);
    assert.equal(explain.command.title, 'Explain Problem');
    assert.equal((explain.source as { anchor: { range: Range } }).anchor.range.start.line, 4);
    assert.deepEqual(bare.source, { kind: 'editor' });
  });

  it('runs Explain Terminal Selection on the terminal', async () => {
    await run(COMMAND_IDS.explainTerminalSelection);
    assert.deepEqual(stubs.runs.map((recorded) => [recorded.command.title, recorded.source]), [['Explain Terminal Output', { kind: 'terminal' }]]);
  });
});
