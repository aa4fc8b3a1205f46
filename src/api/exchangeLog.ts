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

/** How many exchanges are kept: a request body can be tens of megabytes of base64, so only the recent ones. */
const MAX_EXCHANGES = 20;

/**
 * The exact requests and responses of this window's recent answers, by assistant message id. Older answers (or
 * ones from before a reload) are rebuilt from the conversation instead (exchangeRebuild.ts); memory only, never
 * written to disk.
 */
export class ExchangeLog {
  private readonly entries = new Map<string, LoggedExchange>();

  recordRequest(messageId: string, request: MessageCreateParamsBase, baseUrl: string): void {
    // A continued answer's request replaces its first one: it is the latest thing that was asked.
    this.entries.delete(messageId);
    this.entries.set(messageId, { request, baseUrl });
    while (this.entries.size > MAX_EXCHANGES) this.entries.delete(this.entries.keys().next().value as string);
  }

  recordResponse(messageId: string, response: Message): void {
    const entry = this.entries.get(messageId);
    if (entry) entry.response = response;
  }

  get(messageId: string): LoggedExchange | undefined {
    return this.entries.get(messageId);
  }
}
