import { PDFDocument } from 'pdf-lib';
import { turnSettings } from '../shared/turnSettings';
import { loadAttachmentBlocks, toApiMessages } from '../api/requestBuilder';
import { PDF_MEDIA_TYPE, TEXT_MEDIA_TYPE, kindOfMediaType, sanitizeAttachment, type Attachment, type AttachmentMediaType } from '../shared/attachment';
import { estimateAttachmentTokens, sniffAttachment } from '../shared/attachmentRules';
import { emptyConversation, isBase64, isImageMediaType, messageText, type ChatBlock, type ChatMessage, type Conversation } from '../shared/conversation';
import { visiblePath } from '../shared/conversationTree';
import { sha256Of } from './store/attachmentStore';
import { fallbackTitle } from './titles';

/**
 * Export and import of one conversation. Markdown is for people (the branch on screen, readable); JSON is the
 * Messages API request shape (`{model, max_tokens, system, messages}`) that can be sent to the API as it is, and
 * imported back.
 */

export function toMarkdown(conversation: Conversation, exportedAt: Date): string {
  const lines: string[] = [`# ${conversation.title || 'Conversation'}`, '', `_Model: ${conversation.model} · exported ${exportedAt.toISOString().slice(0, 10)}_`, ''];
  if (conversation.systemPrompt.trim()) lines.push(...quote(`System prompt: ${conversation.systemPrompt.trim()}`), '');
  for (const message of visiblePath(conversation)) {
    lines.push(`## ${message.role === 'user' ? 'You' : 'Claude'}`, '');
    for (const block of message.blocks) lines.push(...blockMarkdown(block), '');
    if (message.status === 'failed' || message.status === 'stopped') lines.push('_(This answer is incomplete.)_', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function blockMarkdown(block: ChatBlock): string[] {
  switch (block.type) {
    case 'text':
      return [block.text];
    case 'thinking':
      return quote(`Thinking: ${block.thinking}`);
    case 'redacted_thinking':
      return ['_(Redacted thinking)_'];
    case 'tool_use':
      return [`Tool call \`${block.name}\`:`, '', '```json', block.inputJson || '{}', '```'];
    case 'image':
      return [`_[Image: ${block.mediaType}, ${Math.round((block.data.length * 3) / 4 / 1024)} KB]_`];
    case 'attachment':
      return [`[Attached: ${describeAttachment(block.attachment)}]`];
    case 'unknown':
      return [`_(${block.originalType} content)_`];
  }
}

/** `diagram.png (1200×800)`, `spec.pdf (12 pages)`, `notes.txt`. */
function describeAttachment(attachment: Attachment): string {
  if (attachment.width !== undefined && attachment.height !== undefined) return `${attachment.name} (${attachment.width}×${attachment.height})`;
  if (attachment.pages !== undefined) return `${attachment.name} (${attachment.pages} ${attachment.pages === 1 ? 'page' : 'pages'})`;
  return attachment.name;
}

function quote(text: string): string[] {
  return text.split('\n').map((line) => `> ${line}`);
}

export interface ApiConversationJson {
  model: string;
  max_tokens: number;
  system?: string;
  messages: ReturnType<typeof toApiMessages>;
}

/**
 * The branch on screen as a request body; a final answer stays in (sent as is, the API would continue it). Attached
 * files are inlined as the request builder sends them, read with `readAttachment` (the attachment store's `read`):
 * the export is complete on its own. Rejects when one cannot be read, rather than exporting a request without it.
 */
export async function toApiJson(conversation: Conversation, maxTokens: number, readAttachment: (attachment: Attachment) => Promise<Uint8Array>): Promise<ApiConversationJson> {
  // The request the last answer was asked with: a code command's turn adds its system prompt and may pick the model.
  const path = visiblePath(conversation);
  const turn = turnSettings(conversation, path);
  const system = turn.systemPrompt.trim() ? { system: turn.systemPrompt } : {};
  const attachmentBlocks = await loadAttachmentBlocks(path, readAttachment);
  return { model: turn.model, max_tokens: maxTokens, ...system, messages: toApiMessages(path, { prefill: true, attachmentBlocks }) };
}

export type ImportResult = { ok: true; conversation: Conversation } | { ok: false; reason: string };

export interface ImportOptions {
  newId: (prefix: string) => string;
  defaults: { model: string; systemPrompt: string };
  now: number;
  /** Stores an imported file's bytes (the attachment store's `put`); called only once the whole file has been read. */
  putAttachment: (bytes: Uint8Array, mediaType: AttachmentMediaType) => Promise<unknown>;
}

/**
 * Reads a Messages API request (or at least `{messages}`) into a new conversation with fresh ids. Inline images and
 * documents (base64 PDFs, plain text) become attachments, their bytes stored with `putAttachment` as they are:
 * an import keeps the pixels it was given, it does not downscale.
 */
export async function fromApiJson(text: string, options: ImportOptions): Promise<ImportResult> {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, reason: `The file is not valid JSON (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, reason: 'Expected a JSON object with a "messages" array.' };
  const body = data as Record<string, unknown>;
  if (!Array.isArray(body.messages) || body.messages.length === 0) return { ok: false, reason: 'Expected a non-empty "messages" array.' };

  const system = readSystem(body.system);
  if (system === null) return { ok: false, reason: '"system" must be a string or a list of text blocks.' };
  const model = typeof body.model === 'string' && body.model.trim() ? body.model.trim() : options.defaults.model;
  const conversation = emptyConversation(options.newId('conv'), { model, systemPrompt: system ?? options.defaults.systemPrompt }, options.now);

  const files = new ImportedFiles();
  let parentId: string | null = null;
  for (const [index, raw] of (body.messages as unknown[]).entries()) {
    if (typeof raw !== 'object' || raw === null) return { ok: false, reason: `messages[${index}] is not an object.` };
    const { role, content } = raw as Record<string, unknown>;
    if (role !== 'user' && role !== 'assistant') return { ok: false, reason: `messages[${index}].role must be "user" or "assistant".` };
    const blocks = await readContent(content, files);
    if (typeof blocks === 'string') return { ok: false, reason: `messages[${index}].content: ${blocks}` };
    const message: ChatMessage = { id: options.newId('msg'), parentId, role, blocks, status: 'complete', createdAt: options.now + index };
    conversation.messages.push(message);
    parentId = message.id;
  }
  const firstUser = conversation.messages.find((m) => m.role === 'user');
  conversation.title = fallbackTitle(firstUser ? titleText(firstUser) : 'Imported conversation');
  conversation.titleSource = 'fallback';
  conversation.updatedAt = options.now + conversation.messages.length;
  // Stored only now that the whole file is known to be importable: a refused import leaves nothing behind.
  for (const { bytes, mediaType } of files.toStore.values()) await options.putAttachment(bytes, mediaType);
  return { ok: true, conversation };
}

/** A question of files only is titled by the files' names, as the chat titles such a turn. */
function titleText(message: ChatMessage): string {
  const text = messageText(message);
  if (text.trim() !== '') return text;
  return message.blocks.flatMap((block) => (block.type === 'attachment' ? [block.attachment.name] : [])).join(', ');
}

/** undefined: absent; null: present but unreadable. */
function readSystem(system: unknown): string | undefined | null {
  if (system === undefined) return undefined;
  if (typeof system === 'string') return system;
  if (Array.isArray(system) && system.every((block) => typeof block?.text === 'string')) return system.map((block: { text: string }) => block.text).join('\n\n');
  return null;
}

/** The blocks, or a reason they cannot be read. Inline files become attachments described in `files`. */
async function readContent(content: unknown, files: ImportedFiles): Promise<ChatBlock[] | string> {
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : 'must not be empty';
  if (!Array.isArray(content) || content.length === 0) return 'must be a string or a non-empty list of blocks';
  const blocks: ChatBlock[] = [];
  for (const [index, raw] of content.entries()) {
    const block = raw as Record<string, unknown>;
    if (typeof block !== 'object' || block === null || typeof block.type !== 'string') return `block ${index} has no type`;
    switch (block.type) {
      case 'text':
        if (typeof block.text !== 'string') return `block ${index}: text must be a string`;
        blocks.push({ type: 'text', text: block.text });
        break;
      case 'thinking':
        blocks.push({ type: 'thinking', thinking: String(block.thinking ?? ''), signature: String(block.signature ?? '') });
        break;
      case 'redacted_thinking':
        blocks.push({ type: 'redacted_thinking', data: String(block.data ?? '') });
        break;
      case 'tool_use':
        blocks.push({ type: 'tool_use', id: String(block.id ?? ''), name: String(block.name ?? 'tool'), inputJson: JSON.stringify(block.input ?? {}) });
        break;
      case 'image': {
        const source = block.source as Record<string, unknown> | undefined;
        // Inline images only: a URL source would be fetched by whoever sends it; it becomes a placeholder.
        const attachment = source?.type === 'base64' && isImageMediaType(source.media_type) && isBase64(source.data) ? files.image(Buffer.from(source.data, 'base64')) : undefined;
        blocks.push(attachment ? { type: 'attachment', attachment } : { type: 'unknown', originalType: 'image' });
        break;
      }
      case 'document': {
        const attachment = await files.document(block.source as Record<string, unknown> | undefined, block.title);
        blocks.push(attachment ? { type: 'attachment', attachment } : { type: 'unknown', originalType: 'document' });
        break;
      }
      default:
        blocks.push({ type: 'unknown', originalType: block.type });
    }
  }
  return blocks;
}

/** The files an import carries, described as attachments as they are read, and their bytes to store afterwards. */
class ImportedFiles {
  /** By sha256: a file the request carries twice is stored once. */
  readonly toStore = new Map<string, { bytes: Uint8Array; mediaType: AttachmentMediaType }>();
  private images = 0;
  private documents = 0;

  /**
   * An inline image, typed by its bytes rather than by the `media_type` it came with (the API refuses a mismatch);
   * undefined for bytes that are not an image the API takes (SVG, damaged data).
   */
  image(bytes: Buffer): Attachment | undefined {
    const sniffed = sniffAttachment(bytes, 'image');
    if (sniffed.kind !== 'image') return undefined;
    // An image block has no title: the name says only what it is (`image-1.png`, `image-2.jpeg`).
    const name = `image-${++this.images}.${sniffed.mediaType.slice('image/'.length)}`;
    return this.describe(bytes, sniffed.mediaType, name, { width: sniffed.width, height: sniffed.height });
  }

  /** A base64 PDF or a plain-text document; undefined for other sources (URLs, file ids, content lists). */
  async document(source: Record<string, unknown> | undefined, title: unknown): Promise<Attachment | undefined> {
    const number = ++this.documents;
    if (source?.type === 'base64' && source.media_type === PDF_MEDIA_TYPE && isBase64(source.data)) {
      const bytes = Buffer.from(source.data, 'base64');
      if (bytes.subarray(0, 5).toString('latin1') !== '%PDF-') return undefined;
      const pages = await pageCount(bytes);
      return this.describe(bytes, PDF_MEDIA_TYPE, titleOr(title, `document-${number}.pdf`), pages === undefined ? {} : { pages });
    }
    if (source?.type === 'text' && typeof source.data === 'string') {
      return this.describe(Buffer.from(source.data, 'utf8'), TEXT_MEDIA_TYPE, titleOr(title, `document-${number}.txt`), {});
    }
    return undefined;
  }

  /** The attachment, with the same token estimate a file attached in the composer gets (count_tokens never ran on it). */
  private describe(bytes: Buffer, mediaType: AttachmentMediaType, name: string, extra: Pick<Attachment, 'width' | 'height' | 'pages'>): Attachment | undefined {
    const sha256 = sha256Of(bytes);
    const tokens = tokenEstimate(mediaType, bytes.byteLength, extra);
    const attachment = sanitizeAttachment({ ...extra, mediaType, sha256, byteLength: bytes.byteLength, name, tokens });
    if (attachment) this.toStore.set(sha256, { bytes, mediaType });
    return attachment;
  }
}

/** Undefined when what it depends on is unknown (a PDF pdf-lib could not count). */
function tokenEstimate(mediaType: AttachmentMediaType, byteLength: number, size: Pick<Attachment, 'width' | 'height' | 'pages'>): number | undefined {
  const kind = kindOfMediaType(mediaType);
  if (kind === 'text') return estimateAttachmentTokens({ kind, byteLength });
  if (kind === 'pdf') return size.pages === undefined ? undefined : estimateAttachmentTokens({ kind, pages: size.pages });
  return size.width === undefined || size.height === undefined ? undefined : estimateAttachmentTokens({ kind, width: size.width, height: size.height });
}

/** The document's title as its name (the export writes the name there), or a made-up one. */
function titleOr(title: unknown, fallback: string): string {
  return typeof title === 'string' && title.trim() !== '' && title.length <= 1_000 ? title : fallback;
}

/** For the page count shown with the attachment; a PDF pdf-lib cannot open is still imported, without one. */
async function pageCount(bytes: Uint8Array): Promise<number | undefined> {
  try {
    return (await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false })).getPageCount();
  } catch {
    return undefined;
  }
}
