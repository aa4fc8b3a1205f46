import type Anthropic from '@anthropic-ai/sdk';
import { APIConnectionError, APIConnectionTimeoutError, APIError } from '@anthropic-ai/sdk';
import type { ModelInfo as ApiModelInfo } from '@anthropic-ai/sdk/resources/models';
import { BUILT_IN_MODELS, EFFORT_LEVELS, findModel, type ModelCapabilityFlags, type ModelInfo, type ModelList } from '../shared/modelInfo';
import { redactSecrets } from '../shared/redact';
import { apiErrorText, connectionCause } from './errorMapping';

export type { ModelList } from '../shared/modelInfo';

/**
 * A client for the key and endpoint in use. Undefined: no key is set. A thrown error says why there is no client
 * (an endpoint waiting for approval, say); its message is shown as the list's problem.
 */
export type ModelClientProvider = () => Promise<Anthropic | undefined>;

export interface ModelCatalogOptions {
  /** The clock, for tests. */
  now?: () => number;
  /** Models asked for per page; tests make it small to read several pages. */
  pageSize?: number;
}

/** The list changes about when a model is released: an hour keeps a long session from showing a stale one. */
const LIST_TTL_MS = 60 * 60 * 1000;
/** A failure (offline, a gateway's 404) is asked again after a few minutes, not at every picker opening. */
const FAILURE_TTL_MS = 3 * 60 * 1000;
/** The API's largest page: the whole list is one request today. */
const MAX_PAGE_SIZE = 1000;
/** A picker waits on this: one attempt per page, answered quickly or fallen back from (Refresh asks again). */
const PAGE_TIMEOUT_MS = 10_000;
/** Retired models too (the API leaves them out unless asked), so a conversation on one says "retired", not "missing". */
const LIFECYCLES: ('active' | 'deprecated' | 'retired')[] = ['active', 'deprecated', 'retired'];
/** When /v1/models gives neither limit nor a built-in entry does: what every Claude model since 3 takes. */
const DEFAULT_CONTEXT_WINDOW = 200_000;
const DEFAULT_MAX_OUTPUT_TOKENS = 8_192;
/**
 * A model listed without capabilities and unknown to the built-in list: inputs and thinking with a budget are
 * offered (the API's 400 says so if the model takes neither, which beats hiding what it can do); effort and adaptive
 * thinking, newer and narrower, are not.
 */
const ASSUMED_CAPABILITIES: ModelCapabilityFlags = { image: true, pdf: true, thinking: true, adaptiveThinking: false, effort: [] };

interface Entry {
  /** Whose list it is: the endpoint and key it was read with. */
  identity: string;
  list: ModelList;
  expiresAt: number;
}

/** A read under way; settling stores its list only while it is still the current read. */
interface Pending {
  identity: string;
  list?: Promise<ModelList>;
}

/**
 * The models the endpoint serves, from GET /v1/models (every page), remembered for an hour; the built-in list, with
 * the reason, when that cannot be read. Never rejects.
 */
export class ModelCatalog {
  private entry: Entry | undefined;
  private pending: Pending | undefined;
  private readonly listeners = new Set<(list: ModelList) => void>();
  private readonly now: () => number;
  private readonly pageSize: number;

  constructor(
    private readonly client: ModelClientProvider,
    options: ModelCatalogOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, options.pageSize ?? MAX_PAGE_SIZE));
  }

  /** The remembered list, fresh or not, or undefined before the first `list()` settles. */
  cached(): ModelList | undefined {
    return this.entry?.list;
  }

  /**
   * The list: the remembered one while fresh (and read with the same key and endpoint), else read again. Callers
   * that ask while a read is under way share it; `refresh` skips the remembered list, not a read under way.
   */
  async list(options: { refresh?: boolean } = {}): Promise<ModelList> {
    let client: Anthropic | undefined;
    try {
      client = await this.client();
    } catch (error) {
      return this.withoutClient(this.builtIn(`${trimPeriod(errorMessage(error))}; showing the built-in list.`));
    }
    if (!client) return this.withoutClient(this.builtIn('No API key is set; showing the built-in list.'));
    const identity = identityOf(client);
    if (this.pending?.identity === identity && this.pending.list) return this.pending.list;
    const entry = this.entry;
    if (!options.refresh && entry?.identity === identity && entry.expiresAt > this.now()) return entry.list;

    const pending: Pending = { identity };
    this.pending = pending;
    pending.list = this.read(client, pending);
    try {
      return await pending.list;
    } finally {
      if (this.pending === pending) this.pending = undefined;
    }
  }

  /** Forgets the list (the key or the endpoint changed); the next `list()` reads it again. */
  invalidate(): void {
    this.entry = undefined;
    this.pending = undefined;
  }

  /** Called with each list `list()` settles on (read, fallen back to, or kept after a failed read). */
  onDidChange(listener: (list: ModelList) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async read(client: Anthropic, read: Pending): Promise<ModelList> {
    const baseUrl = client.baseURL;
    try {
      const models: ModelInfo[] = [];
      const pages = client.models.list({ limit: this.pageSize, lifecycle: LIFECYCLES }, { maxRetries: 0, timeout: PAGE_TIMEOUT_MS });
      for await (const info of pages) models.push(toModelInfo(info));
      if (models.length === 0) return this.failed(read, 'The endpoint listed no models (GET /v1/models was empty)');
      return this.settle(read, { models, source: 'api', fetchedAt: this.now(), baseUrl }, LIST_TTL_MS);
    } catch (error) {
      return this.failed(read, redactSecrets(problemOf(error, baseUrl), [client.apiKey]));
    }
  }

  /** An earlier list from this endpoint stays, said to be older; otherwise the built-in list stands in. */
  private failed(read: Pending, reason: string): ModelList {
    const earlier = this.entry?.identity === read.identity && this.entry.list.source === 'api' ? this.entry.list : undefined;
    const list = earlier ? { ...earlier, problem: `${reason}; showing the list read earlier.` } : this.builtIn(`${reason}; showing the built-in list.`);
    return this.settle(read, list, FAILURE_TTL_MS);
  }

  /** No key (or no usable endpoint): nothing to read, and nothing remembered, so the next `list()` looks again. */
  private withoutClient(list: ModelList): ModelList {
    this.pending = undefined;
    this.entry = { identity: '', list, expiresAt: 0 };
    this.notify(list);
    return list;
  }

  private builtIn(problem: string): ModelList {
    return { models: [...BUILT_IN_MODELS], source: 'builtIn', fetchedAt: this.now(), problem };
  }

  /** Remembers what `read` found for `ttl` and tells the listeners, unless a newer read (or invalidate) overtook it. */
  private settle(read: Pending, list: ModelList, ttl: number): ModelList {
    if (this.pending !== read) return list;
    this.entry = { identity: read.identity, list, expiresAt: this.now() + ttl };
    this.notify(list);
    return list;
  }

  private notify(list: ModelList): void {
    for (const listener of [...this.listeners]) listener(list);
  }
}

function identityOf(client: Anthropic): string {
  return `${client.baseURL}\n${client.apiKey ?? ''}`;
}

/** The SDK's model as plain data; what the endpoint leaves out comes from the built-in list or safe defaults. */
export function toModelInfo(info: ApiModelInfo): ModelInfo {
  const known = findModel(BUILT_IN_MODELS, info.id);
  const capabilities = info.capabilities;
  return {
    id: info.id,
    displayName: info.display_name || info.id,
    contextWindow: positive(info.max_input_tokens) ?? known?.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    maxOutputTokens: positive(info.max_tokens) ?? known?.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
    capabilities: capabilities
      ? {
          image: capabilities.image_input?.supported === true,
          pdf: capabilities.pdf_input?.supported === true,
          thinking: capabilities.thinking?.supported === true,
          adaptiveThinking: capabilities.thinking?.supported === true && capabilities.thinking.types?.adaptive?.supported === true,
          effort: capabilities.effort?.supported === true ? EFFORT_LEVELS.filter((level) => capabilities.effort[level]?.supported === true) : [],
        }
      : { ...(known?.capabilities ?? ASSUMED_CAPABILITIES) },
    ...(capabilities ? {} : { assumedCapabilities: true as const }),
    lifecycle: info.lifecycle === 'deprecated' || info.lifecycle === 'retired' ? info.lifecycle : 'active',
    ...(info.deprecated_at ? { deprecatedAt: info.deprecated_at } : {}),
    ...(info.retires_at ? { retiresAt: info.retires_at } : {}),
  };
}

function positive(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** Why the list could not be read, without the trailing "showing …" (the caller says what is shown instead). */
function problemOf(error: unknown, baseUrl: string): string {
  const host = hostOf(baseUrl);
  if (error instanceof APIConnectionTimeoutError) return `${host} did not answer GET /v1/models in time`;
  if (error instanceof APIConnectionError) return `${host} could not be reached (${trimPeriod(connectionCause(error))})`;
  if (error instanceof APIError) {
    switch (error.status) {
      case 404:
        return `The endpoint has no /v1/models (404)`;
      case 401:
        return 'The API key was refused when listing models (401)';
      case 403:
        return 'The API key may not list models (403)';
      default:
        return `GET /v1/models failed (${error.status ?? 'no status'}: ${trimPeriod(apiErrorText(error))})`;
    }
  }
  return `GET /v1/models failed (${trimPeriod(errorMessage(error))})`;
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'The endpoint';
  }
}



function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function trimPeriod(text: string): string {
  return text.trim().replace(/[.!]+$/, '');
}
