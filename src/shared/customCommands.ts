import { PLACEHOLDERS, unknownPlaceholders } from './promptTemplate';

/**
 * The user's own commands from the `claudeChat.customCommands` setting. Settings are hand-written JSON (and may come
 * from a workspace), so every entry is checked: a broken one is left out and a problem names its index and field;
 * nothing throws.
 */

export interface CustomCommand {
  id: string;
  title: string;
  systemPrompt: string;
  template: string;
  model?: string;
  /** Where the answer goes; unset: the `claudeChat.codeCommands.answerIn` setting decides. */
  conversation?: 'current' | 'new';
  /** The answer's code replaces the selection through a diff the user accepts, as Refactor does. */
  applyAsDiff: boolean;
}

const SETTING = 'claudeChat.customCommands';
export const MAX_CUSTOM_COMMANDS = 100;
const MAX_TITLE_LENGTH = 200;
const MAX_PROMPT_LENGTH = 100_000;
const ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
// Model ids as the API and gateways in front of it spell them (`claude-opus-5-5`, `anthropic.claude-…:0`).
const MODEL_PATTERN = /^[A-Za-z0-9._:@/-]{1,200}$/;
const FIELDS = new Set(['id', 'title', 'systemPrompt', 'template', 'model', 'conversation', 'applyAsDiff']);

export function parseCustomCommands(value: unknown): { commands: CustomCommand[]; problems: string[] } {
  const commands: CustomCommand[] = [];
  const problems: string[] = [];
  if (value === undefined || value === null) return { commands, problems };
  if (!Array.isArray(value)) return { commands, problems: [`${SETTING} must be a list of commands (a JSON array).`] };
  if (value.length > MAX_CUSTOM_COMMANDS) problems.push(`${SETTING}: only the first ${MAX_CUSTOM_COMMANDS} of ${value.length} commands are used.`);
  const seen = new Map<string, number>();
  value.slice(0, MAX_CUSTOM_COMMANDS).forEach((entry: unknown, index) => {
    const at = (field?: string) => `${SETTING}[${index}]${field ? `.${field}` : ''}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at()}: must be an object with at least "id", "title" and "template".`);
      return;
    }
    // Own properties only: a `__proto__` or `constructor` key in the JSON is an unknown field, never inherited data.
    const raw = entry as Record<string, unknown>;
    const field = (name: string): unknown => (Object.hasOwn(raw, name) ? raw[name] : undefined);
    const before = problems.length;

    const id = field('id');
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      problems.push(`${at('id')}: required; 1 to 64 letters, digits, ".", "_" or "-".`);
    } else if (seen.has(id)) {
      problems.push(`${at('id')}: "${id}" is already used by ${SETTING}[${seen.get(id)}].`);
    }
    const title = field('title');
    if (typeof title !== 'string' || title.trim().length === 0) problems.push(`${at('title')}: required; the name shown in the command list.`);
    else if (title.length > MAX_TITLE_LENGTH) problems.push(`${at('title')}: longer than ${MAX_TITLE_LENGTH} characters.`);
    const template = field('template');
    if (typeof template !== 'string' || template.trim().length === 0) problems.push(`${at('template')}: required; the message sent, with placeholders such as \${code}.`);
    else if (template.length > MAX_PROMPT_LENGTH) problems.push(`${at('template')}: longer than ${MAX_PROMPT_LENGTH.toLocaleString('en-US')} characters.`);
    const systemPrompt = field('systemPrompt') ?? '';
    if (typeof systemPrompt !== 'string') problems.push(`${at('systemPrompt')}: must be text.`);
    else if (systemPrompt.length > MAX_PROMPT_LENGTH) problems.push(`${at('systemPrompt')}: longer than ${MAX_PROMPT_LENGTH.toLocaleString('en-US')} characters.`);
    if (problems.length > before) return;

    const command: CustomCommand = {
      id: id as string,
      title: (title as string).trim(),
      systemPrompt: systemPrompt as string,
      template: template as string,
      applyAsDiff: false,
    };
    seen.set(command.id, index);

    // Optional fields: a bad value is reported and left out; the command still works without it.
    const model = field('model');
    if (typeof model === 'string' && MODEL_PATTERN.test(model.trim())) command.model = model.trim();
    else if (model !== undefined && model !== '') problems.push(`${at('model')}: must be a model id such as "claude-sonnet-5-5"; the chat's model is used.`);
    const conversation = field('conversation');
    if (conversation === 'current' || conversation === 'new') command.conversation = conversation;
    else if (conversation !== undefined) problems.push(`${at('conversation')}: must be "current" or "new"; the claudeChat.codeCommands.answerIn setting is used.`);
    const applyAsDiff = field('applyAsDiff');
    if (typeof applyAsDiff === 'boolean') command.applyAsDiff = applyAsDiff;
    else if (applyAsDiff !== undefined) problems.push(`${at('applyAsDiff')}: must be true or false; the answer is not applied as a diff.`);

    for (const name of unknownPlaceholders(command.template)) {
      problems.push(`${at('template')}: \${${name}} is not a placeholder, so it is sent as written (placeholders: ${PLACEHOLDERS.map((p) => `\${${p}}`).join(', ')}).`);
    }
    for (const key of Object.keys(raw).filter((key) => !FIELDS.has(key)).slice(0, 10)) {
      problems.push(`${at(JSON.stringify(key).slice(1, -1).slice(0, 64))}: unknown field, ignored (fields: ${[...FIELDS].join(', ')}).`);
    }
    commands.push(command);
  });
  return { commands, problems };
}
