import type { AnswerDestination, CodeCommandSettings } from '../config/settingsSchema';
import { BUILT_IN_COMMANDS, EDIT_INSTRUCTION_MARKER, EDIT_OUTPUT_FORMAT, type BuiltInCommandName } from '../shared/codeCommandCatalog';
import type { CustomCommand } from '../shared/customCommands';
import type { PromptFileCommand } from '../shared/promptFile';
import { templateUses } from '../shared/promptTemplate';

/**
 * Everything the runner needs to know about one command, whichever kind it is: built in (with the user's prompt
 * overrides), a custom command from settings, or a workspace prompt file.
 */
export interface ResolvedCommand {
  /** Shown as the turn's heading ("Explain") and in messages. */
  title: string;
  systemPrompt: string;
  template: string;
  /** The answer's code comes back as a diff on the range it came from. */
  edits: boolean;
  /** Asks the user a question first (Ask About Selection…, `${question}` in a template). */
  asksQuestion: boolean;
  questionHint?: string;
  /** Needs VS Code's problems in the range (Fix). */
  needsDiagnostics: boolean;
  model?: string;
  /** Overrides claudeChat.codeCommands.answerIn. */
  answerIn?: AnswerDestination;
}

export function builtInCommand(name: BuiltInCommandName, settings: CodeCommandSettings): ResolvedCommand {
  const definition = BUILT_IN_COMMANDS[name];
  const prompt = settings.prompts[name];
  return {
    title: definition.title,
    systemPrompt: prompt.systemPrompt,
    template: prompt.template,
    edits: definition.edits,
    asksQuestion: definition.asksQuestion || usesQuestion(prompt.template),
    needsDiagnostics: name === 'fix' || name === 'explainProblem',
  };
}

export function customCommand(command: CustomCommand): ResolvedCommand {
  // An answer applied as a diff must be one block of exactly the selected code: ask for that unless the user's prompt does.
  const needsFormat = command.applyAsDiff && !command.systemPrompt.includes(EDIT_INSTRUCTION_MARKER);
  return {
    title: command.title,
    systemPrompt: needsFormat ? [command.systemPrompt, EDIT_OUTPUT_FORMAT].filter((part) => part.trim().length > 0).join('\n\n') : command.systemPrompt,
    template: command.template,
    edits: command.applyAsDiff,
    asksQuestion: usesQuestion(command.template),
    needsDiagnostics: false,
    ...(command.model ? { model: command.model } : {}),
    ...(command.conversation ? { answerIn: command.conversation === 'new' ? 'newConversation' : 'currentConversation' } : {}),
  };
}

/** A prompt file runs with the conversation's own system prompt: the file is the user's instruction. */
export function promptFileCommand(command: PromptFileCommand): ResolvedCommand {
  return {
    title: command.title,
    systemPrompt: '',
    template: command.template,
    edits: false,
    asksQuestion: command.asksQuestion,
    ...(command.questionHint ? { questionHint: command.questionHint } : {}),
    needsDiagnostics: false,
    ...(command.model ? { model: command.model } : {}),
  };
}

function usesQuestion(template: string): boolean {
  return templateUses(template, 'question');
}
