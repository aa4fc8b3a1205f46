import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { ClaudeQuickFixes } from '../../../src/editor/quickFixProvider';
import { CodeActionKind, Diagnostic, fake, FakeTextDocument, Range, Selection, Uri } from '../../fakes/vscode';

const document = new FakeTextDocument(Uri.file('/work/project/a.ts'), 'const x: number = "1";\nlet y = x;\n', 'typescript') as unknown as vscode.TextDocument;
const problem = new Diagnostic(new Range(0, 6, 0, 7), "Type 'string' is not assignable to type 'number'.");
const second = new Diagnostic(new Range(0, 18, 0, 21), 'Another problem.');

function provide(range: Range, diagnostics: Diagnostic[], only?: CodeActionKind, doc = document) {
  const context = { diagnostics, only, triggerKind: 1 } as unknown as vscode.CodeActionContext;
  return new ClaudeQuickFixes().provideCodeActions(doc, range as unknown as vscode.Range, context);
}

describe('ClaudeQuickFixes', () => {
  beforeEach(() => fake.reset());

  it('offers nothing where there is no problem', () => {
    assert.deepEqual(provide(new Selection(1, 2, 1, 2), []), []);
  });

  it('offers Fix with Claude (preferred, first) and Explain with Claude, carrying only JSON-safe arguments', () => {
    const actions = provide(new Selection(0, 6, 0, 6), [problem, second]);
    assert.deepEqual(
      actions.map((action) => [action.title, action.kind?.value, action.isPreferred ?? false, action.command?.command]),
      [
        ['Fix with Claude', 'quickfix', true, 'claudeChat.fixWithClaude'],
        ['Explain with Claude', 'quickfix', false, 'claudeChat.explainProblem'],
      ],
    );
    for (const action of actions) {
      // A bare cursor: the span of the problems there, 0-based.
      assert.deepEqual(action.command?.arguments, ['file:///work/project/a.ts', 0, 6, 0, 21]);
      assert.deepEqual(JSON.parse(JSON.stringify(action.command?.arguments)), action.command?.arguments);
      assert.deepEqual(action.diagnostics, [problem, second]);
    }
  });

  it('passes the selection when the user made one', () => {
    const [fix] = provide(new Selection(1, 0, 0, 0), [problem]);
    assert.deepEqual(fix.command?.arguments, ['file:///work/project/a.ts', 0, 0, 1, 0]);
  });

  it('stays out of requests for other kinds of code action', () => {
    assert.deepEqual(provide(new Selection(0, 6, 0, 6), [problem], CodeActionKind.Refactor), []);
    assert.equal(provide(new Selection(0, 6, 0, 6), [problem], CodeActionKind.QuickFix).length, 2);
    assert.equal(provide(new Selection(0, 6, 0, 6), [problem], CodeActionKind.Empty).length, 2);
  });

  it('offers only Explain on a read-only file system', () => {
    const readOnly = new FakeTextDocument(Uri.parse('git:/work/project/a.ts'), 'x', 'typescript') as unknown as vscode.TextDocument;
    assert.deepEqual(provide(new Selection(0, 0, 0, 0), [problem], undefined, readOnly).map((action) => action.title), ['Explain with Claude']);
  });

  it('declares the quick fix kind it provides', () => {
    assert.deepEqual(ClaudeQuickFixes.metadata.providedCodeActionKinds?.map((kind) => kind.value), ['quickfix']);
  });
});
