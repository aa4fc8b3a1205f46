import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { emptyConversation, type ChatMessage, type Conversation, type Invocation } from '../../src/shared/conversation';
import type { ConversationEvent } from '../../src/shared/conversationReducer';
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import type { FakeWebviewHost } from './pages/fakeWebviewHost';
import type { InvocationPageApi } from './pages/invocationView.page';
import { chatStylesheet, openTestPage } from './runtime';

const TARGET = 'src/foo.ts:12–30';
const CODE_LINE = 'return a + b;';
/** The full prompt a command sends: what the turn's text is, and what the transcript collapses. */
const PROMPT = ['Explain what this code does.', '', '`src/foo.ts` lines 12–30', '```ts', 'export function add(a: number, b: number) {', `  ${CODE_LINE}`, '}', '```'].join('\n');

function commandTurn(id: string, invocation: Invocation, text = PROMPT, parentId: string | null = null): ChatMessage {
  return { id, parentId, role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 1, invocation };
}

function plainTurn(id: string, text: string, parentId: string | null = null): ChatMessage {
  return { id, parentId, role: 'user', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 1 };
}

function answer(id: string, parentId: string, text: string): ChatMessage {
  return { id, parentId, role: 'assistant', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 2, stopReason: 'end_turn' };
}

const squash = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

describe('a code command’s turn drawn by MessageView, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('invocationView.page.ts'));
  });

  after(async () => {
    await browser?.close();
  });

  const render = (message: ChatMessage, reveal = true) =>
    page.evaluate(([m, r]) => (window as unknown as { invocationPage: InvocationPageApi }).invocationPage.render(m, { reveal: r }), [message, reveal] as const);
  const isOpen = () => page.locator('details.invocation-prompt').evaluate((details) => (details as HTMLDetailsElement).open);

  it('reads as what the user did: the command, the target in code style, the question, the prompt collapsed', async () => {
    await render(commandTurn('q1', { command: 'Ask About Selection', target: TARGET, question: 'Why does this\nnever overflow?' }));
    assert.equal(squash(await page.locator('.invocation-title').textContent()), `Ask About Selection ${TARGET}`);
    assert.equal(await page.locator('.invocation-title code.invocation-target').textContent(), TARGET);
    assert.equal(await page.locator('.invocation-title .invocation-command').textContent(), 'Ask About Selection');
    assert.equal(await page.locator('.invocation-question').textContent(), 'Why does this\nnever overflow?');
    assert.equal(squash(await page.locator('.invocation-prompt > summary').textContent()), 'Code sent (8 lines)');
    assert.equal(await isOpen(), false, 'the prompt is collapsed by default');
    assert.equal(await page.locator('.invocation-prompt-body').isVisible(), false);
    assert.equal(await page.locator('.block-text').count(), 0, 'the prompt is not shown as a wall of text');
  });

  it('has no question line when the command asked none, and names a prompt without code "Prompt sent"', async () => {
    await render(commandTurn('q2', { command: 'Explain', target: 'terminal selection' }, 'Explain this terminal output:\n\nerror: EADDRINUSE'));
    assert.equal(await page.locator('.invocation-question').count(), 0);
    assert.equal(squash(await page.locator('.invocation-prompt > summary').textContent()), 'Prompt sent (3 lines)');
  });

  it('shows a hostile command, target and question as text, never as markup', async () => {
    const hostile: Invocation = {
      command: '<b id="bold">Explain</b>',
      target: 'src/<img src=x onerror="window.__pwned=1">.ts:1–2',
      question: '<img src=y onerror="window.__pwned=2"><script>window.__pwned=3</script>',
    };
    await render(commandTurn('q3', hostile, `${hostile.question}\n\n\`${hostile.target}\`\n\`\`\`ts\nconst x = 1;\n\`\`\``));
    await page.locator('.invocation-prompt > summary').click();
    await page.locator('.invocation-prompt-body pre code').waitFor();
    assert.equal(await page.locator('.invocation-command').textContent(), hostile.command);
    assert.equal(await page.locator('.invocation-target').textContent(), hostile.target);
    assert.equal(await page.locator('.invocation-question').textContent(), hostile.question);
    assert.equal(await page.locator('#root img, #root script, #root b').count(), 0, 'no element was made from the strings');
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
  });

  it('draws the prompt only once it is opened (and the message is revealed)', async () => {
    await render(commandTurn('q4', { command: 'Explain', target: TARGET }), false);
    assert.equal(squash(await page.locator('.invocation-title').textContent()), `Explain ${TARGET}`, 'the heading is there before the message is revealed');
    await page.evaluate(() => (window as unknown as { invocationPage: InvocationPageApi }).invocationPage.reveal());
    assert.equal(await page.locator('.invocation-prompt-body pre').count(), 0, 'a closed prompt is not drawn');
    await page.locator('.invocation-prompt > summary').click();
    await page.locator('.invocation-prompt-body pre code').waitFor();
    assert.match((await page.locator('.invocation-prompt-body pre code').textContent()) ?? '', new RegExp(CODE_LINE.replace(/[+]/g, '\\+')));
    assert.equal(await page.locator('.invocation-prompt-body .code-frame .code-language').textContent(), 'ts', 'the prompt is Markdown: its code is a highlighted block');
  });

  it('opens and closes from the keyboard, in the tab order after the message’s buttons', async () => {
    await render(commandTurn('q5', { command: 'Explain', target: TARGET }));
    await page.locator('button.delete-pair').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector<HTMLDetailsElement>('details.invocation-prompt')?.open === true);
    await page.locator('.invocation-prompt-body pre code').waitFor({ state: 'visible' });
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector<HTMLDetailsElement>('details.invocation-prompt')?.open === false);
    assert.equal(await page.locator('.invocation-prompt-body').isVisible(), false);
  });

  it('keeps a prompt the user opened open when the message is drawn again', async () => {
    const message = commandTurn('q6', { command: 'Explain', target: TARGET });
    await render(message);
    await page.locator('.invocation-prompt > summary').click();
    // Drawn from the toggle event, which comes after `open` changes: the page saw the opening once it is drawn.
    await page.locator('.invocation-prompt-body pre code').waitFor({ state: 'visible' });
    await render(message);
    assert.equal(await isOpen(), true);
    await page.locator('.invocation-prompt-body pre code').waitFor({ state: 'visible' });
  });

  it('leaves a typed question as typed: text, not Markdown, with no command heading', async () => {
    await render(plainTurn('q7', 'Is **this** bold?'));
    assert.equal(await page.locator('.invocation').count(), 0);
    assert.equal(await page.locator('.blocks .block-text').textContent(), 'Is **this** bold?');
  });
});

/**
 * The whole webview (main.ts, Transcript, Composer) with chat.css, driven by host messages posted to the page as VS Code
 * posts them.
 */
describe('the chat webview with a code command’s turn, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ browser, page } = await openTestPage('chatApp.page.ts'));
    await page.addStyleTag({ content: await chatStylesheet() });
    await page.locator('.composer-input').waitFor();
  });

  after(async () => {
    await browser?.close();
  });

  const deliver = (message: HostToWebview) => page.evaluate((m) => window.postMessage(m, '*'), message);
  const posted = () => page.evaluate(() => (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted);
  const showState = (conversation: Conversation, draft = '') =>
    deliver({ type: 'state/full', state: { conversation, busy: false, apiKeySource: 'secretStorage', model: 'claude-sonnet-4-5', draft, attachments: [], accepts: { image: true, pdf: true, known: true }, attachmentBaseUri: '', toolCalls: [] } });
  const events = (conversationId: string, list: ConversationEvent[]) => deliver({ type: 'conversation/events', conversationId, events: list });
  const composerText = () => page.locator('.composer-input').inputValue();

  it('composer/append keeps what was typed and adds the selection as a new paragraph', async () => {
    await showState(emptyConversation('c0', { model: 'claude-sonnet-4-5', systemPrompt: '' }, 0));
    await page.locator('.composer-input').click();
    await page.keyboard.type('Look at this:');
    const addition = '`src/foo.ts:12–30`\n```ts\nreturn a + b;\n```';
    await deliver({ type: 'composer/append', text: addition });
    await page.waitForFunction((expected) => document.querySelector('textarea')?.value === expected, `Look at this:\n\n${addition}`);
    await deliver({ type: 'composer/append', text: 'and `src/bar.ts:1`' });
    const expected = `Look at this:\n\n${addition}\n\nand \`src/bar.ts:1\``;
    await page.waitForFunction((text) => document.querySelector('textarea')?.value === text, expected);
    const saved = await page.evaluate(() => (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.state);
    assert.deepEqual(saved, { draft: expected }, 'kept across a reload of the view');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'composer-input', 'the composer has the focus to go on typing');
    assert.ok(!(await posted()).some((message) => message.type === 'chat/send'), 'nothing was sent');
  });

  it('composer/append into an empty composer puts just the addition', async () => {
    await page.locator('.composer-input').fill('');
    await deliver({ type: 'composer/append', text: '`src/foo.ts:3`' });
    await page.waitForFunction(() => document.querySelector('textarea')?.value === '`src/foo.ts:3`');
    assert.equal(await composerText(), '`src/foo.ts:3`');
  });

  it('shows the command’s turn and streams the answer under it', async () => {
    const id = 'c1';
    await showState(emptyConversation(id, { model: 'claude-sonnet-4-5', systemPrompt: '' }, 0));
    const streaming: ChatMessage = { id: 'a1', parentId: 'u1', role: 'assistant', blocks: [], status: 'streaming', createdAt: 2 };
    await events(id, [{ type: 'message/append', message: commandTurn('u1', { command: 'Explain', target: TARGET }) }, { type: 'message/append', message: streaming }]);
    await page.locator('.message-user .invocation-title').waitFor();
    assert.equal(squash(await page.locator('.message-user .invocation-title').textContent()), `Explain ${TARGET}`);
    await events(id, [{ type: 'block/start', messageId: 'a1', index: 0, block: { type: 'text', text: '' } }]);
    await deliver({ type: 'stream/text', text: 'The function ' });
    await page.locator('.message-assistant .block-markdown', { hasText: 'The function' }).waitFor();
    await deliver({ type: 'stream/text', text: 'adds two numbers.' });
    await events(id, [{ type: 'message/end', messageId: 'a1', status: 'complete', stopReason: 'end_turn' }]);
    await page.locator('.message-assistant:not(.is-streaming)').waitFor();
    // The streamed tail is drawn once per frame: wait for it rather than read the frame before.
    await page.locator('.message-assistant .block-markdown', { hasText: 'adds two numbers.' }).waitFor();
    assert.equal(squash(await page.locator('.message-assistant .block-markdown').textContent()), 'The function adds two numbers.');
    assert.equal(await page.locator('.message-user details.invocation-prompt[open]').count(), 0, 'the prompt stays collapsed');
  });

  it('switches branches between an edited question and the command’s turn, which keeps its prompt open', async () => {
    const id = 'c2';
    const conversation: Conversation = {
      ...emptyConversation(id, { model: 'claude-sonnet-4-5', systemPrompt: '' }, 0),
      messages: [commandTurn('b-u1', { command: 'Find Bugs', target: TARGET }), answer('b-a1', 'b-u1', 'No bugs.'), plainTurn('b-u2', 'Shorter, please'), answer('b-a2', 'b-u2', 'Adds.')],
    };
    await showState(conversation);
    await page.locator('.message-user .block-text', { hasText: 'Shorter, please' }).waitFor();
    assert.equal(await page.locator('.message-user .branch-position').textContent(), '2 / 2');
    await page.locator('.message-user .branch-previous').click();
    // The composer's debounced draft save may post after the click: look for the selection, not at the last message.
    const selected = { type: 'branch/select', parentId: null, childId: 'b-u1' } satisfies WebviewToHost;
    assert.ok((await posted()).some((message) => JSON.stringify(message) === JSON.stringify(selected)), 'the click asked the host for the other branch');

    const select = (childId: string) => events(id, [{ type: 'branch/select', parentId: null, childId }]);
    await select('b-u1');
    await page.locator('.message-user .invocation-title', { hasText: 'Find Bugs' }).waitFor();
    assert.equal(await page.locator('.message-user .branch-position').textContent(), '1 / 2');
    // Markdown is drawn once the message is revealed (near the viewport), a frame or so after the switch.
    await page.locator('.message-assistant .block-markdown', { hasText: 'No bugs.' }).waitFor();
    assert.equal(squash(await page.locator('.message-assistant .block-markdown').textContent()), 'No bugs.');
    await page.locator('.message-user .invocation-prompt > summary').click();
    await page.locator('.message-user .invocation-prompt-body pre code').waitFor({ state: 'visible' });

    await select('b-u2');
    await page.locator('.message-user .block-text', { hasText: 'Shorter, please' }).waitFor();
    await select('b-u1');
    await page.locator('.message-user .invocation-prompt-body pre code').waitFor({ state: 'visible' });
  });

  it('edit and resend edits the full prompt, and sends it whole', async () => {
    const conversation: Conversation = {
      ...emptyConversation('c3', { model: 'claude-sonnet-4-5', systemPrompt: '' }, 0),
      messages: [commandTurn('e-u1', { command: 'Explain', target: TARGET }), answer('e-a1', 'e-u1', 'It adds.')],
    };
    await showState(conversation);
    await page.locator('.message-user .invocation-title', { hasText: 'Explain' }).waitFor();
    await page.locator('.message-user .edit-message').click();
    const editor = page.locator('.message-user .edit-input');
    await editor.waitFor();
    assert.equal(await editor.inputValue(), PROMPT);
    assert.equal(await page.locator('.message-user .invocation').isVisible(), false, 'the turn gives way to its editor');
    await editor.press('Escape');
    await page.locator('.message-user .invocation').waitFor({ state: 'visible' });

    await page.locator('.message-user .edit-message').click();
    await editor.press('Control+End');
    await page.keyboard.type(' Also check overflow.');
    await editor.press('Enter');
    const sent = (await posted()).at(-1);
    assert.deepEqual(sent, { type: 'message/edit', messageId: 'e-u1', text: `${PROMPT} Also check overflow.` } satisfies WebviewToHost);
  });
});
