import type { Usage } from './conversation';

/** Everything the request's input cost in tokens: uncached input, cache writes and cache reads together. */
export function totalInputTokens(usage: Usage): number {
  return usage.inputTokens + usage.cacheCreationInputTokens + usage.cacheReadInputTokens;
}

/** The share of the input read from the prompt cache (reads / total input), 0 when there was no input. */
export function cacheHitRate(usage: Usage): number {
  const total = totalInputTokens(usage);
  return total === 0 ? 0 : usage.cacheReadInputTokens / total;
}

/** Usage of several answers added up, field by field (the TTL split only where every answer had it). */
export function sumUsage(usages: readonly Usage[]): Usage {
  const sum: Usage = { inputTokens: 0, outputTokens: 0, cacheReadInputTokens: 0, cacheCreationInputTokens: 0 };
  let split = usages.length > 0;
  let fiveMinutes = 0;
  let oneHour = 0;
  for (const usage of usages) {
    sum.inputTokens += usage.inputTokens;
    sum.outputTokens += usage.outputTokens;
    sum.cacheReadInputTokens += usage.cacheReadInputTokens;
    sum.cacheCreationInputTokens += usage.cacheCreationInputTokens;
    if (usage.cacheCreation5mInputTokens === undefined || usage.cacheCreation1hInputTokens === undefined) split = false;
    fiveMinutes += usage.cacheCreation5mInputTokens ?? 0;
    oneHour += usage.cacheCreation1hInputTokens ?? 0;
  }
  if (split) {
    sum.cacheCreation5mInputTokens = fiveMinutes;
    sum.cacheCreation1hInputTokens = oneHour;
  }
  return sum;
}
