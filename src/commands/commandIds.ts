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
  answerSettings: 'claudeChat.answerSettings',
  manageEndpoints: 'claudeChat.manageEndpoints',
  openChat: 'claudeChat.openChat',
  // Code commands on the editor's selection (or the symbol around the cursor).
  explain: 'claudeChat.explain',
  refactor: 'claudeChat.refactor',
  findBugs: 'claudeChat.findBugs',
  fix: 'claudeChat.fix',
  writeTests: 'claudeChat.writeTests',
  addDocumentation: 'claudeChat.addDocumentation',
  optimize: 'claudeChat.optimize',
  askAboutSelection: 'claudeChat.askAboutSelection',
  addSelectionToChat: 'claudeChat.addSelectionToChat',
  customCommand: 'claudeChat.customCommand',
  // Quick fixes on a diagnostic.
  fixWithClaude: 'claudeChat.fixWithClaude',
  explainProblem: 'claudeChat.explainProblem',
  // Explorer, on whole files (multi-select aware).
  explainFile: 'claudeChat.explainFile',
  findBugsInFile: 'claudeChat.findBugsInFile',
  writeTestsForFile: 'claudeChat.writeTestsForFile',
  addDocumentationToFile: 'claudeChat.addDocumentationToFile',
  askAboutFile: 'claudeChat.askAboutFile',
  // Terminal.
  explainTerminalSelection: 'claudeChat.explainTerminalSelection',
  // Attachments.
  attachToChat: 'claudeChat.attachToChat',
  attachFiles: 'claudeChat.attachFiles',
  // The diff of a proposed edit.
  acceptProposal: 'claudeChat.acceptProposal',
  rejectProposal: 'claudeChat.rejectProposal',
  // The API inspector, on one answer (run with its message id).
  showRequest: 'claudeChat.showRequest',
  showResponse: 'claudeChat.showResponse',
  copyRequestAsCurl: 'claudeChat.copyRequestAsCurl',
  copyRequestAsTypeScript: 'claudeChat.copyRequestAsTypeScript',
  copyRequestAsPython: 'claudeChat.copyRequestAsPython',
} as const;

export type CommandId = (typeof COMMAND_IDS)[keyof typeof COMMAND_IDS];
