import type Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, MessageCountTokensParams, MessageCreateParamsBase } from '@anthropic-ai/sdk/resources/messages';
import { DEFAULT_BASE_URL, type ReplyEndpoint } from '../shared/endpoint';
import { describeChatError } from '../shared/chatError';
import { createAnthropicClient } from './clientFactory';

export interface BlockTokenRequest {
  apiKey: string;
  endpoint: ReplyEndpoint;
  model: string;
  block: ContentBlockParam;
  signal?: AbortSignal;
}

/**
 * count_tokens needs a whole request, and a user turn cannot hold only an image or a document: the block is counted
 * beside this text, and the same text counted alone is subtracted.
 */
const PROBE_TEXT = 'Attachment.';
/** A free estimate is not worth a long wait: one attempt, answered within this time or not at all. */
const COUNT_TIMEOUT_MS = 15_000;
/** Baselines of the probe alone, per (base URL, model): the same for every attachment, so asked once. */
const baselines = new Map<string, Promise<number>>();
/** Enough for every model of a few endpoints; beyond it the oldest is forgotten. */
const MAX_BASELINES = 32;

/**
 * What one content block costs in input tokens on `model`, counted by the API (count_tokens is free but
 * rate-limited, so nothing is retried). Rejects when the endpoint is refused or the API does not answer.
 */
export async function countBlockTokens(request: BlockTokenRequest): Promise<number> {
  const { endpoint } = request;
  if (endpoint.kind === 'refused') throw new Error(describeChatError(endpoint.error));
  const client = createAnthropicClient({ apiKey: request.apiKey, baseUrl: endpoint.baseUrl, extraHeaders: endpoint.extraHeaders, headersTimeoutMs: COUNT_TIMEOUT_MS });
  const count = async (content: ContentBlockParam[], signal?: AbortSignal): Promise<number> => {
    const answer = await client.messages.countTokens({ model: request.model, messages: [{ role: 'user', content }] }, { signal, maxRetries: 0 });
    return answer.input_tokens;
  };
  const key = `${endpoint.baseUrl ?? DEFAULT_BASE_URL}\n${request.model}`;
  let baseline = baselines.get(key);
  if (!baseline) {
    // Shared by every caller, so not stopped by this caller's signal.
    baseline = count([{ type: 'text', text: PROBE_TEXT }]);
    remember(key, baseline);
    // A failed baseline is not kept: the next attachment asks again.
    baseline.catch(() => {
      if (baselines.get(key) === baseline) baselines.delete(key);
    });
  }
  const [total, alone] = await Promise.all([count([request.block, { type: 'text', text: PROBE_TEXT }], request.signal), baseline]);
  return Math.max(0, total - alone);
}

function remember(key: string, baseline: Promise<number>): void {
  baselines.set(key, baseline);
  if (baselines.size > MAX_BASELINES) baselines.delete(baselines.keys().next().value as string);
}

/** What count_tokens takes: a Messages request without max_tokens, stream and the other sending options. */
export type CountTokensParams = MessageCountTokensParams;

/**
 * The count_tokens request for a Messages request: the fields that make up the prompt, nothing else (count_tokens
 * refuses `max_tokens`, `stream`, `metadata` and the sampling options with a 400).
 */
export function countParamsOf(params: MessageCreateParamsBase): CountTokensParams {
  const counted: CountTokensParams = { model: params.model, messages: params.messages };
  if (params.system !== undefined) counted.system = params.system;
  if (params.tools !== undefined) counted.tools = params.tools;
  if (params.tool_choice !== undefined) counted.tool_choice = params.tool_choice;
  if (params.thinking !== undefined) counted.thinking = params.thinking;
  return counted;
}

/**
 * The input tokens of a whole request, as the API counts them. One attempt: count_tokens is free but rate-limited,
 * and a caller that cannot count has an estimate to fall back on.
 */
export async function countRequestTokens(client: Anthropic, params: CountTokensParams, signal?: AbortSignal): Promise<number> {
  const answer = await client.messages.countTokens(params, { signal, maxRetries: 0 });
  return answer.input_tokens;
}

export interface RequestTokenCount {
  apiKey: string;
  endpoint: ReplyEndpoint;
  params: CountTokensParams;
  signal?: AbortSignal;
}

/** countRequestTokens with its own client for `endpoint`; rejects, sending nothing, when the endpoint is refused. */
export async function countRequestTokensAt(request: RequestTokenCount): Promise<number> {
  const { endpoint } = request;
  if (endpoint.kind === 'refused') throw new Error(describeChatError(endpoint.error));
  const client = createAnthropicClient({ apiKey: request.apiKey, baseUrl: endpoint.baseUrl, extraHeaders: endpoint.extraHeaders, headersTimeoutMs: COUNT_TIMEOUT_MS });
  return countRequestTokens(client, request.params, request.signal);
}
