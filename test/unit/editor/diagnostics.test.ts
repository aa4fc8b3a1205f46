import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { diagnosticsIn, diagnosticsOf } from '../../../src/editor/diagnostics';
import { Diagnostic, DiagnosticSeverity, fake, Range, Uri } from '../../fakes/vscode';

const uri = Uri.file('/work/project/a.ts');
const range = (a: number, b: number, c: number, d: number) => new Range(a, b, c, d) as unknown as vscode.Range;
const lines = (list: { line: number; message: string }[]) => list.map((item) => `${item.line}:${item.message}`);

describe('diagnosticsIn', () => {
  beforeEach(() => {
    fake.reset();
    fake.diagnostics.set(uri.toString(), [
      new Diagnostic(new Range(9, 0, 9, 5), 'after', DiagnosticSeverity.Warning),
      new Diagnostic(new Range(2, 4, 2, 9), 'inside', DiagnosticSeverity.Error),
      new Diagnostic(new Range(0, 0, 0, 3), 'before', DiagnosticSeverity.Information),
      new Diagnostic(new Range(5, 0, 5, 0), 'marker at a line start', DiagnosticSeverity.Hint),
      new Diagnostic(new Range(1, 2, 3, 0), 'spans lines', DiagnosticSeverity.Error),
    ]);
  });

  it('keeps the problems that share a character with the range, in line order, with 1-based lines', () => {
    assert.deepEqual(lines(diagnosticsIn(uri as unknown as vscode.Uri, range(2, 0, 4, 0))), ['2:spans lines', '3:inside']);
  });

  it('counts a zero-width problem on the edge of the range, but not a real one that only touches it', () => {
    assert.deepEqual(lines(diagnosticsIn(uri as unknown as vscode.Uri, range(3, 0, 5, 0))), ['6:marker at a line start']);
    assert.deepEqual(lines(diagnosticsIn(uri as unknown as vscode.Uri, range(0, 3, 1, 2))), []);
  });

  it('gives a bare cursor the problems under it', () => {
    assert.deepEqual(lines(diagnosticsIn(uri as unknown as vscode.Uri, range(2, 6, 2, 6))), ['2:spans lines', '3:inside']);
    assert.deepEqual(lines(diagnosticsIn(uri as unknown as vscode.Uri, range(7, 0, 7, 0))), []);
  });

  it('names the severity, keeps source and code (also the { value, target } form), and ends a problem before a column-0 end', () => {
    const withCode = new Diagnostic(new Range(4, 1, 6, 0), 'typed', DiagnosticSeverity.Warning);
    withCode.source = 'eslint';
    withCode.code = { value: 'no-unused-vars', target: Uri.parse('https://eslint.org/docs/rules/no-unused-vars') };
    fake.diagnostics.set(uri.toString(), [withCode]);
    assert.deepEqual(diagnosticsIn(uri as unknown as vscode.Uri, range(4, 0, 4, 9)), [{ line: 5, endLine: 6, severity: 'warning', message: 'typed', source: 'eslint', code: 'no-unused-vars' }]);
  });

  it('diagnosticsOf lists every problem of the file; a file without problems gives none', () => {
    assert.deepEqual(
      diagnosticsOf(uri as unknown as vscode.Uri).map((item) => item.severity),
      ['information', 'error', 'error', 'hint', 'warning'],
    );
    assert.deepEqual(diagnosticsOf(Uri.file('/elsewhere.ts') as unknown as vscode.Uri), []);
  });
});
