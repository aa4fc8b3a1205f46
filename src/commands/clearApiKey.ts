import * as vscode from 'vscode';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

export function clearApiKeyCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.clearApiKey,
    run: async () => {
      await context.keys.clear();
      const fallback = await context.keys.source();
      const message =
        fallback === 'environment'
          ? 'Claude Chat: stored API key removed. ANTHROPIC_API_KEY from the environment is used now.'
          : 'Claude Chat: stored API key removed.';
      void vscode.window.showInformationMessage(message);
    },
  };
}
