import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { imageSize } from 'image-size';
import { PDFDocument } from 'pdf-lib';
import { PromptCache, cacheableSequence, type CacheUsage, type MeasuredBlock, type SequencedBlock } from './promptCache';
import { answerParamsProblem, shapeReply, type AnswerParamsBody } from './answerParams';
import { signThinking, streamToolUse, toolRequestProblem, toolUseContent, type ToolRequestBody } from './toolProtocol';
import { toolScenarioFor } from './toolScenarios';
import { FAKE_MODELS, NAMED_SCENARIOS, attachmentsReply, codeCommandReply, defaultReply, type Scenario } from './scenarios';

/**
 * A local stand-in for the Anthropic API that speaks its real wire protocol (SSE with `event:` lines, `ping`, usage
 * fields, error bodies with `request-id`, Bearer and x-api-key auth), so the real SDK runs in tests. It serves
 * `POST /v1/messages`, `POST /v1/messages/count_tokens`, `GET /v1/models` (paged) and `GET /v1/models/{id}` (from
 * FAKE_MODELS), records every request, and refuses attachments the way the API does (image type and limits, PDF
 * validity, encryption and pages, the 32 MB request limit).
 *
 * count_tokens answers `{input_tokens}` by a fixed formula, so tests can predict it exactly:
 *   each text (a string system prompt or message, a system or message text block): ceil(characters / 4)
 * + each base64 image: ceil(width × height / 750), its size read from its bytes with image-size
 * + each base64 PDF document: pages × 1500, its pages counted with pdf-lib
 * + each text document: ceil(characters of its data / 4)
 * + any other block: ceil(characters of its JSON without `cache_control` / 4)
 * with nothing for message overhead: a block counted beside a text, minus that text alone, is the block's formula.
 *
 * Messages answers simulate prompt caching (see promptCache.ts) with the same measure, so their usage's
 * input_tokens + cache_creation_input_tokens + cache_read_input_tokens is what count_tokens says of the request.
 * count_tokens itself never caches and ignores `cache_control`.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** The key the request authenticated with, from `Authorization: Bearer` or `x-api-key`. */
  apiKey: string | undefined;
  /** Set when the client closed the connection before the response ended (Stop, abort, watchdog). */
  clientAborted: boolean;
  scenario: string;
}

export interface FakeServerOptions {
  /** When set, any other key gets a 401 like the real API's. Otherwise any non-empty key is accepted. */
  validKeys?: string[];
  /** Keys that authenticate but may do nothing: every request with one gets the API's 403 permission_error. */
  forbiddenKeys?: string[];
  port?: number;
  /** The smallest prefix, in tokens, a cache breakpoint caches. Default MIN_CACHEABLE_TOKENS (1024). */
  minCacheableTokens?: number;
  /** The prompt cache's clock, in milliseconds; tests pass one they move to expire entries. Default Date.now. */
  now?: () => number;
  /** 'absent': /v1/models and /v1/models/{id} answer 404, as a gateway that serves only Messages does. Default 'served'. */
  modelsEndpoint?: 'served' | 'absent';
}

export class FakeAnthropicServer {
  readonly requests: RecordedRequest[] = [];
  /**
   * The Messages requests only (answers and titles): what most tests count. Views ask /v1/models for the model's
   * capabilities and attachments ask count_tokens in the background, at times a test does not control.
   */
  get messageRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === 'POST' && request.path === '/v1/messages');
  }
  private readonly queue: Scenario[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  private requestCounter = 0;
  private readonly abortWaiters: (() => void)[] = [];
  private readonly promptCache: PromptCache;
  /** Whether /v1/models exists; a test switches it to show a gateway without it, and back. */
  modelsEndpoint: 'served' | 'absent';

  constructor(private readonly options: FakeServerOptions = {}) {
    this.modelsEndpoint = options.modelsEndpoint ?? 'served';
    this.promptCache = new PromptCache({ minTokens: options.minCacheableTokens, now: options.now });
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const address = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  /** The next streamed request gets this scenario (first in, first out). */
  enqueue(...scenarios: Scenario[]): void {
    this.queue.push(...scenarios);
  }

  reset(): void {
    this.queue.length = 0;
    this.requests.length = 0;
    this.promptCache.clear();
  }

  /** Resolves when a client next closes a response early. */
  nextClientAbort(): Promise<void> {
    return new Promise((resolve) => this.abortWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const requestId = `req_fake_${String(++this.requestCounter).padStart(6, '0')}`;
    res.setHeader('request-id', requestId);
    const rawBytes = await readBody(req);
    const raw = rawBytes.toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const apiKey = extractKey(req.headers);
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const record: RecordedRequest = { method: req.method ?? '', path: url.pathname, headers: req.headers, body, apiKey, clientAborted: false, scenario: '' };
    this.requests.push(record);
    res.on('close', () => {
      if (!res.writableFinished) {
        record.clientAborted = true;
        this.abortWaiters.splice(0).forEach((resolve) => resolve());
      }
    });

    const route = routeOf(req.method ?? '', url.pathname);
    if ((route?.kind === 'models' || route?.kind === 'model') && this.modelsEndpoint === 'absent') {
      record.scenario = 'models-absent';
      return sendError(res, 404, 'not_found_error', `Not found: ${req.method} ${url.pathname}`, requestId);
    }
    if (!route) {
      return sendError(res, 404, 'not_found_error', `Not found: ${req.method} ${url.pathname}`, requestId);
    }
    if (!apiKey || (this.options.validKeys && !this.options.validKeys.includes(apiKey))) {
      record.scenario = 'auth';
      return sendError(res, 401, 'authentication_error', 'invalid x-api-key', requestId);
    }
    if (this.options.forbiddenKeys?.includes(apiKey)) {
      record.scenario = 'forbidden';
      return sendError(res, 403, 'permission_error', 'Your API key does not have permission to use the specified resource.', requestId);
    }
    if (!req.headers['anthropic-version']) {
      record.scenario = 'invalid';
      return sendError(res, 400, 'invalid_request_error', 'anthropic-version: header is required', requestId);
    }
    if (rawBytes.byteLength > MAX_REQUEST_BYTES) {
      record.scenario = 'too-large';
      return sendError(res, 413, 'request_too_large', 'Request exceeds the maximum allowed number of bytes.', requestId);
    }
    if (route.kind === 'models') {
      record.scenario = 'models';
      return sendModelPage(url.searchParams, res, requestId);
    }
    if (route.kind === 'model') {
      record.scenario = 'model';
      const found = FAKE_MODELS.find((model) => model.id === route.id);
      if (!found) return sendError(res, 404, 'not_found_error', `model: ${route.id}`, requestId);
      return sendJson(res, found);
    }
    const problem =
      validate(body, route.kind) ??
      toolRequestProblem(body as ToolRequestBody) ??
      (route.kind === 'messages' ? answerParamsProblem(body as AnswerParamsBody, FAKE_MODELS.find((model) => model.id === (body as MessagesBody).model)) : undefined) ??
      (await validateAttachments(body as MessagesBody));
    if (problem) {
      record.scenario = 'invalid';
      return sendError(res, 400, 'invalid_request_error', problem, requestId);
    }
    const params = body as MessagesBody;
    const sequence = cacheableSequence(params);
    if (route.kind === 'count_tokens') {
      record.scenario = 'count_tokens';
      const measured = await measureBlocks(sequence.blocks);
      return sendJson(res, { input_tokens: measured.reduce((sum, block) => sum + block.tokens, 0) });
    }
    if (sequence.problem) {
      record.scenario = 'invalid';
      return sendError(res, 400, 'invalid_request_error', sequence.problem, requestId);
    }
    const measured = await measureBlocks(sequence.blocks);
    // Called only where an answer starts: a request refused with a status neither reads nor writes the cache.
    const useCache = () => this.promptCache.use(params.model, measured);
    const [name, picked] = this.pickScenario(params);
    const scenario = shapeReply(picked, params as unknown as AnswerParamsBody);
    record.scenario = name;
    if (params.stream !== true) return sendMessage(scenario, params, res, useCache);
    await runScenario(scenario, params, res, useCache);
  }

  private pickScenario(params: MessagesBody): [string, Scenario] {
    const lastText = lastUserText(params);
    // Queued scenarios are for streamed answers; a side request (a title: non-streaming, "Question: … Answer: …")
    // gets a title made of the question's first words, unless it names a scenario.
    const marker = /\[scenario:([\w-]+)\]/.exec(lastText);
    // Found behind the host's tool_result turns too: see toolScenarios.ts.
    const toolStep = toolScenarioFor(params as ToolRequestBody);
    if (params.stream !== true) {
      if (toolStep) return toolStep;
      // Only the question counts: the answer quoted after it may list scenario markers (the default reply does).
      const question = /Question:\n([\s\S]*?)\n\nAnswer:/.exec(lastText)?.[1] ?? lastText;
      const asked = /\[scenario:([\w-]+)\]/.exec(question);
      if (asked && NAMED_SCENARIOS[asked[1]]) return [asked[1], NAMED_SCENARIOS[asked[1]]];
      return ['title', { kind: 'reply', text: fakeTitle(lastText) }];
    }
    const queued = this.queue.shift();
    if (queued) return ['queued', queued];
    if (toolStep) return toolStep;
    if (marker && NAMED_SCENARIOS[marker[1]]) return [marker[1], NAMED_SCENARIOS[marker[1]]];
    const code = codeCommandReply(lastText, systemText(params));
    if (code) return [code.name, code.scenario];
    const attached = describeAttachments(params);
    if (attached.length > 0) return ['attachments', attachmentsReply(attached, lastText)];
    return ['default', defaultReply(lastText)];
  }
}

interface MessagesBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: unknown;
  messages: { role: string; content: string | ContentBlock[] }[];
  /** Automatic caching: a breakpoint on the last block. */
  cache_control?: unknown;
}

interface ContentBlock {
  type: string;
  text?: string;
  source?: { type?: string; media_type?: string; data?: unknown };
}

/** The API's request body limit, "32 MB" (the smaller, decimal reading, as src/shared/attachmentRules.ts takes it). */
const MAX_REQUEST_BYTES = 32_000_000;
const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
/** image-size's names of the four image types. */
const IMAGE_TYPE_NAMES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp' };
/** The per-image limit applies to the base64 text, as the API's refusal shows (see src/shared/attachmentRules.ts). */
const MAX_IMAGE_BASE64_BYTES = 5 * 1024 * 1024;
const MAX_IMAGE_SIDE = 8000;
const MANY_IMAGES_MAX_SIDE = 2000;
const MANY_IMAGES_THRESHOLD = 20;
const MAX_PDF_PAGES = 100;
/** count_tokens' price of a PDF page in this fake (the API says "about 1.5–3k tokens" a page). */
const FAKE_TOKENS_PER_PDF_PAGE = 1500;

type Route = { kind: 'messages' } | { kind: 'count_tokens' } | { kind: 'models' } | { kind: 'model'; id: string };

function routeOf(method: string, path: string): Route | undefined {
  if (method === 'POST' && path === '/v1/messages') return { kind: 'messages' };
  if (method === 'POST' && path === '/v1/messages/count_tokens') return { kind: 'count_tokens' };
  if (method === 'GET' && path === '/v1/models') return { kind: 'models' };
  const model = /^\/v1\/models\/([^/]+)$/.exec(path);
  if (method === 'GET' && model) return { kind: 'model', id: decodeURIComponent(model[1]) };
  return undefined;
}

function extractKey(headers: http.IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length) || undefined;
  const key = headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

/** The checks the real API makes that a client bug could trip (the anthropic-version header is checked first). count_tokens takes no max_tokens and no stream. */
function validate(body: unknown, kind: 'messages' | 'count_tokens'): string | undefined {
  if (typeof body !== 'object' || body === null) return 'Request body must be a JSON object';
  const params = body as Record<string, unknown>;
  for (const removed of kind === 'count_tokens' ? ['temperature', 'top_p', 'top_k', 'max_tokens', 'stream'] : ['temperature', 'top_p', 'top_k']) {
    if (removed in params) return `${removed}: Extra inputs are not permitted`;
  }
  if (typeof params.model !== 'string' || params.model.length === 0) return 'model: Field required';
  if (kind === 'messages' && (typeof params.max_tokens !== 'number' || !Number.isInteger(params.max_tokens) || params.max_tokens < 1)) return 'max_tokens: Field required';
  if (!Array.isArray(params.messages) || params.messages.length === 0) return 'messages: at least one message is required';
  const messages = params.messages as MessagesBody['messages'];
  if (messages[0].role !== 'user') return 'messages: first message must use the "user" role';
  for (const [i, message] of messages.entries()) {
    if (message.role !== 'user' && message.role !== 'assistant') return `messages.${i}.role: Input should be 'user' or 'assistant'`;
    if (Array.isArray(message.content)) {
      for (const [j, block] of message.content.entries()) {
        if (block.type === 'text' && (typeof block.text !== 'string' || block.text.length === 0)) {
          return `messages.${i}.content.${j}.text: text content blocks must be non-empty`;
        }
      }
    } else if (typeof message.content !== 'string' || message.content.length === 0) {
      return `messages.${i}.content: must be a non-empty string or a list of blocks`;
    }
  }
  return undefined;
}

function lastUserText(params: MessagesBody): string {
  const last = [...params.messages].reverse().find((m) => m.role === 'user');
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content
    .filter((block) => block.type === 'text')
    .map((block) => block.text ?? '')
    .join('\n');
}

/** What the last user turn attached, one line each, as the demo's answer describes it. */
function describeAttachments(params: MessagesBody): string[] {
  const last = [...params.messages].reverse().find((m) => m.role === 'user');
  if (!last || typeof last.content === 'string') return [];
  const lines: string[] = [];
  for (const block of last.content as (ContentBlock & { title?: string })[]) {
    const bytes = block.source?.type === 'base64' ? decodeBase64(block.source.data) : undefined;
    if (block.type === 'image' && bytes) {
      const size = measure(bytes);
      lines.push(`an image (${block.source?.media_type}, ${size ? `${size.width}×${size.height} px, ` : ''}${Math.round(bytes.length / 1024)} KB)`);
    } else if (block.type === 'document' && block.source?.type === 'text') {
      const text = typeof block.source.data === 'string' ? block.source.data : '';
      lines.push(`a text document titled "${block.title ?? ''}" (${text.split('\n').length} lines)`);
    } else if (block.type === 'document' && bytes) {
      lines.push(`a PDF titled "${block.title ?? ''}" (${Math.round(bytes.length / 1024)} KB)`);
    }
  }
  return lines;
}

/** The request's system prompt as one text (the API takes a string or a list of text blocks). */
function systemText(params: MessagesBody): string {
  if (typeof params.system === 'string') return params.system;
  if (!Array.isArray(params.system)) return '';
  return params.system.map((block: { text?: unknown }) => (typeof block?.text === 'string' ? block.text : '')).join('\n');
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: http.ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/**
 * One page of FAKE_MODELS, as `GET /v1/models?limit&after_id&before_id&lifecycle[]` pages the real list: active and
 * deprecated models unless `lifecycle[]` names the stages wanted (retired ones only when asked for).
 */
function sendModelPage(query: URLSearchParams, res: http.ServerResponse, requestId: string): void {
  const limit = query.has('limit') ? Number(query.get('limit')) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return sendError(res, 400, 'invalid_request_error', 'limit: Input should be between 1 and 1000', requestId);
  const stages = query.getAll('lifecycle[]');
  const unknownStage = stages.find((stage) => !['active', 'deprecated', 'retired'].includes(stage));
  if (unknownStage !== undefined) return sendError(res, 400, 'invalid_request_error', `lifecycle: Input should be 'active', 'deprecated' or 'retired'`, requestId);
  const wanted = stages.length > 0 ? stages : ['active', 'deprecated'];
  const listed = FAKE_MODELS.filter((model) => wanted.includes(model.lifecycle));
  const ids = listed.map((model) => model.id);
  const afterId = query.get('after_id');
  const beforeId = query.get('before_id');
  for (const cursor of [afterId, beforeId]) {
    if (cursor !== null && !ids.includes(cursor)) return sendError(res, 400, 'invalid_request_error', `Unknown model id in cursor: ${cursor}`, requestId);
  }
  let start = afterId !== null ? ids.indexOf(afterId) + 1 : 0;
  let end = beforeId !== null ? ids.indexOf(beforeId) : ids.length;
  // Paging backwards takes the `limit` models just before the cursor.
  if (beforeId !== null && afterId === null) start = Math.max(0, end - limit);
  else end = Math.min(end, start + limit);
  const data = listed.slice(start, end);
  const hasMore = beforeId !== null && afterId === null ? start > 0 : end < ids.length;
  sendJson(res, { data, has_more: hasMore, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null });
}

/** What an image or document block holds: checked as the API checks it, with its error text, or undefined. */
async function validateAttachments(params: MessagesBody): Promise<string | undefined> {
  const images = params.messages.flatMap((message) => (Array.isArray(message.content) ? message.content.filter((block) => block.type === 'image') : [])).length;
  for (const [i, message] of params.messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [j, block] of message.content.entries()) {
      const at = `messages.${i}.content.${j}`;
      if (block.type === 'image' && block.source?.type === 'base64') {
        const problem = imageProblem(block.source, images > MANY_IMAGES_THRESHOLD);
        if (problem) return `${at}.image.source.base64${problem}`;
      }
      if (block.type === 'document' && block.source?.type === 'base64') {
        const problem = await pdfProblem(block.source);
        if (problem) return `${at}.document.source.base64${problem}`;
      }
      if (block.type === 'document' && block.source?.type === 'text' && (block.source.media_type !== 'text/plain' || typeof block.source.data !== 'string')) {
        return `${at}.document.source.text: media_type must be 'text/plain' and data a string`;
      }
    }
  }
  return undefined;
}

function imageProblem(source: NonNullable<ContentBlock['source']>, manyImages: boolean): string | undefined {
  const mediaType = String(source.media_type);
  if (!IMAGE_MEDIA_TYPES.includes(mediaType)) return `.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
  const bytes = decodeBase64(source.data);
  if (!bytes) return '.data: Invalid base64 data';
  const encoded = String(source.data).length;
  if (encoded > MAX_IMAGE_BASE64_BYTES) return `: image exceeds 5 MB maximum: ${encoded} bytes > ${MAX_IMAGE_BASE64_BYTES} bytes`;
  const size = measure(bytes);
  if (!size || !IMAGE_TYPE_NAMES[size.type]) return `.data: The image was specified using the ${mediaType} media type, but does not appear to be a valid image`;
  if (IMAGE_TYPE_NAMES[size.type] !== mediaType) return `.data: The image was specified using the ${mediaType} media type, but the image appears to be a ${IMAGE_TYPE_NAMES[size.type]} image`;
  if (Math.max(size.width, size.height) > MAX_IMAGE_SIDE) return `.data: At least one of the image dimensions exceed max allowed size: ${MAX_IMAGE_SIDE} pixels`;
  if (manyImages && Math.max(size.width, size.height) > MANY_IMAGES_MAX_SIDE) {
    return `.data: At least one of the image dimensions exceed max allowed size for many-image requests: ${MANY_IMAGES_MAX_SIDE} pixels`;
  }
  return undefined;
}

async function pdfProblem(source: NonNullable<ContentBlock['source']>): Promise<string | undefined> {
  if (source.media_type !== 'application/pdf') return `.media_type: Input should be 'application/pdf'`;
  const bytes = decodeBase64(source.data);
  if (!bytes) return '.data: Invalid base64 data';
  const pages = await pdfPages(bytes);
  if (pages === 'encrypted') return '.data: The PDF specified is encrypted and cannot be processed.';
  if (pages === undefined) return '.data: The PDF specified was not valid.';
  if (pages > MAX_PDF_PAGES) return `.data: A maximum of ${MAX_PDF_PAGES} PDF pages may be provided.`;
  return undefined;
}

function decodeBase64(data: unknown): Buffer | undefined {
  if (typeof data !== 'string' || data.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) return undefined;
  return Buffer.from(data, 'base64');
}

function measure(bytes: Uint8Array): { type: string; width: number; height: number } | undefined {
  try {
    const size = imageSize(bytes);
    return { type: size.type ?? '', width: size.width, height: size.height };
  } catch {
    return undefined;
  }
}

async function pdfPages(bytes: Uint8Array): Promise<number | 'encrypted' | undefined> {
  try {
    const document = await PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    if (document.isEncrypted) return 'encrypted';
    const pages = document.getPageCount();
    return pages > 0 ? pages : undefined;
  } catch {
    return undefined;
  }
}

/** Each block's tokens, by the formula in the comment at the top of this file. */
function measureBlocks(blocks: SequencedBlock[]): Promise<MeasuredBlock[]> {
  return Promise.all(blocks.map(async (block) => ({ ...block, tokens: await blockTokens(block.block as ContentBlock) })));
}

async function blockTokens(block: ContentBlock): Promise<number> {
  const quarter = (text: string) => Math.ceil(text.length / 4);
  if (block.type === 'text') return quarter(block.text ?? '');
  if (block.type === 'image' && block.source?.type === 'base64') {
    const size = measure(decodeBase64(block.source.data) ?? new Uint8Array());
    return size ? Math.ceil((size.width * size.height) / 750) : 0;
  }
  if (block.type === 'document' && block.source?.type === 'base64') {
    const pages = await pdfPages(decodeBase64(block.source.data) ?? new Uint8Array());
    return typeof pages === 'number' ? pages * FAKE_TOKENS_PER_PDF_PAGE : 0;
  }
  if (block.type === 'document' && block.source?.type === 'text') return quarter(String(block.source.data ?? ''));
  return quarter(JSON.stringify(block));
}

function sendError(res: http.ServerResponse, status: number, type: string, message: string, requestId: string, extraHeaders: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...extraHeaders });
  res.end(JSON.stringify({ type: 'error', error: { type, message }, request_id: requestId }));
}

function fakeTitle(prompt: string): string {
  const question = /Question:\n(.*)/.exec(prompt)?.[1] ?? prompt;
  const words = question.replace(/[^\p{L}\p{N}\s]/gu, '').split(/\s+/).filter(Boolean).slice(0, 5);
  return `"${words.join(' ') || 'Untitled'}"`;
}

/** A non-streaming answer: the whole Message as JSON, as `messages.create()` without `stream` gets it. */
function sendMessage(scenario: Scenario, params: MessagesBody, res: http.ServerResponse, useCache: () => CacheUsage): void {
  const requestId = String(res.getHeader('request-id'));
  if (scenario.kind === 'status') {
    const headers: Record<string, string> = scenario.retryAfter !== undefined ? { 'retry-after': scenario.retryAfter } : {};
    return sendError(res, scenario.status, scenario.errorType, scenario.message, requestId, headers);
  }
  if (scenario.kind === 'toolUse') {
    const content = toolUseContent(scenario);
    const usage = { ...useCache(), output_tokens: Math.ceil(JSON.stringify(content).length / 4) };
    return sendJson(res, { id: `msg_fake_${requestId.slice(-6)}`, type: 'message', role: 'assistant', model: params.model, content, stop_reason: 'tool_use', stop_sequence: null, usage });
  }
  if (scenario.kind !== 'reply') return sendError(res, 500, 'api_error', `Scenario ${scenario.kind} only exists for streaming`, requestId);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: `msg_fake_${requestId.slice(-6)}`,
      type: 'message',
      role: 'assistant',
      model: params.model,
      content: [{ type: 'text', text: scenario.text }],
      stop_reason: scenario.stopReason ?? 'end_turn',
      stop_sequence: null,
      usage: { ...useCache(), output_tokens: Math.ceil(scenario.text.length / 4) },
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runScenario(scenario: Scenario, params: MessagesBody, res: http.ServerResponse, useCache: () => CacheUsage): Promise<void> {
  const requestId = String(res.getHeader('request-id'));
  if (scenario.kind === 'status') {
    const headers: Record<string, string> = {};
    if (scenario.retryAfter !== undefined) headers['retry-after'] = scenario.retryAfter;
    if (scenario.shouldRetry !== undefined) headers['x-should-retry'] = String(scenario.shouldRetry);
    return sendError(res, scenario.status, scenario.errorType, scenario.message, requestId, headers);
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (event: string, data: unknown) => {
    if (!res.destroyed) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  send('message_start', {
    type: 'message_start',
    message: {
      id: `msg_fake_${requestId.slice(-6)}`,
      type: 'message',
      role: 'assistant',
      model: params.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...useCache(), output_tokens: 1 },
    },
  });
  send('ping', { type: 'ping' });

  switch (scenario.kind) {
    case 'stallAfterStart':
      // Hold the connection open, sending nothing, until the client gives up.
      await new Promise<void>((resolve) => res.on('close', () => resolve()));
      return;
    case 'malformed':
      res.write('event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n');
      res.write('event: some_future_event\ndata: {"type":"some_future_event"}\n\n');
      res.write('event: content_block_delta\ndata: {not json\n\n');
      res.end();
      return;
    case 'midStreamError':
    case 'connectionDrop': {
      send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: scenario.textBefore } });
      await sleep(20);
      if (scenario.kind === 'connectionDrop') {
        if (scenario.reset) res.socket?.resetAndDestroy();
        else res.socket?.destroy();
        return;
      }
      send('error', { type: 'error', error: { type: scenario.errorType ?? 'overloaded_error', message: scenario.errorMessage ?? 'Overloaded' } });
      res.end();
      return;
    }
    case 'toolUse':
      return streamToolUse(scenario, send, res);
    case 'reply': {
      let index = 0;
      let outputTokens = 0;
      if (scenario.thinking) {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        for (const piece of chunks(scenario.thinking, scenario.chunkSize ?? 12)) {
          send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
          if (scenario.delayMs) await sleep(scenario.delayMs);
        }
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: signThinking(scenario.thinking) } });
        send('content_block_stop', { type: 'content_block_stop', index });
        index++;
      }
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      if (scenario.unknownEvents) {
        send('future_event', { type: 'future_event', detail: 'an event type this SDK does not know' });
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'future_delta', payload: 'a delta type this SDK does not know' } });
      }
      for (const piece of chunks(scenario.text, scenario.chunkSize ?? 12)) {
        if (res.destroyed) return;
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } });
        outputTokens++;
        if (scenario.delayMs) await sleep(scenario.delayMs);
      }
      send('content_block_stop', { type: 'content_block_stop', index });
      send('message_delta', {
        type: 'message_delta',
        delta: {
          stop_reason: scenario.stopReason ?? 'end_turn',
          stop_sequence: scenario.stopSequence ?? null,
          ...(scenario.refusal ? { stop_details: { type: 'refusal', ...scenario.refusal } } : {}),
        },
        usage: { output_tokens: outputTokens },
      });
      send('message_stop', { type: 'message_stop' });
      res.end();
      return;
    }
  }
}

function* chunks(text: string, size: number): Generator<string> {
  const characters = Array.from(text); // never split a surrogate pair
  for (let i = 0; i < characters.length; i += size) yield characters.slice(i, i + size).join('');
}
