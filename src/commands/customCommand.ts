import * as vscode from 'vscode';
import { customCommand, promptFileCommand, type ResolvedCommand } from '../codeCommands/resolvedCommand';
import type { CodeCommandServices, Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

interface CommandItem extends vscode.QuickPickItem {
  command?: ResolvedCommand;
}

/**
 * Custom Command…: VS Code's menus are static, so one entry lists the user's commands from settings
 * (claudeChat.customCommands) and the workspace's prompt files, read now so changes apply without a reload.
 */
export function customCommandCommand(context: CommandContext, services: CodeCommandServices): Command {
  return {
    id: COMMAND_IDS.customCommand,
    // An id argument runs that command without the picker (a user keybinding can name one), and a second argument
    // answers its question.
    run: async (id?: unknown, question?: unknown) => {
      const custom = context.settings().codeCommands.customCommands;
      const files = await services.promptFiles.list();
      if (typeof id === 'string') {
        const chosen = custom.find((command) => command.id === id);
        const file = files.commands.find((command) => command.id === id);
        const options = typeof question === 'string' ? { question } : {};
        if (chosen || file) return services.runner.run(chosen ? customCommand(chosen) : promptFileCommand(file!), { kind: 'editor' }, options);
        void vscode.window.showWarningMessage(`Claude Chat: no custom command or prompt file has the id "${id.slice(0, 64)}".`);
        return { status: 'refused', reason: 'unknown id' };
      }
      const items: CommandItem[] = [];
      if (custom.length > 0) items.push({ label: 'From settings', kind: vscode.QuickPickItemKind.Separator });
      for (const command of custom) {
        items.push({ label: command.title, description: command.id, detail: command.applyAsDiff ? 'Answer applies as a diff' : undefined, command: customCommand(command) });
      }
      if (files.commands.length > 0) items.push({ label: 'Prompt files', kind: vscode.QuickPickItemKind.Separator });
      for (const file of files.commands) {
        items.push({ label: file.title, description: file.path, detail: file.description, command: promptFileCommand(file) });
      }
      if (items.length === 0) {
        const trustNote = vscode.workspace.isTrusted ? '' : ' Prompt files are not read in an untrusted workspace.';
        const choice = await vscode.window.showInformationMessage(
          `Claude Chat: no custom commands yet. Add them in the setting claudeChat.customCommands, or as .claude/commands/*.md or .github/prompts/*.prompt.md files in the workspace.${trustNote}`,
          'Open Settings',
        );
        if (choice) await vscode.commands.executeCommand('workbench.action.openSettings', 'claudeChat.customCommands');
        return { status: 'cancelled' };
      }
      if (files.problems.length > 0) items.push({ label: 'Skipped', kind: vscode.QuickPickItemKind.Separator }, ...files.problems.map((problem) => ({ label: `$(warning) ${problem}` })));
      const pick = await vscode.window.showQuickPick(items, { title: 'Claude: Custom Command', placeHolder: 'Run a command on the selection', matchOnDescription: true, matchOnDetail: true });
      if (!pick?.command) return { status: 'cancelled' };
      return services.runner.run(pick.command, { kind: 'editor' });
    },
  };
}
