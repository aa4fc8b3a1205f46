import type { CodeCommandServices, Command } from './command';
import { COMMAND_IDS } from './commandIds';

/** Shows the chat where it is open (the editor tab, else the sidebar) with the cursor in the composer. */
export function openChatCommand(services: CodeCommandServices): Command {
  return { id: COMMAND_IDS.openChat, run: () => services.revealChat() };
}
