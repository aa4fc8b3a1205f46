import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NAMED_SCENARIOS, codeCommandReply, defaultReply, type Scenario } from './scenarios';

/**
 * A local stand-in for the Anthropic Messages API that speaks its real wire protocol (SSE with `event:` lines,
 * `ping`, usage fields, error bodies with `request-id`, Bearer and x-api-key auth), so the real SDK runs in tests.
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
  port?: number;
}

export class FakeAnthropicServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Scenario[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<import('node:net').Socket>();
  private requestCounter = 0;
  private readonly abortWaiters: (() => void)[] = [];

  constructor(private readonly options: FakeServerOptions = {}) {
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
    const raw = await readBody(req);
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

    if (req.method !== 'POST' || url.pathname !== '/v1/messages') {
      return sendError(res, 404, 'not_found_error', `Not found: ${req.method} ${url.pathname}`, requestId);
    }
    if (!apiKey || (this.options.validKeys && !this.options.validKeys.includes(apiKey))) {
      record.scenario = 'auth';
      return sendError(res, 401, 'authentication_error', 'invalid x-api-key', requestId);
    }
    const problem = validate(req.headers, body);
    if (problem) {
      record.scenario = 'invalid';
      return sendError(res, 400, 'invalid_request_error', problem, requestId);
    }
    const params = body as MessagesBody;
    const [name, scenario] = this.pickScenario(params);
    record.scenario = name;
    if (params.stream !== true) return sendMessage(scenario, params, res);
    await runScenario(scenario, params, res);
  }

  private pickScenario(params: MessagesBody): [string, Scenario] {
    const lastText = lastUserText(params);
    // Queued scenarios are for streamed answers; a side request (a title: non-streaming, "Question: … Answer: …")
    // gets a title made of the question's first words, unless it names a scenario.
    const marker = /\[scenario:([\w-]+)\]/.exec(lastText);
    if (params.stream !== true) {
      // Only the question counts: the answer quoted after it may list scenario markers (the default reply does).
      const question = /Question:\n([\s\S]*?)\n\nAnswer:/.exec(lastText)?.[1] ?? lastText;
      const asked = /\[scenario:([\w-]+)\]/.exec(question);
      if (asked && NAMED_SCENARIOS[asked[1]]) return [asked[1], NAMED_SCENARIOS[asked[1]]];
      return ['title', { kind: 'reply', text: fakeTitle(lastText) }];
    }
    const queued = this.queue.shift();
    if (queued) return ['queued', queued];
    if (marker && NAMED_SCENARIOS[marker[1]]) return [marker[1], NAMED_SCENARIOS[marker[1]]];
    const code = codeCommandReply(lastText, systemText(params));
    if (code) return [code.name, code.scenario];
    return ['default', defaultReply(lastText)];
  }
}

interface MessagesBody {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: unknown;
  messages: { role: string; content: string | { type: string; text?: string }[] }[];
}

function extractKey(headers: http.IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string' && auth.startsWith('Bearer ')) return auth.slice('Bearer '.length) || undefined;
  const key = headers['x-api-key'];
  return typeof key === 'string' && key.length > 0 ? key : undefined;
}

/** The checks the real API makes that a client bug could trip. */
function validate(headers: http.IncomingHttpHeaders, body: unknown): string | undefined {
  if (!headers['anthropic-version']) return 'anthropic-version: header is required';
  if (typeof body !== 'object' || body === null) return 'Request body must be a JSON object';
  const params = body as Record<string, unknown>;
  for (const removed of ['temperature', 'top_p', 'top_k']) {
    if (removed in params) return `${removed}: Extra inputs are not permitted`;
  }
  if (typeof params.model !== 'string' || params.model.length === 0) return 'model: Field required';
  if (typeof params.max_tokens !== 'number' || !Number.isInteger(params.max_tokens) || params.max_tokens < 1) return 'max_tokens: Field required';
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
  return last.content.map((block) => block.text ?? '').join('\n');
}

/** The request's system prompt as one text (the API takes a string or a list of text blocks). */
function systemText(params: MessagesBody): string {
  if (typeof params.system === 'string') return params.system;
  if (!Array.isArray(params.system)) return '';
  return params.system.map((block: { text?: unknown }) => (typeof block?.text === 'string' ? block.text : '')).join('\n');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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
function sendMessage(scenario: Scenario, params: MessagesBody, res: http.ServerResponse): void {
  const requestId = String(res.getHeader('request-id'));
  if (scenario.kind === 'status') {
    const headers: Record<string, string> = scenario.retryAfter !== undefined ? { 'retry-after': scenario.retryAfter } : {};
    return sendError(res, scenario.status, scenario.errorType, scenario.message, requestId, headers);
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
      usage: { input_tokens: Math.ceil(JSON.stringify(params.messages).length / 4), output_tokens: Math.ceil(scenario.text.length / 4), cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runScenario(scenario: Scenario, params: MessagesBody, res: http.ServerResponse): Promise<void> {
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
  const inputTokens = Math.ceil(JSON.stringify(params.messages).length / 4);
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
      usage: { input_tokens: inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
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
        res.socket?.destroy();
        return;
      }
      send('error', { type: 'error', error: { type: scenario.errorType ?? 'overloaded_error', message: scenario.errorMessage ?? 'Overloaded' } });
      res.end();
      return;
    }
    case 'reply': {
      let index = 0;
      let outputTokens = 0;
      if (scenario.thinking) {
        send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        for (const piece of chunks(scenario.thinking, scenario.chunkSize ?? 12)) {
          send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } });
          if (scenario.delayMs) await sleep(scenario.delayMs);
        }
        send('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: 'fake-signature' } });
        send('content_block_stop', { type: 'content_block_stop', index });
        index++;
      }
      send('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
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
          stop_sequence: null,
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
