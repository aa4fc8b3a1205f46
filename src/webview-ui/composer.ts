import type { ChatError } from '../shared/chatError';
import { MAX_ATTACHMENT_BASE64_LENGTH, type AttachmentAcceptance, type ComposerAttachment, type FileSuggestion, type WebviewAction } from '../shared/protocol';
import { ComposerChips, type AttachmentLinks } from './attachmentChips';
import { blobToBase64, maxBytesForBase64 } from './base64';
import { button, codicon, h } from './dom';
import { carriesFiles, droppedFiles, droppedUris, pastedFileName, pastedFiles, screenFiles, screenUris, type Refusal } from './dropTransfer';
import { MentionPopup, removeMention } from './mentionPopup';
import { PrefillField } from './prefillField';

export interface ComposerCallbacks {
  send(text: string, prefill?: string): void;
  stop(): void;
  draftChanged(text: string): void;
  run(action: WebviewAction): void;
  /** The attach button: the host's file picker. */
  pickFiles(): void;
  attachUris(uris: string[]): void;
  attachBytes(name: string, data: string): void;
  removeAttachment(id: string): void;
  /** An `@` mention's text: the host answers with suggestions (see showSuggestions). */
  queryFiles(query: string): void;
  attachments: AttachmentLinks;
}

const ATTACH_LABEL = 'Attach images, PDFs or files (or type @)';
/** The largest file the host takes (its base64 must fit MAX_ATTACHMENT_BASE64_LENGTH): about 32 MB. */
const MAX_FILE_BYTES = maxBytesForBase64(MAX_ATTACHMENT_BASE64_LENGTH);
/** Keys that move the caret without an input event: the `@` mention follows the caret. */
const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

/**
 * Where the user types. Enter sends, Shift+Enter starts a new line (and Enter while an IME is composing is left to
 * the IME). The text is cleared only when the host has taken it, so a refused send loses nothing. Files come in by
 * the attach button, `@` mentions, a drop (with Shift: VS Code lets drops into a webview through only then) and a
 * paste; the chips above the text are the host's list, never the page's own.
 */
export class Composer {
  readonly element: HTMLElement;
  private readonly input: HTMLTextAreaElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly notice: HTMLElement;
  private readonly dropHint: HTMLElement;
  private readonly chips: ComposerChips;
  private readonly mention: MentionPopup;
  private readonly prefill = new PrefillField(() => this.trySend());
  private busy = false;
  private pendingSend = false;
  private accepts: AttachmentAcceptance = { image: true, pdf: true, known: false };
  /** dragenter/dragleave pairs seen: they fire for every child crossed, the drag has left when this is back to 0. */
  private dragDepth = 0;

  constructor(private readonly callbacks: ComposerCallbacks) {
    this.input = h('textarea', { className: 'composer-input', rows: '3', placeholder: 'Ask Claude… (Enter to send, Shift+Enter for a new line, @ to attach a file)', 'aria-label': 'Message to Claude' });
    this.sendButton = button('Send', { icon: 'send', className: 'button send-button', onClick: () => this.trySend() });
    this.stopButton = button('Stop', { icon: 'debug-stop', className: 'button stop-button', onClick: () => callbacks.stop() });
    const attachButton = h('button', { type: 'button', className: 'icon-button attach-button', title: ATTACH_LABEL, 'aria-label': ATTACH_LABEL }, codicon('attach'));
    attachButton.addEventListener('click', () => callbacks.pickFiles());
    this.notice = h('div', { className: 'composer-notice', role: 'alert' });
    this.notice.hidden = true;
    this.dropHint = h('div', { className: 'drop-hint', 'aria-hidden': 'true' });
    this.dropHint.hidden = true;
    this.chips = new ComposerChips(callbacks.attachments, (id) => callbacks.removeAttachment(id), () => this.focus());
    this.mention = new MentionPopup(this.input, { query: (query) => callbacks.queryFiles(query), pick: (suggestion, token) => this.pickMention(suggestion.uri, token) });
    this.element = h(
      'footer',
      { className: 'composer' },
      this.notice,
      this.chips.element,
      h('div', { className: 'composer-input-wrap' }, this.mention.element, this.input),
      this.prefill.element,
      h('div', { className: 'composer-actions' }, attachButton, this.prefill.toggle, h('span', { className: 'composer-spacer' }), this.stopButton, this.sendButton),
      this.dropHint,
    );
    this.input.addEventListener('keydown', (event) => {
      if (this.mention.handleKey(event)) return;
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey) {
        event.preventDefault();
        this.trySend();
      }
    });
    this.input.addEventListener('keyup', (event) => {
      if (CARET_KEYS.has(event.key)) this.mention.update();
    });
    this.input.addEventListener('click', () => this.mention.update());
    this.input.addEventListener('input', () => {
      this.clearNotice();
      this.mention.update();
      callbacks.draftChanged(this.input.value);
    });
    this.input.addEventListener('paste', (event) => this.onPaste(event));
    this.listenForDrops();
    this.render();
  }

  get text(): string {
    return this.input.value;
  }

  setText(text: string): void {
    this.input.value = text;
    this.mention.close();
  }

  setBusy(busy: boolean): void {
    this.busy = busy;
    this.render();
  }

  focus(): void {
    this.input.focus();
  }

  /** The host's list of the turn's attachments (it clears it once a send is accepted). */
  setAttachments(attachments: readonly ComposerAttachment[]): void {
    this.chips.set(attachments);
    this.render();
  }

  /** What the conversation's model takes: files it cannot read are refused here, before they are read. */
  setAccepts(accepts: AttachmentAcceptance): void {
    this.accepts = accepts;
  }

  /** Files matching an `@` mention, for the query they answer. */
  showSuggestions(query: string, items: FileSuggestion[]): void {
    this.mention.show(query, items);
  }

  /** The host took the message. */
  accepted(): void {
    this.pendingSend = false;
    this.input.value = '';
    this.prefill.clear();
    this.mention.close();
    this.callbacks.draftChanged('');
    this.render();
  }

  /** The host refused: keep the text and say why. */
  rejected(error: ChatError): void {
    this.pendingSend = false;
    this.showNotice(error);
    this.render();
  }

  /** Says what went wrong (a refused send or attachment) above the text, until the user types again. */
  showNotice(error: ChatError): void {
    const children: Node[] = [h('div', { className: 'notice-title' }, error.title), h('div', { className: 'notice-detail' }, error.detail)];
    if (error.actions.includes('setApiKey')) children.push(button('Set API Key', { icon: 'key', onClick: () => this.callbacks.run('setApiKey') }));
    if (error.actions.includes('openSettings')) children.push(button('Open Settings', { icon: 'settings-gear', className: 'button secondary', onClick: () => this.callbacks.run('openSettings') }));
    if (error.actions.includes('pickModel')) children.push(button('Pick Model', { icon: 'sparkle', className: 'button secondary', onClick: () => this.callbacks.run('changeModel') }));
    if (error.actions.includes('newChat')) children.push(button('New Chat', { icon: 'add', className: 'button secondary', onClick: () => this.callbacks.run('newChat') }));
    this.notice.replaceChildren(...children);
    this.notice.hidden = false;
  }

  private trySend(): void {
    if (this.busy || this.pendingSend || this.chips.preparing) return;
    const text = this.input.value;
    // Attachments alone are a message ("what is in this screenshot?" is often what the image says).
    if (text.trim().length === 0 && this.chips.attachments.length === 0) return;
    this.pendingSend = true;
    this.render();
    this.callbacks.send(text, this.prefill.value);
  }

  private pickMention(uri: string, token: { start: number; end: number; query: string }): void {
    const { text, caret } = removeMention(this.input.value, token);
    this.input.value = text;
    this.input.setSelectionRange(caret, caret);
    this.callbacks.draftChanged(text);
    this.callbacks.attachUris([uri]);
  }

  /** A pasted screenshot or copied file is attached; a text paste is left to the textarea. */
  private onPaste(event: ClipboardEvent): void {
    const clipboard = event.clipboardData;
    // Cells copied from a spreadsheet or text from a document arrive as text and a picture of it: the text is what
    // was meant. Only a clipboard with no text (a screenshot, a copied image file) becomes an attachment.
    if (!clipboard || clipboard.getData('text/plain').length > 0) return;
    const files = pastedFiles(clipboard);
    if (files.length === 0) return;
    event.preventDefault();
    void this.attachFiles(files);
  }

  private listenForDrops(): void {
    const composer = this.element;
    composer.addEventListener('dragenter', (event) => {
      if (!event.dataTransfer || !carriesFiles(event.dataTransfer.types)) return;
      this.dragDepth++;
      this.showDropHint(event.shiftKey);
    });
    composer.addEventListener('dragover', (event) => {
      if (!event.dataTransfer || !carriesFiles(event.dataTransfer.types)) return;
      // Cancelling dragover is what lets the drop happen here; the hint follows Shift being pressed or let go.
      event.preventDefault();
      this.showDropHint(event.shiftKey);
    });
    composer.addEventListener('dragleave', (event) => {
      if (!event.dataTransfer || !carriesFiles(event.dataTransfer.types)) return;
      this.dragDepth = Math.max(0, this.dragDepth - 1);
      if (this.dragDepth === 0) this.hideDropHint();
    });
    composer.addEventListener('drop', (event) => {
      this.hideDropHint();
      const transfer = event.dataTransfer;
      if (!transfer) return;
      // A drop from the OS carries the files themselves (and may name them in a uri-list too): their bytes are sent,
      // so a file from outside the workspace attaches as well. A drag from the Explorer carries only URIs, which the
      // host reads, and only inside the workspace.
      const files = droppedFiles(transfer);
      const uris = files.length === 0 ? droppedUris(transfer) : [];
      // Text dropped on the textarea is the textarea's business.
      if (uris.length === 0 && files.length === 0) return;
      event.preventDefault();
      if (files.length > 0) void this.attachFiles(files);
      else this.attachUris(uris);
    });
  }

  private showDropHint(shift: boolean): void {
    this.dropHint.textContent = shift ? 'Drop to attach' : 'Hold Shift to drop files into the chat';
    this.dropHint.hidden = false;
    this.element.classList.add('is-drop-target');
  }

  private hideDropHint(): void {
    this.dragDepth = 0;
    this.dropHint.hidden = true;
    this.element.classList.remove('is-drop-target');
  }

  private attachUris(uris: string[]): void {
    const { accepted, refused } = screenUris(uris, this.accepts);
    if (refused.length > 0) this.showNotice(refusalNotice(refused));
    if (accepted.length > 0) this.callbacks.attachUris(accepted);
  }

  /** Reads each accepted file's bytes and sends them; one that cannot be read is reported, the others still go. */
  private async attachFiles(files: File[]): Promise<void> {
    const { accepted, refused } = screenFiles(files, { image: this.accepts.image, pdf: this.accepts.pdf, maxBytes: MAX_FILE_BYTES });
    if (refused.length > 0) this.showNotice(refusalNotice(refused));
    for (const file of accepted) {
      try {
        this.callbacks.attachBytes(pastedFileName(file), await blobToBase64(file));
      } catch (error) {
        this.showNotice({ kind: 'unknown', title: `Could not read ${pastedFileName(file)}`, detail: error instanceof Error ? error.message : String(error), actions: [] });
      }
    }
  }

  private clearNotice(): void {
    if (this.notice.hidden) return;
    this.notice.hidden = true;
    this.notice.replaceChildren();
  }

  private render(): void {
    const preparing = this.chips.preparing;
    this.stopButton.hidden = !this.busy;
    this.sendButton.hidden = this.busy;
    this.sendButton.disabled = this.pendingSend || preparing;
    this.sendButton.title = preparing ? 'Waiting for the attachments to be ready' : '';
  }
}

/** One notice for everything a drop or paste could not attach, grouped by why. */
export function refusalNotice(refused: readonly Refusal[]): ChatError {
  const names = (reason: Refusal['reason']) => refused.filter((item) => item.reason === reason).map((item) => item.name);
  const images = names('noImages');
  const pdfs = names('noPdfs');
  const large = refused.filter((item): item is Extract<Refusal, { reason: 'tooLarge' }> => item.reason === 'tooLarge');
  const details: string[] = [];
  if (images.length > 0) details.push(`Not attached: ${images.join(', ')}. Change the conversation's model to one that reads images to attach them.`);
  if (pdfs.length > 0) details.push(`Not attached: ${pdfs.join(', ')}. Change the conversation's model to one that reads PDFs to attach them.`);
  for (const item of large) details.push(`${item.name} is ${megabytes(item.byteLength)}; a request to Claude carries at most 32 MB.`);
  const title =
    images.length > 0
      ? "This conversation's model does not take images"
      : pdfs.length > 0
        ? "This conversation's model does not take PDFs"
        : large.length === 1
          ? `${large[0].name} is too large to attach`
          : `${large.length} files are too large to attach`;
  return { kind: large.length > 0 && images.length === 0 && pdfs.length === 0 ? 'tooLarge' : 'invalidRequest', title, detail: details.join(' '), actions: [] };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
