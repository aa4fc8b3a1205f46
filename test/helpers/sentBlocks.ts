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
