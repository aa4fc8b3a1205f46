import assert from 'node:assert/strict';
import { replacementCode } from '../../../src/shared/answerCode';
import { BUILT_IN_COMMANDS } from '../../../src/shared/codeCommandCatalog';
import type { CodeSnippet } from '../../../src/shared/codeContext';
import { buildCommandPrompt } from '../../../src/shared/promptTemplate';
import { FakeAnthropicServer } from '../../fakes/anthropicServer';
import { codeCommandReply, type Scenario } from '../../fakes/scenarios';
import { pngBytes } from '../../helpers/attachmentFixtures';

const CONVERSATION_SYSTEM = 'You are Claude, an AI assistant working inside Visual Studio Code.';

function snippet(overrides: Partial<CodeSnippet> = {}): CodeSnippet {
  return {
    path: 'src/sum.ts',
    language: 'typescript',
    startLine: 3,
    endLine: 5,
    text: '  function sum(a: number[]) {\n    return a.reduce((x, y) => x + y);\n  }',
    origin: 'selection',
    diagnostics: [],
    ...overrides,
  };
}

function promptFor(name: keyof typeof BUILT_IN_COMMANDS, code: CodeSnippet = snippet()) {
  const { defaults } = BUILT_IN_COMMANDS[name];
  return { user: buildCommandPrompt(defaults.template, [code], 'Why?'), system: `${CONVERSATION_SYSTEM}\n\n${defaults.systemPrompt}` };
}

function replyText(scenario: Scenario | undefined): string {
  assert.ok(scenario && scenario.kind === 'reply');
  return scenario.text;
}

describe('fake server: code command replies', () => {
  it('gives an edit command its code back with a comment line on top, in one block the diff can apply', () => {
    for (const name of ['refactor', 'fix', 'addDocumentation', 'optimize'] as const) {
      const { user, system } = promptFor(name);
      const reply = codeCommandReply(user, system);
      assert.equal(reply?.name, 'code-edit', name);
      const code = replacementCode(replyText(reply?.scenario), 'typescript');
      assert.equal(code, `  // Edited by the fake server of the demo (not Claude)\n${snippet().text}`, name);
    }
  });

  it("writes the comment in the language's syntax", () => {
    const cases: [string, string][] = [
      ['python', '# '],
      ['shellscript', '# '],
      ['sql', '-- '],
      ['html', '<!-- '],
      ['css', '/* '],
      ['rust', '// '],
      ['plaintext', 'Edited'],
    ];
    for (const [language, start] of cases) {
      const { user, system } = promptFor('refactor', snippet({ language, text: 'body' }));
      const code = replacementCode(replyText(codeCommandReply(user, system)?.scenario), language) ?? '';
      assert.ok(code.startsWith(start), `${language}: ${code}`);
      assert.ok(code.endsWith('\nbody'), `${language}: ${code}`);
    }
  });

  it('keeps code containing backtick fences whole', () => {
    const text = 'const md = `\n```js\nx\n```\n`;';
    const { user, system } = promptFor('refactor', snippet({ text }));
    const code = replacementCode(replyText(codeCommandReply(user, system)?.scenario), 'typescript');
    assert.equal(code, `// Edited by the fake server of the demo (not Claude)\n${text}`);
  });

  it('answers other commands with a short explanation quoting the location header', () => {
    const { user, system } = promptFor('explain');
    const reply = codeCommandReply(user, system);
    assert.equal(reply?.name, 'code-explain');
    const text = replyText(reply?.scenario);
    assert.match(text, /It received `src\/sum\.ts` lines 3–5: 3 lines of typescript\./);
    assert.match(text, /defines `sum`/);
    assert.match(text, /Claude would explain here what the code does/);
    assert.equal(replacementCode(text, 'typescript'), undefined);
    const findBugs = promptFor('findBugs');
    assert.match(replyText(codeCommandReply(findBugs.user, findBugs.system)?.scenario), /Claude would list the bugs it finds here/);
  });

  it('names the terminal, and a code block pasted into the chat, and ignores turns without code', () => {
    const terminal = promptFor('explain', snippet({ origin: 'terminal', path: '', language: 'shellscript', text: '$ npm test\nError: boom' }));
    assert.match(replyText(codeCommandReply(terminal.user, terminal.system)?.scenario), /It received the terminal selection: 2 lines of shellscript/);
    assert.match(replyText(codeCommandReply('What about this?\n\n```python\nx = 1\n```', CONVERSATION_SYSTEM)?.scenario), /It received a python block: 1 line of python/);
    assert.equal(codeCommandReply('Just a question, with `inline` code.', CONVERSATION_SYSTEM), undefined);
  });
});

/** The text a streamed Messages request to the fake server answers with. */
async function streamedText(url: string, params: { system?: unknown; messages: unknown[] }): Promise<string> {
  const response = await fetch(`${url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2026-10-21', 'x-api-key': 'sk-ant-any-key-00000000000' },
    body: JSON.stringify({ model: 'claude-sonnet-5-5', max_tokens: 100, stream: true, ...params }),
  });
  assert.equal(response.status, 200);
  const body = await response.text();
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as { type: string; delta?: { type: string; text?: string } })
    .filter((event) => event.type === 'content_block_delta' && event.delta?.type === 'text_delta')
    .map((event) => event.delta?.text ?? '')
    .join('');
}

describe('fake server: code command requests', () => {
  const server = new FakeAnthropicServer();
  let url = '';
  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());
  afterEach(() => server.reset());

  const stream = (user: string, system: unknown) => streamedText(url, { system, messages: [{ role: 'user', content: [{ type: 'text', text: user }] }] });

  it('streams the edit reply when the system prompt (string or blocks) asks for the edit format', async () => {
    const { user, system } = promptFor('optimize');
    for (const form of [system, [{ type: 'text', text: CONVERSATION_SYSTEM }, { type: 'text', text: BUILT_IN_COMMANDS.optimize.defaults.systemPrompt }]]) {
      const text = await stream(user, form);
      assert.equal(server.requests.at(-1)?.scenario, 'code-edit');
      assert.equal(replacementCode(text, 'typescript'), `  // Edited by the fake server of the demo (not Claude)\n${snippet().text}`);
    }
  });

  it('still lets [scenario:NAME] and queued scenarios win, and plain chat gets the default reply', async function () {
    this.timeout(10_000); // the default reply streams slowly on purpose
    const { user, system } = promptFor('refactor');
    await stream(`${user}\n\n[scenario:plain]`, system);
    assert.equal(server.requests.at(-1)?.scenario, 'plain');
    server.enqueue({ kind: 'reply', text: 'queued answer' });
    assert.equal(await stream(user, system), 'queued answer');
    assert.match(await stream('hello', CONVERSATION_SYSTEM), /^You said: "hello"/);
    assert.equal(server.requests.at(-1)?.scenario, 'default');
    await stream(promptFor('explain').user, promptFor('explain').system);
    assert.equal(server.requests.at(-1)?.scenario, 'code-explain');
  });
});

describe('fake server: the demo answer to attachments', () => {
  const server = new FakeAnthropicServer();
  let url = '';
  before(async () => {
    url = await server.start();
  });
  after(() => server.stop());

  it('describes each attached block it received, after quoting only the words of the turn', async function () {
    this.timeout(10_000); // the demo reply streams slowly on purpose
    const png = Buffer.from(pngBytes(30, 20)).toString('base64');
    const content = [
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'one\ntwo' }, title: 'docs/notes.md' },
      { type: 'text', text: 'What are these?' },
    ];
    const text = await streamedText(url, { messages: [{ role: 'user', content }] });
    assert.equal(server.requests.at(-1)?.scenario, 'attachments');
    assert.match(text, /2 attachments with your message \("What are these\?"\)/);
    assert.match(text, /an image \(image\/png, 30×20 px/);
    assert.match(text, /a text document titled "docs\/notes\.md" \(2 lines\)/);
  });
});
