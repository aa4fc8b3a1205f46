/**
 * Browser side of invocationView.test.ts (bundled by it with esbuild, run in Chromium): one message drawn by the
 * real MessageView, revealed when the test says so (as the transcript does when it nears the viewport), with the
 * actions it calls recorded.
 */
import type { ChatMessage } from '../../../src/shared/conversation';
import { MessageView, type MessageActions } from '../../../src/webview-ui/messageView';

export interface InvocationPageApi {
  /** Draws `message` into #root, revealed or not. */
  render(message: ChatMessage, options: { reveal: boolean }): void;
  reveal(): void;
  /** The edits asked for, as (message id, text). */
  edits: [string, string][];
}

const noop = () => undefined;
let view: MessageView | undefined;

const api: InvocationPageApi = {
  edits: [],
  render(message, options) {
    view?.dispose();
    const actions: MessageActions = {
      retry: noop,
      run: noop,
      edit: (messageId, text) => api.edits.push([messageId, text]),
      regenerate: noop,
      continueAnswer: noop,
      deletePair: noop,
      selectBranch: noop,
      openLink: noop,
      codeAction: noop,
    };
    view = new MessageView(message, { index: 0, siblingIds: [message.id], isLeaf: false }, actions);
    document.getElementById('root')!.replaceChildren(view.element);
    if (options.reveal) view.reveal();
  },
  reveal() {
    view?.reveal();
  },
};

(window as unknown as { invocationPage: InvocationPageApi }).invocationPage = api;
