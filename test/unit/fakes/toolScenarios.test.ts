import assert from 'node:assert/strict';
import type Anthropic from '@anthropic-ai/sdk';
import { createAnthropicClient } from '../../../src/api/clientFactory';
import { TOOL_DEFINITIONS } from '../../../src/shared/toolCatalog';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { defaultReply } from '../../fakes/scenarios';
import { ESCAPE_PATHS, TOOL_SCENARIO_NAMES, toolLoopOf } from '../../fakes/toolScenarios';

type ToolUse = Anthropic.ToolUseBlock;
type Result = { content: string; is_error?: boolean };

/** A small workspace as the host's tools describe it (src/tools/*Tool.ts): headers, numbered lines, [notes]. */
const WORKSPACE: Record<string, (input: Record<string, unknown>) => Result> = {
  list_files: () => ({ content: 'Files matching "**/*" (57):\nREADME.md\npackage.json\nsrc/widget.ts\n\n[Showing the first 3 of 57 files; raise max_results.]' }),
  read_file: (input) =>
    input.path === 'README.md'
      ? { content: 'README.md, lines 1–3 of 3:\n1 | # Widget Factory\n2 |\n3 | Makes widgets from YAML.' }
      : { content: `Cannot read ${String(input.path)}: it is outside the workspace.`, is_error: true },
  search_text: (input) => ({ content: `2 matches for "${String(input.query)}" in 2 files:\nREADME.md:1: # ${String(input.query)} Factory\nsrc/widget.ts:4: export class ${String(input.query)} {}` }),
  get_diagnostics: () => ({ content: 'src/widget.ts:9: error ts(2304): Cannot find name "gear".' }),
  get_symbols: (input) => ({ content: `Outline of ${String(input.path)}:\nWidget Factory (heading) 1–3` }),
  get_editor_state: () => ({ content: 'Active editor: src/widget.ts (typescript), lines 3–5 selected.' }),
};

const DENIED: Result = { content: 'The user denied this tool call.', is_error: true };

/** Each named scenario, driven as the host drives it: the real SDK, every answer sent back unchanged, then the results. */
describe('fake Anthropic server: named tool scenarios', function () {
  this.timeout(20_000);
  const server = new FakeAnthropicServer();
  let client: Anthropic;
  before(async () => {
    client = createAnthropicClient({ apiKey: 'sk-ant-any-key-00000000000', baseUrl: await server.start(), headersTimeoutMs: 5_000, maxRetries: 0 });
  });
  after(() => server.stop());
  beforeEach(() => server.reset());

  interface Run {
    rounds: ToolUse[][];
    /** Each answer's text, the final one last. */
    texts: string[];
    final: Anthropic.Message;
    messages: Anthropic.MessageParam[];
  }

  async function drive(prompt: string, run: (call: ToolUse) => Result = (call) => WORKSPACE[call.name](call.input as Record<string, unknown>), options: { maxRounds?: number; extra?: object } = {}): Promise<Run> {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: prompt }];
    const rounds: ToolUse[][] = [];
    const texts: string[] = [];
    for (let i = 0; ; i++) {
      const params = { model: 'claude-sonnet-5-5', max_tokens: 4096, tools: TOOL_DEFINITIONS as unknown as Anthropic.Tool[], messages, ...options.extra };
      const message = await client.messages.stream(params).finalMessage();
      texts.push(message.content.map((block) => (block.type === 'text' ? block.text : '')).join(''));
      messages.push({ role: 'assistant', content: message.content });
      if (message.stop_reason !== 'tool_use' || i + 1 === options.maxRounds) return { rounds, texts, final: message, messages };
      const calls = message.content.filter((block): block is ToolUse => block.type === 'tool_use');
      rounds.push(calls);
      messages.push({ role: 'user', content: calls.map((call) => ({ type: 'tool_result' as const, tool_use_id: call.id, ...run(call) })) });
    }
  }

  const names = (run: Run) => run.rounds.map((round) => round.map((call) => call.name).join('+'));
  const inputOf = (run: Run, name: string) => run.rounds.flat().find((call) => call.name === name)?.input;

  it('finds the marker in the user message behind the tool_result turns', () => {
    const loop = toolLoopOf([
      { role: 'user', content: 'an older question' },
      { role: 'assistant', content: [{ type: 'text', text: 'old answer' }] },
      { role: 'user', content: [{ type: 'text', text: 'Look around [scenario:tools-each]' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'list_files', input: { max_results: 20 } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'a.ts' }] }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_2', name: 'read_file', input: { path: 'a.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'no', is_error: true }] },
    ]);
    assert.equal(loop.userText, 'Look around [scenario:tools-each]');
    assert.deepEqual(loop.rounds, [
      [{ id: 'toolu_1', name: 'list_files', input: { max_results: 20 }, result: 'a.ts', isError: false }],
      [{ id: 'toolu_2', name: 'read_file', input: { path: 'a.ts' }, result: 'no', isError: true }],
    ]);
  });

  it('tools-each calls the six tools one per answer, each input from the earlier results, then quotes each result', async () => {
    const run = await drive('Try them all [scenario:tools-each]');
    assert.deepEqual(names(run), ['list_files', 'read_file', 'search_text', 'get_diagnostics', 'get_symbols', 'get_editor_state']);
    assert.deepEqual(inputOf(run, 'read_file'), { path: 'README.md', end_line: 20 });
    assert.deepEqual(inputOf(run, 'search_text'), { query: 'Widget', max_results: 10 });
    assert.deepEqual(inputOf(run, 'get_symbols'), { path: 'README.md' });
    assert.equal(run.final.stop_reason, 'end_turn');
    const final = run.texts.at(-1) ?? '';
    assert.match(final, /^I called each of the six tools\./);
    for (const quote of ['Files matching "**/*" (57):', 'README.md, lines 1–3 of 3:', '2 matches for "Widget" in 2 files:', 'src/widget.ts:9: error ts(2304)', 'Outline of README.md:', 'Active editor: src/widget.ts']) {
      assert.ok(final.includes(`“${quote}`), `${quote} in ${final}`);
    }
    assert.deepEqual(server.messageRequests.map((request) => request.scenario), Array(7).fill('tools-each'));
  });

  it('tools-parallel makes three calls in one answer, then lists each id with ok or error', async () => {
    const run = await drive('[scenario:tools-parallel]', (call) => (call.name === 'search_text' ? DENIED : WORKSPACE[call.name](call.input as Record<string, unknown>)));
    assert.deepEqual(names(run), ['list_files+search_text+get_editor_state']);
    const final = run.texts.at(-1) ?? '';
    const [list, search, editor] = run.rounds[0];
    assert.ok(final.includes(`- \`${list.id}\` list_files: ok — “Files matching "**/*" (57):”`), final);
    assert.ok(final.includes(`- \`${search.id}\` search_text: error — “The user denied this tool call.”`), final);
    assert.ok(final.includes(`- \`${editor.id}\` get_editor_state: ok — “Active editor`), final);
  });

  it('tools-forever calls list_files again on every answer, with a different glob each time', async () => {
    const run = await drive('[scenario:tools-forever]', () => ({ content: 'a.ts' }), { maxRounds: 6 });
    assert.equal(run.final.stop_reason, 'tool_use', 'still calling after six answers');
    assert.deepEqual(names(run), Array(5).fill('list_files'));
    const globs = run.rounds.map((round) => round[0].input as { glob: string }).map((input) => input.glob);
    assert.ok(globs.every((glob, i) => i === 0 || glob !== globs[i - 1]), globs.join(' '));
  });

  it('tools-escape asks for four paths outside the workspace at once, then quotes each refusal and its is_error', async () => {
    const run = await drive('[scenario:tools-escape]');
    assert.deepEqual(
      run.rounds[0].map((call) => call.input),
      ESCAPE_PATHS.map((path) => ({ path })),
    );
    const final = run.texts.at(-1) ?? '';
    for (const path of ESCAPE_PATHS) assert.ok(final.includes(`- \`${path}\`: is_error true — “Cannot read ${path}: it is outside the workspace.”`), final);
  });

  it('tools-demo lists the files, reads the README, searches for its title word and sums up with real quotes', async () => {
    const run = await drive('What is this project? [scenario:tools-demo]');
    assert.deepEqual(names(run), ['list_files', 'read_file', 'search_text']);
    assert.deepEqual(inputOf(run, 'read_file'), { path: 'README.md', end_line: 60 });
    assert.deepEqual(inputOf(run, 'search_text'), { query: 'Widget', max_results: 20 });
    assert.equal(run.texts[0], 'Let me look at the project first.');
    assert.match(run.texts[1], /^I see 57 files, among them `README\.md`, `package\.json`, `src\/widget\.ts` and 54 more\. I'll read `README\.md`/);
    const final = run.texts.at(-1) ?? '';
    assert.match(final, /^## What I found/);
    for (const part of ['**Files:** 57 in the workspace, such as `README.md`', '> # Widget Factory\n>\n> Makes widgets from YAML.', '**“Widget”** appears in 2 places', '- `src/widget.ts:4: export class Widget {}`', "demo's fake server, not from Claude"]) {
      assert.ok(final.includes(part), `${part} in ${final}`);
    }
  });

  it('tools-demo says what was denied and adapts', async () => {
    const denying = (name: string) => (call: ToolUse) => (call.name === name ? DENIED : WORKSPACE[call.name](call.input as Record<string, unknown>));
    const noRead = await drive('[scenario:tools-demo]', denying('read_file'));
    assert.deepEqual(names(noRead), ['list_files', 'read_file']);
    assert.match(noRead.texts.at(-1) ?? '', /^You denied `read_file`, so I only know the file list: `README\.md`, `package\.json`, `src\/widget\.ts` and 54 more\./);
    const notRun = await drive('[scenario:tools-demo]', (call) => (call.name === 'read_file' ? { content: 'This tool call was not run: the user stopped the tool loop.', is_error: true } : WORKSPACE[call.name](call.input as Record<string, unknown>)));
    assert.match(notRun.texts.at(-1) ?? '', /^`read_file` was not run, so I only know the file list/);
    const noList = await drive('[scenario:tools-demo]', denying('list_files'));
    assert.match(noList.texts.at(-1) ?? '', /^You denied `list_files`, so I can't see the project's files\./);
    const noSearch = await drive('[scenario:tools-demo]', denying('search_text'));
    assert.match(noSearch.texts.at(-1) ?? '', /^You denied `search_text`, so this is from the file list and `README\.md` only\.\n\n## What I found/);
    const failing = await drive('[scenario:tools-demo]', (call) => (call.name === 'list_files' ? { content: 'Listing failed: EACCES', is_error: true } : { content: '' }));
    assert.match(failing.texts.at(-1) ?? '', /^`list_files` failed \(“Listing failed: EACCES”\)/);
  });

  it('answers in text, calling nothing, when the request has no tools or tool_choice none', async () => {
    const noTools = await client.messages.stream({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: '[scenario:tools-demo]' }] }).finalMessage();
    assert.equal(noTools.stop_reason, 'end_turn');
    assert.match(noTools.content.map((block) => (block.type === 'text' ? block.text : '')).join(''), /^I have no tools in this request, so I cannot look at your workspace/);
    const started = await drive('[scenario:tools-each]', undefined, { maxRounds: 2 });
    const call = started.final.content.find((block): block is ToolUse => block.type === 'tool_use');
    assert.ok(call);
    const messages: Anthropic.MessageParam[] = [...started.messages, { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '1 | # Widget Factory' }] }];
    const params = { model: 'claude-sonnet-5-5', max_tokens: 100, tools: TOOL_DEFINITIONS as unknown as Anthropic.Tool[], tool_choice: { type: 'none' as const }, messages };
    const off = await client.messages.stream(params).finalMessage();
    const text = off.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
    assert.match(text, /^Tools are defined but tool_choice is none, so I answer without calling one/);
    assert.ok(text.includes('- `list_files` (ok): “Files matching "**/*" (57):”') && text.includes('- `read_file` (ok): “1 | # Widget Factory”'), text);
  });

  it('keeps thinking through the loop when thinking is on', async () => {
    const run = await drive('[scenario:tools-parallel]', undefined, { extra: { thinking: { type: 'enabled', budget_tokens: 2048 } } });
    assert.equal(run.final.content[0].type, 'thinking');
    assert.deepEqual(
      run.messages.filter((message) => message.role === 'assistant').map((message) => (message.content as Anthropic.ContentBlock[])[0].type),
      ['thinking', 'thinking'],
    );
  });

  it('leaves a title request (non-streamed, no tools) to the title reply, and lists the tool markers in the default reply', async () => {
    const title = await client.messages.create({ model: 'claude-sonnet-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'Question:\nLook [scenario:tools-demo]\n\nAnswer:\nok' }] });
    assert.deepEqual(title.content, [{ type: 'text', text: '"Look scenariotoolsdemo"' }]);
    const text = (defaultReply('hi') as { text: string }).text;
    for (const name of TOOL_SCENARIO_NAMES) assert.ok(text.includes(`[scenario:${name}]`), name);
  });
});
