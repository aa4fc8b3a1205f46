import { createHash } from 'node:crypto';

/**
 * The fake server's prompt cache, deterministic and checked as strictly as the API checks it, so tests and the demo
 * see cache writes and reads exactly where the real API would report them.
 *
 * A request's cacheable sequence is its system blocks then every message's content blocks (a string counts as one
 * text block). A breakpoint is a block carrying `cache_control`, or the last block when the request has a top-level
 * `cache_control` (automatic caching). At each breakpoint the cache is searched for the prefix ending there or at one
 * of the 20 blocks before it; the longest prefix found is read. Each breakpoint after it then writes its prefix, if
 * that prefix is at least the minimum cacheable length. Entries are keyed by the model and the exact prefix (its
 * blocks without their `cache_control`), and live for their TTL from their last write or read.
 */

/** The API's smallest cacheable prefix for Sonnet-class models (others need 512 to 4096); a server may set its own. */
export const MIN_CACHEABLE_TOKENS = 1024;
export const MAX_CACHE_BREAKPOINTS = 4;
/** How many blocks before a breakpoint the API looks for an earlier cache entry. */
export const CACHE_LOOKBACK_BLOCKS = 20;
export const CACHE_TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;
export type CacheTtl = keyof typeof CACHE_TTL_MS;

/** One block of the cacheable sequence: the block as it is hashed (no `cache_control`), and its breakpoint's TTL. */
export interface SequencedBlock {
  block: unknown;
  breakpoint?: CacheTtl;
}

export interface MeasuredBlock extends SequencedBlock {
  tokens: number;
}

/** The input part of the API's `usage`: input_tokens + cache_creation_input_tokens + cache_read_input_tokens is the whole input. */
export interface CacheUsage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
}

interface CacheableRequest {
  tools?: unknown;
  system?: unknown;
  messages: { content: unknown }[];
  cache_control?: unknown;
}

/**
 * The request's blocks in cache order, with their breakpoints. `problem` is the API's 400 message when the breakpoints
 * are invalid; the blocks are still given, for count_tokens, which ignores `cache_control`.
 */
export function cacheableSequence(params: CacheableRequest): { blocks: SequencedBlock[]; problem?: string } {
  const blocks: SequencedBlock[] = [];
  let problem: string | undefined;
  const add = (block: unknown, path: string) => {
    if (typeof block !== 'object' || block === null) {
      blocks.push({ block });
      return;
    }
    const { cache_control: control, ...rest } = block as Record<string, unknown>;
    const type = String(rest.type);
    if (control !== undefined && control !== null && (type === 'thinking' || type === 'redacted_thinking')) {
      problem ??= `${path}.${type}.cache_control: Extra inputs are not permitted`;
    }
    const ttl = readControl(control, `${path}.cache_control`);
    if (typeof ttl === 'object') problem ??= ttl.problem;
    blocks.push({ block: rest, breakpoint: typeof ttl === 'string' ? ttl : undefined });
  };
  // The API's prefix order is tools, system, messages: tool definitions are counted and cached first.
  if (Array.isArray(params.tools)) params.tools.forEach((tool, j) => add(tool, `tools.${j}`));
  if (typeof params.system === 'string') add({ type: 'text', text: params.system }, 'system');
  else if (Array.isArray(params.system)) params.system.forEach((block, j) => add(block, `system.${j}`));
  params.messages.forEach((message, i) => {
    if (Array.isArray(message.content)) message.content.forEach((block, j) => add(block, `messages.${i}.content.${j}`));
    else add({ type: 'text', text: message.content }, `messages.${i}.content`);
  });
  const automatic = readControl(params.cache_control, 'cache_control');
  if (typeof automatic === 'object') problem ??= automatic.problem;
  // Automatic caching puts its breakpoint on the last block; a last block with its own breakpoint keeps that one.
  const last = blocks.at(-1);
  if (typeof automatic === 'string' && last && !last.breakpoint) last.breakpoint = automatic;
  return { blocks, problem: problem ?? breakpointProblem(blocks) };
}

/** A breakpoint's TTL, nothing for no `cache_control`, or the API's message for a malformed one. */
function readControl(control: unknown, path: string): CacheTtl | { problem: string } | undefined {
  if (control === undefined || control === null) return undefined;
  if (typeof control !== 'object' || (control as { type?: unknown }).type !== 'ephemeral') return { problem: `${path}.type: Input should be 'ephemeral'` };
  const ttl = (control as { ttl?: unknown }).ttl ?? '5m';
  if (ttl !== '5m' && ttl !== '1h') return { problem: `${path}.ttl: Input should be '5m' or '1h'` };
  return ttl;
}

function breakpointProblem(blocks: SequencedBlock[]): string | undefined {
  const ttls = blocks.flatMap((block) => (block.breakpoint ? [block.breakpoint] : []));
  if (ttls.length > MAX_CACHE_BREAKPOINTS) return `A maximum of ${MAX_CACHE_BREAKPOINTS} blocks with cache_control may be provided. Found ${ttls.length}.`;
  // A longer-lived entry behind a shorter-lived one could outlive the prefix it extends.
  const first5m = ttls.indexOf('5m');
  if (first5m >= 0 && ttls.lastIndexOf('1h') > first5m) {
    return "A cache_control with ttl='1h' must not come after one with ttl='5m'. Blocks are processed in the order: tools, system, messages.";
  }
  return undefined;
}

export interface PromptCacheOptions {
  /** The smallest prefix, in tokens, that a breakpoint caches. Default MIN_CACHEABLE_TOKENS. */
  minTokens?: number;
  /** Milliseconds since any fixed origin; tests pass a clock they move. Default Date.now. */
  now?: () => number;
}

export class PromptCache {
  private readonly entries = new Map<string, { ttl: CacheTtl; expiresAt: number }>();
  private readonly minTokens: number;
  private readonly now: () => number;

  constructor(options: PromptCacheOptions = {}) {
    this.minTokens = options.minTokens ?? MIN_CACHEABLE_TOKENS;
    this.now = options.now ?? Date.now;
  }

  /** Reads and writes the cache as the API does for one Messages request, and says how its input splits. */
  use(model: string, blocks: readonly MeasuredBlock[]): CacheUsage {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
    const keys = prefixKeys(model, blocks);
    const tokensThrough: number[] = [];
    blocks.forEach((block, i) => tokensThrough.push((tokensThrough[i - 1] ?? 0) + block.tokens));
    const total = tokensThrough.at(-1) ?? 0;
    const breakpoints = blocks.flatMap((block, i) => (block.breakpoint ? [i] : []));

    let read = -1;
    for (const at of breakpoints) {
      for (let i = at; i >= Math.max(0, at - CACHE_LOOKBACK_BLOCKS); i--) {
        if (this.entries.has(keys[i])) {
          read = Math.max(read, i);
          break;
        }
      }
    }
    const readEntry = read >= 0 ? this.entries.get(keys[read]) : undefined;
    if (readEntry) readEntry.expiresAt = now + CACHE_TTL_MS[readEntry.ttl];

    const written = { '5m': 0, '1h': 0 };
    let cachedThrough = read;
    for (const at of breakpoints) {
      const ttl = blocks[at].breakpoint;
      if (at <= read || !ttl || tokensThrough[at] < this.minTokens) continue;
      this.entries.set(keys[at], { ttl, expiresAt: now + CACHE_TTL_MS[ttl] });
      // The blocks since the previous cached point are written by this breakpoint, at its TTL.
      written[ttl] += tokensThrough[at] - (tokensThrough[cachedThrough] ?? 0);
      cachedThrough = at;
    }
    const readTokens = read >= 0 ? tokensThrough[read] : 0;
    const creation = written['5m'] + written['1h'];
    return {
      input_tokens: total - readTokens - creation,
      cache_creation_input_tokens: creation,
      cache_read_input_tokens: readTokens,
      cache_creation: { ephemeral_5m_input_tokens: written['5m'], ephemeral_1h_input_tokens: written['1h'] },
    };
  }

  clear(): void {
    this.entries.clear();
  }
}

/** For each position, a hash of the model and every block up to it: equal keys mean equal prefixes. */
function prefixKeys(model: string, blocks: readonly SequencedBlock[]): string[] {
  let previous = createHash('sha256').update(model).digest('hex');
  return blocks.map((block) => {
    previous = createHash('sha256').update(previous).update(JSON.stringify(block.block)).digest('hex');
    return previous;
  });
}
