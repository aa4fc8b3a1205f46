import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

export function newChatCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.newChat,
    run: async () => {
      context.session.newChat();
      if (!context.panels.isOpen) await context.view.reveal();
    },
  };
}
