import type { RecordedRequest } from '../fakes/anthropicServer';

/** A content block as the fake server received it (the fields attachment tests look at). */
export interface SentBlock {
  type: string;
  text?: string;
  title?: string;
  source?: { type: string; media_type: string; data: string };
}

export interface SentBody {
  messages: { role: string; content: SentBlock[] }[];
}

/** The blocks of the last message a Messages request carried. */
export function lastUserContent(request: RecordedRequest): SentBlock[] {
  const body = request.body as SentBody;
  return body.messages[body.messages.length - 1].content;
}

/** A request's system prompt as one text, whether it was sent as a string or as text blocks (with cache_control). */
export function systemTextOf(body: unknown): string | undefined {
  const system = (body as { system?: string | { text?: string }[] }).system;
  if (system === undefined || typeof system === 'string') return system;
  return system.map((block) => block.text ?? '').join('');
}
