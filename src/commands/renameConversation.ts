import * as vscode from 'vscode';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

export function renameConversationCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.renameConversation,
    run: async (title?: unknown) => {
      const current = context.session.snapshot;
      const next =
        typeof title === 'string'
          ? title
          : await vscode.window.showInputBox({ title: 'Rename Conversation', value: current.title, validateInput: (value) => (value.trim() ? undefined : 'A title cannot be empty.') });
      if (next === undefined || !next.trim()) return;
      await context.library.rename(current.id, next.trim());
    },
  };
}
