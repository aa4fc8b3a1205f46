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
}

export interface MessageViewApi {
  render(message: ChatMessage): RenderedMessage;
}

const noop = () => undefined;
const actions = { retry: noop, run: noop, edit: noop, regenerate: noop, continueAnswer: noop, deletePair: noop, selectBranch: noop, openLink: noop, codeAction: noop };

const api: MessageViewApi = {
  render(message) {
    const view = new MessageView(message, { index: 0, siblingIds: [message.id], isLeaf: true }, actions);
    document.getElementById('root')!.replaceChildren(view.element);
    view.reveal();
    const element = view.element;
    return {
      footer: element.querySelector('.message-footer')?.textContent ?? '',
      text: element.querySelector('.blocks')?.textContent ?? '',
      regenerate: element.querySelector('button.regenerate') !== null,
      busy: element.getAttribute('aria-busy'),
    };
  },
};

(window as unknown as { messageViewPage: MessageViewApi }).messageViewPage = api;
