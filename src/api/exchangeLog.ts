import type { Message, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';

/** One request as it left and the message that came back, held for the API inspector. */
export interface LoggedExchange {
  /** The body exactly as built (full base64; `stream: true` is added by the SDK's messages.stream). */
  request: MessageCreateParamsBase;
  /** Where it went: the SDK's base URL. */
  baseUrl: string;
  /** The final message, once the answer completed. */
  response?: Message;
}

/** How many exchanges are kept, and how many characters of request body at most (each carries every attachment). */
const MAX_EXCHANGES = 20;
const MAX_TOTAL_CHARS = 64 * 1024 * 1024;

/**
 * The exact requests and responses of this window's recent answers, by assistant message id. Older answers (or
 * ones from before a reload) are rebuilt from the conversation instead (exchangeRebuild.ts); memory only, never
 * written to disk.
 */
export class ExchangeLog {
  private readonly entries = new Map<string, LoggedExchange & { chars: number }>();
  private totalChars = 0;

  recordRequest(messageId: string, request: MessageCreateParamsBase, baseUrl: string): void {
    // A continued answer's request replaces its first one: it is the latest thing that was asked.
    this.forget(messageId);
    const chars = bodyChars(request);
    // Too big to hold next to the others: it is rebuilt from the conversation when asked for.
    if (chars > MAX_TOTAL_CHARS) return;
    this.entries.set(messageId, { request, baseUrl, chars });
    this.totalChars += chars;
    while (this.entries.size > MAX_EXCHANGES || this.totalChars > MAX_TOTAL_CHARS) this.forget(this.entries.keys().next().value as string);
  }

  private forget(messageId: string): void {
    const entry = this.entries.get(messageId);
    if (!entry) return;
    this.entries.delete(messageId);
    this.totalChars -= entry.chars;
  }

  recordResponse(messageId: string, response: Message): void {
    const entry = this.entries.get(messageId);
    if (entry) entry.response = response;
  }

  get(messageId: string): LoggedExchange | undefined {
    return this.entries.get(messageId);
  }
}

/** About how big a body is: the base64 of its images and documents dominates, so those are what is counted. */
function bodyChars(request: MessageCreateParamsBase): number {
  let chars = 0;
  for (const message of request.messages) {
    if (typeof message.content === 'string') {
      chars += message.content.length;
      continue;
    }
    for (const block of message.content) {
      if ((block.type === 'image' || block.type === 'document') && 'data' in block.source && typeof block.source.data === 'string') chars += block.source.data.length;
      else if (block.type === 'text') chars += block.text.length;
    }
  }
  return chars;
}
