import type { EndpointApprovals } from '../config/endpointApproval';
import { addSelectionToChatCommand } from './addSelectionToChat';
import { attachCommands, type AttachmentCommandServices } from './attachToChat';
import { editorCodeCommands } from './codeCommands';
import type { CodeCommandServices, Command, CommandContext } from './command';
import { customCommandCommand } from './customCommand';
import { openChatCommand } from './openChat';
import { proposalCommands } from './proposalCommands';
import { clearApiKeyCommand } from './clearApiKey';
import { answerSettingsCommand } from './answerSettings';
import { changeModelCommand, editSystemPromptCommand } from './conversationSettings';
import { exportConversationCommand, importConversationCommand } from './exportImport';
import { inspectExchangeCommands } from './inspectExchange';
import { manageEndpointsCommand } from './manageEndpoints';
import { openConversationCommand } from './openConversation';
import { renameConversationCommand } from './renameConversation';
import { newChatCommand } from './newChat';
import { openInEditorCommand } from './openInEditor';
import { setApiKeyCommand } from './setApiKey';
import { stopCommand } from './stop';

export function allCommands(context: CommandContext, endpoints: EndpointApprovals, code: CodeCommandServices, attach: AttachmentCommandServices): Command[] {
  const commands = [
    newChatCommand,
    clearApiKeyCommand,
    openInEditorCommand,
    stopCommand,
    openConversationCommand,
    renameConversationCommand,
    exportConversationCommand,
    importConversationCommand,
    changeModelCommand,
    editSystemPromptCommand,
    answerSettingsCommand,
  ].map((factory) => factory(context));
  return [
    ...commands,
    setApiKeyCommand(context, { endpoints }),
    manageEndpointsCommand(endpoints),
    openChatCommand(code),
    ...editorCodeCommands(context, code),
    addSelectionToChatCommand(context, code),
    customCommandCommand(context, code),
    ...proposalCommands(code),
    ...attachCommands(context, code, attach),
    ...inspectExchangeCommands(context),
  ];
}
