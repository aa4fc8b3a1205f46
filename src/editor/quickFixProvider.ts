import * as vscode from 'vscode';

export const FIX_WITH_CLAUDE_COMMAND = 'claudeChat.fixWithClaude';
export const EXPLAIN_PROBLEM_COMMAND = 'claudeChat.explainProblem';

/** Where the quick fixes are offered: files on disk, new unsaved files, and files in a remote workspace. */
export const QUICK_FIX_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: 'untitled' }, { scheme: 'vscode-remote' }];

/** `[uriString, startLine, startCharacter, endLine, endCharacter]`, 0-based: the problem's place. */
export type QuickFixArguments = [string, number, number, number, number];

/**
 * "Fix with Claude" and "Explain with Claude" on a range with problems. The commands get only JSON-safe arguments:
 * objects such as a Uri or Diagnostic have been lost on the way to the command (cline#6145), and the handler falls
 * back to the active editor when the arguments are missing.
 */
export class ClaudeQuickFixes implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const diagnostics = context.diagnostics;
    if (diagnostics.length === 0) return [];
    if (context.only && !vscode.CodeActionKind.QuickFix.intersects(context.only)) return [];
    const place = problemPlace(range, diagnostics);
    const args: QuickFixArguments = [document.uri.toString(), place.start.line, place.start.character, place.end.line, place.end.character];
    const actions: vscode.CodeAction[] = [];
    // An edit cannot be applied to a read-only file system (a git revision, a search result), so only Explain is offered there.
    if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) !== false) {
      const fix = new vscode.CodeAction('Fix with Claude', vscode.CodeActionKind.QuickFix);
      fix.isPreferred = true;
      fix.diagnostics = [...diagnostics];
      fix.command = { title: 'Fix with Claude', command: FIX_WITH_CLAUDE_COMMAND, arguments: [...args] };
      actions.push(fix);
    }
    const explain = new vscode.CodeAction('Explain with Claude', vscode.CodeActionKind.QuickFix);
    explain.diagnostics = [...diagnostics];
    explain.command = { title: 'Explain with Claude', command: EXPLAIN_PROBLEM_COMMAND, arguments: [...args] };
    actions.push(explain);
    return actions;
  }
}

/** The selection when the user made one, else the span of the problems there (a lightbulb at a bare cursor). */
function problemPlace(range: vscode.Range, diagnostics: readonly vscode.Diagnostic[]): vscode.Range {
  if (range.start.line !== range.end.line || range.start.character !== range.end.character) return range;
  let start = diagnostics[0].range.start;
  let end = diagnostics[0].range.end;
  for (const { range: each } of diagnostics) {
    if (each.start.line < start.line || (each.start.line === start.line && each.start.character < start.character)) start = each.start;
    if (each.end.line > end.line || (each.end.line === end.line && each.end.character > end.character)) end = each.end;
  }
  return new vscode.Range(start, end);
}
