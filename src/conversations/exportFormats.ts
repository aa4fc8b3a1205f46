import { PDFDocument } from 'pdf-lib';
import { turnSettings } from '../shared/turnSettings';
import { loadAttachmentBlocks, toApiMessages, toolParams } from '../api/requestBuilder';
import { PDF_MEDIA_TYPE, TEXT_MEDIA_TYPE, kindOfMediaType, sanitizeAttachment, type Attachment, type AttachmentMediaType } from '../shared/attachment';
import { estimateAttachmentTokens, sniffAttachment } from '../shared/attachmentRules';
import { emptyConversation, isBase64, isImageMediaType, messageText, type ChatBlock, type ChatMessage, type Conversation } from '../shared/conversation';
import { visiblePath } from '../shared/conversationTree';
import type { ToolUse } from '../shared/sentRequest';
import { hasToolBlocks, isToolResultTurn, toolInput, toolResultsById, toolUses, type ToolResultBlock, type ToolUseBlock } from '../shared/toolTurns';
import { sha256Of } from './store/attachmentStore';
import { MAX_TOOL_RESULT_LENGTH, MAX_TOOL_USE_ID_LENGTH } from './store/storedFormat';
import { fallbackTitle } from './titles';

/**
 * Export and import of one conversation. Markdown is for people (the branch on screen, readable; tool calls shown
 * with their results, cut short); JSON is the Messages API request shape (`{model, max_tokens, system, tools,
 * messages}`) that can be sent to the API as it is, and imported back.
 */

export function toMarkdown(conversation: Conversation, exportedAt: Date): string {
  const lines: string[] = [`# ${conversation.title || 'Conversation'}`, '', `_Model: ${conversation.model} · exported ${exportedAt.toISOString().slice(0, 10)}_`, ''];
  if (conversation.systemPrompt.trim()) lines.push(...quote(`System prompt: ${conversation.systemPrompt.trim()}`), '');
  const path = visiblePath(conversation);
  let answerGoesOn = false;
  for (const [index, message] of path.entries()) {
    const tools: ToolContext = { results: toolResultsById(path[index + 1]), answered: new Set(toolUses(path[index - 1]).map((call) => call.id)) };
    // The host's turn of tool results: each result shows under the call it answers, and the answer goes on after it.
    if (isToolResultTurn(message) && message.blocks.every((block) => block.type === 'tool_result' && tools.answered.has(block.toolUseId))) {
      answerGoesOn = true;
      continue;
    }
    if (!answerGoesOn) lines.push(`## ${message.role === 'user' ? 'You' : 'Claude'}`, '');
    answerGoesOn = false;
    for (const block of message.blocks) {
      const markdown = blockMarkdown(block, tools);
      if (markdown.length > 0) lines.push(...markdown, '');
    }
    if (message.status === 'failed' || message.status === 'stopped') lines.push('_(This answer is incomplete.)_', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** The results of the turn after a message (shown under its calls), and the calls the turn before it made. */
interface ToolContext {
  results: ReadonlyMap<string, ToolResultBlock>;
  answered: ReadonlySet<string>;
}

function blockMarkdown(block: ChatBlock, tools: ToolContext): string[] {
  switch (block.type) {
    case 'text':
      return [block.text];
    case 'thinking':
      return quote(`Thinking: ${block.thinking}`);
    case 'redacted_thinking':
      return ['_(Redacted thinking)_'];
    case 'tool_use':
      return toolCallMarkdown(block, tools.results.get(block.id));
    case 'tool_result':
      // Shown under its call already; one that answers no call of the turn before stands on its own.
      return tools.answered.has(block.toolUseId) ? [] : toolResultMarkdown(block);
    case 'image':
      return [`_[Image: ${block.mediaType}, ${Math.round((block.data.length * 3) / 4 / 1024)} KB]_`];
    case 'attachment':
      return [`[Attached: ${describeAttachment(block.attachment)}]`];
    case 'unknown':
      return [`_(${block.originalType} content)_`];
  }
}

/** A call's input this long is cut in the Markdown: it is there to say what was asked, not to be re-run. */
const MARKDOWN_TOOL_INPUT_CHARS = 300;
/** A result is shown up to this many lines and characters: enough to follow the answer, not a copy of the file. */
const MARKDOWN_RESULT_LINES = 20;
const MARKDOWN_RESULT_CHARS = 2_000;

/** `**Tool call** `read_file` `{"path":"a.ts"}``, then its result as a quote (or that it was not run). */
function toolCallMarkdown(call: ToolUseBlock, result: ToolResultBlock | undefined): string[] {
  const input = toolInput(call);
  const shown = clipText(input ? JSON.stringify(input) : call.inputJson || '{}', MARKDOWN_TOOL_INPUT_CHARS);
  return [`**Tool call** ${inlineCode(call.name)} ${inlineCode(shown)}`, '', ...(result ? toolResultMarkdown(result) : ['> _(Not run.)_'])];
}

function toolResultMarkdown(result: ToolResultBlock): string[] {
  const file = result.file ? ` (${inlineCode(result.file.path)}${result.file.startLine !== undefined ? `, lines ${result.file.startLine}–${result.file.endLine ?? '…'}` : ''})` : '';
  const allLines = result.content.split('\n');
  const head = allLines.slice(0, MARKDOWN_RESULT_LINES).join('\n');
  const shown = clipText(head, MARKDOWN_RESULT_CHARS);
  const cut = allLines.length > MARKDOWN_RESULT_LINES || head.length > MARKDOWN_RESULT_CHARS;
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(shown) + 1));
  return quote(
    [
      `${result.isError ? '**Error**' : '**Result**'}${file}:`,
      fence,
      shown,
      fence,
      ...(cut ? [`_(Cut: ${allLines.length} lines, ${result.content.length} characters in all.)_`] : []),
    ].join('\n'),
  );
}

/** Cut at `max` characters, never inside a surrogate pair, with an ellipsis when cut. */
function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/** Code that contains backticks gets a longer run around it, as CommonMark allows. */
function inlineCode(text: string): string {
  const ticks = '`'.repeat(longestBacktickRun(text) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
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
  /** The workspace tools, when the branch holds tool calls or results: the API refuses those blocks without them. */
  tools?: ReturnType<typeof toolParams>;
  /** Calls forbidden, as the last answer was asked (tools were off) or when it was asked without tools at all. */
  tool_choice?: { type: 'none' };
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
  // As the request builder does it: tools as the last answer had them, and defined (calls forbidden) whenever the
  // branch holds tool blocks, which the API refuses in a request without tools.
  const toolUse: ToolUse | undefined = path.findLast((message) => message.role === 'assistant')?.request?.tools ?? (hasToolBlocks(path) ? 'none' : undefined);
  const tools = toolUse ? { tools: toolParams(), ...(toolUse === 'none' ? { tool_choice: { type: 'none' as const } } : {}) } : {};
  return { model: turn.model, max_tokens: maxTokens, ...system, ...tools, messages: toApiMessages(path, { prefill: true, attachmentBlocks }) };
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
  const firstUser = conversation.messages.find((m) => m.role === 'user' && !isToolResultTurn(m));
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
      case 'tool_result': {
        const result = readToolResult(block);
        if (typeof result === 'string') return `block ${index}: ${result}`;
        blocks.push(result);
        break;
      }
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

/**
 * A tool result as the API takes it: content a string or a list of blocks (their text kept; an image or a document
 * in a result is named, this model keeps results as text). Bounded as the conversation file bounds it.
 */
function readToolResult(block: Record<string, unknown>): ToolResultBlock | string {
  const id = block.tool_use_id;
  if (typeof id !== 'string' || id.length === 0 || id.length > MAX_TOOL_USE_ID_LENGTH) return `tool_use_id must be a string of 1 to ${MAX_TOOL_USE_ID_LENGTH} characters`;
  let content: string;
  if (block.content === undefined) content = '';
  else if (typeof block.content === 'string') content = block.content;
  else if (Array.isArray(block.content)) {
    content = block.content
      .map((part: unknown) => {
        const item = (typeof part === 'object' && part !== null ? part : {}) as Record<string, unknown>;
        return item.type === 'text' && typeof item.text === 'string' ? item.text : `[${typeof item.type === 'string' ? item.type : 'unknown'} content]`;
      })
      .join('\n\n');
  } else return 'tool_result content must be a string or a list of blocks';
  if (content.length > MAX_TOOL_RESULT_LENGTH) return `tool_result content is longer than ${MAX_TOOL_RESULT_LENGTH} characters`;
  return { type: 'tool_result', toolUseId: id, content, isError: block.is_error === true };
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
