/**
 * The prompt cache over a 10-turn demo conversation: the real request builder and SDK stream against the fake
 * server's cache simulation (test/fakes/promptCache.ts: the API's rules, 1,024-token minimum, 20-block lookback),
 * with caching at 5 minutes, 1 hour and off, side by side. The questions are a code review's, the answers the demo's.
 */
import { requestReply } from '../src/api/requestReply';
import { DEFAULT_SETTINGS } from '../src/config/settingsSchema';
import type { ChatMessage, Usage } from '../src/shared/conversation';
import { formatUsd, turnCost } from '../src/shared/cost';
import type { PromptCaching } from '../src/shared/promptCaching';
import { cacheHitRate, sumUsage, totalInputTokens } from '../src/shared/usage';
import { FakeAnthropicServer } from '../test/fakes/anthropicServer';
import { defaultReply } from '../test/fakes/scenarios';
import type { BenchRow } from './store.bench';

const QUESTIONS = [
  'Can you review this function?\n```ts\nexport function total(items: { price: number; qty: number }[]) {\n  let sum = 0;\n  for (const item of items) sum += item.price * item.qty;\n  return sum;\n}\n```',
  'Would a reduce be clearer here?',
  'What about rounding to cents?',
  'Should negative quantities be rejected?',
  'How would you test it?',
  'Write the tests with node:test, please.',
  'And one for an empty list?',
  'Is the name `total` good enough?',
  'Summarise the changes we agreed on.',
  'Thanks! Anything else worth doing?',
];

async function converse(server: FakeAnthropicServer, caching: PromptCaching): Promise<Usage[]> {
  server.reset();
  const history: ChatMessage[] = [];
  const usages: Usage[] = [];
  for (const [index, question] of QUESTIONS.entries()) {
    history.push({ id: `u${index}`, parentId: history.at(-1)?.id ?? null, role: 'user', blocks: [{ type: 'text', text: question }], status: 'complete', createdAt: 0 });
    // The demo's answer, sent at once (the demo streams it slowly for show).
    const text = (defaultReply(question) as { text: string }).text;
    server.enqueue({ kind: 'reply', text, chunkSize: 400 });
    const outcome = await requestReply({
      apiKey: 'sk-ant-bench-key-0123456789',
      endpoint: { kind: 'endpoint', baseUrl: server.url },
      settings: { model: DEFAULT_SETTINGS.model, maxTokens: DEFAULT_SETTINGS.maxTokens, systemPrompt: DEFAULT_SETTINGS.systemPrompt, caching },
      history,
      messageId: `a${index}`,
      signal: new AbortController().signal,
      idleTimeoutMs: 30_000,
      emit: () => undefined,
    });
    if (!outcome.usage) throw new Error(`turn ${index + 1} (${caching}) reported no usage: ${outcome.status}`);
    usages.push(outcome.usage);
    history.push({ id: `a${index}`, parentId: `u${index}`, role: 'assistant', blocks: [{ type: 'text', text }], status: 'complete', createdAt: 0 });
  }
  return usages;
}

/** Input in "full-price tokens": writes cost 1.25× (5 min) or 2× (1 h), reads 0.1× (the published multipliers). */
function billedInput(usage: Usage): number {
  const oneHour = usage.cacheCreation1hInputTokens ?? 0;
  const fiveMinutes = usage.cacheCreation5mInputTokens ?? usage.cacheCreationInputTokens - oneHour;
  return usage.inputTokens + 1.25 * fiveMinutes + 2 * oneHour + 0.1 * usage.cacheReadInputTokens;
}

function priced(usage: Usage): number {
  const cost = turnCost(usage, DEFAULT_SETTINGS.model);
  if (!cost.known) throw new Error(`no built-in price for ${DEFAULT_SETTINGS.model}`);
  return cost.usd;
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const count = (value: number) => Math.round(value).toLocaleString('en-US');

export async function runPromptCacheBench(): Promise<BenchRow[]> {
  const server = new FakeAnthropicServer();
  await server.start();
  try {
    const runs: Record<PromptCaching, Usage[]> = { '5m': await converse(server, '5m'), '1h': await converse(server, '1h'), off: await converse(server, 'off') };
    const total = (caching: PromptCaching) => sumUsage(runs[caching]);
    const rows: BenchRow[] = [];
    for (const caching of ['5m', '1h', 'off'] as const) {
      const sum = total(caching);
      const firstHit = runs[caching].findIndex((usage) => usage.cacheReadInputTokens > 0);
      rows.push({
        label: `caching ${caching}: hit rate over 10 turns`,
        value: percent(cacheHitRate(sum)),
        note: `reads ${count(sum.cacheReadInputTokens)} of ${count(totalInputTokens(sum))} input tokens; first read at turn ${firstHit < 0 ? '—' : firstHit + 1}; last turn ${percent(cacheHitRate(runs[caching].at(-1)!))}`,
      });
    }
    const off = runs.off.reduce((sum, usage) => sum + billedInput(usage), 0);
    for (const caching of ['5m', '1h'] as const) {
      const on = runs[caching].reduce((sum, usage) => sum + billedInput(usage), 0);
      rows.push({ label: `input billed at full-price rate, ${caching} vs off`, value: `${count(on)} / ${count(off)}`, note: `${(on / off).toFixed(2)}× (writes 1.25× or 2×, reads 0.1×)` });
    }
    // What the conversation costs at the built-in list prices (src/shared/pricing.ts), as the status bar shows it.
    const dollars = (caching: PromptCaching) => runs[caching].reduce((sum, usage) => sum + priced(usage), 0);
    for (const caching of ['5m', '1h'] as const) {
      rows.push({ label: `cost of the 10 turns on ${DEFAULT_SETTINGS.model}, ${caching} vs off`, value: `${formatUsd(dollars(caching))} / ${formatUsd(dollars('off'))}`, note: `${(dollars(caching) / dollars('off')).toFixed(2)}× (output included)` });
    }
    return rows;
  } finally {
    await server.stop();
  }
}
