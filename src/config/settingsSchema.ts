import { API_MAX_IMAGE_SIDE, DEFAULT_MAX_IMAGE_SIDE } from '../shared/attachmentRules';
import { isPromptCaching, type PromptCaching } from '../shared/promptCaching';
import { parsePriceOverrides, type ModelPrice } from '../shared/pricing';
import { MAX_TOKENS_LIMIT } from '../shared/requestParams';
import { DEFAULT_ANSWER_SETTINGS, parseAnswerSettings, type AnswerSettings } from './answerSettings';
import { DEFAULT_TOOL_SETTINGS, parseToolSettings, type ToolSettings, type ToolSettingValues } from './toolSettings';
import { BUILT_IN_COMMANDS, type BuiltInCommandName, type CommandPrompt } from '../shared/codeCommandCatalog';
import { parseCustomCommands, type CustomCommand } from '../shared/customCommands';
import { parseExtraHeaders } from '../shared/extraHeaders';
import { isChosenByRepository, promptSettingKeys, scopeSource, type ScopedValue, type SettingScope } from './settingScopes';

/**
 * The extension's settings as one typed, validated snapshot. Pure (no `vscode`) so the validation is unit-tested;
 * src/config/settings.ts feeds it from the workspace configuration.
 */
export interface ChatSettings {
  model: string;
  maxTokens: number;
  systemPrompt: string;
  /** Undefined: the SDK's default endpoint. Always an http(s) URL when set. */
  baseUrl: string | undefined;
  /** Who chose `baseUrl`: one from the workspace is used only once the user approves its host (endpointApproval.ts). */
  baseUrlScope: SettingScope;
  /** Headers added to every request (for a gateway): from the user's own settings only, never a workspace's. */
  extraHeaders: ExtraHeaderSettings;
  /** How long a started answer may stay silent before the request is ended. */
  streamIdleTimeoutMs: number;
  /** Whether a short title is asked for after the first answer, and from which (cheap) model. */
  generateTitles: boolean;
  titleModel: string;
  codeCommands: CodeCommandSettings;
  attachments: AttachmentSettings;
  /** Cache breakpoints on the system prompt and the conversation so far, and how long they are kept. */
  promptCaching: PromptCaching;
  /** The user's prices by model id (claudeChat.pricing, user settings only), over the built-in table (shared/pricing.ts). */
  pricing: Record<string, ModelPrice>;
  /** Defaults for new conversations' thinking, effort and stop sequences (answerSettings.ts). */
  answer: AnswerSettings;
  /** The workspace tools Claude may call, their approvals and limits (toolSettings.ts). */
  tools: ToolSettings;
}

export interface AttachmentSettings {
  /** Longest side an attached image is downscaled to (see attachmentRules.imageTargetSize). */
  maxImageSide: number;
}

/** Smaller than this, text in a screenshot is no longer legible to the model. */
export const MIN_IMAGE_SIDE = 200;

/** Where a code command's answer goes when the command itself does not say. */
export type AnswerDestination = 'newConversation' | 'currentConversation';

export interface CodeCommandSettings {
  /** Each built-in command's system prompt and template: the user's override, else the built-in default. */
  prompts: Record<BuiltInCommandName, CommandPrompt>;
  answerIn: AnswerDestination;
  /** With no selection and no enclosing symbol, a whole file is sent only up to this many lines. */
  wholeFileMaxLines: number;
  customCommands: CustomCommand[];
  /** Offer `.claude/commands/*.md` and `.github/prompts/*.prompt.md` (never in an untrusted workspace). */
  promptFiles: boolean;
}

export const WHOLE_FILE_MAX_LINES_LIMIT = 20_000;

/** Every code command setting key (under claudeChat.), as settings.ts reads them. */
export const CODE_COMMAND_SETTING_KEYS: readonly string[] = [
  ...(Object.keys(BUILT_IN_COMMANDS) as BuiltInCommandName[]).flatMap((name) => Object.values(promptSettingKeys(name))),
  'codeCommands.answerIn',
  'codeCommands.wholeFileMaxLines',
  'customCommands',
  'promptFiles.enabled',
];


export function defaultCodeCommandSettings(): CodeCommandSettings {
  const prompts = {} as Record<BuiltInCommandName, CommandPrompt>;
  for (const [name, definition] of Object.entries(BUILT_IN_COMMANDS) as [BuiltInCommandName, (typeof BUILT_IN_COMMANDS)[BuiltInCommandName]][]) {
    prompts[name] = { ...definition.defaults };
  }
  return { prompts, answerIn: 'newConversation', wholeFileMaxLines: 2000, customCommands: [], promptFiles: true };
}

export const DEFAULT_SETTINGS: ChatSettings = {
  model: 'claude-sonnet-5-5',
  maxTokens: 8192,
  systemPrompt: 'You are Claude, an AI assistant working inside Visual Studio Code. Be concise and precise; format code in fenced blocks with a language tag.',
  baseUrl: undefined,
  baseUrlScope: 'default',
  extraHeaders: { values: {}, scope: 'default' },
  streamIdleTimeoutMs: 60_000,
  generateTitles: true,
  titleModel: 'claude-haiku-5-5',
  codeCommands: defaultCodeCommandSettings(),
  attachments: { maxImageSide: DEFAULT_MAX_IMAGE_SIDE },
  promptCaching: '5m',
  pricing: {},
  answer: DEFAULT_ANSWER_SETTINGS,
  tools: DEFAULT_TOOL_SETTINGS,
};

export { MAX_TOKENS_LIMIT } from '../shared/requestParams';

export interface ParsedSettings {
  settings: ChatSettings;
  /** Values that were ignored, each with the reason; shown to the user once. */
  problems: string[];
}

/** Settings read with every scope that sets them (settingScopes.ts `scopedValues`), the most specific first. */
export interface ScopedSettings {
  baseUrl: readonly ScopedValue[];
  /** Every scope's value, workspace and folder included: those are refused with a warning, whatever the trust. */
  extraHeaders?: readonly ScopedValue[];
  /** claudeChat.tools.*: a repository may only make tools safer (see toolSettings.ts). */
  tools?: ToolSettingValues;
}

/** `raw` holds the values that apply; `scoped` the settings whose scopes matter (where the key goes). */
export function parseSettings(raw: Record<string, unknown>, scoped: ScopedSettings = { baseUrl: [] }): ParsedSettings {
  const problems: string[] = [];
  const settings: ChatSettings = { ...DEFAULT_SETTINGS };

  if (typeof raw.model === 'string' && raw.model.trim().length > 0) settings.model = raw.model.trim();
  else if (raw.model !== undefined && raw.model !== '') problems.push('claudeChat.model must be a model id such as "claude-sonnet-5-5".');

  if (raw.maxTokens !== undefined) {
    const value = raw.maxTokens;
    if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TOKENS_LIMIT) settings.maxTokens = value;
    else problems.push(`claudeChat.maxTokens must be a whole number from 1 to ${MAX_TOKENS_LIMIT}; using ${DEFAULT_SETTINGS.maxTokens}.`);
  }

  if (typeof raw.systemPrompt === 'string') settings.systemPrompt = raw.systemPrompt;

  const baseUrl = resolveBaseUrl(scoped.baseUrl);
  settings.baseUrl = baseUrl.baseUrl;
  settings.baseUrlScope = baseUrl.scope;
  problems.push(...baseUrl.problems);
  const extraHeaders = resolveExtraHeaders(scoped.extraHeaders ?? []);
  settings.extraHeaders = extraHeaders.extraHeaders;
  problems.push(...extraHeaders.problems);

  if (raw.streamIdleTimeoutSeconds !== undefined) {
    const value = raw.streamIdleTimeoutSeconds;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 1 && value <= 600) settings.streamIdleTimeoutMs = Math.round(value * 1000);
    else problems.push('claudeChat.streamIdleTimeoutSeconds must be between 1 and 600.');
  }
  if (typeof raw.generateTitles === 'boolean') settings.generateTitles = raw.generateTitles;
  if (typeof raw.titleModel === 'string' && raw.titleModel.trim().length > 0) settings.titleModel = raw.titleModel.trim();
  settings.codeCommands = parseCodeCommandSettings(raw, problems);
  settings.attachments = { maxImageSide: DEFAULT_MAX_IMAGE_SIDE };
  const maxImageSide = raw['attachments.maxImageSide'];
  if (typeof maxImageSide === 'number' && Number.isInteger(maxImageSide) && maxImageSide >= MIN_IMAGE_SIDE && maxImageSide <= API_MAX_IMAGE_SIDE) settings.attachments.maxImageSide = maxImageSide;
  else if (maxImageSide !== undefined) problems.push(`claudeChat.attachments.maxImageSide must be a whole number of pixels from ${MIN_IMAGE_SIDE} to ${API_MAX_IMAGE_SIDE}; using ${DEFAULT_MAX_IMAGE_SIDE}.`);
  if (isPromptCaching(raw.promptCaching)) settings.promptCaching = raw.promptCaching;
  else if (raw.promptCaching !== undefined) problems.push(`claudeChat.promptCaching must be "5m", "1h" or "off"; using "${DEFAULT_SETTINGS.promptCaching}".`);
  const pricing = parsePriceOverrides(raw.pricing);
  settings.pricing = pricing.overrides;
  problems.push(...pricing.problems);
  settings.answer = parseAnswerSettings(raw, problems);
  if (scoped.tools) settings.tools = parseToolSettings(scoped.tools, problems);
  return { settings, problems };
}

/**
 * Code command settings from `raw` (keys as in package.json, without `claudeChat.`). An empty template falls back to
 * the built-in one (a command that sends nothing is never what was meant); an empty system prompt sends none.
 */
function parseCodeCommandSettings(raw: Record<string, unknown>, problems: string[]): CodeCommandSettings {
  const result = defaultCodeCommandSettings();
  for (const name of Object.keys(result.prompts) as BuiltInCommandName[]) {
    const keys = promptSettingKeys(name);
    const systemPrompt = raw[keys.systemPrompt];
    const template = raw[keys.template];
    if (typeof systemPrompt === 'string') result.prompts[name].systemPrompt = systemPrompt;
    if (typeof template === 'string' && template.trim().length > 0) result.prompts[name].template = template;
  }
  const answerIn = raw['codeCommands.answerIn'];
  if (answerIn === 'newConversation' || answerIn === 'currentConversation') result.answerIn = answerIn;
  else if (answerIn !== undefined) problems.push('claudeChat.codeCommands.answerIn must be "newConversation" or "currentConversation".');
  const maxLines = raw['codeCommands.wholeFileMaxLines'];
  if (typeof maxLines === 'number' && Number.isInteger(maxLines) && maxLines >= 1 && maxLines <= WHOLE_FILE_MAX_LINES_LIMIT) result.wholeFileMaxLines = maxLines;
  else if (maxLines !== undefined) problems.push(`claudeChat.codeCommands.wholeFileMaxLines must be a whole number from 1 to ${WHOLE_FILE_MAX_LINES_LIMIT}.`);
  if (raw.customCommands !== undefined) {
    const custom = parseCustomCommands(raw.customCommands);
    result.customCommands = custom.commands;
    problems.push(...custom.problems);
  }
  if (typeof raw['promptFiles.enabled'] === 'boolean') result.promptFiles = raw['promptFiles.enabled'];
  return result;
}

/**
 * The base URL to use. A workspace value that is empty or unusable falls back to the user's own (never straight to
 * the default host, which would take the key and every conversation past a gateway the user chose); the user's own
 * empty or unusable value means the default endpoint, as before. Problems never quote the value: it may carry
 * credentials, so at most its scheme and host are named.
 */
function resolveBaseUrl(candidates: readonly ScopedValue[]): { baseUrl: string | undefined; scope: SettingScope; problems: string[] } {
  const problems: string[] = [];
  for (const { value, scope } of candidates) {
    const fallsBack = scope === 'workspace' || scope === 'workspaceFolder';
    const text = typeof value === 'string' ? value.trim() : '';
    if (text.length === 0) {
      if (fallsBack) continue;
      break;
    }
    const url = parseHttpUrl(text);
    if (url) return { baseUrl: url, scope, problems };
    const named = safeOrigin(text);
    problems.push(
      `claudeChat.baseUrl in ${scopeSource(scope)}${named ? ` (${named})` : ''} must be an http(s) URL without a user name or password; ` +
        (fallsBack ? 'it is ignored.' : 'using the default endpoint.'),
    );
    if (!fallsBack) break;
  }
  return { baseUrl: undefined, scope: 'default', problems };
}

export interface ExtraHeaderSettings {
  /** Valid names (shared/extraHeaders.ts) and values; the values may be tokens, so they are never logged. */
  values: Readonly<Record<string, string>>;
  /** `user`, or `container` (which a repository's devcontainer.json may have written: asked about first); `default` when none. */
  scope: SettingScope;
}

/**
 * The extra headers to send. Unlike the base URL, a workspace or folder value is never used, trusted workspace or
 * not: a header can carry a token or steer a gateway (route, tenant, billing), and a repository has no need a
 * user setting cannot serve, so it gets no approval question either, only a warning that its value is ignored.
 */
function resolveExtraHeaders(candidates: readonly ScopedValue[]): { extraHeaders: ExtraHeaderSettings; problems: string[] } {
  const problems: string[] = [];
  let own: ScopedValue | undefined;
  for (const candidate of candidates) {
    if (candidate.scope === 'workspace' || candidate.scope === 'workspaceFolder') {
      const empty = typeof candidate.value === 'object' && candidate.value !== null && Object.keys(candidate.value).length === 0;
      if (!empty) problems.push(`claudeChat.extraHeaders in ${scopeSource(candidate.scope)} is ignored: extra headers are taken only from your user settings.`);
      continue;
    }
    own ??= candidate;
  }
  if (!own) return { extraHeaders: DEFAULT_SETTINGS.extraHeaders, problems };
  const parsed = parseExtraHeaders(own.value, `claudeChat.extraHeaders in ${scopeSource(own.scope)}`);
  const scope = Object.keys(parsed.headers).length > 0 ? own.scope : 'default';
  return { extraHeaders: { values: parsed.headers, scope }, problems: [...problems, ...parsed.problems] };
}

/** What of a rejected URL may be shown: its scheme and host, never credentials, path or query. */
function safeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.host ? `${url.protocol}//${url.host}` : url.protocol;
  } catch {
    return undefined;
  }
}

function parseHttpUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined; // credentials in a URL would end up in logs
    return url.toString().replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}

/**
 * The host part of a non-default endpoint, shown in the chat header before anything is sent; one that a workspace
 * chose says so, because it is used only after the user approves it.
 */
export function customEndpointLabel(settings: ChatSettings): string | undefined {
  if (!settings.baseUrl) return undefined;
  const host = new URL(settings.baseUrl).host;
  if (settings.baseUrlScope === 'container') return `${host} (container setting)`;
  return isChosenByRepository(settings.baseUrlScope) ? `${host} (workspace setting)` : host;
}
