import * as vscode from 'vscode';
import { pickAttachments } from '../attachments/attachmentPicker';
import type { AttachmentService } from '../attachments/attachmentService';
import type { WorkspaceFileIndex } from '../attachments/workspaceFileIndex';
import { explorerSelection } from './codeCommands';
import type { CodeCommandServices, Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

/** What the attach commands use on top of CommandContext. */
export interface AttachmentCommandServices {
  attachments: AttachmentService;
  fileIndex: WorkspaceFileIndex;
}

/**
 * Attach to Chat (the Explorer's context menu, multi-select aware; from the palette, the active editor's file) and
 * Attach Files… (the composer's attach button and the palette: the picker). Both show the chat, where the chips
 * appear and where images are downscaled.
 */
export function attachCommands(context: CommandContext, code: CodeCommandServices, services: AttachmentCommandServices): Command[] {
  return [
    {
      id: COMMAND_IDS.attachToChat,
      run: async (clicked?: unknown, selected?: unknown) => {
        const uris = explorerSelection(clicked, selected, code);
        if (uris.length === 0) {
          void vscode.window.showInformationMessage('Claude Chat: select files in the Explorer (or open one) to attach them.');
          return;
        }
        await code.revealChat();
        await services.attachments.attachUris(uris);
      },
    },
    {
      id: COMMAND_IDS.attachFiles,
      run: async () => {
        const picked = await pickAttachments(services.fileIndex, await services.attachments.acceptance(), context.session.snapshot.model);
        if (picked.length === 0) return;
        await code.revealChat();
        await services.attachments.attachUris(picked);
      },
    },
  ];
}
