/**
 * Runs every benchmark in bench/ and prints its table. Numbers are printed, not asserted: they depend on the
 * machine, and the ratios next to them are what carry the claims. `node out/bench/run.js` after a tests build.
 */
import { formatRows, runStoreBench, type BenchRow } from './store.bench';
import { runLongConversationBench, runRenderBench } from './webview/browserBench';
import { runBytesBench } from './webview/bytesBench';

const BENCHES: { name: string; title: string; run: () => Promise<BenchRow[]> }[] = [
  { name: 'store', title: 'conversation store (median of several runs)', run: runStoreBench },
  { name: 'bytes', title: 'host → webview bytes for one streamed answer (simulated clock)', run: runBytesBench },
  { name: 'render', title: 'streaming Markdown render, main-thread time in Chromium (forced layout per frame)', run: runRenderBench },
  { name: 'open', title: 'opening a 1,000-message conversation in the real webview (Chromium)', run: runLongConversationBench },
];

/** `BENCH_ONLY=render,open` runs just those (names above); all of them by default. */
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
