import * as vscode from 'vscode';

/**
 * Tells the user about failed saves once per episode, not once per write: an episode starts with the first failure
 * while every conversation was saved, and ends when the last failing one has been written (said once, too). Every
 * failure goes to the log with its retry delay.
 */
export class SaveFailures {
  /** Conversations whose latest change could not be written, by id. */
  private readonly failing = new Set<string>();

  constructor(private readonly log: Pick<vscode.LogOutputChannel, 'warn' | 'info'>) {}

  get count(): number {
    return this.failing.size;
  }

  failed(id: string, title: string, error: unknown, failures: number, retryInMs: number): void {
    const detail = error instanceof Error ? error.message : String(error);
    this.log.warn(`Saving conversation ${id} failed (${failures} in a row; trying again in ${Math.round(retryInMs / 1000)} s): ${detail}`);
    const episodeStarts = this.failing.size === 0;
    this.failing.add(id);
    if (!episodeStarts) return;
    void vscode.window.showErrorMessage(
      `Claude Chat could not save "${title}": ${detail}. It stays open in this window and is saved as soon as the disk takes writes again (the copy on disk is unchanged until then). Keep this window open until Claude Chat says it saved again.`,
    );
  }

  recovered(id: string): void {
    if (!this.failing.delete(id)) return;
    this.log.info(`Saved conversation ${id} again`);
    if (this.failing.size === 0) void vscode.window.showInformationMessage('Claude Chat saved your conversations again: nothing was lost.');
  }

  /** The conversation was deleted: it no longer needs saving. */
  forget(id: string): void {
    this.failing.delete(id);
  }
}
