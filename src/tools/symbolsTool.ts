// get_symbols: a file's outline (vscode.executeDocumentSymbolProvider) or the workspace's symbols matching a query
// (vscode.executeWorkspaceSymbolProvider). Language services can be slow to start or hang: the call is bounded by a
// timeout and by the user's Stop, and symbols outside the workspace or in excluded files are never named.
import * as vscode from 'vscode';
import { TOOL_LIMITS, type GetSymbolsInput } from '../shared/toolCatalog';
import { failure, ToolCancelledError, type ToolContext, type ToolRunResult } from './workspaceTools';

export const MAX_SYMBOLS = TOOL_LIMITS.maxResultsLimit;
/** How long a language service may take to answer. */
export const SYMBOL_PROVIDER_TIMEOUT_MS = 15_000;
const INDENT = '  ';

/** vscode.SymbolKind's names, by value (the enum's own reverse mapping is not part of the API). */
const KIND_NAMES = [
  'File', 'Module', 'Namespace', 'Package', 'Class', 'Method', 'Property', 'Field', 'Constructor', 'Enum', 'Interface', 'Function',
  'Variable', 'Constant', 'String', 'Number', 'Boolean', 'Array', 'Object', 'Key', 'Null', 'EnumMember', 'Struct', 'Event',
  'Operator', 'TypeParameter',
];

type ProvidedSymbol = vscode.DocumentSymbol | vscode.SymbolInformation;

class ProviderTimeoutError extends Error {}

const kindName = (kind: vscode.SymbolKind) => KIND_NAMES[kind] ?? 'Symbol';

function lineSpan(range: vscode.Range): string {
  const first = range.start.line + 1;
  const last = range.end.line + 1;
  return last > first ? `lines ${first}–${last}` : `line ${first}`;
}

function isDocumentSymbol(symbol: ProvidedSymbol): symbol is vscode.DocumentSymbol {
  return 'selectionRange' in symbol && Array.isArray((symbol as vscode.DocumentSymbol).children);
}

/** Settles with the provider's answer, or rejects on the user's Stop or when the language service takes too long. */
async function askProvider<T>(command: string, argument: unknown, context: ToolContext): Promise<T | undefined> {
  context.throwIfAborted();
  let onAbort: (() => void) | undefined;
  let timer: ReturnType<ToolContext['timers']['setTimeout']> | undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ToolCancelledError());
    context.signal.addEventListener('abort', onAbort, { once: true });
    timer = context.timers.setTimeout(() => reject(new ProviderTimeoutError()), SYMBOL_PROVIDER_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve(vscode.commands.executeCommand<T>(command, argument)), stopped]);
  } finally {
    if (onAbort) context.signal.removeEventListener('abort', onAbort);
    if (timer !== undefined) context.timers.clearTimeout(timer);
  }
}

function timeoutMessage(): string {
  return `The language service did not answer within ${SYMBOL_PROVIDER_TIMEOUT_MS / 1000} s (it may still be starting); use search_text instead, or try again later.`;
}

export async function getSymbols(input: GetSymbolsInput, context: ToolContext): Promise<ToolRunResult> {
  try {
    return input.path !== undefined ? await outline(input.path, context) : await workspaceSymbols(input.query as string, context);
  } catch (error) {
    if (error instanceof ProviderTimeoutError) return failure(timeoutMessage());
    throw error;
  }
}

async function outline(inputPath: string, context: ToolContext): Promise<ToolRunResult> {
  const target = await context.resolveTarget(inputPath);
  if (typeof target === 'string') return failure(target);
  if (target.isDirectory) return failure(`${target.display} is a folder; get_symbols outlines one file. Use list_files to see the folder's files.`);
  const unapproved = context.unapprovedSensitive(target);
  if (unapproved) return failure(unapproved);
  const symbols = (await askProvider<ProvidedSymbol[]>('vscode.executeDocumentSymbolProvider', target.uri, context)) ?? [];
  const file = { path: target.display };
  if (symbols.length === 0) {
    return {
      content: `No symbols found in ${target.display}: no installed language extension outlines this kind of file, or it declares nothing. Use read_file instead.`,
      isError: false,
      file,
    };
  }
  const rows: { text: string; line: number }[] = [];
  const visit = (symbol: vscode.DocumentSymbol, depth: number) => {
    const detail = symbol.detail ? ` ${symbol.detail.replace(/\s+/g, ' ')}` : '';
    rows.push({ text: `${INDENT.repeat(depth)}${kindName(symbol.kind)} ${symbol.name}${detail} (${lineSpan(symbol.range)})`, line: symbol.range.start.line + 1 });
    for (const child of [...symbol.children].sort((a, b) => a.range.start.line - b.range.start.line)) visit(child, depth + 1);
  };
  const sorted = [...symbols].sort((a, b) => rangeOf(a).start.line - rangeOf(b).start.line);
  for (const symbol of sorted) {
    if (isDocumentSymbol(symbol)) visit(symbol, 0);
    else {
      const container = symbol.containerName ? ` in ${symbol.containerName}` : '';
      rows.push({ text: `${kindName(symbol.kind)} ${symbol.name}${container} (${lineSpan(symbol.location.range)})`, line: symbol.location.range.start.line + 1 });
    }
  }
  const shown = rows.slice(0, MAX_SYMBOLS);
  const lines = [`Outline of ${target.display} (${rows.length} symbol${rows.length === 1 ? '' : 's'}):`, ...shown.map((row) => row.text)];
  if (rows.length > shown.length) {
    lines.push('', `[Showing the first ${shown.length} of ${rows.length} symbols; the rest start at line ${rows[shown.length].line}: read_file from there to see them.]`);
  }
  return { content: lines.join('\n'), isError: false, file };
}

function rangeOf(symbol: ProvidedSymbol): vscode.Range {
  return isDocumentSymbol(symbol) ? symbol.range : symbol.location.range;
}

async function workspaceSymbols(query: string, context: ToolContext): Promise<ToolRunResult> {
  const symbols = (await askProvider<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', query, context)) ?? [];
  const rows: string[] = [];
  let elsewhere = 0;
  for (const symbol of symbols) {
    context.throwIfAborted();
    const location = symbol.location ? context.locate(symbol.location.uri) : undefined;
    if (!location || context.isSensitive(location.relative) || (await context.excludes.exclusionOf(location.folder, location.relative))) {
      elsewhere++;
      continue;
    }
    const container = symbol.containerName ? ` in ${symbol.containerName}` : '';
    rows.push(`${location.display}:${symbol.location.range.start.line + 1}: ${kindName(symbol.kind)} ${symbol.name}${container}`);
  }
  const hidden = elsewhere > 0 ? `\n\n[${elsewhere} symbol${elsewhere === 1 ? '' : 's'} outside the workspace, in excluded files or in sensitive files are not shown.]` : '';
  if (rows.length === 0) {
    return {
      content: `No symbols match "${query}" in the workspace. Workspace symbol search needs a language extension that supports it and may miss files it has not indexed; try search_text.${hidden}`,
      isError: false,
    };
  }
  const shown = rows.slice(0, MAX_SYMBOLS);
  const lines = [`Symbols matching "${query}" (${rows.length}):`, ...shown];
  if (rows.length > shown.length) lines.push('', `[Showing the first ${shown.length} of ${rows.length} symbols; use a longer, more specific query.]`);
  return { content: `${lines.join('\n')}${hidden}`, isError: false };
}
