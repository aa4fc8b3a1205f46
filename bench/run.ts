/**
 * Runs every benchmark in bench/ and prints its table. Numbers are printed, not asserted: they depend on the
 * machine, and the ratios next to them are what carry the claims. `node out/bench/run.js` after a tests build.
 */
import { formatRows, runStoreBench, type BenchRow } from './store.bench';
import { runLongConversationBench, runRenderBench } from './webview/browserBench';
import { runBytesBench } from './webview/bytesBench';

const BENCHES: { title: string; run: () => Promise<BenchRow[]> }[] = [
  { title: 'conversation store (median of several runs)', run: runStoreBench },
  { title: 'host → webview bytes for one streamed answer (simulated clock)', run: runBytesBench },
  { title: 'streaming Markdown render, main-thread time in Chromium (forced layout per frame)', run: runRenderBench },
  { title: 'opening a 1,000-message conversation in the real webview (Chromium)', run: runLongConversationBench },
];

async function main(): Promise<void> {
  for (const bench of BENCHES) {
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
