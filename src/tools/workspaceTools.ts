// Runs Claude's read-only workspace tool calls against the open folders. Claude's input is untrusted: every call is
// validated, every path goes through resolveToolPath (no `..`, absolute or symlink escapes) and the exclude rules, and
// whatever goes wrong comes back as an `is_error` result written for Claude to correct its next call, never a throw.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as vscode from 'vscode';
import type { ToolFileRef } from '../shared/conversation';
import { isToolName, validateToolInput, type ToolInputs, type ToolName } from '../shared/toolCatalog';
import { realTimers, type Timers } from '../util/timers';
import { getDiagnostics } from './diagnosticsTool';
import { getEditorState } from './editorStateTool';
import { listFiles } from './listFilesTool';
import { readFile } from './readFileTool';
import { searchText } from './searchTextTool';
import { getSymbols } from './symbolsTool';
import { describeExclusion, WorkspaceExcludes } from './workspaceExcludes';
import { isSensitivePath, resolveToolPath, type ToolWorkspaceFolder } from './workspacePath';

export interface ToolCallRequest {
  id: string;
  name: string;
  input: unknown;
}

export interface ToolRunResult {
  content: string;
  isError: boolean;
  /** The file the call looked at (read_file: the lines actually returned), for the transcript's chip. */
  file?: ToolFileRef;
}

export interface WorkspaceToolsOptions {
  /** claudeChat's extra sensitive-file patterns, read at each call. */
  sensitivePatterns: () => readonly string[];
  /** Tests drive the language-service timeout with a manual clock. */
  timers?: Timers;
}

/** A local workspace folder as the tools see it. */
export interface ToolFolder extends ToolWorkspaceFolder {
  readonly uri: vscode.Uri;
  /** fsPath with every symlink resolved, as resolveToolPath's results are relative to it. */
  readonly realPath: string;
}

/** A workspace file or folder that a path input named, checked and not excluded. */
export interface ToolTarget {
  readonly folder: ToolFolder;
  /** Relative to the folder, `/`-separated; `''` for the folder itself. */
  readonly relative: string;
  /** How the tools name it (folder-prefixed in a multi-root workspace). */
  readonly display: string;
  /** The real path: what is read. */
  readonly fsPath: string;
  /** The path as VS Code knows the file (under the folder as opened): what diagnostics and providers are keyed by. */
  readonly uri: vscode.Uri;
  readonly isDirectory: boolean;
  readonly size: number;
  readonly sensitive: boolean;
}

/** Where a uri from VS Code (a diagnostic, a symbol, an editor) lies in the workspace. */
export interface ToolLocation {
  readonly folder: ToolFolder;
  readonly relative: string;
  readonly display: string;
}

/** What a tool's run gets: one per call, so settings and .gitignore files are read fresh for each. */
export interface ToolContext {
  readonly folders: readonly ToolFolder[];
  readonly excludes: WorkspaceExcludes;
  readonly signal: AbortSignal;
  readonly timers: Timers;
  readonly sensitivePatterns: readonly string[];
  /** Resolves and checks a path input; a string is the refusal for Claude. */
  resolveTarget(input: string): Promise<ToolTarget | string>;
  /** The refusal for a sensitive target the user was not asked about for this call, or undefined. */
  unapprovedSensitive(target: ToolTarget): string | undefined;
  /** A `file:` uri inside a workspace folder (by the path VS Code uses or the real one), or undefined. */
  locate(uri: vscode.Uri): ToolLocation | undefined;
  isSensitive(relative: string): boolean;
  displayPath(folder: ToolFolder, relative: string): string;
  throwIfAborted(): void;
}

export class ToolCancelledError extends Error {
  constructor() {
    super('Cancelled: the user stopped this request before the tool finished.');
  }
}

/** sensitivePath answers kept for run to check; bounded in case an integrator asks and never runs. */
const MAX_REMEMBERED_APPROVALS = 1000;
const CASE_INSENSITIVE_FS = process.platform === 'win32';

export const failure = (content: string): ToolRunResult => ({ content, isError: true });

type ToolRunnerOf<N extends ToolName> = (input: ToolInputs[N], context: ToolContext) => Promise<ToolRunResult>;

/** Each tool's implementation, given its validated input. */
const TOOL_RUNNERS: { [N in ToolName]: ToolRunnerOf<N> } = {
  read_file: readFile,
  list_files: listFiles,
  search_text: searchText,
  get_diagnostics: getDiagnostics,
  get_symbols: getSymbols,
  get_editor_state: (_input, context) => getEditorState(context),
};

export class WorkspaceTools {
  private readonly asked = new Map<string, string | undefined>();

  constructor(private readonly options: WorkspaceToolsOptions) {}

  /**
   * Workspace path (as tools name it) of the sensitive file the call would touch — such calls always need the user's
   * approval — or undefined. Never throws; a call whose input does not validate returns undefined (it will be refused
   * by run). run reads a sensitive file only for a call id this was asked about and that named the same file, so a
   * path that turns sensitive in between (a symlink swapped) is refused rather than read unapproved.
   */
  async sensitivePath(call: ToolCallRequest): Promise<string | undefined> {
    let answer: string | undefined;
    try {
      const input = pathInputOf(call);
      if (input !== undefined) {
        const context = await this.context(new AbortController().signal, call.id);
        const target = await context.resolveTarget(input);
        answer = typeof target !== 'string' && target.sensitive ? target.display : undefined;
      }
    } catch {
      answer = undefined;
    }
    this.asked.delete(call.id);
    this.asked.set(call.id, answer);
    while (this.asked.size > MAX_REMEMBERED_APPROVALS) this.asked.delete(this.asked.keys().next().value as string);
    return answer;
  }

  /**
   * Runs the call. Never throws: unknown tool, invalid input, refused path, binary file, cancellation, or any VS Code
   * error → { isError: true, content: text written for Claude to correct its next call }. Honours signal between files.
   */
  async run(call: ToolCallRequest, signal: AbortSignal): Promise<ToolRunResult> {
    try {
      if (signal.aborted) throw new ToolCancelledError();
      if (!isToolName(call.name)) {
        const checked = validateToolInput(call.name, call.input);
        return failure(checked.ok ? `There is no tool named ${call.name}.` : checked.error);
      }
      const context = await this.context(signal, call.id);
      if (context.folders.length === 0) return failure('No local workspace folder is open, so there are no files to look at.');
      return await this.dispatch(call.name, call.input, context);
    } catch (error) {
      if (error instanceof ToolCancelledError || signal.aborted) return failure(new ToolCancelledError().message);
      return failure(`${call.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.asked.delete(call.id);
    }
  }

  private async dispatch<N extends ToolName>(name: N, input: unknown, context: ToolContext): Promise<ToolRunResult> {
    const checked = validateToolInput(name, input);
    if (!checked.ok) return failure(checked.error);
    const run = TOOL_RUNNERS[name] as ToolRunnerOf<N>;
    return run(checked.input, context);
  }

  private async context(signal: AbortSignal, callId: string): Promise<ToolContext> {
    const folders = await localFolders();
    const excludes = new WorkspaceExcludes();
    const sensitivePatterns = [...this.options.sensitivePatterns()];
    const displayPath = (folder: ToolFolder, relative: string) => {
      const inFolder = relative === '' ? '.' : relative;
      return folders.length > 1 ? (relative === '' ? folder.name : `${folder.name}/${relative}`) : inFolder;
    };
    const approved = this.asked.get(callId);
    return {
      folders,
      excludes,
      signal,
      timers: this.options.timers ?? realTimers,
      sensitivePatterns,
      displayPath,
      isSensitive: (relative) => isSensitivePath(relative, sensitivePatterns),
      throwIfAborted: () => {
        if (signal.aborted) throw new ToolCancelledError();
      },
      unapprovedSensitive: (target) =>
        target.sensitive && approved !== target.display
          ? `${target.display} is a sensitive file (it may hold secrets): it is read only after the user approves, and this call was not approved.`
          : undefined,
      locate: (uri) => locate(uri, folders, displayPath),
      resolveTarget: async (input) => {
        const resolution = await resolveToolPath(input, folders, { sensitivePatterns });
        if (!resolution.ok) return resolution.reason;
        const folder = folders.find((candidate) => candidate.name === resolution.folder) as ToolFolder;
        const display = displayPath(folder, resolution.relative);
        const stat = await vscode.workspace.fs.stat(vscode.Uri.file(resolution.fsPath));
        const isDirectory = (stat.type & vscode.FileType.Directory) !== 0;
        const exclusion = await excludes.exclusionOf(folder, resolution.relative, isDirectory);
        if (exclusion) return `${display} is ${describeExclusion(exclusion)}, so the workspace tools do not read it.`;
        const known = resolution.relative === '' ? folder.fsPath : path.join(folder.fsPath, ...resolution.relative.split('/'));
        return {
          folder,
          relative: resolution.relative,
          display,
          fsPath: resolution.fsPath,
          uri: vscode.Uri.file(known),
          isDirectory,
          size: stat.size,
          sensitive: resolution.sensitive,
        };
      },
    };
  }
}

/** The path input of a call that names one file (read_file, get_symbols and get_diagnostics with a path). */
function pathInputOf(call: ToolCallRequest): string | undefined {
  if (call.name !== 'read_file' && call.name !== 'get_symbols' && call.name !== 'get_diagnostics') return undefined;
  const checked = validateToolInput(call.name, call.input);
  return checked.ok && 'path' in checked.input && typeof checked.input.path === 'string' ? checked.input.path : undefined;
}

/** The workspace's local folders; any other scheme is left out (toolAvailability turns the tools off for those). */
export async function localFolders(): Promise<ToolFolder[]> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  return Promise.all(
    folders.map(async (folder) => ({
      name: folder.name,
      fsPath: folder.uri.fsPath,
      uri: folder.uri,
      realPath: await fs.realpath(folder.uri.fsPath).catch(() => folder.uri.fsPath),
    })),
  );
}

function locate(uri: vscode.Uri, folders: readonly ToolFolder[], displayPath: ToolContext['displayPath']): ToolLocation | undefined {
  if (uri.scheme !== 'file') return undefined;
  const fold = (value: string) => (CASE_INSENSITIVE_FS ? value.toLowerCase() : value);
  let best: ToolLocation | undefined;
  let bestRootLength = -1;
  for (const folder of folders) {
    for (const root of new Set([folder.fsPath, folder.realPath])) {
      const relative = path.relative(fold(root), fold(uri.fsPath));
      if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) continue;
      if (root.length <= bestRootLength) continue;
      // The relative path from the original casing, so that names are shown as they are on disk.
      const shown = path.relative(root, uri.fsPath).split(path.sep).join('/');
      best = { folder, relative: shown, display: displayPath(folder, shown) };
      bestRootLength = root.length;
    }
  }
  return best;
}
