import type { ReplyEndpoint } from '../shared/endpoint';
import { DEFAULT_BASE_URL } from '../shared/endpoint';
import { findModel, type ModelList } from '../shared/modelInfo';
import type { AttachmentAcceptance } from '../shared/protocol';
import { createAnthropicClient } from './clientFactory';

export interface CapabilityRequest {
  apiKey: string;
  endpoint: ReplyEndpoint;
  model: string;
}

export interface ModelCapabilitiesOptions {
  /** The clock, for tests. */
  now?: () => number;
  /** The model list a picker read (src/api/modelCatalog.ts): a model in it is answered without asking again. */
  catalog?: { cached(): ModelList | undefined };
}

/** When /v1/models says nothing (a gateway without it, no network, a refused endpoint): offered, not promised. */
const ASSUMED: AttachmentAcceptance = { image: true, pdf: true, known: false };
/** A model's capabilities do not change while VS Code runs; an hour keeps a long session from trusting stale data. */
const ANSWER_TTL_MS = 60 * 60 * 1000;
/** A failure (offline, a gateway's 404) is asked again after a few minutes, not at every attachment. */
const FAILURE_TTL_MS = 3 * 60 * 1000;
/** A question, not a conversation: one attempt, answered quickly or assumed. */
const REQUEST_TIMEOUT_MS = 10_000;

interface Entry {
  acceptance: Promise<AttachmentAcceptance>;
  expiresAt: number;
}

/**
 * Whether a model reads images and PDFs, from `GET /v1/models/{model}` (capabilities.image_input and pdf_input),
 * remembered per (base URL, model), or from the catalog's list when it names the model (opening the model picker
 * has then read it already). Never rejects: when the answer is not available both are assumed, with `known: false`
 * so the view can say so.
 */
export class ModelCapabilities {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;
  private readonly catalog: ModelCapabilitiesOptions['catalog'];

  constructor(options: ModelCapabilitiesOptions = {}) {
    this.now = options.now ?? Date.now;
    this.catalog = options.catalog;
  }

  accepts(request: CapabilityRequest): Promise<AttachmentAcceptance> {
    const { endpoint } = request;
    if (endpoint.kind === 'refused') return Promise.resolve(ASSUMED);
    const listed = this.fromCatalog(endpoint.baseUrl ?? DEFAULT_BASE_URL, request.model);
    if (listed) return Promise.resolve(listed);
    const key = `${endpoint.baseUrl ?? DEFAULT_BASE_URL}\n${request.model}`;
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.acceptance;
    // Stored before it settles, so that questions asked meanwhile share the one request.
    const entry: Entry = { acceptance: this.ask(request.apiKey, endpoint, request.model, (ttl) => (entry.expiresAt = this.now() + ttl)), expiresAt: Number.POSITIVE_INFINITY };
    this.entries.set(key, entry);
    return entry.acceptance;
  }

  /** Forgets every answer (the key or the endpoint changed). */
  invalidate(): void {
    this.entries.clear();
  }

  /** The catalog's answer when it holds a list read from this endpoint that names the model. */
  private fromCatalog(baseUrl: string, model: string): AttachmentAcceptance | undefined {
    const list = this.catalog?.cached();
    if (list?.source !== 'api' || list.baseUrl === undefined || withoutTrailingSlash(list.baseUrl) !== withoutTrailingSlash(baseUrl)) return undefined;
    const info = findModel(list.models, model);
    if (!info) return undefined;
    return info.assumedCapabilities ? ASSUMED : { image: info.capabilities.image, pdf: info.capabilities.pdf, known: true };
  }

  private async ask(apiKey: string, { baseUrl, extraHeaders }: { baseUrl: string | undefined; extraHeaders?: Readonly<Record<string, string>> }, model: string, keepFor: (ttl: number) => void): Promise<AttachmentAcceptance> {
    try {
      const client = createAnthropicClient({ apiKey, baseUrl, extraHeaders, headersTimeoutMs: REQUEST_TIMEOUT_MS });
      const info = await client.models.retrieve(model, {}, { maxRetries: 0 });
      keepFor(ANSWER_TTL_MS);
      const capabilities = info.capabilities;
      if (!capabilities) return ASSUMED;
      return { image: capabilities.image_input?.supported === true, pdf: capabilities.pdf_input?.supported === true, known: true };
    } catch {
      keepFor(FAILURE_TTL_MS);
      return ASSUMED;
    }
  }
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
