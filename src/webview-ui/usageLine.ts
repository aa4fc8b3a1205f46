import type { Usage } from '../shared/conversation';
import { formatCostUnits, formatUsd, type TurnCost } from '../shared/cost';
import { PRICING_TABLE_DATE } from '../shared/pricing';
import { totalInputTokens } from '../shared/usage';
import { h } from './dom';

const count = new Intl.NumberFormat('en-US');

/**
 * The share of the input read from the cache, in whole percent rounded down: 99.6% is 99%, so 100% means that
 * all of the input was read. Computed on integers, as the float rate times 100 would floor 57/100 to 56.
 */
export function cachedPercent(usage: Usage): number {
  const total = totalInputTokens(usage);
  return total === 0 ? 0 : Math.floor((usage.cacheReadInputTokens * 100) / total);
}

/**
 * The answer's usage in one short line: "12,345 in · 678 out · 91% cached · $0.0123" (the cached part only when the
 * cache was read; the cost when one is given, "cost unknown" when it has none).
 */
export function usageSummary(usage: Usage, cost?: TurnCost): string {
  return [...usageParts(usage), ...(cost ? [costSummary(cost)] : [])].join(' · ');
}

/** The turn's cost as the line shows it. */
export function costSummary(cost: TurnCost): string {
  return cost.known ? formatCostUnits(cost.units) : 'cost unknown';
}

/**
 * Where the cost comes from, or why there is none and what to do, for the cost's tooltip and screen readers:
 * "Estimated cost $0.0123 at the built-in prices of 2026-11-10: input $0.0020, cache reads $0.0003, output $0.0100."
 */
export function costBreakdown(cost: TurnCost): string {
  if (!cost.known) {
    switch (cost.reason) {
      case 'unpriced':
        return `Cost unknown: no price is known for ${cost.model}. Add its prices in USD per million tokens to the claudeChat.pricing setting, e.g. "${cost.model}": { "input": …, "output": … }.`;
      case 'unrecorded':
        return 'Cost unknown: the model of this answer was not recorded.';
      case 'invalidUsage':
        return 'Cost unknown: the token counts recorded for this answer are not valid.';
    }
  }
  const prices = cost.source === 'override' ? 'your prices (claudeChat.pricing)' : `the built-in prices of ${PRICING_TABLE_DATE}`;
  const rates = cost.longPrompt ? ', long-prompt rates' : '';
  const labels: [keyof typeof cost.parts, string][] = [
    ['input', 'input'],
    ['cacheWrite5m', '5-min cache writes'],
    ['cacheWrite1h', '1-h cache writes'],
    ['cacheRead', 'cache reads'],
    ['output', 'output'],
  ];
  const parts = labels.filter(([key]) => cost.parts[key] > 0).map(([key, label]) => `${label} ${formatUsd(cost.parts[key])}`);
  return `Estimated cost ${formatCostUnits(cost.units)} at ${prices}${rates}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.`;
}

function usageParts(usage: Usage): string[] {
  const parts = [`${count.format(totalInputTokens(usage))} in`, `${count.format(usage.outputTokens)} out`];
  if (usage.cacheReadInputTokens > 0) {
    const percent = cachedPercent(usage);
    // A few tokens read from a large input floor to 0%, which would say the cache was not read at all.
    parts.push(percent === 0 ? '<1% cached' : `${percent}% cached`);
  }
  return parts;
}

/**
 * Where the line's numbers come from, in words, for its tooltip and for screen readers:
 * "Input 12,345 tokens: 1,000 new, 11,000 read from the cache, 345 written to the cache (5 min: 345, 1 h: 0). Output 678 tokens."
 */
export function usageBreakdown(usage: Usage, cost?: TurnCost): string {
  const { cacheCreation5mInputTokens: fiveMinutes, cacheCreation1hInputTokens: oneHour } = usage;
  // The TTL split only when the API gave it: without it nothing says how the writes divide.
  const split = fiveMinutes !== undefined && oneHour !== undefined ? ` (5 min: ${count.format(fiveMinutes)}, 1 h: ${count.format(oneHour)})` : '';
  const input = `${count.format(usage.inputTokens)} new, ${count.format(usage.cacheReadInputTokens)} read from the cache, ${count.format(usage.cacheCreationInputTokens)} written to the cache${split}`;
  return `Input ${tokens(totalInputTokens(usage))}: ${input}. Output ${tokens(usage.outputTokens)}.${cost ? ` ${costBreakdown(cost)}` : ''}`;
}

function tokens(n: number): string {
  return `${count.format(n)} ${n === 1 ? 'token' : 'tokens'}`;
}

/**
 * The line under a finished answer. The short form is what the eye reads and the tooltip explains it; a screen
 * reader gets the breakdown instead, as "in · out" abbreviations read aloud say little.
 */
export function usageLine(usage: Usage, cost?: TurnCost): HTMLElement {
  const summary = h('span', { className: 'usage-summary', title: usageBreakdown(usage), 'aria-hidden': 'true' });
  // Each part keeps its number and word together; a narrow sidebar breaks the line only before a "·".
  usageParts(usage).forEach((part, index) => {
    if (index > 0) summary.append(' ');
    summary.append(h('span', { className: 'usage-part' }, index > 0 ? `· ${part}` : part));
  });
  // The cost has its own tooltip: where the price comes from, or how to add one.
  if (cost) summary.append(' ', h('span', { className: `usage-part usage-cost${cost.known ? '' : ' is-unknown'}`, title: costBreakdown(cost) }, `· ${costSummary(cost)}`));
  return h('span', { className: 'usage-line' }, summary, h('span', { className: 'visually-hidden' }, usageBreakdown(usage, cost)));
}
