import type { CacheControlEphemeral, ContentBlockParam, MessageCreateParamsBase, MessageParam, Tool } from '@anthropic-ai/sdk/resources/messages';
import { TOOL_DEFINITIONS } from '../shared/toolCatalog';
import { NOT_RUN_RESULT, toolInput } from '../shared/toolTurns';
import type { PromptCaching } from '../shared/promptCaching';
import type { Attachment } from '../shared/attachment';
import type { ChatBlock, ChatMessage, ImageMediaType } from '../shared/conversation';
import type { RequestSettings } from '../shared/sentRequest';

export type { RequestSettings } from '../shared/sentRequest';

/**
 * Turns the transcript into the Messages API request. The API is stateless, so every request carries the
 * system prompt and every earlier turn. Only what the API accepts back is sent: empty text blocks, unknown
 * blocks and half-streamed tool calls are dropped, and consecutive same-role messages (a failed turn followed by
 * a new question) are merged so the API never sees an invalid sequence.
 */
export interface BuildOptions {
  /** The history ends with a partial answer to continue (see toApiMessages). */
  prefill?: boolean;
  /** Each attachment's API block by sha256 (see loadAttachmentBlocks); an attachment without one is not sent. */
  attachmentBlocks?: ReadonlyMap<string, ContentBlockParam>;
}

export function buildMessageParams(history: readonly ChatMessage[], settings: RequestSettings, options: BuildOptions = {}): MessageCreateParamsBase {
  const params: MessageCreateParamsBase = {
    model: settings.model,
    max_tokens: settings.maxTokens,
    messages: toApiMessages(history, options),
  };
  // Only what the conversation set: no temperature or top_p, which this API version refuses.
  if (settings.thinking?.type === 'enabled') params.thinking = { type: 'enabled', budget_tokens: settings.thinking.budgetTokens };
  if (settings.thinking?.type === 'adaptive') params.thinking = { type: 'adaptive' };
  if (settings.effort) params.output_config = { effort: settings.effort };
  if (settings.stopSequences && settings.stopSequences.length > 0) params.stop_sequences = [...settings.stopSequences];
  // Defined in every request of a conversation in the same order and bytes: they head the prompt cache's prefix.
  if (settings.tools) params.tools = toolParams();
  if (settings.tools === 'none') params.tool_choice = { type: 'none' };
  const caching = settings.caching ?? 'off';
  if (settings.systemPrompt.trim().length > 0) {
    params.system = caching === 'off' ? settings.systemPrompt : [{ type: 'text', text: settings.systemPrompt, cache_control: cacheControl(caching) }];
  }
  if (caching !== 'off') markConversationPrefix(params.messages, cacheControl(caching));
  return params;
}

/** The workspace tools as the API takes them (a fresh copy: the SDK and the exchange log may hold on to it). */
export function toolParams(): Tool[] {
  return TOOL_DEFINITIONS.map((definition) => structuredClone(definition) as Tool);
}

function cacheControl(ttl: Exclude<PromptCaching, 'off'>): CacheControlEphemeral {
  return { type: 'ephemeral', ttl };
}

/** How many user turns carry a breakpoint: with the system prompt's, three of the API's four. */
const CACHED_USER_TURNS = 2;

/**
 * Cache breakpoints on the last block of the last two user turns. The last one writes the whole conversation so far
 * to the cache; the one before marks where the previous request's write ended, so this request reads it even when
 * the new turn adds more blocks (attachments) than the API's 20-block lookback would search.
 */
function markConversationPrefix(messages: MessageParam[], control: CacheControlEphemeral): void {
  let marked = 0;
  for (let index = messages.length - 1; index >= 0 && marked < CACHED_USER_TURNS; index--) {
    const message = messages[index];
    if (message.role !== 'user' || typeof message.content === 'string') continue;
    const last = message.content[message.content.length - 1];
    // Thinking blocks cannot carry a breakpoint; a user turn's last block is text, an image, a document or a tool result.
    if (last && (last.type === 'text' || last.type === 'image' || last.type === 'document' || last.type === 'tool_result')) {
      message.content[message.content.length - 1] = { ...last, cache_control: control };
      marked++;
    }
  }
}

/**
 * `prefill`: the history ends with a partial answer that the API should continue (Continue after max_tokens); it is
 * kept as the last message, without trailing whitespace, which the API refuses in a final assistant turn.
 */
export function toApiMessages(history: readonly ChatMessage[], options: BuildOptions = {}): MessageParam[] {
  const result: MessageParam[] = [];
  const attachments = options.attachmentBlocks ?? new Map<string, ContentBlockParam>();
  // The calls of the assistant turn just emitted: the next user turn must answer each, first thing (see answerCalls).
  let openCalls: string[] = [];
  for (const message of history) {
    let content = message.blocks.map((block) => toContentParam(block, attachments)).filter((block): block is ContentBlockParam => block !== undefined);
    if (message.role === 'user') {
      content = answerCalls(openCalls, content);
      openCalls = [];
    } else {
      for (const block of content) if (block.type === 'tool_use') openCalls.push(block.id);
    }
    if (content.length === 0) continue;
    const previous = result[result.length - 1];
    if (previous && previous.role === message.role) {
      (previous.content as ContentBlockParam[]).push(...content);
    } else {
      result.push({ role: message.role, content });
    }
  }
  const last = result[result.length - 1];
  if (options.prefill && last?.role === 'assistant') {
    // A final assistant turn is continued as it is; calls nobody answered cannot stay in it.
    last.content = (last.content as ContentBlockParam[]).filter((block) => block.type !== 'tool_use');
    const blocks = last.content;
    const tail = blocks[blocks.length - 1];
    if (tail?.type === 'text') {
      const trimmed = tail.text.trimEnd();
      if (trimmed.length > 0) blocks[blocks.length - 1] = { ...tail, text: trimmed };
      else blocks.pop();
    }
    if (blocks.length === 0) result.pop();
    return result;
  }
  // The API answers a conversation that ends with an assistant turn by continuing it (prefill). Without `prefill`
  // a transcript ends that way only after a failed or stopped answer with nothing newer, so its tail is dropped.
  while (result.length > 0 && result[result.length - 1].role === 'assistant') result.pop();
  return result;
}

function toContentParam(block: ChatBlock | undefined, attachments: ReadonlyMap<string, ContentBlockParam>): ContentBlockParam | undefined {
  if (!block) return undefined;
  switch (block.type) {
    case 'text':
      return block.text.length > 0 ? { type: 'text', text: block.text } : undefined;
    case 'thinking':
      // A thinking block without its signature is rejected by the API; one that was cut off has none.
      return block.signature ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : undefined;
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: block.mediaType, data: block.data } };
    case 'attachment':
      return attachments.get(block.attachment.sha256);
    case 'tool_use': {
      // A call cut off mid-stream (stopped, failed) has no complete input: it was never run and cannot be sent back.
      const input = toolInput(block);
      return input ? { type: 'tool_use', id: block.id, name: block.name, input } : undefined;
    }
    case 'tool_result':
      return { type: 'tool_result', tool_use_id: block.toolUseId, content: block.content.length > 0 ? block.content : '(empty)', ...(block.isError ? { is_error: true } : {}) };
    case 'unknown':
      return undefined;
  }
}

/**
 * A user turn's content as the API requires it after an assistant turn with `calls`: one result per call, in the
 * calls' order, before anything else. A call without a result (the user stopped the loop or wrote instead, or an
 * older branch) gets an error result saying it was not run; a result for a call not in that turn is dropped.
 */
function answerCalls(calls: readonly string[], content: ContentBlockParam[]): ContentBlockParam[] {
  const results = new Map<string, ContentBlockParam>();
  for (const block of content) if (block.type === 'tool_result' && calls.includes(block.tool_use_id) && !results.has(block.tool_use_id)) results.set(block.tool_use_id, block);
  const answers = calls.map((id): ContentBlockParam => results.get(id) ?? { type: 'tool_result', tool_use_id: id, content: NOT_RUN_RESULT, is_error: true });
  return [...answers, ...content.filter((block) => block.type !== 'tool_result')];
}

/**
 * The API block for an attachment, from its stored bytes: images and PDFs as base64 sources, text files as a text
 * document titled with their workspace path (Claude can then cite and name the file it read).
 */
export function attachmentParam(attachment: Attachment, bytes: Uint8Array): ContentBlockParam {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (attachment.kind === 'text') {
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: buffer.toString('utf8') }, title: attachment.name };
  }
  if (attachment.kind === 'pdf') {
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: buffer.toString('base64') }, title: attachment.name };
  }
  return { type: 'image', source: { type: 'base64', media_type: attachment.mediaType as ImageMediaType, data: buffer.toString('base64') } };
}

/**
 * Reads every attachment the history carries and builds its API block, once per distinct file. Rejects when one
 * cannot be read: sending the conversation without it would silently ask Claude about a file it never sees.
 */
export async function loadAttachmentBlocks(history: readonly ChatMessage[], read: (attachment: Attachment) => Promise<Uint8Array>): Promise<Map<string, ContentBlockParam>> {
  const wanted = new Map<string, Attachment>();
  for (const message of history) for (const block of message.blocks) if (block.type === 'attachment') wanted.set(block.attachment.sha256, block.attachment);
  const blocks = new Map<string, ContentBlockParam>();
  for (const [sha256, attachment] of wanted) blocks.set(sha256, attachmentParam(attachment, await read(attachment)));
  return blocks;
}
