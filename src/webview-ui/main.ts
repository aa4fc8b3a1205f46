import { newId } from '../shared/ids';
import { assertNever, type HostToWebview, type WebviewToHost } from '../shared/protocol';
import { Composer } from './composer';
import { button, h } from './dom';
import { Header } from './header';
import { Transcript } from './transcript';
import { vscode } from './vscodeApi';

const DRAFT_DEBOUNCE_MS = 250;

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

const run = (action: 'setApiKey' | 'openSettings') => post({ type: 'action/run', action });

let draftTimer: ReturnType<typeof setTimeout> | undefined;
const composer = new Composer({
  send: (text) => post({ type: 'chat/send', requestId: newId('send'), text }),
  stop: () => post({ type: 'chat/stop' }),
  run,
  draftChanged: (text) => {
    vscode.setState({ draft: text });
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => post({ type: 'draft/changed', text }), DRAFT_DEBOUNCE_MS);
  },
});

const noKeyHint = h('div', { className: 'empty-key' }, h('p', {}, 'Claude Chat needs an Anthropic API key. It is kept in VS Code secret storage, never in settings or files.'), button('Set API Key', { icon: 'key', onClick: () => run('setApiKey') }));
const emptyState = h('section', { className: 'empty-state', 'aria-label': 'Welcome' }, h('h1', {}, 'Ask Claude anything'), h('p', {}, 'Questions about your code, explanations, reviews, ideas.'), noKeyHint);
const transcript = new Transcript({ retry: () => post({ type: 'chat/retry' }), run }, emptyState);
const header = new Header(run, () => post({ type: 'chat/new' }));

const app = document.getElementById('app');
if (!app) throw new Error('Claude Chat: #app is missing from the page');
app.replaceChildren(header.element, transcript.element, composer.element);

// Restore what was typed before a reload until the host's state arrives.
composer.setText(vscode.getState()?.draft ?? '');

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'state/full': {
      const { state } = message;
      transcript.reset(state.conversationId, state.messages);
      header.update(state);
      noKeyHint.hidden = state.apiKeySource !== 'none';
      composer.setBusy(state.busy);
      // The host's draft wins unless it is empty and this page still holds unsent text.
      if (state.draft.length > 0 || composer.text.length === 0) composer.setText(state.draft);
      return;
    }
    case 'conversation/events':
      transcript.apply(message.conversationId, message.events);
      return;
    case 'busy/changed':
      composer.setBusy(message.busy);
      return;
    case 'settings/changed':
      header.update(message);
      noKeyHint.hidden = message.apiKeySource !== 'none';
      return;
    case 'send/accepted':
      composer.accepted();
      return;
    case 'send/rejected':
      composer.rejected(message.error);
      return;
    case 'composer/focus':
      composer.focus();
      return;
    case 'request/retrying':
      transcript.retrying(message.messageId, message.status, message.retryAt);
      return;
    default:
      assertNever(message);
  }
});

post({ type: 'webview/ready' });
composer.focus();
