import type { Command, CommandContext } from './command';
import { clearApiKeyCommand } from './clearApiKey';
import { newChatCommand } from './newChat';
import { openInEditorCommand } from './openInEditor';
import { setApiKeyCommand } from './setApiKey';
import { stopCommand } from './stop';

export function allCommands(context: CommandContext): Command[] {
  return [newChatCommand, setApiKeyCommand, clearApiKeyCommand, openInEditorCommand, stopCommand].map((factory) => factory(context));
}
