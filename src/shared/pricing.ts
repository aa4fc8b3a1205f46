/**
 * What each model costs, in USD per million tokens (MTok). /v1/models returns no prices, so the extension ships this
 * dated table and the user can override or extend it with `claudeChat.pricing` (parsePriceOverrides). A model that is
 * in neither has no price: its cost is shown as unknown, never guessed from a neighbour.
 *
 * Prices are list prices for the standard tier on the Claude API: no Batch discount, no fast mode, no data-residency
 * surcharge (the chat uses none of them).
 */

export interface ModelPrice {
  /** Input that was neither read from nor written to the cache. */
  input: number;
  output: number;
  /** Cache writes kept 5 minutes (`ephemeral_5m_input_tokens`), usually 1.25× input. */
  cacheWrite5m: number;
  /** Cache writes kept 1 hour (`ephemeral_1h_input_tokens`), usually 2× input. */
  cacheWrite1h: number;
  /** Cache hits and refreshes, usually 0.1× input. */
  cacheRead: number;
  /**
   * For models priced by prompt length: the rates of a request whose prompt (input + cache writes + cache reads) is
   * longer than `aboveInputTokens`, applied to all of that request's tokens, output included.
   */
  longPrompt?: LongPromptPrice;
}

export interface LongPromptPrice extends Omit<ModelPrice, 'longPrompt'> {
  aboveInputTokens: number;
}

/** The user's prices (claudeChat.pricing), by model id: a family id or a dated snapshot id. */
export type PriceOverrides = Readonly<Record<string, ModelPrice>>;

/** The day the built-in prices were last checked against their sources. */
export const PRICING_TABLE_DATE = '2026-11-10';

/** Where they come from, for the setting's description and the cost tooltip. */
export const PRICING_SOURCE = 'https://platform.claude.com/docs/en/about-claude/pricing';

/** The standard cache multipliers of input, used where the pricing page lists only input and output, and for overrides. */
export const CACHE_WRITE_5M_MULTIPLIER = 1.25;
export const CACHE_WRITE_1H_MULTIPLIER = 2;
export const CACHE_READ_MULTIPLIER = 0.1;

function price(input: number, cacheWrite5m: number, cacheWrite1h: number, cacheRead: number, output: number): ModelPrice {
  return { input, output, cacheWrite5m, cacheWrite1h, cacheRead };
}

/**
 * Built-in prices by model family id (a dated snapshot id such as `claude-sonnet-4-5-20250929` prices as its family).
 * Columns: input, 5-minute cache write, 1-hour cache write, cache read, output.
 * Sources, as of PRICING_TABLE_DATE:
 * - the pricing page (PRICING_SOURCE): the Fable, Mythos and Opus 4–5 rows;
 * - the model overview pages (platform.claude.com/docs/en/models/<model>/overview): Opus 5.5, Sonnet 5, Sonnet 5.5
 *   and Haiku 5.5 (the overview gives Haiku 5.5 "from $0.10 / $0.50"; its two bands come from the guides and price
 *   trackers that copied the pricing page, which agree);
 * - Sonnet 5.5's cache reads went from $0.20 to $0.10 on 2026-10-07 (several price trackers' release notes, checked
 *   against the pricing page); turns from before that day are priced at today's rate;
 * - Sonnet 4.5, Sonnet 4.6 and Haiku 4.5: the pricing page and the overviews' comparison tables give input and
 *   output; their cache prices are the standard multipliers;
 * - Fable 5.2 (released 2026-11-09): its list price as copied by resellers and price trackers (the stored copy of the
 *   pricing page predates it). Mythos 5.2 has no published price found: it is left out, so its cost shows as unknown.
 */
export const BUILT_IN_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-fable-5-2': price(8, 10, 16, 0.2, 40),
  'claude-fable-5-1': price(10, 12.5, 20, 0.25, 50),
  'claude-mythos-5-1': price(10, 12.5, 20, 0.25, 50),
  'claude-fable-5': price(10, 12.5, 20, 1, 50),
  'claude-mythos-5': price(10, 12.5, 20, 1, 50),
  'claude-opus-5-5': price(4, 5, 8, 0.2, 20),
  'claude-opus-5': price(5, 6.25, 10, 0.5, 25),
  'claude-opus-4-8': price(5, 6.25, 10, 0.5, 25),
  'claude-opus-4-7': price(5, 6.25, 10, 0.5, 25),
  'claude-opus-4-6': price(5, 6.25, 10, 0.5, 25),
  'claude-opus-4-5': price(5, 6.25, 10, 0.5, 25),
  'claude-opus-4-1': price(15, 18.75, 30, 1.5, 75),
  'claude-opus-4': price(15, 18.75, 30, 1.5, 75),
  'claude-sonnet-5-5': price(2, 2.5, 4, 0.1, 10),
  'claude-sonnet-5': price(2, 2.5, 4, 0.2, 10),
  'claude-sonnet-4-6': price(3, 3.75, 6, 0.3, 15),
  'claude-sonnet-4-5': price(3, 3.75, 6, 0.3, 15),
  'claude-sonnet-4': price(3, 3.75, 6, 0.3, 15),
  'claude-haiku-5-5': { ...price(0.1, 0.125, 0.2, 0.01, 0.5), longPrompt: { aboveInputTokens: 100_000, ...price(0.5, 0.625, 1, 0.05, 2.5) } },
  'claude-haiku-4-5': price(1, 1.25, 2, 0.1, 5),
};

/** A dated snapshot id (`<family>-YYYYMMDD`) names its family; any other id is its own family. */
export function modelFamily(model: string): string {
  return model.replace(/-\d{8}$/, '');
}

/**
 * The price of `model`: the user's price for that exact id, else theirs for its family, else the built-in one for
 * its family; undefined when none is known.
 */
export function priceFor(model: string, overrides: PriceOverrides = {}): ModelPrice | undefined {
  return findPrice(model, overrides)?.price;
}

/** As priceFor, and whether the price is the user's (`override`) or the built-in table's. */
export function findPrice(model: string, overrides: PriceOverrides = {}): { price: ModelPrice; source: 'override' | 'builtIn' } | undefined {
  const family = modelFamily(model);
  const mine = own(overrides, model) ?? own(overrides, family);
  if (mine) return { price: mine, source: 'override' };
  const builtIn = own(BUILT_IN_PRICES, family);
  return builtIn ? { price: builtIn, source: 'builtIn' } : undefined;
}

/** Only the record's own entries: a model id such as "constructor" or "__proto__" must not find Object's members. */
function own(table: Readonly<Record<string, ModelPrice>>, key: string): ModelPrice | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

const MAX_MODEL_ID_LENGTH = 200;
const PRICE_FIELDS = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const;
const SETTING = 'claudeChat.pricing';

/**
 * The user's prices from `claudeChat.pricing`: an object of model id → `{ input, output, cacheWrite5m?,
 * cacheWrite1h?, cacheRead? }` in USD per million tokens. `input` and `output` are required; a missing cache price is
 * the standard multiple of input. An entry with a bad value is left out whole (a half-priced model would show a
 * wrong cost), and each problem names the entry and the field.
 */
export function parsePriceOverrides(raw: unknown): { overrides: Record<string, ModelPrice>; problems: string[] } {
  const overrides: Record<string, ModelPrice> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { overrides, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`${SETTING} must be an object of model id → prices in USD per million tokens, e.g. { "claude-sonnet-5-5": { "input": 2, "output": 10 } }; using the built-in prices.`);
    return { overrides, problems };
  }
  for (const [rawId, entry] of Object.entries(raw as Record<string, unknown>)) {
    const model = rawId.trim();
    const label = `${SETTING}["${printable(rawId)}"]`;
    if (model.length === 0 || model.length > MAX_MODEL_ID_LENGTH) {
      problems.push(`${label}: the model id must be 1 to ${MAX_MODEL_ID_LENGTH} characters; ignored.`);
      continue;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${label} must be an object such as { "input": 2, "output": 10 }; ignored.`);
      continue;
    }
    const fields = entry as Record<string, unknown>;
    // A misspelt cache field would otherwise fall back to the default multiple without a word.
    const unknown = Object.keys(fields).filter((field) => !(PRICE_FIELDS as readonly string[]).includes(field));
    if (unknown.length > 0) problems.push(`${label}: ${unknown.map((field) => `"${printable(field)}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not a price field (${PRICE_FIELDS.join(', ')}); ignored.`);
    const wrong = PRICE_FIELDS.filter((field) => !isPrice(fields[field]) && (fields[field] !== undefined || field === 'input' || field === 'output'));
    if (wrong.length > 0) {
      problems.push(`${label}: ${wrong.map((field) => `${field} ${fields[field] === undefined ? 'is required' : 'must be a number of dollars, 0 or more'}`).join('; ')}; ignored.`);
      continue;
    }
    const input = fields.input as number;
    const price: ModelPrice = {
      input,
      output: fields.output as number,
      cacheWrite5m: (fields.cacheWrite5m as number | undefined) ?? multiple(input, CACHE_WRITE_5M_MULTIPLIER),
      cacheWrite1h: (fields.cacheWrite1h as number | undefined) ?? multiple(input, CACHE_WRITE_1H_MULTIPLIER),
      cacheRead: (fields.cacheRead as number | undefined) ?? multiple(input, CACHE_READ_MULTIPLIER),
    };
    // Defined, not assigned: assigning to "__proto__" would replace the record's prototype instead of adding a model.
    Object.defineProperty(overrides, model, { value: price, enumerable: true, writable: true, configurable: true });
  }
  return { overrides, problems };
}

/** `input × multiplier` without floating-point dust (0.3 × 0.1 is 0.030000000000000002): to a hundred-millionth of a dollar. */
function multiple(input: number, multiplier: number): number {
  return Math.round(input * multiplier * 1e8) / 1e8;
}

function isPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A key quoted in a problem: short and on one line. */
function printable(text: string): string {
  const oneLine = [...text].map((char) => (char.charCodeAt(0) < 0x20 || char === '\u007f' || char === '"' || char === '\\' ? ' ' : char)).join('');
  return oneLine.length > 60 ? `${oneLine.slice(0, 60)}…` : oneLine;
}
