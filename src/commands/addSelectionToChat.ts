import * as vscode from 'vscode';
import { targetFromEditor, wholeFileLimits } from '../editor/codeTarget';
import { fenceCode, formatLocation } from '../shared/promptTemplate';
import type { CodeCommandServices, Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

/**
 * Puts the selection (or the symbol around the cursor) into the composer as a reference with its code, without
 * sending: the user writes the question around it.
 */
export function addSelectionToChatCommand(context: CommandContext, services: CodeCommandServices): Command {
  return {
    id: COMMAND_IDS.addSelectionToChat,
    run: async () => {
      const editor = services.editors.editor;
      if (!editor) {
        void vscode.window.showInformationMessage('Claude Chat: open a file and select the code to add.');
        return;
      }
      const result = await targetFromEditor(editor, wholeFileLimits(context.settings().codeCommands.wholeFileMaxLines));
      if (!result.ok) {
        void vscode.window.showWarningMessage(`Claude Chat: ${result.reason}`);
        return;
      }
      const { snippet } = result.target;
      context.session.appendToDraft(`\`${formatLocation(snippet)}\`\n${fenceCode(snippet.text, snippet.language)}\n`);
      await services.revealChat();
    },
  };
}
