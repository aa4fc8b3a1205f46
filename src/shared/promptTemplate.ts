import type { CodeSnippet, DiagnosticSummary } from './codeContext';

/**
 * Turns code snippets and a command's template into the user turn that is sent. Templates come from settings and
 * workspace prompt files, so rendering never throws and never grows without bound.
 */

export const PLACEHOLDERS = ['code', 'selection', 'language', 'path', 'startLine', 'endLine', 'location', 'symbol', 'diagnostics', 'question'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

/** What `${diagnostics}` says when VS Code reports nothing, so a template's "Problems:" line never dangles. */
export const NO_DIAGNOSTICS = '(none reported)';

/**
 * Once the text rendered so far is this long, further placeholders stay unexpanded: a template repeating `${code}`
 * thousands of times must not build gigabytes. It is far past any context window, so the budget check refuses it.
 */
export const MAX_RENDERED_CHARS = 8_000_000;

/** Diagnostics listed per snippet; more are counted, not listed (a file with 5,000 lint warnings is not a prompt). */
export const MAX_LISTED_DIAGNOSTICS = 100;
const MAX_DIAGNOSTIC_MESSAGE = 1_000;

/** `$${name}` (escaped, kept literally as `${name}`) or `${name}`. */
const PLACEHOLDER_PATTERN = /(\$?)\$\{([A-Za-z][A-Za-z0-9]*)\}/g;
const KNOWN = new Set<string>(PLACEHOLDERS);

/**
 * `${name}` replaced in one pass (a value containing `${…}` is never expanded again); unknown names left as written.
 * `$${name}` writes `${name}` literally (prompt files use it to keep their own `${…}` text as it is).
 */
export function renderTemplate(template: string, values: PlaceholderValues): string {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER_PATTERN)) {
    const [whole, escape, name] = match;
    const start = match.index;
    out += template.slice(last, start);
    last = start + whole.length;
    if (escape) out += whole.slice(1);
    else if (KNOWN.has(name) && out.length < MAX_RENDERED_CHARS) out += String(values[name as Placeholder] ?? '');
    else out += whole;
  }
  return out + template.slice(last);
}

/** Whether the template expands `${name}` somewhere (an escaped `$${name}` does not count). */
export function templateUses(template: string, name: Placeholder): boolean {
  for (const [, escape, found] of template.matchAll(PLACEHOLDER_PATTERN)) {
    if (!escape && found === name) return true;
  }
  return false;
}

/** The `${…}` names a template uses that are not placeholders (likely typos, reported by settings validation). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const [, escape, name] of template.matchAll(PLACEHOLDER_PATTERN)) {
    if (!escape && !KNOWN.has(name)) unknown.add(name);
  }
  return [...unknown];
}

/** A fence longer than any backtick run inside, tagged with the language. */
export function fenceCode(text: string, language: string): string {
  const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
  // The info string may hold no backticks or spaces (the first word is the language).
  const tag = language.replace(/[^\w+#.-]/g, '');
  const body = text.length === 0 || text.endsWith('\n') ? text : `${text}\n`;
  return `${fence}${tag}\n${body}${fence}`;
}

/** "src/foo.ts:12–30" (en dash), "src/foo.ts:12" for one line, "terminal selection" for origin terminal. */
export function formatLocation(snippet: CodeSnippet): string {
  if (snippet.origin === 'terminal') return 'terminal selection';
  return `${displayPath(snippet)}:${lineRange(snippet.startLine, snippet.endLine)}`;
}

/** One line per problem: "- line 12 (error, ts 2322): Type 'x'…"; "" when none. */
export function formatDiagnostics(list: readonly DiagnosticSummary[]): string {
  const lines = list.slice(0, MAX_LISTED_DIAGNOSTICS).map((problem) => {
    const where = problem.endLine > problem.line ? `lines ${problem.line}–${problem.endLine}` : `line ${problem.line}`;
    const reporter = [problem.source, problem.code].filter((part) => part !== undefined && part !== '').join(' ');
    const kind = reporter ? `${problem.severity}, ${reporter}` : problem.severity;
    return `- ${where} (${kind}): ${oneLine(problem.message)}`;
  });
  if (list.length > MAX_LISTED_DIAGNOSTICS) lines.push(`- … and ${list.length - MAX_LISTED_DIAGNOSTICS} more`);
  return lines.join('\n');
}

/** Values for one or more snippets. code: per snippet a header line "`path` lines a–b" + fenced block; location: "3 files" when several. */
export function placeholderValues(snippets: readonly CodeSnippet[], question: string): PlaceholderValues {
  const code = snippets.map((snippet) => `${snippetHeader(snippet)}\n\n${fenceCode(snippet.text, snippet.language)}`).join('\n\n');
  const selection = snippets.map((snippet) => snippet.text).join('\n\n');
  const language = unique(snippets.map((snippet) => snippet.language)).join(', ');
  if (snippets.length === 1) {
    const [only] = snippets;
    const diagnostics = formatDiagnostics(only.diagnostics);
    return {
      code,
      selection,
      language,
      path: only.origin === 'terminal' ? '' : displayPath(only),
      startLine: String(only.startLine),
      endLine: String(only.endLine),
      location: formatLocation(only),
      symbol: only.symbol ?? '',
      diagnostics: diagnostics || NO_DIAGNOSTICS,
      question,
    };
  }
  const paths = unique(snippets.map(displayPath));
  // Several snippets: each problem list names its file, as line numbers alone would be ambiguous.
  const diagnostics = snippets
    .filter((snippet) => snippet.diagnostics.length > 0)
    .map((snippet) => `${inlineCode(displayPath(snippet))}:\n${formatDiagnostics(snippet.diagnostics)}`)
    .join('\n');
  return {
    code,
    selection,
    language,
    path: paths.join(', '),
    startLine: '',
    endLine: '',
    location: snippets.length === 0 ? '' : paths.length === snippets.length ? `${snippets.length} files` : `${snippets.length} snippets`,
    symbol: '',
    diagnostics: diagnostics || NO_DIAGNOSTICS,
    question,
  };
}

/** The user turn's text. If the template uses neither ${code} nor ${selection}, the code is appended so it is never silently dropped. */
export function buildCommandPrompt(template: string, snippets: readonly CodeSnippet[], question = ''): string {
  const values = placeholderValues(snippets, question);
  // Trailing blank lines (an Ask template with an empty question) are noise in the transcript's "Prompt sent".
  const rendered = renderTemplate(template, values).trimEnd();
  if (snippets.length === 0 || templateUses(template, 'code') || templateUses(template, 'selection')) return rendered;
  return rendered.length === 0 ? values.code : `${rendered}\n\n${values.code}`;
}

/** "`src/foo.ts` lines 12–30 (function parseArgs)": what the model and the reader of the prompt see above the fence. */
function snippetHeader(snippet: CodeSnippet): string {
  if (snippet.origin === 'terminal') return 'Terminal selection:';
  const lines = snippet.startLine === snippet.endLine ? `line ${snippet.startLine}` : `lines ${lineRange(snippet.startLine, snippet.endLine)}`;
  const what = snippet.origin === 'file' ? ' (whole file)' : snippet.symbol ? ` (${oneLine(snippet.symbol)})` : '';
  return `${inlineCode(displayPath(snippet))} ${lines}${what}`;
}

function lineRange(start: number, end: number): string {
  return start === end ? String(start) : `${start}–${end}`;
}

function displayPath(snippet: CodeSnippet): string {
  if (snippet.origin === 'terminal') return 'terminal';
  return oneLine(snippet.path) || 'untitled';
}

/** Inline code that survives backticks in the text (a file may be named anything). */
function inlineCode(text: string): string {
  const ticks = '`'.repeat(longestRun(text, '`') + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return flat.length > MAX_DIAGNOSTIC_MESSAGE ? `${flat.slice(0, MAX_DIAGNOSTIC_MESSAGE)}…` : flat;
}

function longestRun(text: string, character: string): number {
  let longest = 0;
  let current = 0;
  for (const c of text) {
    current = c === character ? current + 1 : 0;
    if (current > longest) longest = current;
  }
  return longest;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
