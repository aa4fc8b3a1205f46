import * as vscode from 'vscode';
import type { HistoryItem } from '../shared/protocol';
import type { Command, CommandContext } from './command';
import { COMMAND_IDS } from './commandIds';

interface ConversationPick extends vscode.QuickPickItem {
  id: string;
}

const SEARCH_DEBOUNCE_MS = 200;

/** Open Conversation…: every conversation, newest first; typing also searches message text, not just titles. */
export function openConversationCommand(context: CommandContext): Command {
  return {
    id: COMMAND_IDS.openConversation,
    run: async (id?: unknown) => {
      if (typeof id === 'string') {
        await context.library.open(id);
        return;
      }
      const picker = vscode.window.createQuickPick<ConversationPick>();
      picker.title = 'Claude Chat: Open Conversation';
      picker.placeholder = 'Search titles and messages';
      picker.matchOnDescription = true;
      picker.matchOnDetail = true;
      picker.busy = true;
      const all = await context.library.summaries();
      picker.items = all.map(toPick);
      picker.busy = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      picker.onDidChangeValue((query) => {
        clearTimeout(timer);
        if (!query.trim()) {
          picker.items = all.map(toPick);
          return;
        }
        timer = setTimeout(async () => {
          picker.busy = true;
          const found = await context.library.list(query);
          // Message-text matches are kept visible even though the title does not contain the query.
          if (picker.value === query) picker.items = found.map((item) => ({ ...toPick(item), alwaysShow: true }));
          picker.busy = false;
        }, SEARCH_DEBOUNCE_MS);
      });
      picker.onDidAccept(async () => {
        const chosen = picker.selectedItems[0];
        picker.hide();
        if (chosen) {
          await context.library.open(chosen.id);
          await context.view.reveal();
        }
      });
      picker.onDidHide(() => picker.dispose());
      picker.show();
    },
  };
}

function toPick(summary: HistoryItem): ConversationPick {
  return {
    id: summary.id,
    label: `${summary.pinned ? '$(pinned) ' : ''}${summary.title || 'Untitled'}`,
    description: new Date(summary.updatedAt).toLocaleString(),
    detail: summary.preview,
  };
}
