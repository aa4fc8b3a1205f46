import { turnSettings } from '../shared/turnSettings';
import { toApiMessages } from '../api/requestBuilder';
import { emptyConversation, isBase64, isImageMediaType, messageText, type ChatBlock, type ChatMessage, type Conversation } from '../shared/conversation';
import { visiblePath } from '../shared/conversationTree';
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
    case 'unknown':
      return [`_(${block.originalType} content)_`];
  }
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

/** The branch on screen as a request body; a final answer stays in (sent as is, the API would continue it). */
export function toApiJson(conversation: Conversation, maxTokens: number): ApiConversationJson {
  // The request the last answer was asked with: a code command's turn adds its system prompt and may pick the model.
  const path = visiblePath(conversation);
  const turn = turnSettings(conversation, path);
  const system = turn.systemPrompt.trim() ? { system: turn.systemPrompt } : {};
  return { model: turn.model, max_tokens: maxTokens, ...system, messages: toApiMessages(path, { prefill: true }) };
}

export type ImportResult = { ok: true; conversation: Conversation } | { ok: false; reason: string };

/** Reads a Messages API request (or at least `{messages}`) into a new conversation with fresh ids. */
export function fromApiJson(text: string, options: { newId: (prefix: string) => string; defaults: { model: string; systemPrompt: string }; now: number }): ImportResult {
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

  let parentId: string | null = null;
  for (const [index, raw] of (body.messages as unknown[]).entries()) {
    if (typeof raw !== 'object' || raw === null) return { ok: false, reason: `messages[${index}] is not an object.` };
    const { role, content } = raw as Record<string, unknown>;
    if (role !== 'user' && role !== 'assistant') return { ok: false, reason: `messages[${index}].role must be "user" or "assistant".` };
    const blocks = readContent(content);
    if (typeof blocks === 'string') return { ok: false, reason: `messages[${index}].content: ${blocks}` };
    const message: ChatMessage = { id: options.newId('msg'), parentId, role, blocks, status: 'complete', createdAt: options.now + index };
    conversation.messages.push(message);
    parentId = message.id;
  }
  const firstUser = conversation.messages.find((m) => m.role === 'user');
  conversation.title = fallbackTitle(firstUser ? messageText(firstUser) : 'Imported conversation');
  conversation.titleSource = 'fallback';
  conversation.updatedAt = options.now + conversation.messages.length;
  return { ok: true, conversation };
}

/** undefined: absent; null: present but unreadable. */
function readSystem(system: unknown): string | undefined | null {
  if (system === undefined) return undefined;
  if (typeof system === 'string') return system;
  if (Array.isArray(system) && system.every((block) => typeof block?.text === 'string')) return system.map((block: { text: string }) => block.text).join('\n\n');
  return null;
}

/** The blocks, or a reason they cannot be read. */
function readContent(content: unknown): ChatBlock[] | string {
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
        if (source?.type === 'base64' && isImageMediaType(source.media_type) && isBase64(source.data)) blocks.push({ type: 'image', mediaType: source.media_type, data: source.data });
        else blocks.push({ type: 'unknown', originalType: 'image' });
        break;
      }
      default:
        blocks.push({ type: 'unknown', originalType: block.type });
    }
  }
  return blocks;
}
