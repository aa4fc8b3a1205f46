/**
 * What answers cost, from the usage the API reported and the price table (pricing.ts). Computed in whole units of
 * 10⁻¹⁴ USD with BigInt: a price in USD per million tokens is a whole number of 10⁻⁸ USD (to eight decimals, finer
 * than any list price or its cache multiples), so tokens × price is exact, and so is any sum of turns. Floating point
 * only appears when a total is turned into dollars to be shown.
 */
import type { ChatMessage, Usage } from './conversation';
import { findPrice, type ModelPrice, type PriceOverrides } from './pricing';
import { cacheHitRate, sumUsage } from './usage';

/** Cost units in one US dollar: a token at 10⁻⁸ USD per million tokens costs one unit. */
export const COST_UNITS_PER_USD = 10n ** 14n;
const PRICE_UNITS_PER_USD = 1e8;

/** The cost of each kind of token, in USD. */
export interface CostParts {
  input: number;
  cacheWrite5m: number;
  cacheWrite1h: number;
  cacheRead: number;
  output: number;
}

/**
 * Why a turn has no cost: no price for its model (`unpriced`), no model recorded on the message (`unrecorded`), or
 * token counts that are not whole numbers of tokens (`invalidUsage`, a damaged file).
 */
export type UnknownCostReason = 'unpriced' | 'unrecorded' | 'invalidUsage';

export type TurnCost =
  | {
      known: true;
      usd: number;
      /** The exact cost in COST_UNITS_PER_USD units: sum these, never `usd`. */
      units: bigint;
      parts: CostParts;
      /** The model's long-prompt rates applied (the prompt was longer than its threshold). */
      longPrompt: boolean;
      /** Whose price: the user's (claudeChat.pricing) or the built-in table's (of PRICING_TABLE_DATE). */
      source: 'override' | 'builtIn';
    }
  | { known: false; model: string | undefined; reason: UnknownCostReason };

/**
 * The cost of one answer. Without the TTL split (older files, or an API that did not send `cache_creation`), every
 * cache write is priced as a 5-minute one, the cheaper and by far the more common kind: the API splits the writes
 * whenever it reports them, so this only concerns answers recorded before the split was kept.
 */
export function turnCost(usage: Usage, model: string | undefined, prices: PriceOverrides = {}): TurnCost {
  if (model === undefined || model.length === 0) return { known: false, model: undefined, reason: 'unrecorded' };
  const found = findPrice(model, prices);
  if (!found) return { known: false, model, reason: 'unpriced' };
  const { price, source } = found;
  const counts = [usage.inputTokens, usage.outputTokens, usage.cacheReadInputTokens, usage.cacheCreationInputTokens, usage.cacheCreation5mInputTokens ?? 0, usage.cacheCreation1hInputTokens ?? 0];
  if (!counts.every((count) => Number.isSafeInteger(count) && count >= 0)) return { known: false, model, reason: 'invalidUsage' };

  const writes = usage.cacheCreationInputTokens;
  const split = usage.cacheCreation5mInputTokens !== undefined && usage.cacheCreation1hInputTokens !== undefined;
  // The split adds up to the writes; should a record disagree, the writes' total is what was counted, so the 1-hour
  // part comes from the split and the rest is 5-minute.
  const oneHour = split ? Math.min(usage.cacheCreation1hInputTokens ?? 0, writes) : 0;
  const fiveMinutes = writes - oneHour;

  const promptTokens = usage.inputTokens + writes + usage.cacheReadInputTokens;
  const long = price.longPrompt !== undefined && promptTokens > price.longPrompt.aboveInputTokens;
  const rates: Omit<ModelPrice, 'longPrompt'> = long && price.longPrompt ? price.longPrompt : price;
  const parts = {
    input: tokenCost(usage.inputTokens, rates.input),
    cacheWrite5m: tokenCost(fiveMinutes, rates.cacheWrite5m),
    cacheWrite1h: tokenCost(oneHour, rates.cacheWrite1h),
    cacheRead: tokenCost(usage.cacheReadInputTokens, rates.cacheRead),
    output: tokenCost(usage.outputTokens, rates.output),
  };
  const units = parts.input + parts.cacheWrite5m + parts.cacheWrite1h + parts.cacheRead + parts.output;
  return {
    known: true,
    usd: toUsd(units),
    units,
    parts: { input: toUsd(parts.input), cacheWrite5m: toUsd(parts.cacheWrite5m), cacheWrite1h: toUsd(parts.cacheWrite1h), cacheRead: toUsd(parts.cacheRead), output: toUsd(parts.output) },
    longPrompt: long,
    source,
  };
}

function tokenCost(tokens: number, usdPerMillion: number): bigint {
  return BigInt(tokens) * BigInt(Math.round(usdPerMillion * PRICE_UNITS_PER_USD));
}

/** Cost units as dollars (the nearest double; exact sums stay in units). */
export function toUsd(units: bigint): number {
  return Number(units) / Number(COST_UNITS_PER_USD);
}

/**
 * The cost of one answer as a message holds it. A continued answer (Continue after max_tokens) took more than one
 * request: each is priced on its own (a long-prompt rate depends on each request's prompt, not on their sum), and the
 * costs are added.
 */
export function messageCost(message: Pick<ChatMessage, 'usage' | 'usageParts' | 'model'>, prices: PriceOverrides = {}): TurnCost | undefined {
  if (!message.usage) return undefined;
  const requests = message.usageParts && message.usageParts.length > 0 ? message.usageParts : [message.usage];
  const costs = requests.map((usage) => turnCost(usage, message.model, prices));
  const unknown = costs.find((cost) => !cost.known);
  if (unknown) return unknown;
  const known = costs as Extract<TurnCost, { known: true }>[];
  const units = known.reduce((sum, cost) => sum + cost.units, 0n);
  const part = (key: keyof CostParts) => known.reduce((sum, cost) => sum + cost.parts[key], 0);
  return {
    known: true,
    usd: toUsd(units),
    units,
    parts: { input: part('input'), cacheWrite5m: part('cacheWrite5m'), cacheWrite1h: part('cacheWrite1h'), cacheRead: part('cacheRead'), output: part('output') },
    longPrompt: known.some((cost) => cost.longPrompt),
    source: known.some((cost) => cost.source === 'override') ? 'override' : 'builtIn',
  };
}

export interface ConversationCost {
  /** What the priced answers cost; a lower bound when `complete` is false. */
  usd: number;
  units: bigint;
  /** Every answer with usage was priced. */
  complete: boolean;
  /** Answers with usage (every branch), and how many of them have no cost. */
  turns: number;
  unpricedTurns: number;
  /** Models with no price that answered in this conversation, sorted. */
  unknownModels: string[];
  /** All the answers' tokens added up (usage.ts sumUsage), and the share of their input read from the cache. */
  usage: Usage;
  cacheHitRate: number;
}

/**
 * What a conversation cost so far: every answer that has usage, on every branch. An edited question or a
 * regenerated answer leaves the earlier one as a branch the transcript may not show, but each was a request that was
 * billed, so the total is the bill rather than the cost of the path on screen. A stopped or failed answer that
 * reported usage was billed too and counts.
 */
export function conversationCost(messages: readonly ChatMessage[], prices: PriceOverrides = {}): ConversationCost {
  const usages: Usage[] = [];
  const unknownModels = new Set<string>();
  let units = 0n;
  let unpricedTurns = 0;
  for (const message of messages) {
    if (message.role !== 'assistant' || !message.usage) continue;
    usages.push(message.usage);
    const cost = messageCost(message, prices);
    if (!cost) continue;
    if (cost.known) {
      units += cost.units;
      continue;
    }
    unpricedTurns++;
    if (cost.reason === 'unpriced' && cost.model !== undefined) unknownModels.add(cost.model);
  }
  const usage = sumUsage(usages);
  return {
    usd: toUsd(units),
    units,
    complete: unpricedTurns === 0,
    turns: usages.length,
    unpricedTurns,
    unknownModels: [...unknownModels].sort(),
    usage,
    cacheHitRate: cacheHitRate(usage),
  };
}

const UNITS_PER_TEN_THOUSANDTH = COST_UNITS_PER_USD / 10_000n;
const UNITS_PER_CENT = COST_UNITS_PER_USD / 100n;

/**
 * Dollars as the chat shows them: four decimals under a dollar ("$0.0123"), cents from a dollar up ("$1.23",
 * "$1,234.56"), "<$0.0001" for a cost too small to show and "$0.00" for none. Rounded half up on the exact value.
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return 'cost unknown';
  // usd came from exact units: scaling back recovers them (to the double's precision, far below a cent).
  return formatCostUnits(BigInt(Math.round(Math.max(0, usd) * Number(COST_UNITS_PER_USD))));
}

/** As formatUsd, from exact cost units. */
export function formatCostUnits(units: bigint): string {
  if (units <= 0n) return '$0.00';
  if (units < UNITS_PER_TEN_THOUSANDTH) return '<$0.0001';
  const tenThousandths = (units + UNITS_PER_TEN_THOUSANDTH / 2n) / UNITS_PER_TEN_THOUSANDTH;
  if (tenThousandths < 10_000n) return `$0.${tenThousandths.toString().padStart(4, '0')}`;
  const cents = (units + UNITS_PER_CENT / 2n) / UNITS_PER_CENT;
  const dollars = (cents / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `$${dollars}.${(cents % 100n).toString().padStart(2, '0')}`;
}
