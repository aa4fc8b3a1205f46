// get_diagnostics: the problems VS Code's language services already report, for one file or the whole workspace.
// Only files inside the workspace and not excluded are reported; sensitive files only when asked for by path (the
// user approves that call), since a problem's message may quote the line it is about.
import * as vscode from 'vscode';
import { TOOL_LIMITS, type GetDiagnosticsInput } from '../shared/toolCatalog';
import { failure, type ToolContext, type ToolRunResult } from './workspaceTools';

/** Problems shown at most; errors come first, so a cut drops hints before errors. */
export const MAX_DIAGNOSTICS = TOOL_LIMITS.maxResultsLimit;
const MAX_MESSAGE_CHARS = 500;
const SEVERITY_NAMES = ['error', 'warning', 'info', 'hint'] as const;

interface Problem {
  display: string;
  diagnostic: vscode.Diagnostic;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

function severityName(severity: vscode.DiagnosticSeverity): string {
  return SEVERITY_NAMES[severity] ?? 'problem';
}

function codeText(code: vscode.Diagnostic['code']): string | undefined {
  if (code === undefined || code === null) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** "src/a.ts:12:5: error: Cannot find name 'x'. [ts 2304]" (messages on one line, long ones cut). */
function formatProblem({ display, diagnostic }: Problem): string {
  const { line, character } = diagnostic.range.start;
  let message = diagnostic.message
    .split(/\r?\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
  if (message.length > MAX_MESSAGE_CHARS) message = `${message.slice(0, MAX_MESSAGE_CHARS - 1)}…`;
  const origin = [diagnostic.source, codeText(diagnostic.code)].filter((part) => part !== undefined && part !== '').join(' ');
  return `${display}:${line + 1}:${character + 1}: ${severityName(diagnostic.severity)}: ${message}${origin ? ` [${origin}]` : ''}`;
}

function summary(problems: readonly Problem[]): string {
  const counts = new Map<string, number>();
  for (const { diagnostic } of problems) counts.set(severityName(diagnostic.severity), (counts.get(severityName(diagnostic.severity)) ?? 0) + 1);
  const parts = [...SEVERITY_NAMES, 'problem'].filter((name) => counts.has(name)).map((name) => plural(counts.get(name) as number, name));
  const files = new Set(problems.map((problem) => problem.display)).size;
  return `${parts.join(', ')} in ${plural(files, 'file')}`;
}

function ordered(problems: Problem[]): Problem[] {
  return problems.sort(
    (a, b) =>
      a.diagnostic.severity - b.diagnostic.severity ||
      (a.display < b.display ? -1 : a.display > b.display ? 1 : 0) ||
      a.diagnostic.range.start.line - b.diagnostic.range.start.line ||
      a.diagnostic.range.start.character - b.diagnostic.range.start.character,
  );
}

export async function getDiagnostics(input: GetDiagnosticsInput, context: ToolContext): Promise<ToolRunResult> {
  return input.path === undefined ? workspaceDiagnostics(context) : fileDiagnostics(input.path, context);
}

async function fileDiagnostics(inputPath: string, context: ToolContext): Promise<ToolRunResult> {
  const target = await context.resolveTarget(inputPath);
  if (typeof target === 'string') return failure(target);
  if (target.isDirectory) return failure(`${target.display} is a folder; give a file's path, or no path for the whole workspace's problems.`);
  const unapproved = context.unapprovedSensitive(target);
  if (unapproved) return failure(unapproved);
  // VS Code keys problems by the path the file was opened under; the real path differs when a symlink is on the way.
  const uris = target.uri.fsPath === target.fsPath ? [target.uri] : [target.uri, vscode.Uri.file(target.fsPath)];
  const problems = ordered(uris.flatMap((uri) => vscode.languages.getDiagnostics(uri)).map((diagnostic) => ({ display: target.display, diagnostic })));
  const file = { path: target.display };
  if (problems.length === 0) {
    return {
      content: `No problems reported for ${target.display}. VS Code reports problems only for files its language services have checked, usually the open ones.`,
      isError: false,
      file,
    };
  }
  return { content: render(problems, 'The others are not shown.'), isError: false, file };
}

async function workspaceDiagnostics(context: ToolContext): Promise<ToolRunResult> {
  const problems: Problem[] = [];
  let elsewhere = 0;
  const sensitive = new Set<string>();
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (diagnostics.length === 0) continue;
    const location = context.locate(uri);
    if (!location || (await context.excludes.exclusionOf(location.folder, location.relative))) {
      elsewhere += diagnostics.length;
      continue;
    }
    if (context.isSensitive(location.relative)) {
      sensitive.add(location.display);
      continue;
    }
    for (const diagnostic of diagnostics) problems.push({ display: location.display, diagnostic });
  }
  const notes: string[] = [];
  if (sensitive.size > 0) notes.push(`Problems of ${plural(sensitive.size, 'sensitive file')} (${[...sensitive].slice(0, 5).join(', ')}) are not shown; ask for one by path (the user approves).`);
  if (elsewhere > 0) notes.push(`${plural(elsewhere, 'problem')} in files outside the workspace or excluded are not shown.`);
  const tail = notes.length > 0 ? `\n\n${notes.map((note) => `[${note}]`).join('\n')}` : '';
  if (problems.length === 0) {
    return {
      content: `No problems reported in the workspace. VS Code reports problems only for files its language services have checked, usually the open ones.${tail}`,
      isError: false,
    };
  }
  return { content: `${render(ordered(problems), "Ask for one file's path to see all of its problems.")}${tail}`, isError: false };
}

function render(problems: readonly Problem[], advice: string): string {
  const shown = problems.slice(0, MAX_DIAGNOSTICS);
  const lines = [`${summary(problems)}:`, ...shown.map(formatProblem)];
  if (problems.length > shown.length) lines.push('', `[Showing the first ${shown.length} of ${problems.length} problems, errors first. ${advice}]`);
  return lines.join('\n');
}
