import * as vscode from 'vscode';
import type { DiagnosticSeverityName, DiagnosticSummary } from '../shared/codeContext';

const SEVERITY_NAMES: Record<number, DiagnosticSeverityName> = {
  [vscode.DiagnosticSeverity.Error]: 'error',
  [vscode.DiagnosticSeverity.Warning]: 'warning',
  [vscode.DiagnosticSeverity.Information]: 'information',
  [vscode.DiagnosticSeverity.Hint]: 'hint',
};

/** The problems VS Code reports that touch `range`, as plain data, in line order. */
export function diagnosticsIn(uri: vscode.Uri, range: vscode.Range): DiagnosticSummary[] {
  return summarize(vscode.languages.getDiagnostics(uri).filter((diagnostic) => touches(diagnostic.range, range)));
}

/** Every problem VS Code reports for the file (a whole-file command). */
export function diagnosticsOf(uri: vscode.Uri): DiagnosticSummary[] {
  return summarize(vscode.languages.getDiagnostics(uri));
}

function summarize(list: readonly vscode.Diagnostic[]): DiagnosticSummary[] {
  return [...list]
    .sort((a, b) => compare(a.range.start, b.range.start) || a.severity - b.severity)
    .map((diagnostic) => {
      const summary: DiagnosticSummary = {
        line: diagnostic.range.start.line + 1,
        endLine: lastLine(diagnostic.range) + 1,
        severity: SEVERITY_NAMES[diagnostic.severity] ?? 'error',
        message: diagnostic.message,
      };
      if (diagnostic.source) summary.source = diagnostic.source;
      const code = codeText(diagnostic.code);
      if (code !== undefined) summary.code = code;
      return summary;
    });
}

/**
 * Overlap, where a zero-width range (a cursor, a "missing semicolon" marker) counts when it lies inside or on the edge
 * of the other; two real ranges must share at least one character, so a problem on the line after a selection that
 * ends at column 0 is not counted.
 */
function touches(a: vscode.Range, b: vscode.Range): boolean {
  const aEmpty = compare(a.start, a.end) === 0;
  const bEmpty = compare(b.start, b.end) === 0;
  if (aEmpty && bEmpty) return compare(a.start, b.start) === 0;
  if (aEmpty) return compare(b.start, a.start) <= 0 && compare(a.start, b.end) <= 0;
  if (bEmpty) return compare(a.start, b.start) <= 0 && compare(b.start, a.end) <= 0;
  return compare(a.start, b.end) < 0 && compare(b.start, a.end) < 0;
}

/** The last line a range really covers: one ending at column 0 of a later line stops on the line before. */
function lastLine(range: vscode.Range): number {
  return range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line;
}

function compare(a: vscode.Position, b: vscode.Position): number {
  return a.line - b.line || a.character - b.character;
}

function codeText(code: vscode.Diagnostic['code']): string | undefined {
  if (code === undefined || code === null) return undefined;
  if (typeof code === 'object') return String(code.value);
  return String(code);
}
