import * as vscode from 'vscode';
import type { CodeSnippet } from '../shared/codeContext';
import { diagnosticsIn } from './diagnostics';
import { formatBytes } from '../shared/byteSize';
import { workspacePath } from './workspaceFiles';

export interface EditorTarget {
  snippet: CodeSnippet;
  uri: vscode.Uri;
  range: vscode.Range;
  version: number;
}
/** The whole-file fallback's limit (settings: 2000 lines, 200 KB by default). */
/** The whole-file fallback's byte limit; its line limit is the setting claudeChat.codeCommands.wholeFileMaxLines. */
export const WHOLE_FILE_MAX_BYTES = 256 * 1024;

export function wholeFileLimits(maxLines: number): TargetLimits {
  return { maxLines, maxBytes: WHOLE_FILE_MAX_BYTES };
}

export interface TargetLimits {
  maxLines: number;
  maxBytes: number;
}
/** `note`, when present, tells the user something about the choice worth knowing (the symbol provider was too slow). */
export type TargetResult = { ok: true; target: EditorTarget; note?: string } | { ok: false; reason: string };

export interface TargetOptions {
  /**
   * Where a problem is (a quick fix's range): the code around it is taken instead of the code around the cursor,
   * unless the selection covers part of it, in which case the selection is what the user chose.
   */
  preferDiagnosticsAt?: vscode.Range;
  /** How long to wait for the symbol provider (a language server still starting) before taking the whole file. */
  symbolTimeoutMs?: number;
}

// A cold TypeScript server took 4–8 s to answer its first request in the integration runs; later ones take milliseconds.
const DEFAULT_SYMBOL_TIMEOUT_MS = 15_000;

/** Kinds that are a unit of code worth sending on their own; variables, fields and properties are not. */
const SYMBOL_WORDS = new Map<vscode.SymbolKind, string>([
  [vscode.SymbolKind.Function, 'function'],
  [vscode.SymbolKind.Method, 'method'],
  [vscode.SymbolKind.Constructor, 'constructor'],
  [vscode.SymbolKind.Class, 'class'],
  [vscode.SymbolKind.Interface, 'interface'],
  [vscode.SymbolKind.Enum, 'enum'],
  [vscode.SymbolKind.Struct, 'struct'],
  [vscode.SymbolKind.Module, 'module'],
  [vscode.SymbolKind.Namespace, 'namespace'],
]);

/**
 * The code a command acts on in an editor: the primary selection; with none, the innermost function, method or class
 * around the cursor; with none of those, the whole file within `limits`. A refusal says why, never an exception.
 */
export async function targetFromEditor(editor: vscode.TextEditor, limits: TargetLimits, options: TargetOptions = {}): Promise<TargetResult> {
  const document = editor.document;
  const selection = editor.selection;
  const wanted = options.preferDiagnosticsAt;
  const selectionCounts = !isEmpty(selection) && (!wanted || overlaps(selection, wanted));
  if (selectionCounts) return { ok: true, target: targetFor(document, trimTrailingLineStart(document, selection), 'selection') };

  const at = wanted ?? selection;
  const timeoutMs = options.symbolTimeoutMs ?? DEFAULT_SYMBOL_TIMEOUT_MS;
  const symbol = await enclosingSymbol(document, at, timeoutMs);
  if (symbol === 'timeout') {
    const slow = `the language's symbol provider did not answer within ${timeoutMs / 1000} s`;
    const result = wholeFile(document, limits, `Nothing is selected and ${slow}`);
    return result.ok ? { ...result, note: `${slow[0].toUpperCase()}${slow.slice(1)}, so the whole file was taken.` } : result;
  }
  if (symbol) return { ok: true, target: targetFor(document, fullLines(document, symbol.range), 'symbol', symbol.label) };
  return wholeFile(document, limits, 'Nothing is selected and the cursor is in no function or class');
}

function wholeFile(document: vscode.TextDocument, limits: TargetLimits, why: string): TargetResult {
  const whole = trimTrailingLineStart(document, new vscode.Range(new vscode.Position(0, 0), document.lineAt(document.lineCount - 1).range.end));
  const text = document.getText(whole);
  const path = workspacePath(document.uri);
  if (text.trim().length === 0) return { ok: false, reason: `\`${path}\` is empty: there is no code to send.` };
  const bytes = Buffer.byteLength(text, 'utf8');
  const lines = whole.end.line + 1;
  if (lines > limits.maxLines || bytes > limits.maxBytes) {
    return {
      ok: false,
      reason:
        `${why}, so the whole of \`${path}\` would be sent: ` +
        `${lines.toLocaleString('en-US')} line${lines === 1 ? '' : 's'} (${formatBytes(bytes)}), over the limit of ` +
        `${limits.maxLines.toLocaleString('en-US')} lines and ${formatBytes(limits.maxBytes)}. Select the code to send and run the command again.`,
    };
  }
  return { ok: true, target: targetFor(document, whole, 'file') };
}

function targetFor(document: vscode.TextDocument, range: vscode.Range, origin: CodeSnippet['origin'], symbol?: string): EditorTarget {
  const snippet: CodeSnippet = {
    path: workspacePath(document.uri),
    language: document.languageId,
    startLine: range.start.line + 1,
    endLine: range.end.line + 1,
    text: document.getText(range),
    origin,
    diagnostics: diagnosticsIn(document.uri, range),
  };
  if (symbol) snippet.symbol = symbol;
  return { snippet, uri: document.uri, range, version: document.version };
}

/**
 * A selection made by whole lines ends at column 0 of the next line; that line is not part of it, and keeping its
 * start would make "lines 3–7" read "3–8" and a replacement swallow the line break before it.
 */
function trimTrailingLineStart(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  if (range.end.character !== 0 || range.end.line <= range.start.line) return range;
  return new vscode.Range(range.start, document.lineAt(range.end.line - 1).range.end);
}

/** From the start of the first line to the end of the last, so an edit keeps the first line's indentation. */
function fullLines(document: vscode.TextDocument, range: vscode.Range): vscode.Range {
  const last = Math.min(range.end.line, document.lineCount - 1);
  return new vscode.Range(new vscode.Position(range.start.line, 0), document.lineAt(last).range.end);
}

interface FoundSymbol {
  range: vscode.Range;
  label: string;
}

async function enclosingSymbol(document: vscode.TextDocument, at: vscode.Range, timeoutMs: number): Promise<FoundSymbol | 'timeout' | undefined> {
  let symbols: unknown;
  try {
    symbols = await withTimeout(vscode.commands.executeCommand('vscode.executeDocumentSymbolProvider', document.uri), timeoutMs);
    if (symbols === TIMED_OUT) return 'timeout';
  } catch {
    // No provider, or one that failed: the whole file is the honest fallback.
    return undefined;
  }
  if (!Array.isArray(symbols)) return undefined;
  let best: FoundSymbol | undefined;
  let bestSize = Infinity;
  const consider = (symbol: SymbolShape, container: string | undefined) => {
    const range = symbolRange(symbol);
    if (!range || !contains(range, at)) return false;
    const word = SYMBOL_WORDS.get(symbol.kind);
    const size = (range.end.line - range.start.line) * 1e6 + (range.end.character - range.start.character);
    // Children lie inside their parent, so the smallest containing range is the innermost symbol.
    if (word && size <= bestSize) {
      best = { range, label: labelFor(word, symbol, container) };
      bestSize = size;
    }
    return true;
  };
  const walk = (list: readonly unknown[], container: string | undefined) => {
    for (const item of list) {
      if (!isSymbolShape(item)) continue;
      if (consider(item, item.containerName || container) && Array.isArray(item.children)) walk(item.children, item.name);
    }
  };
  walk(symbols, undefined);
  return best;
}

/** DocumentSymbol (range, children) and SymbolInformation (location, containerName) both come back from the command. */
interface SymbolShape {
  name: string;
  kind: vscode.SymbolKind;
  range?: vscode.Range;
  location?: { range?: vscode.Range };
  containerName?: string;
  children?: unknown[];
}

function isSymbolShape(value: unknown): value is SymbolShape {
  return typeof value === 'object' && value !== null && typeof (value as SymbolShape).name === 'string' && typeof (value as SymbolShape).kind === 'number';
}

function symbolRange(symbol: SymbolShape): vscode.Range | undefined {
  const range = symbol.range ?? symbol.location?.range;
  return range && range.start && range.end ? range : undefined;
}

function labelFor(word: string, symbol: SymbolShape, container: string | undefined): string {
  if (symbol.kind === vscode.SymbolKind.Constructor) return container ? `constructor of ${container}` : 'constructor';
  const name = symbol.name.trim() || '(anonymous)';
  return symbol.kind === vscode.SymbolKind.Method && container ? `${word} ${container}.${name}` : `${word} ${name}`;
}

const TIMED_OUT = Symbol('timed out');

async function withTimeout<T>(thenable: Thenable<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
  });
  try {
    return await Promise.race([Promise.resolve(thenable), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isEmpty(range: vscode.Range): boolean {
  return compare(range.start, range.end) === 0;
}

function contains(outer: vscode.Range, inner: vscode.Range): boolean {
  return compare(outer.start, inner.start) <= 0 && compare(inner.end, outer.end) <= 0;
}

function overlaps(a: vscode.Range, b: vscode.Range): boolean {
  if (isEmpty(b)) return compare(a.start, b.start) <= 0 && compare(b.start, a.end) <= 0;
  return compare(a.start, b.end) < 0 && compare(b.start, a.end) < 0;
}

function compare(a: vscode.Position, b: vscode.Position): number {
  return a.line - b.line || a.character - b.character;
}
