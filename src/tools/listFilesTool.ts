// list_files, and the file listing search_text walks: findFiles per folder with the excludes as its exclude glob (so
// node_modules and build output are never walked), then every file checked again by the authoritative rules: the
// glob itself, files.exclude / search.exclude (`when` and brace globs included), .gitignore, and where it really is
// (a symlink out of the workspace is dropped).
import fs from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { type ListFilesInput } from '../shared/toolCatalog';
import { capList } from '../shared/toolOutput';
import { failure, type ToolContext, type ToolFolder, type ToolRunResult } from './workspaceTools';

/** Files findFiles is asked for per folder; a listing that reaches it says it is incomplete. */
export const MAX_LISTED_FILES = 20_000;
const REALPATH_BATCH = 64;
const CASE_INSENSITIVE = process.platform === 'win32' || process.platform === 'darwin';

export interface ListedFile {
  readonly folder: ToolFolder;
  readonly relative: string;
  readonly display: string;
  /** The real path: what is read. */
  readonly fsPath: string;
  /** The path findFiles gave, as VS Code knows the file. */
  readonly knownPath: string;
  readonly sensitive: boolean;
}

export interface FileListing {
  /** Sorted by display path. */
  readonly files: ListedFile[];
  /** False when some folder had more matching files than {@link MAX_LISTED_FILES}. */
  readonly complete: boolean;
}

const toSlashes = (value: string) => value.split(path.sep).join('/');

function isOutside(relative: string): boolean {
  return relative === '' || relative === '..' || relative.startsWith('../') || path.isAbsolute(relative);
}

/** Which folders a glob covers: in a multi-root workspace, a glob may start with a folder's name. */
function scopeOf(glob: string, folders: readonly ToolFolder[]): { folders: readonly ToolFolder[]; pattern: string } {
  const cleaned = glob.replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '');
  if (folders.length > 1) {
    const [first, ...rest] = cleaned.split('/');
    const named = folders.find((folder) => folder.name === first);
    if (named) return { folders: [named], pattern: rest.join('/') === '' ? '**/*' : rest.join('/') };
  }
  return { folders, pattern: cleaned === '' ? '**/*' : cleaned };
}

/** The workspace's files whose folder-relative path matches `glob`, excluded ones left out; a string is a refusal. */
export async function listMatchingFiles(glob: string | undefined, context: ToolContext): Promise<FileListing | string> {
  const scope = scopeOf(glob ?? '**/*', context.folders);
  let matches: (relative: string) => boolean;
  try {
    matches = picomatch(scope.pattern, { dot: true, nocase: CASE_INSENSITIVE });
  } catch (error) {
    return `The glob "${glob}" is not valid (${error instanceof Error ? error.message : String(error)}); use forms like "src/**/*.ts".`;
  }
  const files: ListedFile[] = [];
  let complete = true;
  for (const folder of scope.folders) {
    context.throwIfAborted();
    const exclude = await context.excludes.findFilesExclude(folder);
    context.throwIfAborted();
    const uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder.uri, scope.pattern), exclude, MAX_LISTED_FILES + 1);
    if (uris.length > MAX_LISTED_FILES) complete = false;
    const candidates: { relative: string; knownPath: string }[] = [];
    for (const uri of uris.slice(0, MAX_LISTED_FILES)) {
      const relative = toSlashes(path.relative(folder.fsPath, uri.fsPath));
      if (isOutside(relative) || !matches(relative)) continue;
      if (await context.excludes.exclusionOf(folder, relative)) continue;
      candidates.push({ relative, knownPath: uri.fsPath });
    }
    for (let start = 0; start < candidates.length; start += REALPATH_BATCH) {
      context.throwIfAborted();
      const batch = candidates.slice(start, start + REALPATH_BATCH);
      const checked = await Promise.all(batch.map((candidate) => checkRealPath(folder, candidate, context)));
      for (const file of checked) if (file) files.push(file);
    }
  }
  files.sort((a, b) => (a.display < b.display ? -1 : a.display > b.display ? 1 : 0));
  return { files, complete };
}

/**
 * Follows symlinks: a file whose real path is outside every folder is dropped, and one that lands elsewhere in the
 * workspace must pass the exclude rules there too. Sensitive by either name.
 */
async function checkRealPath(folder: ToolFolder, candidate: { relative: string; knownPath: string }, context: ToolContext): Promise<ListedFile | undefined> {
  const real = await fs.realpath(candidate.knownPath).catch(() => undefined);
  if (real === undefined) return undefined;
  const owner = context.folders.find((root) => !isOutside(toSlashes(path.relative(root.realPath, real))));
  if (!owner) return undefined;
  const realRelative = toSlashes(path.relative(owner.realPath, real));
  if ((owner !== folder || realRelative !== candidate.relative) && (await context.excludes.exclusionOf(owner, realRelative))) return undefined;
  return {
    folder,
    relative: candidate.relative,
    display: context.displayPath(folder, candidate.relative),
    fsPath: real,
    knownPath: candidate.knownPath,
    sensitive: context.isSensitive(candidate.relative) || context.isSensitive(realRelative),
  };
}

export async function listFiles(input: ListFilesInput, context: ToolContext): Promise<ToolRunResult> {
  const listing = await listMatchingFiles(input.glob, context);
  if (typeof listing === 'string') return failure(listing);
  const glob = input.glob ?? '**/*';
  if (listing.files.length === 0) {
    return { content: `No files match "${glob}". Files excluded by files.exclude, search.exclude or .gitignore are not listed.`, isError: false };
  }
  const capped = capList(
    listing.files.map((file) => file.display),
    input.max_results,
    { noun: 'files' },
  );
  const lines = [`Files matching "${glob}" (${listing.files.length}${listing.complete ? '' : '+'}):`, ...capped.items];
  if (capped.note) lines.push(`\n[${capped.note}]`);
  if (!listing.complete) lines.push(`[A folder has more than ${MAX_LISTED_FILES.toLocaleString('en-US')} matching files; only the first ones found were considered. Narrow the glob.]`);
  return { content: lines.join('\n'), isError: false };
}
