import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

export function openInEditorCommand(context: CommandContext): Command {
  return { id: COMMAND_IDS.openInEditor, run: () => context.panels.show() };
}
