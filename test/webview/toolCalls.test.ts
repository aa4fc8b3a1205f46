import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { emptyConversation, type ChatBlock, type ChatMessage, type Conversation } from '../../src/shared/conversation';
import type { ConversationEvent } from '../../src/shared/conversationReducer';
import { parseWebviewMessage, type HostToWebview, type ToolCallState, type WebviewToHost } from '../../src/shared/protocol';
import { NOT_RUN_RESULT } from '../../src/shared/toolTurns';
import type { FakeWebviewHost } from './pages/fakeWebviewHost';
import { chatStylesheet, openTestPage } from './runtime';

type ToolUse = Extract<ChatBlock, { type: 'tool_use' }>;
type ToolResult = Extract<ChatBlock, { type: 'tool_result' }>;

/**
 * The whole webview (main.ts: Transcript, MessageView, the tool rows) with chat.css, driven by host messages posted to
 * the page as VS Code posts them; what it asks of the host is read from the fake host.
 */
describe('tool calls in the transcript: rows, results and approval cards, in a real browser', function () {
  this.timeout(60_000);
  let browser: Browser;
  let page: Page;
  /** Fresh ids per test: rows remember being opened by tool use id, as they must across redraws. */
  let round = 0;

  before(async () => {
    ({ browser, page } = await openTestPage('chatApp.page.ts'));
    await page.setViewportSize({ width: 400, height: 900 });
    await page.addStyleTag({ content: await chatStylesheet() });
    await page.locator('.composer-input').waitFor();
    // A control that is missing fails its test in seconds, not after Playwright's 30 s wait for it.
    page.setDefaultTimeout(5_000);
  });

  beforeEach(() => {
    round += 1;
  });

  after(async () => {
    await browser?.close();
  });

  /** Posts a host message and resolves once the page has handled it (its listener runs after main.ts's). */
  const deliver = (message: HostToWebview) =>
    page.evaluate(
      (m) =>
        new Promise<void>((resolve) => {
          window.addEventListener('message', () => resolve(), { once: true });
          window.postMessage(m, '*');
        }),
      message,
    );
  const posted = () => page.evaluate(() => (window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted);
  const clearPosted = () => page.evaluate(() => ((window as unknown as { fakeWebviewHost: FakeWebviewHost }).fakeWebviewHost.posted.length = 0));
  const decisions = async () => (await posted()).filter((message) => message.type === 'tool/decide');
  const events = (list: ConversationEvent[]) => deliver({ type: 'conversation/events', conversationId: conversationId(), events: list });
  const calls = (list: ToolCallState[]) => deliver({ type: 'tools/calls', conversationId: conversationId(), calls: list });
  const activeClass = () => page.evaluate(() => document.activeElement?.className ?? '');

  const conversationId = () => `c${round}`;
  const id = (name: string) => `${name}-${round}`;
  const row = (toolName: string) => page.locator(`.tool-call[data-tool-use-id="${id(toolName)}"]`);
  const card = (toolName: string) => row(toolName).locator('.tool-card');

  const readCall = (path = 'src/foo.ts'): ToolUse => ({ type: 'tool_use', id: id('read'), name: 'read_file', inputJson: JSON.stringify({ path }) });
  const searchCall = (): ToolUse => ({ type: 'tool_use', id: id('search'), name: 'search_text', inputJson: '{"query":"bar"}' });
  const question = (): ChatMessage => ({ id: id('q'), parentId: null, role: 'user', blocks: [{ type: 'text', text: 'What does foo do?' }], status: 'complete', createdAt: 1 });
  const asking = (...uses: ToolUse[]): ChatMessage => ({
    id: id('a'),
    parentId: id('q'),
    role: 'assistant',
    blocks: [{ type: 'text', text: 'Let me look.' }, ...uses],
    status: 'complete',
    stopReason: 'tool_use',
    createdAt: 2,
  });
  const resultTurn = (results: ToolResult[], extra: ChatBlock[] = []): ChatMessage => ({ id: id('r'), parentId: id('a'), role: 'user', blocks: [...results, ...extra], status: 'complete', createdAt: 3 });
  const conversationOf = (messages: ChatMessage[]): Conversation => {
    const conversation = emptyConversation(conversationId(), { model: 'claude-sonnet-5-5', systemPrompt: '' }, 0);
    conversation.messages = messages;
    return conversation;
  };
  /** The conversation as the host's full state; resolves once its turns are drawn (they are as they near the viewport). */
  const showState = async (messages: ChatMessage[], toolCalls: ToolCallState[] = [], busy = false) => {
    await deliver({
      type: 'state/full',
      state: {
        conversation: conversationOf(messages),
        busy,
        apiKeySource: 'secretStorage',
        model: 'claude-sonnet-5-5',
        draft: '',
        attachments: [],
        accepts: { image: true, pdf: true, known: true },
        attachmentBaseUri: '',
        toolCalls,
      },
    });
    await page.waitForFunction(() => [...document.querySelectorAll('article.message:not([hidden])')].every((turn) => turn.classList.contains('is-revealed')));
  };

  const fooResult = (): ToolResult => ({ type: 'tool_result', toolUseId: id('read'), content: 'export const foo = 1;\n<img src=x onerror="window.pwned=1">', isError: false, file: { path: 'src/foo.ts', startLine: 1, endLine: 80 } });

  it('shows one row per call, titled from its input and its result’s lines; a result turn is not shown as the user’s', async () => {
    const denied: ToolResult = { type: 'tool_result', toolUseId: id('search'), content: 'Denied by the user.\nClaude may ask differently.', isError: true };
    await showState([question(), asking(readCall(), searchCall()), resultTurn([fooResult(), denied])]);
    assert.equal(await page.locator('.tool-call').count(), 2);
    assert.equal(await row('read').locator('.tool-title').textContent(), 'Read src/foo.ts 1–80');
    assert.equal(await row('read').locator('.tool-title code').textContent(), 'src/foo.ts');
    assert.equal(await row('search').locator('.tool-title').textContent(), 'Search “bar”');
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Done');
    assert.equal(await row('search').locator('.tool-status').innerText(), 'Denied by the user.', 'an error shows its first line');
    // Only the question is the user's; the results turn keeps a hidden place in the transcript.
    assert.deepEqual(await page.locator('.message-user .message-author').allTextContents(), ['You']);
    const results = page.locator(`article[data-message-id="${id('r')}"]`);
    assert.equal(await results.isHidden(), true);
    assert.equal(await results.textContent(), '', 'nothing of the results is drawn there');
    await row('read').locator('.tool-toggle').click();
    assert.equal(await page.getByText('export const foo').count(), 1, 'the result is shown once, in its row');
  });

  it('is collapsed at first; a click opens it with the exact input and the result as text, and closes it again', async () => {
    await showState([question(), asking(readCall()), resultTurn([fooResult()])]);
    const toggle = row('read').locator('.tool-toggle');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.equal(await row('read').locator('.tool-body').isHidden(), true);
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    assert.equal(await row('read').locator('pre.tool-input').textContent(), '{\n  "path": "src/foo.ts"\n}');
    assert.equal(await row('read').locator('pre.tool-result').textContent(), 'export const foo = 1;\n<img src=x onerror="window.pwned=1">');
    assert.equal(await row('read').locator('img').count(), 0, 'the result is text, never markup');
    await toggle.click();
    assert.equal(await row('read').locator('.tool-body').isHidden(), true);
  });

  it('opens and closes from the keyboard (Enter and Space on the row)', async () => {
    await showState([question(), asking(readCall()), resultTurn([fooResult()])]);
    const toggle = row('read').locator('.tool-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await row('read').locator('pre.tool-result').waitFor({ state: 'visible' });
    await page.keyboard.press('Space');
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  });

  it('a result’s file chip asks the host to open the file at the first line read', async () => {
    await showState([question(), asking(readCall()), resultTurn([fooResult()])]);
    await clearPosted();
    const chip = row('read').locator('.tool-file-chip');
    assert.equal(await chip.getAttribute('title'), 'Open src/foo.ts, lines 1–80');
    await chip.click();
    assert.deepEqual(await posted(), [{ type: 'tool/openFile', path: 'src/foo.ts', line: 1 }]);
  });

  it('a call waiting for approval shows its card, open, without taking the focus from the composer; it is announced', async () => {
    await showState([question(), asking(readCall())]);
    await page.locator('.composer-input').focus();
    await calls([{ toolUseId: id('read'), state: 'awaitingApproval' }]);
    assert.equal(await card('read').getAttribute('role'), 'group');
    assert.match((await card('read').getAttribute('aria-label')) ?? '', /read_file.*Read src\/foo\.ts/);
    assert.equal(await row('read').locator('.tool-toggle').getAttribute('aria-expanded'), 'true');
    assert.equal(await row('read').locator('pre.tool-input').isVisible(), true, 'the exact input is shown with the card');
    assert.deepEqual(await card('read').locator('button').allInnerTexts(), ['Allow once', 'Allow for this conversation', 'Deny']);
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Waiting for approval');
    assert.equal(await activeClass(), 'composer-input');
    assert.match((await page.locator('.transcript [role="status"]').textContent()) ?? '', /Claude asks to run a tool: Read src\/foo\.ts/);
  });

  it('Allow once by mouse posts the decision for that call; the card stays until the host says otherwise', async () => {
    await showState([question(), asking(readCall())], [{ toolUseId: id('read'), state: 'awaitingApproval' }]);
    await clearPosted();
    await card('read').getByRole('button', { name: 'Allow once' }).click();
    assert.deepEqual(await decisions(), [{ type: 'tool/decide', toolUseId: id('read'), decision: 'allowOnce' }]);
    assert.equal(await card('read').count(), 1, 'no decision is assumed');
    await calls([{ toolUseId: id('read'), state: 'running' }]);
    assert.equal(await card('read').count(), 0);
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Running…');
    // The results turn arrives, then the host's list empties: the row pairs with the turn after its answer.
    await events([{ type: 'message/append', message: resultTurn([fooResult()]) }]);
    await calls([]);
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Done');
    assert.equal(await row('read').locator('.tool-file-chip').innerText(), 'src/foo.ts');
    assert.equal(await page.locator('.message-user:visible').count(), 1, 'the results turn shows as no message of the user’s');
  });

  it('Deny is reached by Tab alone and taken with Enter', async () => {
    await showState([question(), asking(readCall())], [{ toolUseId: id('read'), state: 'awaitingApproval' }]);
    await clearPosted();
    await page.locator('main.transcript').focus();
    const passed: string[] = [];
    for (let presses = 0; presses < 40 && !(await activeClass()).includes('tool-deny'); presses++) {
      await page.keyboard.press('Tab');
      passed.push(await activeClass());
    }
    assert.match(await activeClass(), /tool-deny/, `Tab went through: ${passed.join(' | ')}`);
    assert.ok(passed.some((name) => name.includes('tool-allow-once')), 'Allow once comes before Deny');
    await page.keyboard.press('Enter');
    assert.deepEqual(await decisions(), [{ type: 'tool/decide', toolUseId: id('read'), decision: 'deny' }]);
  });

  it('←/→ move between the card’s buttons and Space takes one', async () => {
    await showState([question(), asking(readCall())], [{ toolUseId: id('read'), state: 'awaitingApproval' }]);
    await clearPosted();
    await card('read').locator('.tool-allow-once').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.match(await activeClass(), /tool-deny/);
    await page.keyboard.press('ArrowRight');
    assert.match(await activeClass(), /tool-allow-once/, 'wraps around');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.match(await activeClass(), /tool-allow-conversation/);
    await page.keyboard.press('Space');
    assert.deepEqual(await decisions(), [{ type: 'tool/decide', toolUseId: id('read'), decision: 'allowConversation' }]);
  });

  it('a sensitive file’s card offers no Allow for this conversation and says why', async () => {
    await showState([question(), asking(readCall('.env'))], [{ toolUseId: id('read'), state: 'awaitingApproval', sensitivePath: '.env' }]);
    assert.deepEqual(await card('read').locator('button').allInnerTexts(), ['Allow once', 'Deny']);
    assert.match(await card('read').locator('.tool-card-sensitive').innerText(), /^\.env is a sensitive file, so this is asked every time\.$/);
  });

  it('two parallel calls have two cards, each deciding its own call; answering one from the keyboard moves to the next', async () => {
    await showState([question(), asking(readCall(), searchCall())]);
    await calls([
      { toolUseId: id('read'), state: 'awaitingApproval' },
      { toolUseId: id('search'), state: 'awaitingApproval' },
    ]);
    await clearPosted();
    assert.equal(await page.locator('.tool-card').count(), 2);
    assert.match((await page.locator('.transcript [role="status"]').textContent()) ?? '', /Claude asks to run 2 tools/);
    await card('search').getByRole('button', { name: 'Deny' }).click();
    assert.deepEqual(await decisions(), [{ type: 'tool/decide', toolUseId: id('search'), decision: 'deny' }]);
    await card('read').locator('.tool-allow-once').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual((await decisions())[1], { type: 'tool/decide', toolUseId: id('read'), decision: 'allowOnce' });
    await calls([
      { toolUseId: id('read'), state: 'running' },
      { toolUseId: id('search'), state: 'awaitingApproval' },
    ]);
    assert.equal(await card('read').count(), 0);
    assert.equal(await card('search').count(), 1);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.tool-call')?.getAttribute('data-tool-use-id')), id('search'), 'the focus moved to the card still waiting');
    assert.match(await activeClass(), /tool-allow-once/);
  });

  it('a call left without a result says “Not run” and offers Resume; one the user answered by writing shows its words only', async () => {
    await showState([question(), asking(readCall())]);
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Not run');
    await clearPosted();
    await page.locator(`article[data-message-id="${id('a')}"] .tool-round-note`).getByRole('button', { name: 'Resume' }).click();
    assert.deepEqual(await posted(), [{ type: 'message/resumeTools', messageId: id('a') }]);
    // The user wrote instead of approving: the host answered the call as not run, in the user's turn.
    const notRun: ToolResult = { type: 'tool_result', toolUseId: id('read'), content: NOT_RUN_RESULT, isError: true };
    await events([{ type: 'message/append', message: resultTurn([notRun], [{ type: 'text', text: 'Never mind, look at bar.ts' }]) }]);
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Not run');
    assert.equal(await page.locator(`article[data-message-id="${id('a')}"] .tool-round-note`).isHidden(), true, 'no Resume for a call that was answered');
    const reply = page.locator(`article[data-message-id="${id('r')}"]`);
    assert.equal(await reply.locator('.message-author').textContent(), 'You');
    assert.equal(await reply.locator('.blocks').innerText(), 'Never mind, look at bar.ts');
  });

  it('an answer whose loop hit the round limit shows why with Resume, and loses the card when the host resumes', async () => {
    const halted: ChatMessage = { ...asking(readCall()), error: { kind: 'toolLimit', title: 'Claude asked for more tools after 8 tool rounds; the loop stopped there.', detail: 'The calls below were not run.', actions: ['resumeTools', 'openSettings'] } };
    await showState([question(), halted]);
    const answer = page.locator(`article[data-message-id="${id('a')}"]`);
    assert.match(await answer.locator('.error-card').innerText(), /after 8 tool rounds/);
    assert.equal(await answer.locator('.tool-round-note').isHidden(), true, 'one Resume, in the error card');
    await clearPosted();
    await answer.locator('.error-card').getByRole('button', { name: 'Resume' }).click();
    assert.deepEqual(await posted(), [{ type: 'message/resumeTools', messageId: id('a') }]);
    await events([{ type: 'message/toolsHalted', messageId: id('a'), error: null }]);
    assert.equal(await answer.locator('.error-card').count(), 0);
  });

  it('a call still being written grows its input as it streams, then is named from it', async () => {
    await showState([question()], [], true);
    const answer: ChatMessage = { id: id('a'), parentId: id('q'), role: 'assistant', blocks: [], status: 'streaming', createdAt: 2 };
    const use: ToolUse = { type: 'tool_use', id: id('read'), name: 'read_file', inputJson: '' };
    await events([
      { type: 'message/append', message: answer },
      { type: 'block/start', messageId: id('a'), index: 0, block: use },
      { type: 'block/delta', messageId: id('a'), index: 0, delta: { type: 'inputJson', json: '{"path": "src/' } },
    ]);
    await row('read').locator('.tool-toggle').click();
    assert.equal(await row('read').locator('pre.tool-input').textContent(), '{"path": "src/');
    assert.equal(await row('read').locator('.tool-status').innerText(), '', 'no verdict while it is written');
    await events([
      { type: 'block/delta', messageId: id('a'), index: 0, delta: { type: 'inputJson', json: 'bar.ts", "start_line": 5, "end_line": 9}' } },
      { type: 'message/end', messageId: id('a'), status: 'complete', stopReason: 'tool_use' },
    ]);
    assert.equal(await row('read').locator('pre.tool-input').textContent(), '{\n  "path": "src/bar.ts",\n  "start_line": 5,\n  "end_line": 9\n}');
    assert.equal(await row('read').locator('.tool-title').textContent(), 'Read src/bar.ts 5–9');
    assert.equal(await row('read').locator('.tool-status').innerText(), '', 'the chat is busy: the host may still ask, so not “Not run” yet');
    await calls([{ toolUseId: id('read'), state: 'awaitingApproval' }]);
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Waiting for approval');
  });

  it('keeps names, paths, input and results from the model or the workspace as text', async () => {
    const markup = '<img src=x onerror="window.pwned=1">';
    const hostile: ToolUse = { type: 'tool_use', id: id('read'), name: markup, inputJson: JSON.stringify({ path: markup }) };
    const result: ToolResult = { type: 'tool_result', toolUseId: id('read'), content: `${markup}\nmore`, isError: true, file: { path: markup, startLine: 2 } };
    await showState([question(), asking(hostile), resultTurn([result])]);
    await row('read').locator('.tool-toggle').click();
    assert.equal(await row('read').locator('.tool-title').textContent(), markup);
    assert.equal(await row('read').locator('.tool-status').innerText(), markup);
    assert.equal(await row('read').locator('.tool-file-path').textContent(), markup);
    assert.equal(await row('read').locator('pre.tool-result').textContent(), `${markup}\nmore`);
    assert.equal(await row('read').locator('img').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned), undefined);
  });

  it('ignores tool calls of a conversation no longer shown', async () => {
    await showState([question(), asking(readCall())]);
    await deliver({ type: 'tools/calls', conversationId: 'another', calls: [{ toolUseId: id('read'), state: 'awaitingApproval' }] });
    assert.equal(await card('read').count(), 0);
    assert.equal(await row('read').locator('.tool-status').innerText(), 'Not run');
  });

  it('what the rows post is what the host’s guard accepts', async () => {
    await showState([question(), asking(readCall()), resultTurn([fooResult()])]);
    await deliver({ type: 'tools/calls', conversationId: conversationId(), calls: [] });
    await clearPosted();
    await row('read').locator('.tool-file-chip').click();
    await showState([question(), asking(readCall())], [{ toolUseId: id('read'), state: 'awaitingApproval' }]);
    await card('read').getByRole('button', { name: 'Allow for this conversation' }).click();
    const sent: WebviewToHost[] = await posted();
    assert.equal(sent.length, 2);
    for (const message of sent) assert.equal(parseWebviewMessage(message).ok, true, JSON.stringify(message));
  });
});
