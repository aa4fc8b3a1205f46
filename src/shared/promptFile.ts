import { FAILSAFE_SCHEMA, load } from 'js-yaml';

/**
 * Workspace prompt files in the conventions users already have, turned into commands: Claude Code's
 * `.claude/commands/**\/*.md` and VS Code's `.github/prompts/*.prompt.md`. Their text comes from the workspace, so
 * parsing never throws, sizes are bounded and the YAML is read with the strings-only schema.
 */

export type PromptFileKind = 'claude' | 'github';

export interface PromptFileCommand {
  /** "review", or "frontend:component" for `.claude/commands/frontend/component.md`. */
  id: string;
  /** As the user would type it in the tool the file was written for: "/review". */
  title: string;
  description?: string;
  /** A Claude model id (`claude-…`) from the front matter. */
  model?: string;
  /** The body with its variables turned into our `${placeholders}`. */
  template: string;
  asksQuestion: boolean;
  questionHint?: string;
  kind: PromptFileKind;
  path: string;
  /** Front-matter keys that do not map to anything here (`allowed-tools`, `mode`, a Copilot `model`…). */
  ignored: string[];
}

export const MAX_PROMPT_FILE_BYTES = 64 * 1024;
const MAX_ID_LENGTH = 128;
const MAX_FIELD_LENGTH = 500;
const MAX_IGNORED_KEYS = 20;
const CLAUDE_MODEL = /^claude-[a-z0-9][a-z0-9.-]{0,100}$/i;

const CLAUDE_PREFIX = '.claude/commands/';
const GITHUB_PREFIX = '.github/prompts/';
const GITHUB_SUFFIX = '.prompt.md';

export function promptFileKind(relativePath: string): PromptFileKind | undefined {
  const path = normalize(relativePath);
  if (path === undefined) return undefined;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith(CLAUDE_PREFIX) && name.endsWith('.md') && name.length > '.md'.length) return 'claude';
  if (path === GITHUB_PREFIX + name && name.endsWith(GITHUB_SUFFIX) && name.length > GITHUB_SUFFIX.length) return 'github';
  return undefined;
}

export function parsePromptFile(relativePath: string, text: string): PromptFileCommand | { error: string } {
  const path = normalize(relativePath);
  const kind = promptFileKind(relativePath);
  if (path === undefined || kind === undefined) return { error: `${relativePath} is not in .claude/commands/ (*.md) or .github/prompts/ (*.prompt.md).` };
  if (text.length > MAX_PROMPT_FILE_BYTES || new TextEncoder().encode(text).length > MAX_PROMPT_FILE_BYTES) {
    return { error: `${path} is larger than ${MAX_PROMPT_FILE_BYTES / 1024} KB, the limit for a prompt file.` };
  }
  const split = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  if ('error' in split) return { error: `${path}: ${split.error}` };

  const id = commandId(path, kind);
  if (id.length > MAX_ID_LENGTH) return { error: `${path}: the command name is longer than ${MAX_ID_LENGTH} characters.` };
  const fields = split.fields;
  const ignored: string[] = [];
  const take = (key: string): string | undefined => {
    const value = fields.get(key);
    fields.delete(key);
    return value;
  };

  const description = take('description');
  const hint = take('argument-hint');
  let model = take('model');
  if (model !== undefined && !CLAUDE_MODEL.test(model)) {
    // GitHub prompt files name Copilot models ("GPT-5 (copilot)"), which the Anthropic API does not have.
    ignored.push('model');
    model = undefined;
  }
  const name = kind === 'github' ? take('name') : undefined;
  ignored.push(...fields.keys());

  const converted = kind === 'claude' ? convertClaudeBody(split.body) : convertGithubBody(split.body);
  let template = converted.template.trim();
  if (template.length === 0) return { error: `${path} has no prompt text after its front matter.` };
  const questionHint = converted.hint ?? hint;
  // Claude Code hands arguments to a command whose body does not place them: they go at the end.
  if (!converted.asksQuestion && hint !== undefined) template += '\n\n${question}';

  const command: PromptFileCommand = {
    id,
    title: `/${name ?? id}`,
    template,
    asksQuestion: converted.asksQuestion || hint !== undefined,
    kind,
    path,
    ignored: ignored.slice(0, MAX_IGNORED_KEYS).map((key) => bounded(key, 100)),
  };
  if (description) command.description = description;
  if (model) command.model = model;
  if (questionHint) command.questionHint = questionHint;
  return command;
}

/** `/`-separated, without `./`; undefined for paths that climb out or are empty. */
function normalize(relativePath: string): string | undefined {
  const path = relativePath.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const segments = path.split('/');
  if (path.length === 0 || segments.some((segment) => segment === '' || segment === '.' || segment === '..')) return undefined;
  return path;
}

function commandId(path: string, kind: PromptFileKind): string {
  if (kind === 'github') return path.slice(GITHUB_PREFIX.length, -GITHUB_SUFFIX.length);
  return path.slice(CLAUDE_PREFIX.length, -'.md'.length).split('/').join(':');
}

type FrontMatter = { fields: Map<string, string>; body: string } | { error: string };

function splitFrontMatter(text: string): FrontMatter {
  const opening = /^---[ \t]*\r?\n/.exec(text);
  if (!opening) return { fields: new Map(), body: text };
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;
  const rest = text.slice(opening[0].length);
  const end = closing.exec(rest);
  if (!end) return { error: 'the front matter that starts with "---" is never closed by another "---" line.' };
  const yaml = rest.slice(0, end.index);
  const body = rest.slice(end.index + end[0].length);
  const fields = readFields(yaml);
  return 'error' in fields ? fields : { fields, body };
}

/**
 * The front matter's top-level keys with string values. YAML first; Claude Code's own examples write unquoted
 * hints such as `argument-hint: [pr-number] [priority]`, which are not YAML, so those files fall back to plain
 * `key: value` lines, as Claude Code reads them.
 */
function readFields(yaml: string): Map<string, string> | { error: string } {
  let parsed: unknown;
  try {
    parsed = load(yaml, { schema: FAILSAFE_SCHEMA });
  } catch (error) {
    return simpleFields(yaml) ?? { error: `the front matter is not valid YAML (${firstLine(error)}).` };
  }
  if (parsed === undefined || parsed === null) return new Map();
  if (typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'the front matter must be "key: value" lines.' };
  const fields = new Map<string, string>();
  // Own keys only, each copied into a Map: a `__proto__` key is just a name here.
  for (const key of Object.keys(parsed)) {
    const value = stringValue((parsed as Record<string, unknown>)[key]);
    fields.set(key, value ?? '');
  }
  return fields;
}

function simpleFields(yaml: string): Map<string, string> | undefined {
  const fields = new Map<string, string>();
  for (const line of yaml.split(/\r?\n/)) {
    if (line.trim() === '' || line.trimStart().startsWith('#') || /^\s/.test(line)) continue;
    const match = /^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+(.*))?$/.exec(line);
    if (!match) return undefined;
    fields.set(match[1], bounded(unquote((match[2] ?? '').trim()), MAX_FIELD_LENGTH));
  }
  return fields;
}

/** A scalar as written; a list of hints (`[message]` is a YAML list) as `[message]` again. */
function stringValue(value: unknown): string | undefined {
  if (typeof value === 'string') return bounded(value.trim(), MAX_FIELD_LENGTH);
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return bounded(value.map((item) => `[${item}]`).join(' '), MAX_FIELD_LENGTH);
  return undefined;
}

interface ConvertedBody {
  template: string;
  asksQuestion: boolean;
  hint?: string;
}

/**
 * Claude Code: `$ARGUMENTS` and `$1`…`$9` are what the user typed after the command. Any `${…}` already in the
 * text is that file's own (a shell or JS snippet) and is escaped so it reaches Claude as written.
 */
function convertClaudeBody(body: string): ConvertedBody {
  let asksQuestion = false;
  const template = body.replace(/\$ARGUMENTS\b|\$[1-9](?![0-9])|\$\{([A-Za-z][A-Za-z0-9]*)\}/g, (match, name: string | undefined) => {
    if (name !== undefined) return `$${match}`;
    asksQuestion = true;
    return '${question}';
  });
  return { template, asksQuestion };
}

/**
 * VS Code prompt files: `${selection}`, `${file}`, `${input:name:hint}`… map to ours; other `${…}` that look like
 * ours are escaped so they stay literal, and VS Code variables we cannot fill (`${workspaceFolder}`) stay as written.
 */
function convertGithubBody(body: string): ConvertedBody {
  let asksQuestion = false;
  let hint: string | undefined;
  const template = body.replace(/\$\{([^{}\r\n]{1,200})\}/g, (match, inner: string) => {
    const name = inner.trim();
    if (name === 'selection' || name === 'selectedText') return '${selection}';
    // Our placeholders have no base name: the workspace-relative path names the same file.
    if (name === 'file' || name === 'fileBasename') return '${path}';
    const input = /^input:([^:]+)(?::(.*))?$/.exec(name);
    if (input) {
      asksQuestion = true;
      hint ??= bounded((input[2] ?? input[1]).trim(), MAX_FIELD_LENGTH) || undefined;
      return '${question}';
    }
    return /^[A-Za-z][A-Za-z0-9]*$/.test(name) ? `$${match}` : match;
  });
  return { template, asksQuestion, hint };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

function bounded(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return bounded(message.split('\n')[0], 200);
}
