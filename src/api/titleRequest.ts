import { createAnthropicClient } from './clientFactory';
import { retryPolicyMiddleware } from './middleware';

export interface TitleRequest {
  apiKey: string;
  baseUrl: string | undefined;
  /** The user's claudeChat.extraHeaders, as the endpoint decision passed them. */
  extraHeaders?: Readonly<Record<string, string>>;
  model: string;
  question: string;
  answer: string;
  signal?: AbortSignal;
}

const TITLE_SYSTEM_PROMPT =
  'You name conversations. Reply with a title of 3 to 6 words for the conversation below, in the language of the question. No quotes, no punctuation at the end, nothing else.';
/** Enough of the exchange to name it; the rest would only cost tokens. */
const EXCERPT_CHARS = 2000;

/**
 * Asks a small, cheap model for a short title (a plain, non-streaming request). Returns the model's raw text;
 * `cleanTitle` makes a title of it. Throws the SDK's errors: the caller decides that a failed title is no news.
 */
export async function requestTitle(request: TitleRequest): Promise<string> {
  const client = createAnthropicClient({ apiKey: request.apiKey, baseUrl: request.baseUrl, extraHeaders: request.extraHeaders, headersTimeoutMs: 30_000, middleware: [retryPolicyMiddleware()] });
  const message = await client.messages.create(
    {
      model: request.model,
      max_tokens: 40,
      system: TITLE_SYSTEM_PROMPT,
      messages: [{ role: 'user', content: `Question:\n${request.question.slice(0, EXCERPT_CHARS)}\n\nAnswer:\n${request.answer.slice(0, EXCERPT_CHARS)}` }],
    },
    { signal: request.signal, maxRetries: 1 },
  );
  return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}
