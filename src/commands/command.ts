import * as vscode from 'vscode';
import type { ModelCatalog } from '../api/modelCatalog';
import type { ApiKeyStore } from '../auth/apiKeyStore';
import type { ChatSettings } from '../config/settingsSchema';
import type { ChatSession } from '../conversations/chatSession';
import type { ConversationLibrary } from '../conversations/conversationLibrary';
import type { AttachmentStore } from '../conversations/store/attachmentStore';
import type { ChatPanelManager } from '../webview/chatPanel';
import type { ChatViewProvider } from '../webview/chatViewProvider';
import type { CodeCommandRunner } from '../codeCommands/codeCommandRunner';
import type { PromptFileSource } from '../codeCommands/promptFileSource';
import type { DiffReview } from '../editor/diffReview';
import type { LastEditorTracker } from '../editor/lastEditor';
import type { InspectorDocuments } from '../inspector/inspectorDocuments';
import type { ExchangeLookup } from '../shared/requestInspection';
import type { CommandId } from './commandIds';

export interface Command {
  id: CommandId;
  run(...args: unknown[]): unknown;
}

/** What commands may use; handed to each command factory so commands stay small and testable. */
export interface CommandContext {
  session: ChatSession;
  library: ConversationLibrary;
  settings: () => ChatSettings;
  keys: ApiKeyStore;
  view: ChatViewProvider;
  panels: ChatPanelManager;
  log: vscode.LogOutputChannel;
  /** Where attachments' bytes are: export inlines them, import stores them. */
  attachmentStore: Pick<AttachmentStore, 'read' | 'put'>;
  /** The models the endpoint serves (GET /v1/models, cached), for the model picker. */
  models: ModelCatalog;
  /** The request and response behind each answer, for the API inspector. */
  exchanges: ExchangeLookup;
  /** Where the API inspector's read-only JSON documents are served from. */
  inspectorDocuments: Pick<InspectorDocuments, 'show'>;
}

/** What the code commands use on top of CommandContext. */
export interface CodeCommandServices {
  runner: CodeCommandRunner;
  diffReview: DiffReview;
  editors: LastEditorTracker;
  promptFiles: PromptFileSource;
  /** Shows the chat (the editor tab when open, else the sidebar) with the cursor in its composer. */
  revealChat: () => Promise<void>;
}

export function registerCommands(commands: readonly Command[]): vscode.Disposable {
  return vscode.Disposable.from(...commands.map((command) => vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(...args))));
}
