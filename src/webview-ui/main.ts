import { appendToDraft } from '../shared/draftText';
import { newId } from '../shared/ids';
import type { PriceOverrides } from '../shared/pricing';
import { assertNever, type HostToWebview, type WebviewAction, type WebviewToHost } from '../shared/protocol';
import { attachmentImageSource, type AttachmentLinks } from './attachmentChips';
import { Composer } from './composer';
import { button, h } from './dom';
import { Header } from './header';
import { HistoryView } from './historyView';
import { resizeImage } from './imageResizer';
import { Transcript } from './transcript';
import { vscode } from './vscodeApi';

const DRAFT_DEBOUNCE_MS = 250;

function post(message: WebviewToHost): void {
  vscode.postMessage(message);
}

const run = (action: WebviewAction) => post({ type: 'action/run', action });

/** The attachment store's webview URI, from the host's state: stored images are shown from there. */
let attachmentBaseUri = '';
const attachments: AttachmentLinks = {
  imageSource: (attachment) => attachmentImageSource(attachmentBaseUri, attachment),
  open: (sha256) => post({ type: 'attachment/open', sha256 }),
};

let draftTimer: ReturnType<typeof setTimeout> | undefined;
const composer = new Composer({
  send: (text, prefill) => post({ type: 'chat/send', requestId: newId('send'), text, ...(prefill !== undefined ? { prefill } : {}) }),
  stop: () => post({ type: 'chat/stop' }),
  run,
  draftChanged: (text) => {
    vscode.setState({ draft: text });
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => post({ type: 'draft/changed', text }), DRAFT_DEBOUNCE_MS);
  },
  pickFiles: () => post({ type: 'attach/pick' }),
  attachUris: (uris) => post({ type: 'attach/uris', uris }),
  attachBytes: (name, data) => post({ type: 'attach/bytes', name, data }),
  removeAttachment: (id) => post({ type: 'attach/remove', id }),
  queryFiles: (query) => post({ type: 'files/query', query }),
  attachments,
});

const noKeyHint = h('div', { className: 'empty-key' }, h('p', {}, 'Claude Chat needs an Anthropic API key. It is kept in VS Code secret storage, never in settings or files.'), button('Set API Key', { icon: 'key', onClick: () => run('setApiKey') }));
const emptyState = h('section', { className: 'empty-state', 'aria-label': 'Welcome' }, h('h1', {}, 'Ask Claude anything'), h('p', {}, 'Questions about your code, explanations, reviews, ideas.'), noKeyHint);

const header = new Header({
  run,
  newChat: () => {
    if (history.isOpen) closeHistory();
    post({ type: 'chat/new' });
  },
  toggleHistory: () => (history.isOpen ? closeHistory() : history.open(transcript.current.id)),
});

/** The user's prices (claudeChat.pricing), from the host; each answer's footer prices its usage with them. */
let priceOverrides: PriceOverrides = {};

const transcript = new Transcript(
  {
    retry: () => post({ type: 'chat/retry' }),
    run,
    edit: (messageId, text) => post({ type: 'message/edit', messageId, text }),
    regenerate: (messageId) => post({ type: 'message/regenerate', messageId }),
    continueAnswer: (messageId) => post({ type: 'message/continue', messageId }),
    resumeTools: (messageId) => post({ type: 'message/resumeTools', messageId }),
    deletePair: (messageId) => post({ type: 'message/deletePair', messageId }),
    selectBranch: (parentId, childId) => post({ type: 'branch/select', parentId, childId }),
    openLink: (href) => post({ type: 'link/open', href }),
    codeAction: (action, code, language) => post({ type: 'code/action', action, code, language }),
    attachments,
    priceOverrides: () => priceOverrides,
    inspect: (messageId, view) => post({ type: 'message/inspect', messageId, view }),
    tools: {
      decide: (toolUseId, decision) => post({ type: 'tool/decide', toolUseId, decision }),
      openFile: (path, line) => post({ type: 'tool/openFile', path, ...(line !== undefined ? { line } : {}) }),
    },
  },
  emptyState,
  (conversation) => header.setConversation(conversation),
);

const history = new HistoryView({
  search: (query) => post({ type: 'history/request', query }),
  open: (id) => {
    closeHistory();
    post({ type: 'conversation/open', id });
  },
  rename: (id, title) => post({ type: 'conversation/rename', id, title }),
  remove: (id) => post({ type: 'conversation/delete', id }),
  restore: (id) => post({ type: 'conversation/restore', id }),
  pin: (id, pinned) => post({ type: 'conversation/pin', id, pinned }),
  close: () => closeHistory(),
});

function closeHistory(): void {
  history.close();
  post({ type: 'history/close' });
  composer.focus();
}

const app = document.getElementById('app');
if (!app) throw new Error('Claude Chat: #app is missing from the page');
app.replaceChildren(header.element, history.element, transcript.element, composer.element);

// Restore what was typed before a reload until the host's state arrives.
composer.setText(vscode.getState()?.draft ?? '');

function setBusy(busy: boolean): void {
  composer.setBusy(busy);
  transcript.setBusy(busy);
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'state/full': {
      const { state } = message;
      // Before anything is drawn: the transcript's and the composer's images are shown from there.
      attachmentBaseUri = state.attachmentBaseUri;
      priceOverrides = state.priceOverrides ?? {};
      transcript.reset(state.conversation, state.toolCalls);
      header.setConversation(state.conversation);
      header.setInfo(state);
      noKeyHint.hidden = state.apiKeySource !== 'none';
      setBusy(state.busy);
      // The host's draft wins unless it is empty and this page still holds unsent text.
      if (state.draft.length > 0 || composer.text.length === 0) composer.setText(state.draft);
      composer.setAttachments(state.attachments);
      composer.setAccepts(state.accepts);
      if (history.isOpen) history.open(state.conversation.id);
      return;
    }
    case 'conversation/events':
      transcript.apply(message.conversationId, message.events);
      return;
    case 'stream/text':
      transcript.appendStreamText(message.text);
      return;
    case 'busy/changed':
      setBusy(message.busy);
      return;
    case 'settings/changed':
      // Footers already drawn keep their cost until the next full state (the host sends one when prices change).
      priceOverrides = message.priceOverrides ?? priceOverrides;
      header.setInfo(message);
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
    case 'composer/append':
      // The host added the same text to its copy of the draft: this keeps what was typed here since, and adds it.
      composer.setText(appendToDraft(composer.text, message.text));
      vscode.setState({ draft: composer.text });
      composer.focus();
      return;
    case 'request/retrying':
      transcript.retrying(message.messageId, message.status, message.retryAt);
      return;
    case 'composer/attachments':
      composer.setAttachments(message.attachments);
      return;
    case 'composer/notice':
      composer.showNotice(message.error);
      return;
    case 'composer/accepts':
      composer.setAccepts(message.accepts);
      return;
    case 'files/suggestions':
      composer.showSuggestions(message.query, message.items);
      return;
    case 'image/resize':
      // The host has no image codec; the browser's decodes and encodes. Failures come back as an error, never a throw.
      void resizeImage(message).then(post);
      return;
    case 'history/list':
      history.show(message.items, message.query);
      return;
    case 'history/deleted':
      history.offerUndo(message.id, message.title);
      return;
    case 'context/gauge':
      header.setGauge(message.reading);
      return;
    case 'tools/calls':
      // Late news of a conversation no longer shown: its cards come back with its state when it is opened again.
      if (message.conversationId === transcript.current.id) transcript.setToolCalls(message.calls);
      return;
    default:
      assertNever(message);
  }
});

post({ type: 'webview/ready' });
composer.focus();
