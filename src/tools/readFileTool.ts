// read_file: a text file's lines, numbered, within the per-call caps. The text is what the user sees: an editor's
// unsaved changes win over the disk. Size is checked before reading, so a huge file is refused without being loaded.
import * as vscode from 'vscode';
import { formatBytes } from '../shared/byteSize';
import { TOOL_LIMITS, type ReadFileInput } from '../shared/toolCatalog';
import { capLines, numberLines, utf8ByteLength } from '../shared/toolOutput';
import { isProbablyBinary } from './workspacePath';
import { failure, type ToolContext, type ToolRunResult } from './workspaceTools';

/** The largest file read_file loads (to return a range of it); the output itself stays within TOOL_LIMITS. */
export const READ_MAX_FILE_BYTES = 10 * 1024 * 1024;

const CASE_INSENSITIVE_FS = process.platform === 'win32';

export type WorkspaceText =
  | { ok: true; text: string; fromEditor: boolean }
  | { ok: false; why: 'binary' | 'too large' | 'unreadable'; detail: string };

/** Lines of a text; a final line break ends the last line rather than starting an empty one (as toolOutput counts). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const pathKey = (fsPath: string) => (CASE_INSENSITIVE_FS ? fsPath.toLowerCase() : fsPath);

/** Open documents with unsaved changes, by file path: their text is what the user sees, not the disk's. */
export function dirtyDocuments(): Map<string, vscode.TextDocument> {
  const byPath = new Map<string, vscode.TextDocument>();
  for (const document of vscode.workspace.textDocuments) {
    if (document.uri.scheme === 'file' && document.isDirty && !document.isClosed) byPath.set(pathKey(document.uri.fsPath), document);
  }
  return byPath;
}

/**
 * The text of a workspace file: an open dirty document's (looked up by either of its paths), else the disk's, decoded
 * as UTF-8 without a BOM. `size` comes from a stat, so a file over `maxBytes` is refused without reading it.
 */
export async function readWorkspaceText(
  paths: { fsPath: string; knownPath: string },
  size: number,
  maxBytes: number,
  dirty: Map<string, vscode.TextDocument> = dirtyDocuments(),
): Promise<WorkspaceText> {
  const tooLarge = (bytes: number): WorkspaceText => ({ ok: false, why: 'too large', detail: `${formatBytes(bytes)}, over the ${formatBytes(maxBytes)}` });
  const document = dirty.get(pathKey(paths.knownPath)) ?? dirty.get(pathKey(paths.fsPath));
  if (document) {
    const text = document.getText();
    const bytes = utf8ByteLength(text);
    return bytes > maxBytes ? tooLarge(bytes) : { ok: true, text, fromEditor: true };
  }
  if (size > maxBytes) return tooLarge(size);
  let bytes: Uint8Array;
  try {
    bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(paths.fsPath));
  } catch (error) {
    return { ok: false, why: 'unreadable', detail: error instanceof Error ? error.message : String(error) };
  }
  // The file may have grown between the stat and the read.
  if (bytes.byteLength > maxBytes) return tooLarge(bytes.byteLength);
  if (isProbablyBinary(bytes)) return { ok: false, why: 'binary', detail: 'it holds NUL bytes or is not UTF-8 text' };
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes), fromEditor: false };
}

export async function readFile(input: ReadFileInput, context: ToolContext): Promise<ToolRunResult> {
  const target = await context.resolveTarget(input.path);
  if (typeof target === 'string') return failure(target);
  if (target.isDirectory) {
    const glob = target.relative === '' ? '**/*' : `${target.display}/**`;
    return failure(`${target.display} is a folder, not a file. To see its files, call list_files with glob "${glob}".`);
  }
  const unapproved = context.unapprovedSensitive(target);
  if (unapproved) return failure(unapproved);
  context.throwIfAborted();

  const read = await readWorkspaceText({ fsPath: target.fsPath, knownPath: target.uri.fsPath }, target.size, READ_MAX_FILE_BYTES);
  if (!read.ok) {
    switch (read.why) {
      case 'binary':
        return failure(`${target.display} is a binary file (${read.detail}); read_file reads only text files.`);
      case 'too large':
        return failure(`${target.display} is ${read.detail} that read_file loads, so the tools cannot read it; ask the user for the part you need.`);
      case 'unreadable':
        return failure(`${target.display} could not be read: ${read.detail}.`);
    }
  }
  context.throwIfAborted();

  const lines = splitLines(read.text);
  const total = lines.length;
  const source = read.fromEditor ? ' (with the unsaved changes open in the editor)' : '';
  if (total === 0) return { content: `${target.display} is empty${source}.`, isError: false, file: { path: target.display } };
  const start = input.start_line ?? 1;
  if (start > total) {
    return failure(`start_line ${start} is past the end of ${target.display}, which has ${total} line${total === 1 ? '' : 's'}; ask for a start_line from 1 to ${total}.`);
  }
  const end = Math.min(input.end_line ?? total, total);
  const selected = lines.slice(start - 1, end);
  const capped = capLines(selected.join('\n'), { maxLines: TOOL_LIMITS.readMaxLines, maxBytes: TOOL_LIMITS.readMaxBytes, firstLine: start, totalLines: total });
  const shownCount = capped.cut ? capped.text.split('\n').length : selected.length;
  const last = start + shownCount - 1;
  // The trailing "\n" keeps a last empty line numbered (numberLines treats a final break as the end of a line).
  const numbered = numberLines(`${capped.text}\n`, start);
  const notes: string[] = [];
  if (capped.cut && capped.note) notes.push(capped.note);
  else if (input.end_line !== undefined && input.end_line > total) notes.push(`The file ends at line ${total}.`);
  const header = `${target.display}, lines ${start}–${last} of ${total}${source}:`;
  return {
    content: [header, numbered, ...notes.map((note) => `\n[${note}]`)].join('\n'),
    isError: false,
    file: { path: target.display, startLine: start, endLine: last },
  };
}
