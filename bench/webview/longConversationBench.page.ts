/**
 * Browser side of the long-conversation bench (bundled by bench/webview/browserBench.ts). Injected before the real
 * webview bundle (src/webview-ui/main.ts), so it stands in for VS Code's `acquireVsCodeApi`; then it sends the
 * webview a 1,000-message conversation as `state/full`, the way the host does when a conversation is opened. The
 * same page without the webview bundle times the naive alternative: every message rendered eagerly.
 */
import { emptyConversation, type ChatMessage, type Conversation } from '../../src/shared/conversation';
import { applyConversationEvent } from '../../src/shared/conversationReducer';
import { visiblePath } from '../../src/shared/conversationTree';
import type { HostToWebview, ViewState, WebviewToHost } from '../../src/shared/protocol';
import { decorateCodeBlocks } from '../../src/webview-ui/markdown/codeTools';
import { createMarkdown } from '../../src/webview-ui/markdown/markdownIt';
import { StreamingMarkdown } from '../../src/webview-ui/markdown/streamingMarkdown';
import { generateMarkdown, prng, prose } from './corpus';
import type { LoadResult, LongConversationApi, RevealResult } from './pageApi';

declare global {
  interface Window {
    longConversationBench: LongConversationApi;
  }
}

const PAIRS = 500;
const MODEL = 'claude-sonnet-5-5';
/** How long to wait for the transcript to draw what it promised before giving up (the result then says so). */
const WAIT_LIMIT_MS = 10_000;

// VS Code's webview API, as the bundle expects it before it runs (it acquires it at load).
const posted: WebviewToHost[] = [];
Object.assign(window, {
  __posted: posted,
  acquireVsCodeApi: () => ({
    postMessage: (message: WebviewToHost) => posted.push(message),
    getState: () => undefined,
    setState: () => undefined,
  }),
});

/** 500 questions and answers in one branch; answers are 1–3 KB of Markdown each. Deterministic. */
function buildConversation(): Conversation {
  const random = prng(42);
  const start = 1_700_000_000_000;
  const conversation = emptyConversation('bench-long', { model: MODEL, systemPrompt: 'Be concise.' }, start);
  conversation.title = 'A long conversation';
  conversation.titleSource = 'generated';
  let parentId: string | null = null;
  for (let i = 0; i < PAIRS; i++) {
    const at = start + i * 60_000;
    const question: ChatMessage = { id: `msg_q${i}`, parentId, role: 'user', blocks: [{ type: 'text', text: prose(10_000 + i, 40 + Math.floor(random() * 260)) }], status: 'complete', createdAt: at };
    const answerText = generateMarkdown(20_000 + i, 1000 + Math.floor(random() * 2000));
    const answer: ChatMessage = { id: `msg_a${i}`, parentId: question.id, role: 'assistant', blocks: [{ type: 'text', text: answerText }], status: 'complete', createdAt: at + 5000, stopReason: 'end_turn', model: MODEL };
    applyConversationEvent(conversation, { type: 'message/append', message: question });
    applyConversationEvent(conversation, { type: 'message/append', message: answer });
    parentId = answer.id;
  }
  return conversation;
}

function markdownChars(conversation: Conversation): number {
  return conversation.messages.reduce((sum, message) => sum + (message.role === 'assistant' ? message.blocks.reduce((n, block) => n + (block.type === 'text' ? block.text.length : 0), 0) : 0), 0);
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Yields one task (a MessageChannel message: not clamped like nested timers), so pending observer callbacks run. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

async function until(condition: () => boolean): Promise<boolean> {
  const deadline = performance.now() + WAIT_LIMIT_MS;
  while (!condition()) {
    if (performance.now() > deadline) return false;
    await nextTask();
  }
  return true;
}

async function settle(frames: number): Promise<void> {
  for (let i = 0; i < frames; i++) await nextFrame();
  await nextTask();
}

function scroller(): HTMLElement {
  const element = document.querySelector<HTMLElement>('.transcript');
  if (!element) throw new Error('bench: no .transcript in the page');
  return element;
}

/** Markdown blocks whose content is drawn (the lazy transcript leaves the others empty until revealed). */
function renderedBlocks(): number {
  let count = 0;
  for (const block of document.querySelectorAll('.block-markdown')) if (block.textContent) count++;
  return count;
}

async function finishLoad(conversation: Conversation, started: number, dispatched: number, contentReady: () => boolean): Promise<LoadResult> {
  const transcript = scroller();
  void transcript.scrollHeight;
  const laidOut = performance.now();
  await nextFrame();
  const framed = performance.now();
  const drawn = await until(contentReady);
  void transcript.scrollHeight;
  const content = performance.now();
  await settle(10); // later reveals (heights settling near the viewport) before counting
  return {
    messages: conversation.messages.length,
    markdownChars: markdownChars(conversation),
    dispatchMs: dispatched - started,
    layoutMs: laidOut - started,
    frameMs: framed - started,
    contentMs: drawn ? content - started : NaN,
    markdownBlocks: document.querySelectorAll('.block-markdown').length,
    renderedBlocks: renderedBlocks(),
    elements: document.getElementsByTagName('*').length,
    scrollHeight: transcript.scrollHeight,
  };
}

window.longConversationBench = {
  async loadReal() {
    const conversation = buildConversation();
    const state: ViewState = { conversation, busy: false, apiKeySource: 'secretStorage', model: MODEL, draft: '', attachments: [], accepts: { image: true, pdf: true, known: true }, attachmentBaseUri: '', toolCalls: [] };
    const message: HostToWebview = { type: 'state/full', state };
    await settle(2);
    const started = performance.now();
    window.dispatchEvent(new MessageEvent('message', { data: message }));
    const dispatched = performance.now();
    return finishLoad(conversation, started, dispatched, () => renderedBlocks() > 0);
  },

  async loadNaive() {
    const conversation = buildConversation();
    const transcript = scroller();
    await settle(2);
    const started = performance.now();
    const md = createMarkdown();
    const list = document.createElement('div');
    list.className = 'message-list';
    for (const message of visiblePath(conversation)) {
      const blocks = document.createElement('div');
      blocks.className = 'blocks';
      for (const block of message.blocks) {
        if (block.type !== 'text') continue;
        const element = document.createElement('div');
        if (message.role === 'assistant') {
          const view = new StreamingMarkdown(md, decorateCodeBlocks, block.text);
          view.render();
          element.className = 'block block-markdown';
          element.append(view.element);
        } else {
          element.className = 'block block-text';
          element.textContent = block.text;
        }
        blocks.append(element);
      }
      const heading = document.createElement('h2');
      heading.className = 'message-author';
      heading.textContent = message.role === 'user' ? 'You' : 'Claude';
      const article = document.createElement('article');
      article.className = `message message-${message.role}`;
      article.append(heading, blocks);
      list.append(article);
    }
    transcript.replaceChildren(list); // built detached, attached once: the cheapest way to render it all
    transcript.scrollTop = transcript.scrollHeight;
    const dispatched = performance.now();
    // A view keeps its model (for the events that follow), as the real transcript does: both heaps hold it.
    Object.assign(window, { __naiveModel: conversation });
    return finishLoad(conversation, started, dispatched, () => true);
  },

  async scrollToTop(): Promise<RevealResult> {
    const transcript = scroller();
    const first = document.querySelector('.message-assistant .block-markdown');
    await settle(2);
    const started = performance.now();
    transcript.scrollTop = 0;
    const drawn = await until(() => Boolean(first?.textContent));
    void transcript.scrollHeight;
    const ms = performance.now() - started;
    await settle(10);
    return { ms: drawn ? ms : NaN, renderedBlocks: renderedBlocks(), elements: document.getElementsByTagName('*').length };
  },
};
