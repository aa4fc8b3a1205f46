// search_text: matching lines across the workspace's files. Regular expressions run on re2js (RE2, linear time), so a
// pattern like (a+)+$ cannot hang the extension host the way a backtracking engine would (ReDoS). Sensitive files are
// not searched (their lines would reach Claude without the approval read_file asks for); neither are binary files,
// files over 1 MB, or excluded ones. The search stops as soon as it has one match more than it can show.
import { RE2JS } from 're2js';
import * as vscode from 'vscode';
import { formatBytes } from '../shared/byteSize';
import { type SearchTextInput } from '../shared/toolCatalog';
import { capList } from '../shared/toolOutput';
import { listMatchingFiles, MAX_LISTED_FILES } from './listFilesTool';
import { dirtyDocuments, readWorkspaceText, splitLines } from './readFileTool';
import { failure, type ToolContext, type ToolRunResult } from './workspaceTools';

export const SEARCH_MAX_FILE_BYTES = 1024 * 1024;
/** A matching line longer than this is shown as an excerpt around the match. */
export const MATCH_LINE_MAX_CHARS = 200;
const EXCERPT_LEAD = 60;
const NAMED_SKIPS = 5;

/** Where the query first matches a line, or -1. */
type LineMatcher = (line: string) => number;

function lineMatcher(input: SearchTextInput): LineMatcher {
  if (!input.is_regex) return (line) => line.indexOf(input.query);
  // validateToolInput already compiled it once; a failure here would be a bug, reported by run as an error.
  const pattern = RE2JS.compile(input.query);
  return (line) => {
    if (!pattern.test(line)) return -1;
    const matcher = pattern.matcher(line);
    return matcher.find() ? matcher.start() : 0;
  };
}

/** The line, trimmed; a long one cut to a window that shows where it matches. */
export function excerpt(line: string, index: number): string {
  if (line.length <= MATCH_LINE_MAX_CHARS) return line.trim();
  const start = Math.max(0, Math.min(index - EXCERPT_LEAD, line.length - MATCH_LINE_MAX_CHARS));
  const end = Math.min(line.length, start + MATCH_LINE_MAX_CHARS);
  return `${start > 0 ? '…' : ''}${line.slice(start, end).trim()}${end < line.length ? '…' : ''}`;
}

function named(paths: readonly string[]): string {
  const shown = paths.slice(0, NAMED_SKIPS).join(', ');
  return paths.length > NAMED_SKIPS ? `${shown} and ${paths.length - NAMED_SKIPS} more` : shown;
}

const plural = (count: number, noun: string, many = `${noun}s`) => `${count} ${count === 1 ? noun : many}`;

export async function searchText(input: SearchTextInput, context: ToolContext): Promise<ToolRunResult> {
  const matchAt = lineMatcher(input);
  const listing = await listMatchingFiles(input.glob, context);
  if (typeof listing === 'string') return failure(listing);
  const dirty = dirtyDocuments();
  const matches: string[] = [];
  const matchedFiles = new Set<string>();
  const skipped = { sensitive: [] as string[], large: [] as string[], binary: 0, unreadable: [] as string[] };
  let searched = 0;
  let stoppedEarly = false;

  files: for (const file of listing.files) {
    context.throwIfAborted();
    if (file.sensitive) {
      skipped.sensitive.push(file.display);
      continue;
    }
    let size: number;
    try {
      size = (await vscode.workspace.fs.stat(vscode.Uri.file(file.fsPath))).size;
    } catch {
      skipped.unreadable.push(file.display);
      continue;
    }
    const read = await readWorkspaceText(file, size, SEARCH_MAX_FILE_BYTES, dirty);
    context.throwIfAborted();
    if (!read.ok) {
      if (read.why === 'binary') skipped.binary++;
      else if (read.why === 'too large') skipped.large.push(file.display);
      else skipped.unreadable.push(file.display);
      continue;
    }
    searched++;
    const lines = splitLines(read.text);
    for (let index = 0; index < lines.length; index++) {
      const at = matchAt(lines[index]);
      if (at < 0) continue;
      matches.push(`${file.display}:${index + 1}: ${excerpt(lines[index], at)}`);
      matchedFiles.add(file.display);
      if (matches.length > input.max_results) {
        stoppedEarly = true;
        break files;
      }
    }
  }

  const what = input.is_regex ? `/${input.query}/` : `"${input.query}"`;
  const capped = capList(matches, input.max_results, { noun: 'matches', complete: !stoppedEarly });
  const out: string[] = [];
  if (matches.length === 0) out.push(`No matches for ${what} in ${plural(searched, 'file')} searched.`);
  else if (stoppedEarly) out.push(`Matches for ${what}:`, ...capped.items);
  else out.push(`${plural(matches.length, 'match', 'matches')} for ${what} in ${plural(matchedFiles.size, 'file')}:`, ...capped.items);
  const notes: string[] = [];
  if (capped.note) notes.push(capped.note);
  if (!listing.complete) notes.push(`Only the first ${MAX_LISTED_FILES.toLocaleString('en-US')} files of a folder were searched; narrow the glob.`);
  if (skipped.sensitive.length > 0) {
    notes.push(`Not searched: ${plural(skipped.sensitive.length, 'sensitive file')} (${named(skipped.sensitive)}); read_file can read one after the user approves.`);
  }
  if (skipped.large.length > 0) notes.push(`Not searched: ${plural(skipped.large.length, 'file')} over ${formatBytes(SEARCH_MAX_FILE_BYTES)} (${named(skipped.large)}).`);
  if (skipped.binary > 0) notes.push(`Not searched: ${plural(skipped.binary, 'binary file')}.`);
  if (skipped.unreadable.length > 0) notes.push(`Could not read ${plural(skipped.unreadable.length, 'file')} (${named(skipped.unreadable)}).`);
  if (notes.length > 0) out.push('', ...notes.map((note) => `[${note}]`));
  return { content: out.join('\n'), isError: false };
}
