/**
 * The read-only workspace tools Claude may call, as the Messages API's `tools` array wants them, plus the checks the
 * host runs on every `tool_use` input before acting on it. Claude's input is untrusted: a call the checks refuse goes
 * back as a `tool_result` with `is_error`, so the error texts are written for Claude to correct its next call.
 *
 * The definitions are built once, in a fixed order: the tools come first in the prompt cache's prefix, and any change
 * in their bytes invalidates every cached message after them.
 */

import { RE2JS } from 're2js';

/** The API's tool shape, declared structurally: src/shared cannot import the SDK. */
export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: {
    type: 'object';
    properties: Record<string, unknown>;
    required?: string[];
    additionalProperties?: false;
  };
}

export const TOOL_NAMES = ['read_file', 'list_files', 'search_text', 'get_diagnostics', 'get_symbols', 'get_editor_state'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** The bounds the descriptions promise; src/shared/toolOutput.ts and the host enforce them. */
export const TOOL_LIMITS = {
  readMaxLines: 400,
  readMaxBytes: 64 * 1024,
  defaultMaxResults: 50,
  maxResultsLimit: 200,
  maxQueryLength: 500,
  maxPathLength: 1024,
} as const;

export interface ReadFileInput {
  path: string;
  /** 1-based, inclusive. */
  start_line?: number;
  /** 1-based, inclusive; never below start_line. */
  end_line?: number;
}
export interface ListFilesInput {
  glob?: string;
  /** Default applied: always set after validation. */
  max_results: number;
}
export interface SearchTextInput {
  query: string;
  is_regex?: boolean;
  glob?: string;
  max_results: number;
}
export interface GetDiagnosticsInput {
  /** Absent: the whole workspace. */
  path?: string;
}
/** Exactly one of the two: `path` asks for a file's outline, `query` searches the workspace's symbols. */
export interface GetSymbolsInput {
  path?: string;
  query?: string;
}
export type GetEditorStateInput = Record<string, never>;

export interface ToolInputs {
  read_file: ReadFileInput;
  list_files: ListFilesInput;
  search_text: SearchTextInput;
  get_diagnostics: GetDiagnosticsInput;
  get_symbols: GetSymbolsInput;
  get_editor_state: GetEditorStateInput;
}

export type ToolInputValidation<T> = { ok: true; input: T } | { ok: false; error: string };

export function isToolName(name: unknown): name is ToolName {
  return typeof name === 'string' && (TOOL_NAMES as readonly string[]).includes(name);
}

type FieldKind = 'path' | 'line' | 'glob' | 'maxResults' | 'query' | 'flag';
interface FieldSpec {
  kind: FieldKind;
  description: string;
  required?: boolean;
}
interface ToolSpec {
  description: string;
  fields: Record<string, FieldSpec>;
}

const { readMaxLines, readMaxBytes, defaultMaxResults, maxResultsLimit, maxQueryLength, maxPathLength } = TOOL_LIMITS;

const PATH_NOTE =
  'Paths are relative to the workspace, in the form list_files and search_text return them (e.g. "src/app.ts"); ' +
  'paths outside the workspace, excluded files and binary files are refused; a sensitive file (.env, keys, ' +
  'credentials) is read only after the user approves.';
const MAX_RESULTS_NOTE = `Up to max_results results (default ${defaultMaxResults}, at most ${maxResultsLimit}); the output says when there were more.`;

const KIND_SCHEMA: Record<FieldKind, Record<string, unknown>> = {
  path: { type: 'string', minLength: 1, maxLength: maxPathLength },
  line: { type: 'integer', minimum: 1 },
  glob: { type: 'string', minLength: 1, maxLength: maxQueryLength },
  maxResults: { type: 'integer', minimum: 1, maximum: maxResultsLimit, default: defaultMaxResults },
  query: { type: 'string', minLength: 1, maxLength: maxQueryLength },
  flag: { type: 'boolean' },
};

const maxResultsField: FieldSpec = { kind: 'maxResults', description: `How many results to return at most: 1–${maxResultsLimit}, default ${defaultMaxResults}.` };

const TOOL_SPECS: Record<ToolName, ToolSpec> = {
  read_file: {
    description:
      "Read a text file from the user's workspace. Returns its lines prefixed with line numbers (\"  12 | code\"), at most " +
      `${readMaxLines} lines or ${readMaxBytes / 1024} KB per call; when the output is cut, a note says which start_line ` +
      'to ask for next. Use it to look at code before answering about it instead of guessing; when you know where to ' +
      `look (from search_text or get_symbols), read just that range. ${PATH_NOTE}`,
    fields: {
      path: { kind: 'path', required: true, description: 'Workspace-relative path of the file, e.g. "src/app.ts".' },
      start_line: { kind: 'line', description: 'First line to read, 1-based. Default 1.' },
      end_line: { kind: 'line', description: 'Last line to read, 1-based and inclusive. Default: the end of the file.' },
    },
  },
  list_files: {
    description:
      'List the files of the workspace whose workspace-relative path matches a glob, sorted, one path per line. Files ' +
      `excluded by files.exclude, search.exclude or .gitignore are not listed. ${MAX_RESULTS_NOTE} Use it to find ` +
      'where something lives before reading it.',
    fields: {
      glob: { kind: 'glob', description: 'Glob on the workspace-relative path, e.g. "src/**/*.ts" or "**/package.json". Default: every file.' },
      max_results: maxResultsField,
    },
  },
  search_text: {
    description:
      'Search the text of the workspace files, line by line. Returns matching lines as "path:line: text" (long lines ' +
      'as an excerpt around the match). The query is matched as plain, case-sensitive text, or as a regular expression ' +
      'in RE2 syntax when is_regex is true: like JavaScript\'s, but without lookahead, lookbehind or backreferences; ' +
      '^ and $ match at the line\'s start and end; (?i) makes it case-insensitive. Excluded files, binary files, files ' +
      'over 1 MB and sensitive files (.env, keys…) are not searched; the output says which were skipped, and read_file ' +
      `can read a sensitive file after the user approves. ${MAX_RESULTS_NOTE} Use it to find where a name, message or ` +
      'string is used; then read_file around the lines it found.',
    fields: {
      query: { kind: 'query', required: true, description: `Text or regular expression to find, at most ${maxQueryLength} characters.` },
      is_regex: { kind: 'flag', description: 'Treat query as an RE2 regular expression (no lookaround or backreferences). Default false.' },
      glob: { kind: 'glob', description: 'Only search files whose workspace-relative path matches this glob, e.g. "**/*.ts".' },
      max_results: maxResultsField,
    },
  },
  get_diagnostics: {
    description:
      'Get the problems (errors, warnings, hints) that VS Code\'s language services report: for one file when path is ' +
      'given, else for the whole workspace. Each comes with its path, line, severity, source and message. Only what ' +
      'VS Code already knows is reported: a file that was never opened may have none. Use it when the user mentions an ' +
      `error or asks why something does not compile. ${PATH_NOTE}`,
    fields: {
      path: { kind: 'path', description: 'Workspace-relative path of one file. Default: every file of the workspace.' },
    },
  },
  get_symbols: {
    description:
      "Find symbols (classes, functions, methods, variables…) with VS Code's language services. With path: the outline " +
      'of that file, each symbol with its kind and line range. With query: symbols anywhere in the workspace whose name ' +
      `matches, with their path and line. Give exactly one of path or query; at most ${maxResultsLimit} symbols. Use it ` +
      `to find a definition faster than searching text. ${PATH_NOTE}`,
    fields: {
      path: { kind: 'path', description: 'Workspace-relative path of the file to outline.' },
      query: { kind: 'query', description: 'Name, or part of a name, to look for across the workspace.' },
    },
  },
  get_editor_state: {
    description:
      'Get what the user has in front of them in VS Code: the active file, its language and the selection (line range ' +
      'and selected text, capped), and the list of open editors. Only workspace files are named (others are counted), ' +
      'and the selected text of a sensitive file is not shared. Use it when the user says "this", "here" or "the ' +
      'selected code" without pasting it. Takes no input.',
    fields: {},
  },
};

function definitionOf(name: ToolName): ToolDefinition {
  const { description, fields } = TOOL_SPECS[name];
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [field, spec] of Object.entries(fields)) {
    properties[field] = { ...KIND_SCHEMA[spec.kind], description: spec.description };
    if (spec.required) required.push(field);
  }
  return {
    name,
    description,
    input_schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}), additionalProperties: false },
  };
}

/** Built once: the same bytes on every request, in TOOL_NAMES order. */
export const TOOL_DEFINITIONS: readonly ToolDefinition[] = Object.freeze(TOOL_NAMES.map(definitionOf));

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

/** Why a field's value is wrong, or undefined when it is right. */
function fieldError(kind: FieldKind, value: unknown): string | undefined {
  switch (kind) {
    case 'path':
      if (typeof value !== 'string' || value.trim() === '') return `must be a non-empty workspace-relative path (got ${shown(value)})`;
      if (value.length > maxPathLength) return `must be at most ${maxPathLength} characters long`;
      if (value.includes('\0')) return 'must not contain a NUL character';
      return undefined;
    case 'line':
      return Number.isInteger(value) && (value as number) >= 1 ? undefined : `must be a whole number of at least 1 (got ${shown(value)})`;
    case 'maxResults':
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= maxResultsLimit
        ? undefined
        : `must be a whole number from 1 to ${maxResultsLimit} (got ${shown(value)})`;
    case 'glob':
    case 'query':
      if (typeof value !== 'string' || value.trim() === '') return `must be a non-empty string (got ${shown(value)})`;
      if ([...value].length > maxQueryLength) return `must be at most ${maxQueryLength} characters long (got ${[...value].length})`;
      return undefined;
    case 'flag':
      return typeof value === 'boolean' ? undefined : `must be true or false (got ${shown(value)})`;
  }
}

/** Rules that involve more than one field, after each field passed on its own. */
function crossFieldError(name: ToolName, input: Record<string, unknown>): string | undefined {
  if (name === 'read_file' && typeof input.start_line === 'number' && typeof input.end_line === 'number' && input.start_line > input.end_line) {
    return `"start_line" (${input.start_line}) must not be after "end_line" (${input.end_line})`;
  }
  if (name === 'search_text' && input.is_regex === true) {
    // RE2 (linear time, no backtracking): the same engine the host searches with, so what passes here runs there.
    try {
      RE2JS.compile(input.query as string);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return `"query" is not a valid RE2 regular expression (${reason}); RE2 has no lookahead, lookbehind or backreferences`;
    }
  }
  if (name === 'get_symbols' && (input.path === undefined) === (input.query === undefined)) {
    return 'give exactly one of "path" (the outline of a file) or "query" (symbols across the workspace)';
  }
  return undefined;
}

/**
 * Checks a `tool_use` input against its tool's schema and rules, and fills in defaults (max_results). Unknown
 * properties are refused rather than ignored, so a misspelt option never silently does something else.
 */
export function validateToolInput<N extends ToolName>(name: N, input: unknown): ToolInputValidation<ToolInputs[N]>;
export function validateToolInput(name: string, input: unknown): ToolInputValidation<ToolInputs[ToolName]>;
export function validateToolInput(name: string, input: unknown): ToolInputValidation<ToolInputs[ToolName]> {
  if (!isToolName(name)) return { ok: false, error: `There is no tool named ${shown(name)}; the tools are ${TOOL_NAMES.join(', ')}.` };
  const fail = (reason: string): { ok: false; error: string } => ({ ok: false, error: `${name}: ${reason}.` });
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return fail(`the input must be a JSON object (got ${shown(input)})`);
  const { fields } = TOOL_SPECS[name];
  const given = input as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(fields, key)) {
      const allowed = Object.keys(fields);
      return fail(`unknown property "${key}"; ${allowed.length > 0 ? `the properties are ${allowed.join(', ')}` : 'this tool takes no input'}`);
    }
  }
  const checked: Record<string, unknown> = {};
  for (const [field, spec] of Object.entries(fields)) {
    const value = given[field];
    if (value === undefined) {
      if (spec.required) return fail(`"${field}" is required`);
      if (spec.kind === 'maxResults') checked[field] = defaultMaxResults;
      continue;
    }
    const error = fieldError(spec.kind, value);
    if (error) return fail(`"${field}" ${error}`);
    checked[field] = value;
  }
  const error = crossFieldError(name, checked);
  if (error) return fail(error);
  return { ok: true, input: checked as unknown as ToolInputs[ToolName] };
}

const TITLE_TEXT_MAX = 48;

/** A string field of a possibly partial or invalid input, shortened for a one-line title. */
function titleText(input: unknown, field: string): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as Record<string, unknown>)[field];
  if (typeof value !== 'string' || value === '') return undefined;
  const oneLine = value.replace(/\s+/g, ' ');
  const chars = [...oneLine];
  return chars.length > TITLE_TEXT_MAX ? `${chars.slice(0, TITLE_TEXT_MAX - 1).join('')}…` : oneLine;
}

function titleLine(input: unknown, field: string): number | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const value = (input as Record<string, unknown>)[field];
  return Number.isInteger(value) ? (value as number) : undefined;
}

/**
 * The transcript row's title for a call, e.g. "Read `src/foo.ts` 1–80". It takes the raw input because the row shows
 * while the input is still streaming or after validation refused it; missing or wrong fields are left out.
 */
export function toolTitle(name: string, input: unknown): string {
  switch (name) {
    case 'read_file': {
      const path = titleText(input, 'path');
      const start = titleLine(input, 'start_line');
      const end = titleLine(input, 'end_line');
      const range = end !== undefined ? ` ${start ?? 1}–${end}` : start !== undefined ? ` from ${start}` : '';
      return path ? `Read \`${path}\`${range}` : 'Read a file';
    }
    case 'list_files': {
      const glob = titleText(input, 'glob');
      return glob ? `List files ${glob}` : 'List files';
    }
    case 'search_text': {
      const query = titleText(input, 'query');
      const glob = titleText(input, 'glob');
      const regex = typeof input === 'object' && input !== null && (input as Record<string, unknown>).is_regex === true;
      const what = query === undefined ? 'Search text' : regex ? `Search /${query}/` : `Search “${query}”`;
      return glob ? `${what} in ${glob}` : what;
    }
    case 'get_diagnostics': {
      const path = titleText(input, 'path');
      return path ? `Diagnostics of ${path}` : 'Diagnostics of the workspace';
    }
    case 'get_symbols': {
      const path = titleText(input, 'path');
      const query = titleText(input, 'query');
      return path ? `Symbols of ${path}` : query ? `Symbols matching “${query}”` : 'Symbols';
    }
    case 'get_editor_state':
      return 'Editor state';
    default:
      return name;
  }
}
