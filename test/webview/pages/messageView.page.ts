/**
 * Browser side of messageView.test.ts (bundled by it with esbuild, run in Chromium): renders one answer with the
 * real MessageView and reports what a user would see of it.
 */
import type { ChatMessage } from '../../../src/shared/conversation';
import { MessageView } from '../../../src/webview-ui/messageView';

export interface RenderedMessage {
  /** The status line under the answer. */
  footer: string;
  /** The answer's text as shown. */
  text: string;
  /** Whether Regenerate is offered on it. */
  regenerate: boolean;
  busy: string | null;
  /** The token line in the footer, when there is one: its visible text and its tooltip. */
  usage?: { seen: string; title: string | null };
}

/** Where a finished answer's footer items sit (after render with chat.css in the page), for layout checks. */
export interface FooterLayout {
  footer: Box;
  items: { className: string; box: Box }[];
  /** How many lines the token line's parts take. */
  usageLines: number;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface MessageViewApi {
  render(message: ChatMessage): RenderedMessage;
  /** Ends the rendered message as the transcript does on message/end: the message changes in place, then its status is redrawn. */
  end(patch: Partial<ChatMessage>): RenderedMessage;
  footerLayout(): FooterLayout;
}

const noop = () => undefined;
const actions = { retry: noop, run: noop, edit: noop, regenerate: noop, continueAnswer: noop, deletePair: noop, selectBranch: noop, openLink: noop, codeAction: noop };

let shown: { view: MessageView; message: ChatMessage } | undefined;

const api: MessageViewApi = {
  render(message) {
    const view = new MessageView(message, { index: 0, siblingIds: [message.id], isLeaf: true }, actions);
    document.getElementById('root')!.replaceChildren(view.element);
    view.reveal();
    shown = { view, message };
    return rendered(view.element);
  },

  end(patch) {
    Object.assign(shown!.message, patch);
    shown!.view.refreshStatus();
    return rendered(shown!.view.element);
  },

  footerLayout() {
    const footer = document.querySelector('.message-footer')!;
    const parts = [...footer.querySelectorAll('.usage-part')];
    return {
      footer: box(footer),
      items: [...footer.children].map((child) => ({ className: child.className, box: box(child) })),
      usageLines: new Set(parts.map((part) => Math.round(part.getBoundingClientRect().top))).size,
    };
  },
};

function rendered(element: HTMLElement): RenderedMessage {
  const usage = element.querySelector('.message-footer .usage-line');
  return {
    footer: element.querySelector('.message-footer')?.textContent ?? '',
    text: element.querySelector('.blocks')?.textContent ?? '',
    regenerate: element.querySelector('button.regenerate') !== null,
    busy: element.getAttribute('aria-busy'),
    ...(usage ? { usage: describeUsage(usage) } : {}),
  };
}

function describeUsage(line: Element): NonNullable<RenderedMessage['usage']> {
  const seen = line.querySelector('.usage-summary');
  return { seen: seen?.textContent ?? '', title: seen?.getAttribute('title') ?? null };
}

function box(element: Element): Box {
  const { left, right, top, bottom } = element.getBoundingClientRect();
  return { left, right, top, bottom };
}

(window as unknown as { messageViewPage: MessageViewApi }).messageViewPage = api;
