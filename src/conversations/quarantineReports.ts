import * as vscode from 'vscode';
import type { QuarantinedFile } from './store/conversationStore';

/**
 * Tells the user, once per file, that a saved conversation could not be read and was moved aside (never deleted),
 * with a Reveal button to find it.
 */
export class QuarantineReports {
  private readonly reported = new Set<string>();

  constructor(private readonly log: Pick<vscode.LogOutputChannel, 'warn'>) {}

  report(files: readonly QuarantinedFile[]): void {
    for (const file of files) {
      if (this.reported.has(file.movedTo)) continue;
      this.reported.add(file.movedTo);
      this.log.warn(`Quarantined unreadable conversation file ${file.file} (${file.reason}: ${file.detail}) to ${file.movedTo}`);
      void vscode.window
        .showWarningMessage(`Claude Chat could not read a saved conversation (${describeReason(file.reason)}). It was moved aside, not deleted.`, 'Reveal')
        .then((choice) => {
          if (choice === 'Reveal') void vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(file.movedTo));
        });
    }
  }
}

function describeReason(reason: QuarantinedFile['reason']): string {
  switch (reason) {
    case 'bom':
      return 'it starts with a byte-order mark';
    case 'truncated':
      return 'it is cut short';
    case 'corrupt':
      return 'it is not valid JSON';
    case 'futureSchema':
      return 'it was written by a newer version of Claude Chat';
    case 'invalid':
      return 'its content is not a conversation (or its messages loop back on themselves)';
  }
}
