import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

export function stopCommand(context: CommandContext): Command {
  return { id: COMMAND_IDS.stop, run: () => context.session.stop() };
}
