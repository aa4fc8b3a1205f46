import { definedToolNames, type ToolRequestBody } from './toolProtocol';
import type { Scenario } from './scenarios';

/**
 * Named scenarios that use the workspace tools, picked by `[scenario:NAME]` in the user's message. Each request of a
 * tool loop ends with the host's tool_result turn, so the marker is looked for in the last user message that holds
 * words, and the next step is decided from the calls and results since then, as a model would: one scripted step per
 * answer, its inputs taken from what the earlier results really said.
 */

export const TOOL_SCENARIO_NAMES = ['tools-demo', 'tools-each', 'tools-parallel', 'tools-escape', 'tools-forever'] as const;
export type ToolScenarioName = (typeof TOOL_SCENARIO_NAMES)[number];

/** One call of an earlier answer of this loop, with the result the host sent for it. */
export interface ToolRoundCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** The result's text (a string content, or its text blocks joined); undefined when no result answers the call. */
  result?: string;
  isError: boolean;
}

export interface ToolLoop {
  /** The words of the user's message the loop answers. */
  userText: string;
  /** Each earlier answer's calls, in order. */
  rounds: ToolRoundCall[][];
}

type Block = Record<string, unknown>;
type Call = { name: string; input: Record<string, unknown> };

/** The user's message (the last user turn with text, not a tool_result turn) and the tool rounds after it. */
export function toolLoopOf(messages: ToolRequestBody['messages']): ToolLoop {
  let start = -1;
  let userText = '';
  for (let i = messages.length - 1; i >= 0 && start < 0; i--) {
    const { role, content } = messages[i];
    if (role !== 'user') continue;
    const texts = typeof content === 'string' ? [content] : (content as Block[]).filter((block) => block?.type === 'text').map((block) => String(block.text ?? ''));
    if (texts.length > 0) {
      start = i;
      userText = texts.join('\n');
    }
  }
  const rounds: ToolRoundCall[][] = [];
  for (let i = start + 1; i < messages.length; i++) {
    const { role, content } = messages[i];
    if (role !== 'assistant' || !Array.isArray(content)) continue;
    const next = messages[i + 1];
    const results = next && Array.isArray(next.content) ? (next.content as Block[]).filter((block) => block?.type === 'tool_result') : [];
    const calls = (content as Block[]).filter((block) => block?.type === 'tool_use');
    if (calls.length === 0) continue;
    rounds.push(
      calls.map((call) => {
        const result = results.find((block) => block.tool_use_id === call.id);
        return { id: String(call.id), name: String(call.name), input: (call.input ?? {}) as Record<string, unknown>, result: result ? resultText(result) : undefined, isError: result?.is_error === true };
      }),
    );
  }
  return { userText, rounds };
}

function resultText(block: Block): string {
  const { content } = block;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.filter((part: Block) => part?.type === 'text').map((part: Block) => String(part.text)).join('\n');
}

/**
 * The next answer of the tool scenario the user's message names, or undefined when it names none. A non-streamed
 * request without tools (a title) is left to the title reply.
 */
export function toolScenarioFor(body: ToolRequestBody): [ToolScenarioName, Scenario] | undefined {
  const loop = toolLoopOf(body.messages);
  const name = /\[scenario:([\w-]+)\]/.exec(loop.userText)?.[1];
  if (!isToolScenarioName(name)) return undefined;
  const tools = definedToolNames(body);
  if (body.stream !== true && tools.length === 0) return undefined;
  const choice = (body.tool_choice as { type?: unknown } | undefined)?.type;
  if (tools.length === 0 || choice === 'none') {
    const why = tools.length === 0 ? 'I have no tools in this request, so I cannot look at your workspace' : 'Tools are defined but tool_choice is none, so I answer without calling one';
    return [name, reply(`${why} ([scenario:${name}] of the fake server).${soFar(loop)}`)];
  }
  const step = STEPS[name](loop);
  const unknown = step.kind === 'toolUse' ? step.calls.find((call) => !tools.includes(call.name)) : undefined;
  if (unknown) return [name, reply(`I wanted to call \`${unknown.name}\`, but this request does not define that tool, so I stop here.${soFar(loop)}`)];
  return [name, step];
}

function isToolScenarioName(name: string | undefined): name is ToolScenarioName {
  return (TOOL_SCENARIO_NAMES as readonly (string | undefined)[]).includes(name);
}

const reply = (text: string): Scenario => ({ kind: 'reply', text, chunkSize: 8, delayMs: 10 });
const calling = (text: string, ...calls: Call[]): Scenario => ({ kind: 'toolUse', text, calls, chunkSize: 8, delayMs: 10 });

const QUOTE_MAX = 120;

/** The first non-empty line of a result, trimmed and capped, as the final answers quote it. */
export function firstLine(text: string | undefined): string {
  const line = (text ?? '').split(/\r?\n/).find((candidate) => candidate.trim() !== '')?.trim() ?? '(empty)';
  return [...line].length > QUOTE_MAX ? `${[...line].slice(0, QUOTE_MAX - 1).join('')}…` : line;
}

const status = (call: ToolRoundCall) => (call.result === undefined ? 'no result' : call.isError ? 'error' : 'ok');
const quoted = (call: ToolRoundCall) => `“${firstLine(call.result)}”`;

/** What the tools returned before tools were turned off, so that answer still shows what arrived. */
function soFar(loop: ToolLoop): string {
  const calls = loop.rounds.flat();
  if (calls.length === 0) return '';
  return `\n\nWhat the tools returned before:\n${calls.map((call) => `- \`${call.name}\` (${status(call)}): ${quoted(call)}`).join('\n')}`;
}

/** Lines of a list_files result that are paths: not its header ("Files matching …:"), nor its [notes]. */
export function listedPaths(result: string | undefined): string[] {
  return (result ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('[') && !line.endsWith(':') && !/^No files match/.test(line));
}

/** How many files matched: the count in the host's header (`Files matching "…" (57):`), which a cut list still gives. */
function matchedCount(result: string | undefined, paths: readonly string[]): string {
  const header = /^Files matching .*\((\d+)(\+?)\):$/m.exec(result ?? '');
  return header ? `${header[1]}${header[2] ? ' or more' : ''}` : String(paths.length);
}

/** A read_file result's lines without their "  12 | " prefixes. */
export function readLines(result: string | undefined): string[] {
  return (result ?? '')
    .split(/\r?\n/)
    .filter((line) => /^\s*\d+ \|/.test(line))
    .map((line) => line.replace(/^\s*\d+ \| ?/, ''));
}

/** The file worth reading first: a README, else package.json, else the first file listed. */
export function fileToRead(paths: readonly string[]): string | undefined {
  const base = (path: string) => path.split('/').pop() ?? path;
  return (
    paths.find((path) => /^readme(\.\w+)?$/i.test(path)) ??
    paths.find((path) => path === 'package.json') ??
    paths.find((path) => /^readme(\.\w+)?$/i.test(base(path))) ??
    paths.find((path) => base(path) === 'package.json') ??
    paths[0]
  );
}

/** A word to search for that the file read surely contains: a package's name, a README's title word, else any word. */
export function searchTerm(lines: readonly string[]): string | undefined {
  const text = lines.join('\n');
  const name = /"name"\s*:\s*"([^"\s]{2,})"/.exec(text)?.[1];
  if (name) return name;
  const heading = lines.find((line) => /^#{1,6}\s+\S/.test(line));
  const word = (line: string | undefined) => /[A-Za-z][\w-]{2,}/.exec(line ?? '')?.[0];
  return word(heading) ?? lines.map((line) => word(line)).find((found) => found !== undefined);
}

function deniedOrFailed(call: ToolRoundCall): string {
  if (/denied|declined|rejected|not approved/i.test(call.result ?? '')) return `You denied \`${call.name}\``;
  return /was not run/i.test(call.result ?? '') ? `\`${call.name}\` was not run` : `\`${call.name}\` failed (${quoted(call)})`;
}

const FAKE_NOTE = "_This answer comes from the demo's fake server, not from Claude: its steps are scripted, but everything quoted above is what the tools really returned from your workspace._";

const STEPS: Record<ToolScenarioName, (loop: ToolLoop) => Scenario> = {
  'tools-each': eachStep,
  'tools-parallel': (loop) =>
    loop.rounds.length === 0
      ? calling("I'll run three tools at once.", { name: 'list_files', input: { max_results: 20 } }, { name: 'search_text', input: { query: 'TODO', max_results: 20 } }, { name: 'get_editor_state', input: {} })
      : reply(
          `The ${loop.rounds[0].length} parallel calls came back:\n\n${loop.rounds[0].map((call) => `- \`${call.id}\` ${call.name}: ${call.isError ? 'error' : 'ok'} — ${quoted(call)}`).join('\n')}`,
        ),
  'tools-forever': (loop) => {
    const round = loop.rounds.length;
    const globs = ['**/*.ts', '**/*.md', '**/*.json', '**/*'];
    return calling(`Round ${round + 1}: let me list the files once more.`, { name: 'list_files', input: { glob: globs[round % globs.length], max_results: Math.min(200, round + 1) } });
  },
  'tools-escape': (loop) => {
    if (loop.rounds.length === 0) return calling("I'll try to read four files I should not be able to read.", ...ESCAPE_PATHS.map((path) => ({ name: 'read_file', input: { path } })));
    const lines = loop.rounds[0].map((call) => `- \`${String(call.input.path)}\`: is_error ${call.isError} — ${quoted(call)}`);
    return reply(`Here is what each read returned:\n\n${lines.join('\n')}`);
  },
  'tools-demo': demoStep,
};

export const ESCAPE_PATHS = ['../outside.txt', '/etc/passwd', 'link-out/secret.txt', '.env'];

/** tools-each: the six tools one per answer, each input taken from the earlier results, then what each said. */
function eachStep(loop: ToolLoop): Scenario {
  const [listed, read] = [loop.rounds[0]?.[0], loop.rounds[1]?.[0]];
  const path = fileToRead(listedPaths(listed?.isError ? undefined : listed?.result)) ?? 'README.md';
  const term = searchTerm(readLines(read?.isError ? undefined : read?.result)) ?? 'TODO';
  const steps: [string, Call][] = [
    ["I'll try each of the six tools in turn, starting with the file list.", { name: 'list_files', input: { max_results: 20 } }],
    [`Next I'll read \`${path}\`.`, { name: 'read_file', input: { path, end_line: 20 } }],
    [`Now a text search for “${term}”.`, { name: 'search_text', input: { query: term, max_results: 10 } }],
    ["Next, the workspace's problems.", { name: 'get_diagnostics', input: {} }],
    [`Now the outline of \`${path}\`.`, { name: 'get_symbols', input: { path } }],
    ['Last, what is open in the editor.', { name: 'get_editor_state', input: {} }],
  ];
  const step = steps[loop.rounds.length];
  if (step) return calling(step[0], step[1]);
  const calls = loop.rounds.map((round) => round[0]);
  return reply(`I called each of the six tools. What each returned:\n\n${calls.map((call, i) => `${i + 1}. \`${call.name}\` (${status(call)}): ${quoted(call)}`).join('\n')}`);
}

/** tools-demo: look at the file list, read the README (or package.json), search for its name, then sum up. */
function demoStep(loop: ToolLoop): Scenario {
  const [listed, read, searched] = [loop.rounds[0]?.[0], loop.rounds[1]?.[0], loop.rounds[2]?.[0]];
  if (!listed) return calling('Let me look at the project first.', { name: 'list_files', input: { max_results: 50 } });
  if (listed.isError) return reply(`${deniedOrFailed(listed)}, so I can't see the project's files. Ask again and allow it, or paste the code you want me to look at.\n\n${FAKE_NOTE}`);
  const paths = listedPaths(listed.result);
  const path = fileToRead(paths);
  if (!path) return reply(`The workspace has no files I can see: list_files said ${quoted(listed)}.\n\n${FAKE_NOTE}`);
  const count = matchedCount(listed.result, paths);
  const shown = paths.slice(0, 6);
  const rest = (Number.parseInt(count, 10) || paths.length) - shown.length;
  const some = `${shown.map((file) => `\`${file}\``).join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
  if (!read) return calling(`I see ${count} files, among them ${some}. I'll read \`${path}\` to learn what the project is.`, { name: 'read_file', input: { path, end_line: 60 } });
  if (read.isError) return reply(`${deniedOrFailed(read)}, so I only know the file list: ${some}.\n\n${FAKE_NOTE}`);
  const lines = readLines(read.result);
  const term = searchTerm(lines);
  if (!searched && term) return calling(`\`${path}\` begins with “${firstLine(lines.join('\n'))}”. Let me search for where “${term}” appears.`, { name: 'search_text', input: { query: term, max_results: 20 } });
  // Its first line (the title, usually) and the next two lines of prose.
  const [head, ...body] = lines.filter((line) => line.trim() !== '');
  const opening = [head, ...body.filter((line) => !/^#{1,6}\s/.test(line)).slice(0, 2)].filter((line) => line !== undefined).map((line) => `> ${line}`);
  const parts = [
    '## What I found',
    '',
    `**Files:** ${count} in the workspace, such as ${some}.`,
    '',
    `**\`${path}\`** begins with:`,
    '',
    opening.length > 0 ? opening.join('\n>\n') : '> (the file is empty)',
  ];
  if (searched?.isError) parts.unshift(`${deniedOrFailed(searched)}, so this is from the file list and \`${path}\` only.`, '');
  else if (searched && term) {
    const hits = (searched.result ?? '').split(/\r?\n/).filter((line) => /^\S+:\d+:/.test(line));
    parts.push('', hits.length > 0 ? `**“${term}”** appears in ${hits.length} ${hits.length === 1 ? 'place' : 'places'}, for example:` : `search_text found no “${term}”: ${quoted(searched)}.`);
    parts.push(...hits.slice(0, 3).map((hit) => `- \`${hit.length > QUOTE_MAX ? `${hit.slice(0, QUOTE_MAX - 1)}…` : hit}\``));
  }
  parts.push('', FAKE_NOTE);
  return reply(parts.join('\n'));
}
