import * as vscode from 'vscode';
import { fromApiJson, toApiJson, toMarkdown } from '../conversations/exportFormats';
import { newId } from '../shared/ids';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

type ExportFormat = 'markdown' | 'json';

/**
 * Where Export and Import get their file: only from a dialog the user answers. A command argument never names the
 * file, so a `command:claudeChat.exportConversation?[…]` link cannot overwrite one. Tests replace these functions
 * through the API that only ExtensionMode.Test exports (a real host's dialog cannot be clicked by a test).
 */
export interface FileDialogs {
  save(options: vscode.SaveDialogOptions): Thenable<vscode.Uri | undefined>;
  open(options: vscode.OpenDialogOptions): Thenable<vscode.Uri[] | undefined>;
}

export const fileDialogs: FileDialogs = {
  save: (options) => vscode.window.showSaveDialog(options),
  open: (options) => vscode.window.showOpenDialog(options),
};

/** Export Conversation: the branch on screen as Markdown (to read) or as Messages API JSON (to send or import). */
export function exportConversationCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.exportConversation,
    // A format argument only skips the quick pick; the file is still the user's choice in the save dialog.
    run: async (format?: unknown) => {
      const conversation = context.session.snapshot;
      if (conversation.messages.length === 0) {
        void vscode.window.showInformationMessage('Claude Chat: this conversation is empty; there is nothing to export.');
        return;
      }
      let chosen = format === 'markdown' || format === 'json' ? (format as ExportFormat) : undefined;
      if (!chosen) {
        const pick = await vscode.window.showQuickPick(
          [
            { label: 'Markdown', description: 'readable transcript', format: 'markdown' as const },
            { label: 'JSON', description: 'Messages API request {model, max_tokens, system, messages}: send as is, or import', format: 'json' as const },
          ],
          { title: 'Export conversation as' },
        );
        if (!pick) return;
        chosen = pick.format;
      }
      const extension = chosen === 'markdown' ? 'md' : 'json';
      const uri = await fileDialogs.save({
        title: 'Export conversation',
        defaultUri: defaultFolder(`${slug(conversation.title)}.${extension}`),
        filters: chosen === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
      });
      if (!uri) return;
      let text: string;
      try {
        // JSON carries every attachment inline (base64 or text), so the file is a request the API takes as it is.
        text = chosen === 'markdown' ? toMarkdown(conversation, new Date()) : `${JSON.stringify(await toApiJson(conversation, context.settings().maxTokens, (attachment) => context.attachmentStore.read(attachment)), null, 2)}\n`;
      } catch (error) {
        void vscode.window.showErrorMessage(`Claude Chat: nothing was exported. ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      void vscode.window.showInformationMessage(`Claude Chat: exported to ${uri.fsPath || uri.toString()}.`);
    },
  };
}

/** Import Conversation: a Messages API JSON file (as exported) becomes a new conversation. */
export function importConversationCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.importConversation,
    run: async () => {
      const uri = (await fileDialogs.open({ title: 'Import conversation', canSelectMany: false, filters: { JSON: ['json'] } }))?.[0];
      if (!uri) return;
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (error) {
        void vscode.window.showErrorMessage(`Claude Chat: could not read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      const settings = context.settings();
      let result: Awaited<ReturnType<typeof fromApiJson>>;
      try {
        // Images and documents in the file are stored once, like attachments, and the conversation refers to them.
        result = await fromApiJson(text, { newId, defaults: { model: settings.model, systemPrompt: settings.systemPrompt }, now: Date.now(), putAttachment: (bytes, mediaType) => context.attachmentStore.put(bytes, mediaType) });
      } catch (error) {
        void vscode.window.showErrorMessage(`Claude Chat: cannot import ${uri.fsPath}. ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      if (!result.ok) {
        void vscode.window.showErrorMessage(`Claude Chat: cannot import ${uri.fsPath}. ${result.reason}`);
        return;
      }
      await context.library.add(result.conversation);
      await context.view.reveal();
    },
  };
}

function slug(title: string): string {
  return (title || 'conversation').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'conversation';
}

function defaultFolder(fileName: string): vscode.Uri | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  return folder ? vscode.Uri.joinPath(folder, fileName) : undefined;
}
