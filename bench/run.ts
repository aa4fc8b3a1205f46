/**
 * Runs every benchmark in bench/ and prints its table. Numbers are printed, not asserted: they depend on the
 * machine, and the ratios next to them are what carry the claims. `node out/bench/run.js` after a tests build.
 */
import { runAttachBench, runAttachBytesBench, runAttachOpenBench } from './attachments.bench';
import { runPromptCacheBench } from './promptCache.bench';
import { formatRows, runStoreBench, type BenchRow } from './store.bench';
import { runToolsBench } from './tools.bench';
import { runLongConversationBench, runRenderBench } from './webview/browserBench';
import { runBytesBench } from './webview/bytesBench';

const BENCHES: { name: string; title: string; run: () => Promise<BenchRow[]> }[] = [
  { name: 'store', title: 'conversation store (median of several runs)', run: runStoreBench },
  { name: 'bytes', title: 'host → webview bytes for one streamed answer (simulated clock)', run: runBytesBench },
  { name: 'render', title: 'streaming Markdown render, main-thread time in Chromium (forced layout per frame)', run: runRenderBench },
  { name: 'open', title: 'opening a 1,000-message conversation in the real webview (Chromium)', run: runLongConversationBench },
  { name: 'attach', title: 'attaching a 12 MP photo, pick to chip: host ingest + the view’s downscaler in Chromium', run: runAttachBench },
  { name: 'attach-open', title: 'opening a 200-message conversation with 20 screenshots (conversation store)', run: runAttachOpenBench },
  { name: 'attach-bytes', title: 'a follow-up request in a conversation with 10 screenshots, downscaled or not', run: runAttachBytesBench },
  { name: 'cache', title: 'prompt caching over a 10-turn demo conversation (real request builder and SDK, the fake server’s cache)', run: runPromptCacheBench },
  { name: 'tools', title: 'workspace tools: a hostile regex in each engine, search_text and list_files against a naive fs walk (the real tools on the vscode fake)', run: runToolsBench },
];

/**
 * `BENCH_ONLY=render,open` runs just those (names above: store, bytes, render, open, attach, attach-open,
 * attach-bytes, cache, tools); all of them by default. The Chromium ones (render, open, attach*) share the browser tests' lock
 * when run next to them: `flock /tmp/integration.lock node out/bench/run.js`.
 */
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim()).filter(Boolean);

async function main(): Promise<void> {
  for (const bench of BENCHES.filter(({ name }) => !only?.length || only.includes(name))) {
    const started = Date.now();
    const rows = await bench.run();
    console.log(formatRows(bench.title, rows));
    console.log(`  (took ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
