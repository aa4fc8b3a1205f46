// A real temp-directory workspace for the workspace tools' unit tests: folders registered with the vscode fake, files
// written on disk, and one call to run a tool. dispose() removes the directory and resets what the tests touched.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WorkspaceTools, type ToolRunResult, type WorkspaceToolsOptions } from '../../src/tools/workspaceTools';
import { fake, Uri, window, workspace } from '../fakes/vscode';

export class ToolWorkspace {
  /** Holds the folders and an `outside` directory next to them. */
  readonly sandbox: string;
  readonly outside: string;
  private readonly roots = new Map<string, string>();
  private callCount = 0;

  constructor(folderNames: readonly string[] = ['project']) {
    fake.reset();
    // realpath: on macOS the temp dir itself sits behind a symlink.
    this.sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-tools-')));
    this.outside = path.join(this.sandbox, 'outside');
    fs.mkdirSync(this.outside);
    for (const name of folderNames) {
      const root = path.join(this.sandbox, name);
      fs.mkdirSync(root);
      this.roots.set(name, root);
    }
    workspace.workspaceFolders = folderNames.map((name, index) => ({ uri: Uri.file(this.root(name)), name, index }));
  }

  /** The folder's directory (the first folder's by default). */
  root(name?: string): string {
    const root = name === undefined ? [...this.roots.values()][0] : this.roots.get(name);
    if (!root) throw new Error(`no folder ${name}`);
    return root;
  }

  /** Writes a file under the first folder, or under `folder`; returns its path. */
  write(relative: string, content: string | Uint8Array = 'text\n', folder?: string): string {
    const file = path.join(this.root(folder), relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  writeOutside(relative: string, content = 'outside\n'): string {
    const file = path.join(this.outside, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  }

  link(target: string, relative: string, folder?: string): void {
    const at = path.join(this.root(folder), relative);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(target, at);
  }

  uri(relative: string, folder?: string): Uri {
    return Uri.file(path.join(this.root(folder), relative));
  }

  tools(options: Partial<WorkspaceToolsOptions> = {}): WorkspaceTools {
    return new WorkspaceTools({ sensitivePatterns: () => [], ...options });
  }

  /** Runs one call with a fresh WorkspaceTools (or `tools`) and a signal nobody aborts unless given. */
  run(name: string, input: unknown, options: { signal?: AbortSignal; tools?: WorkspaceTools } = {}): Promise<ToolRunResult> {
    return (options.tools ?? this.tools()).run({ id: `call-${++this.callCount}`, name, input }, options.signal ?? new AbortController().signal);
  }

  dispose(): void {
    fs.rmSync(this.sandbox, { recursive: true, force: true });
    workspace.textDocuments = [];
    window.activeTextEditor = undefined;
    window.visibleTextEditors = [];
    window.tabGroups.all = [];
    fake.reset();
  }
}
