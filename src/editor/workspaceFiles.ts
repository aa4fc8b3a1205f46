import * as vscode from 'vscode';
import { formatBytes } from '../shared/byteSize';
import type { CodeSnippet } from '../shared/codeContext';
import { diagnosticsOf } from './diagnostics';

export interface FileReadLimits {
  maxFiles: number;
  maxBytesPerFile: number;
  maxTotalBytes: number;
}

export interface FileSnippets {
  snippets: { snippet: CodeSnippet; uri: vscode.Uri }[];
  /** What was left out and why; a folder cut short by maxFiles is listed with the folder's path. */
  refused: { path: string; reason: string }[];
}

/** Bytes checked for NUL, as git does: enough to recognise images, archives and executables. */
const BINARY_SNIFF_BYTES = 8 * 1024;

/**
 * Reads files (and the files inside folders) as whole-file snippets for a command or an attachment. Never throws for
 * an ordinary failure: every file that is not read is in `refused` with the reason.
 */
export async function readFileSnippets(uris: readonly vscode.Uri[], limits: FileReadLimits): Promise<FileSnippets> {
  const result: FileSnippets = { snippets: [], refused: [] };
  const seen = new Set<string>();
  let totalBytes = 0;
  let fileCount = 0;

  const readOne = async (uri: vscode.Uri, size: number | undefined): Promise<void> => {
    const key = uri.toString();
    if (seen.has(key)) return;
    seen.add(key);
    const path = workspacePath(uri);
    const refuse = (reason: string) => void result.refused.push({ path, reason });
    if (fileCount >= limits.maxFiles) return refuse(`over the limit of ${files(limits.maxFiles)}`);
    if (size === undefined) {
      const stat = await statOf(uri);
      if (typeof stat === 'string') return refuse(stat);
      size = stat.size;
    }
    if (size > limits.maxBytesPerFile) return refuse(`${formatBytes(size)}, over the limit of ${formatBytes(limits.maxBytesPerFile)} per file`);
    if (totalBytes + size > limits.maxTotalBytes) return refuse(`${formatBytes(size)} would bring the total to ${formatBytes(totalBytes + size)}, over the limit of ${formatBytes(limits.maxTotalBytes)}`);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      return refuse(`could not be read (${errorText(error)})`);
    }
    const text = decodeText(bytes);
    if (typeof text !== 'string') return refuse(text.reason);
    if (text.length === 0) return refuse('empty file');
    fileCount++;
    totalBytes += bytes.byteLength;
    result.snippets.push({
      uri,
      snippet: { path, language: languageForPath(uri.path), startLine: 1, endLine: lineCount(text), text, origin: 'file', diagnostics: diagnosticsOf(uri) },
    });
  };

  for (const uri of uris) {
    const stat = await statOf(uri);
    if (typeof stat === 'string') {
      result.refused.push({ path: workspacePath(uri), reason: stat });
      continue;
    }
    if (stat.type & vscode.FileType.Directory) {
      await readFolder(uri, limits.maxFiles - fileCount, limits.maxFiles, result, readOne);
      continue;
    }
    await readOne(uri, stat.size);
  }
  return result;
}

async function readFolder(folder: vscode.Uri, room: number, maxFiles: number, result: FileSnippets, readOne: (uri: vscode.Uri, size: number | undefined) => Promise<void>): Promise<void> {
  const path = workspacePath(folder);
  if (room <= 0) {
    result.refused.push({ path, reason: `not read: the limit of ${files(maxFiles)} was already reached` });
    return;
  }
  let found: vscode.Uri[];
  try {
    // One more than there is room for, so a cut can be told from a folder that fits exactly.
    found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), excludedFiles(), room + 1);
  } catch (error) {
    result.refused.push({ path, reason: `its files could not be listed (${errorText(error)})` });
    return;
  }
  if (found.length === 0) {
    result.refused.push({ path, reason: 'no files in this folder (files.exclude and search.exclude apply)' });
    return;
  }
  // findFiles returns an arbitrary subset when it cuts; sorting at least makes the files read predictable.
  found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (found.length > room) {
    result.refused.push({ path, reason: `more than ${files(room)} in this folder; only the first ${room === 1 ? 'was' : `${room} were`} read` });
    found = found.slice(0, room);
  }
  for (const uri of found) await readOne(uri, undefined);
}

async function statOf(uri: vscode.Uri): Promise<vscode.FileStat | string> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch (error) {
    return `could not be read (${errorText(error)})`;
  }
}

/** The text, or why the bytes are not text: a NUL early on (binary) or bytes that are not UTF-8. */
export function decodeText(bytes: Uint8Array): string | { reason: string } {
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { reason: 'binary file (it contains NUL bytes)' };
  try {
    // The decoder drops a leading BOM, which would otherwise reach the prompt as an invisible character.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { reason: 'not UTF-8 text (a binary file or another encoding)' };
  }
}

/**
 * The path a prompt shows: relative to its workspace folder with `/` separators (prefixed by the folder's name in a
 * multi-root workspace), the file name alone outside the workspace.
 */
export function workspacePath(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return baseName(uri.path);
  const base = folder.uri.path.replace(/\/+$/, '');
  const relative = uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : baseName(uri.path);
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return multiRoot ? `${folder.name}/${relative}` : relative;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

/** 1-based number of the last line; a final newline does not start another line. */
export function lineCount(text: string): number {
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < text.length - 1; index = text.indexOf('\n', index + 1)) lines++;
  return lines;
}

// Opening a TextDocument just to learn its language is slow and fires events every extension sees, so the common
// extensions map to VS Code's language ids here; anything else is plaintext.
const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  ts: 'typescript', mts: 'typescript', cts: 'typescript', tsx: 'typescriptreact', js: 'javascript', mjs: 'javascript', cjs: 'javascript',
  jsx: 'javascriptreact', py: 'python', pyi: 'python', rs: 'rust', go: 'go', java: 'java', kt: 'kotlin', kts: 'kotlin', scala: 'scala',
  cs: 'csharp', fs: 'fsharp', vb: 'vb', c: 'c', h: 'c', cpp: 'cpp', cc: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', hxx: 'cpp',
  m: 'objective-c', mm: 'objective-cpp', swift: 'swift', rb: 'ruby', php: 'php', pl: 'perl', pm: 'perl', lua: 'lua', r: 'r',
  dart: 'dart', ex: 'elixir', exs: 'elixir', erl: 'erlang', hs: 'haskell', clj: 'clojure', groovy: 'groovy', gradle: 'groovy',
  sh: 'shellscript', bash: 'shellscript', zsh: 'shellscript', ps1: 'powershell', psm1: 'powershell', bat: 'bat', cmd: 'bat',
  json: 'json', jsonc: 'jsonc', json5: 'json5', yaml: 'yaml', yml: 'yaml', toml: 'toml', ini: 'ini', xml: 'xml', svg: 'xml',
  html: 'html', htm: 'html', css: 'css', scss: 'scss', sass: 'sass', less: 'less', vue: 'vue', svelte: 'svelte',
  md: 'markdown', markdown: 'markdown', rst: 'restructuredtext', tex: 'latex', sql: 'sql', graphql: 'graphql', gql: 'graphql',
  proto: 'proto3', tf: 'terraform', dockerfile: 'dockerfile', makefile: 'makefile', mk: 'makefile', txt: 'plaintext',
};
const LANGUAGE_BY_NAME: Record<string, string> = {
  dockerfile: 'dockerfile', containerfile: 'dockerfile', makefile: 'makefile', gnumakefile: 'makefile', '.gitignore': 'ignore',
  '.dockerignore': 'ignore', 'cmakelists.txt': 'cmake', gemfile: 'ruby', rakefile: 'ruby', jenkinsfile: 'groovy',
};

/** VS Code's language id for a file, from its name; `plaintext` when unknown. */
export function languageForPath(path: string): string {
  const name = baseName(path).toLowerCase();
  const byName = LANGUAGE_BY_NAME[name];
  if (byName) return byName;
  const dot = name.lastIndexOf('.');
  return (dot > 0 && LANGUAGE_BY_EXTENSION[name.slice(dot + 1)]) || 'plaintext';
}

function files(count: number): string {
  return count === 1 ? '1 file' : `${count} files`;
}

export function errorText(error: unknown): string {
  if (error instanceof vscode.FileSystemError && error.code) return error.code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a folder's expansion leaves out: files.exclude and search.exclude together, as the search view does (a folder
 * holding node_modules would otherwise fill the file limit with them). Passing a pattern replaces findFiles' own
 * files.exclude, so both settings' enabled globs go in; conditional (`when`) entries are left to VS Code's search.
 */
export function excludedFiles(): vscode.GlobPattern | undefined {
  const globs = new Set<string>();
  for (const section of ['files', 'search']) {
    const excludes = vscode.workspace.getConfiguration(section).get<Record<string, unknown>>('exclude') ?? {};
    for (const [glob, enabled] of Object.entries(excludes)) if (enabled === true && !glob.includes('{') && !glob.includes(',')) globs.add(glob);
  }
  return globs.size === 0 ? undefined : `{${[...globs].join(',')}}`;
}
