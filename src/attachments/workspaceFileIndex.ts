import fuzzysort from 'fuzzysort';
import * as vscode from 'vscode';
import { excludedFiles, workspacePath } from '../editor/workspaceFiles';
import type { FileSuggestion } from '../shared/protocol';
import { Disposable } from '../util/disposable';

/** Files listed at most: enough for large monorepos' source, bounded so a huge folder cannot stall the picker. */
export const MAX_INDEXED_FILES = 20_000;
/** Suggestions an `@` mention shows. */
export const MAX_SUGGESTIONS = 20;

export interface IndexedFile {
  uri: vscode.Uri;
  /** Workspace-relative path (folder-prefixed in a multi-root workspace), as shown and as matched. */
  path: string;
}

/**
 * The workspace's files for the attach picker and `@` mentions: listed once with findFiles (honouring files.exclude
 * and search.exclude), kept until a file is created or deleted or the folders change, and matched fuzzily (fuzzysort)
 * so `@chcon` finds `src/webview/chatConnection.ts`.
 */
export class WorkspaceFileIndex extends Disposable {
  private listing: Promise<IndexedFile[]> | undefined;
  private prepared: { files: IndexedFile[]; targets: { file: IndexedFile; key: Fuzzysort.Prepared }[] } | undefined;
  private watching = false;

  /** Every indexed file, sorted by path. */
  files(): Promise<IndexedFile[]> {
    this.watchOnce();
    this.listing ??= listWorkspaceFiles().catch((error: unknown) => {
      this.listing = undefined;
      throw error;
    });
    return this.listing;
  }

  /** The best matches for an `@` mention's query; the shortest paths first when the query is empty. */
  async suggest(query: string): Promise<FileSuggestion[]> {
    const files = await this.files();
    if (this.prepared?.files !== files) this.prepared = { files, targets: files.map((file) => ({ file, key: fuzzysort.prepare(file.path) })) };
    const trimmed = query.trim();
    const picked =
      trimmed.length === 0
        ? [...files].sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path)).slice(0, MAX_SUGGESTIONS)
        : fuzzysort.go(trimmed, this.prepared.targets, { key: 'key', limit: MAX_SUGGESTIONS }).map((result) => result.obj.file);
    return picked.map((file) => ({ path: file.path, uri: file.uri.toString() }));
  }

  private invalidate(): void {
    this.listing = undefined;
  }

  /**
   * Watches for files created and deleted from the first listing on, not from start-up: a window whose user never
   * opens the picker or types `@` pays nothing for every file its build writes.
   */
  private watchOnce(): void {
    if (this.watching) return;
    this.watching = true;
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    this._register(watcher.onDidCreate(() => this.invalidate()));
    this._register(watcher.onDidDelete(() => this.invalidate()));
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()));
    this._register(vscode.workspace.onDidChangeConfiguration((event) => (event.affectsConfiguration('files.exclude') || event.affectsConfiguration('search.exclude') ? this.invalidate() : undefined)));
  }
}

async function listWorkspaceFiles(): Promise<IndexedFile[]> {
  if (!vscode.workspace.workspaceFolders?.length) return [];
  const uris = await vscode.workspace.findFiles('**/*', excludedFiles(), MAX_INDEXED_FILES);
  return uris.map((uri) => ({ uri, path: workspacePath(uri) })).sort((a, b) => a.path.localeCompare(b.path));
}
