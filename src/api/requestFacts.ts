import type { ContentBlockParam, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import type { ChatMessage } from '../shared/conversation';

/** How many of the biggest attachments and messages an error names: enough to act on, short enough to read. */
const NAMED_PARTS = 3;

/** One attachment occurrence in the request: a file attached to two messages is sent, and counted, twice. */
export interface AttachmentFact {
  name: string;
  /** What it adds to the body as sent: the base64 text of an image or PDF, the UTF-8 text of a text file. */
  bytes: number;
  /** Its message's place in the conversation on screen, from 1. */
  message: number;
}

export interface MessageFact {
  /** The message's place in the conversation on screen, from 1. */
  message: number;
  role: 'user' | 'assistant';
  /** UTF-8 bytes of its text and thinking (attachments are counted on their own). */
  bytes: number;
}

/**
 * What a refused request was made of, so an error about its size (413, "prompt is too long") can say what was too
 * big instead of only that something was: the API's message names neither the messages nor the files.
 */
export interface RequestFacts {
  /** Messages in the request (consecutive turns of one role are sent as one). */
  messageCount: number;
  /** The JSON body's size as sent. */
  bodyBytes: number;
  attachmentCount: number;
  /** The biggest attachments, biggest first, at most three. */
  largestAttachments: AttachmentFact[];
  /** The messages with the most text, biggest first, at most three. */
  largestMessages: MessageFact[];
  systemPromptBytes: number;
}

/**
 * The facts of a request built from `history` (the conversation path it was built from, numbered as the user sees it)
 * and `params` (what was sent). `attachmentBlocks` are the attachments' API blocks by sha256, as the request builder
 * used them. Computed only when a request fails, so the body's size is measured by serializing it once more.
 */
export function requestFactsOf(history: readonly ChatMessage[], params: MessageCreateParamsBase, attachmentBlocks: ReadonlyMap<string, ContentBlockParam>): RequestFacts {
  const attachments: AttachmentFact[] = [];
  const messages: MessageFact[] = [];
  history.forEach((message, index) => {
    let textBytes = 0;
    for (const block of message.blocks) {
      if (block.type === 'attachment') {
        const sent = attachmentBlocks.get(block.attachment.sha256);
        if (sent) attachments.push({ name: block.attachment.name, bytes: blockPayloadBytes(sent), message: index + 1 });
      } else if (block.type === 'image') {
        attachments.push({ name: 'a pasted image', bytes: block.data.length, message: index + 1 });
      } else if (block.type === 'text') {
        textBytes += Buffer.byteLength(block.text);
      } else if (block.type === 'thinking') {
        textBytes += Buffer.byteLength(block.thinking);
      }
    }
    if (textBytes > 0) messages.push({ message: index + 1, role: message.role, bytes: textBytes });
  });
  return {
    messageCount: params.messages.length,
    bodyBytes: Buffer.byteLength(JSON.stringify(params)),
    attachmentCount: attachments.length,
    largestAttachments: biggest(attachments),
    largestMessages: biggest(messages),
    systemPromptBytes: systemPromptBytes(params.system),
  };
}

function biggest<T extends { bytes: number }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => b.bytes - a.bytes).slice(0, NAMED_PARTS);
}

/** The bulk of an attachment's block: its base64 data or its text. */
function blockPayloadBytes(block: ContentBlockParam): number {
  if ((block.type === 'image' || block.type === 'document') && 'data' in block.source && typeof block.source.data === 'string') {
    return Buffer.byteLength(block.source.data);
  }
  return Buffer.byteLength(JSON.stringify(block));
}

function systemPromptBytes(system: MessageCreateParamsBase['system']): number {
  if (system === undefined) return 0;
  if (typeof system === 'string') return Buffer.byteLength(system);
  return system.reduce((sum, block) => sum + Buffer.byteLength(block.text), 0);
}
