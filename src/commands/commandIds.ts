/** Every command id the extension registers; package.json must list exactly these (checked by a test). */
export const COMMAND_IDS = {
  newChat: 'claudeChat.newChat',
  setApiKey: 'claudeChat.setApiKey',
  clearApiKey: 'claudeChat.clearApiKey',
  openInEditor: 'claudeChat.openInEditor',
  stop: 'claudeChat.stop',
  openConversation: 'claudeChat.openConversation',
  renameConversation: 'claudeChat.renameConversation',
  exportConversation: 'claudeChat.exportConversation',
  importConversation: 'claudeChat.importConversation',
  changeModel: 'claudeChat.changeModel',
  editSystemPrompt: 'claudeChat.editSystemPrompt',
  manageEndpoints: 'claudeChat.manageEndpoints',
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];
