/**
 * Browser side of prefill.test.ts (bundled by it with esbuild, run in Chromium): the real Composer alone, with
 * callbacks that record what it asks of the host, so the prefill field and the notice's buttons are driven by real
 * clicks and keys and checked by what the composer sends.
 */
import type { ChatError } from '../../../src/shared/chatError';
import type { WebviewAction } from '../../../src/shared/protocol';
import { Composer } from '../../../src/webview-ui/composer';

/** One `send(text, prefill)`; `prefill: null` stands for undefined, which would not survive the trip to the test. */
export interface SentMessage {
  text: string;
  prefill: string | null;
}

export interface PrefillPageApi {
  /** A fresh composer in #root (chat.css added once when given); forgets what earlier ones recorded. */
  render(options: { css?: string }): void;
  /** Every `send` so far, in order. */
  sent(): SentMessage[];
  /** Every `run(action)` so far, in order. */
  ran(): WebviewAction[];
  /** The host took the message. */
  accept(): void;
  /** The host refused the message with this error. */
  reject(error: ChatError): void;
}

let composer: Composer | undefined;
let sent: SentMessage[] = [];
let ran: WebviewAction[] = [];
let styled = false;
const noop = () => undefined;

const api: PrefillPageApi = {
  render({ css }) {
    if (css !== undefined && !styled) {
      const style = document.createElement('style');
      style.textContent = css;
      document.head.append(style);
      styled = true;
    }
    sent = [];
    ran = [];
    composer = new Composer({
      send: (text, prefill) => sent.push({ text, prefill: prefill === undefined ? null : prefill }),
      stop: noop,
      draftChanged: noop,
      run: (action) => ran.push(action),
      pickFiles: noop,
      attachUris: noop,
      attachBytes: noop,
      removeAttachment: noop,
      queryFiles: noop,
      attachments: { imageSource: () => undefined, open: noop },
    });
    document.getElementById('root')!.replaceChildren(composer.element);
  },
  sent: () => [...sent],
  ran: () => [...ran],
  accept: () => composer!.accepted(),
  reject: (error) => composer!.rejected(error),
};

(window as unknown as { prefillPage: PrefillPageApi }).prefillPage = api;
