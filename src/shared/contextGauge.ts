import type { ChatError } from './chatError';

/**
 * How full the model's context window will be with the next request: the conversation so far, the system prompt,
 * the draft and its attachments. Shown before sending, at every size (a gauge that appears only near the limit is
 * noticed too late), and used to stop a request that cannot fit before anything is uploaded.
 */
export interface GaugeReading {
  /** Input tokens of the next request. */
  usedTokens: number;
  /** The model's context window: the most input tokens it reads (max_input_tokens); the answer shares it. */
  contextWindow: number;
  /** The answer's room (max_tokens), taken out of the same window. */
  reservedOutputTokens: number;
  /** `counted`: the API's count_tokens said so; `estimated`: characters ÷ 3 and the attachments' own estimates. */
  source: 'counted' | 'estimated';
}

/**
 * `over`: the request's input alone is larger than the window, and the API would refuse it ("prompt is too long");
 * `full` from 90 % (counting the answer's room: past 100 % the answer may be cut short by the window), `high` from 70 %.
 */
export type GaugeLevel = 'ok' | 'high' | 'full' | 'over';

const HIGH_SHARE = 0.7;
const FULL_SHARE = 0.9;

/**
 * The share of the window the request takes with its answer's room: the answer has to fit too, so a conversation
 * that leaves no room for it is as full as one whose input alone fills the window.
 */
export function gaugeShare(reading: GaugeReading): number {
  const window = nonNegative(reading.contextWindow);
  if (window === 0) return 0;
  return (nonNegative(reading.usedTokens) + answerRoom(reading)) / window;
}

/** A window of 0 is one not known: nothing is judged (and nothing refused) against it. */
export function gaugeLevel(reading: GaugeReading): GaugeLevel {
  const window = nonNegative(reading.contextWindow);
  if (window === 0) return 'ok';
  if (nonNegative(reading.usedTokens) > window) return 'over';
  const share = gaugeShare(reading);
  if (share >= FULL_SHARE) return 'full';
  if (share >= HIGH_SHARE) return 'high';
  return 'ok';
}

/** A model with a larger window, offered when the request does not fit this one. */
export interface LargerModel {
  id: string;
  contextWindow: number;
}

export interface FitContext {
  /** The conversation's model, named in the message. */
  model?: string;
  /** The unsent turn carries attachments: removing some is one way out. */
  hasAttachments: boolean;
  /** A model id, or one with its window, whose window would hold the request. */
  largerModel?: string | LargerModel;
}

/**
 * Why the next request cannot be sent, and what to do: start a new chat (the earlier turns are what is re-sent),
 * remove attachments, or pick a model with a larger window. Undefined when it fits.
 */
export function fitProblem(reading: GaugeReading, context: FitContext): ChatError | undefined {
  if (gaugeLevel(reading) !== 'over') return undefined;
  const model = context.model ? context.model : 'the model';
  const size =
    `The next request would be ${reading.source === 'counted' ? '' : 'about '}${formatCount(reading.usedTokens)} tokens, ` +
    `more than the ${formatCount(reading.contextWindow)} tokens ${model} can read (its context window), so the API would refuse it.`;
  const options = ['start a new chat (this conversation’s earlier turns are sent with every message)'];
  if (context.hasAttachments) options.push('remove attachments from this message');
  const larger = typeof context.largerModel === 'string' ? { id: context.largerModel, contextWindow: 0 } : context.largerModel;
  if (larger) options.push(`pick a model with a larger window (${larger.id}${larger.contextWindow > 0 ? `: ${formatTokens(larger.contextWindow)} tokens` : ''})`);
  else options.push('pick a model with a larger context window');
  return {
    kind: 'tooLarge',
    title: `This message does not fit ${model === 'the model' ? 'the model’s' : `${model}’s`} context window.`,
    detail: `${size} Nothing was sent. To go on, ${joinChoices(options)}.`,
    // Your text stays in the composer: New Chat starts over, Pick Model changes this conversation's model.
    actions: ['newChat', 'pickModel'],
  };
}

/** The gauge's tooltip: the numbers behind the bar and where they come from. */
export function gaugeDescription(reading: GaugeReading): string {
  const base =
    `Next request: ${formatCount(reading.usedTokens)} tokens of the model's ${formatCount(reading.contextWindow)}-token window ` +
    `(${formatCount(answerRoom(reading))} kept for the answer). ` +
    (reading.source === 'counted' ? 'Counted by the API.' : 'Estimated.');
  if (gaugeLevel(reading) === 'over') return `${base}\nIt cannot fit: start a new chat, remove attachments, or pick a model with a larger window.`;
  const left = nonNegative(reading.contextWindow) - nonNegative(reading.usedTokens);
  if (left < answerRoom(reading)) return `${base}\nOnly ${formatCount(left)} tokens are left for the answer: it may be cut short.`;
  return base;
}

/** Short token counts for a narrow header: 999, 1.2K, 12.4K, 200K, 1M, 1.5M. */
export function formatTokens(n: number): string {
  const value = nonNegative(n);
  if (value < 999.5) return String(Math.round(value));
  if (value < 999_500) return `${compact(value / 1000)}K`;
  return `${compact(value / 1_000_000)}M`;
}

/** One decimal below 100, none from there; a trailing ".0" is dropped. */
function compact(value: number): string {
  if (value >= 99.95) return String(Math.round(value));
  return value.toFixed(1).replace(/\.0$/, '');
}

function formatCount(value: number): string {
  return Math.round(nonNegative(value)).toLocaleString('en-US');
}

function joinChoices(options: readonly string[]): string {
  if (options.length <= 1) return options.join('');
  return `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
}

/** The answer's room (max_tokens), at most the whole window. */
function answerRoom(reading: GaugeReading): number {
  return Math.min(nonNegative(reading.reservedOutputTokens), nonNegative(reading.contextWindow));
}

function nonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}
