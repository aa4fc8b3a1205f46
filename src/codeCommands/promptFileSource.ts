import * as vscode from 'vscode';
import { parsePromptFile, type PromptFileCommand } from '../shared/promptFile';

/** Where users already keep prompts: Claude Code's custom commands and VS Code's prompt files. */
const PATTERNS = ['.claude/commands/**/*.md', '.github/prompts/*.prompt.md'];
const MAX_FILES_PER_PATTERN = 200;
const MAX_FILE_BYTES = 64 * 1024;

export interface PromptFileListing {
  commands: PromptFileCommand[];
  /** Files that were skipped, each with the reason (shown in the picker, logged). */
  problems: string[];
}

/**
 * The workspace's prompt files, read when asked (so an edited or new file applies without a reload). A prompt file is
 * an instruction from the repository to the model, so an untrusted workspace gets none.
 */
export class PromptFileSource {
  constructor(
    private readonly enabled: () => boolean,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async list(): Promise<PromptFileListing> {
    if (!vscode.workspace.isTrusted || !this.enabled()) return { commands: [], problems: [] };
    const commands: PromptFileCommand[] = [];
    const problems: string[] = [];
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const folder of folders) {
      for (const pattern of PATTERNS) {
        let uris: vscode.Uri[];
        try {
          uris = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern), undefined, MAX_FILES_PER_PATTERN);
        } catch (error) {
          problems.push(`${pattern}: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        uris.sort((a, b) => a.path.localeCompare(b.path));
        for (const uri of uris) {
          const relative = uri.path.slice(folder.uri.path.replace(/\/$/, '').length + 1);
          const shown = folders.length > 1 ? `${folder.name}/${relative}` : relative;
          const text = await readSmallText(uri);
          if (typeof text !== 'string') {
            problems.push(`${shown}: ${text.error}`);
            continue;
          }
          const parsed = parsePromptFile(relative, text);
          if ('error' in parsed) problems.push(`${shown}: ${parsed.error}`);
          // In a multi-root workspace two folders may hold the same file name: the folder keeps their ids apart.
          else commands.push({ ...parsed, id: folders.length > 1 ? `${folder.name}/${parsed.id}` : parsed.id, path: shown });
        }
      }
    }
    for (const problem of problems) this.log.warn(`Prompt file skipped: ${problem}`);
    return { commands, problems };
  }
}

async function readSmallText(uri: vscode.Uri): Promise<string | { error: string }> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_FILE_BYTES) return { error: `larger than ${MAX_FILE_BYTES / 1024} KB` };
    const bytes = await vscode.workspace.fs.readFile(uri);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    return { error: error instanceof Error ? error.message : 'unreadable' };
  }
}
