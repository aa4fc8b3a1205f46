import * as vscode from 'vscode';
import { validateApiKeyInput } from '../auth/apiKeyFormat';
import { redactSecrets } from '../shared/redact';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

export function setApiKeyCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.setApiKey,
    run: async () => {
      const input = await vscode.window.showInputBox({
        title: 'Claude Chat: Set API Key',
        prompt: 'Your Anthropic API key. It is kept in VS Code secret storage (your OS keychain), never in settings or files.',
        placeHolder: 'sk-ant-…',
        password: true,
        ignoreFocusOut: true,
        validateInput: validateApiKeyInput,
      });
      if (input === undefined) return;
      try {
        await context.keys.store(input);
        void vscode.window.showInformationMessage('Claude Chat: API key stored in secret storage.');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        void vscode.window.showErrorMessage(`Claude Chat: could not store the key. ${redactSecrets(reason, [input])}`);
      }
    },
  };
}
