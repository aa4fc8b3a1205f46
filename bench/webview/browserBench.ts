/**
 * Node drivers of the two Chromium benches: the streaming Markdown renderer against rendering once and against
 * re-rendering the whole message per delta (renderBench.page.ts), and opening a 1,000-message conversation in the
 * real webview bundle against rendering every message eagerly (longConversationBench.page.ts). The pages are
 * bundled here with esbuild's API (nothing in esbuild.mjs changes) and injected into Debian's Chromium, launched by
 * test/runtime/browser.mjs with the flags the browser tests use. Prints tables; asserts nothing.
 */
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import type { BenchRow } from '../store.bench';
import { batchedChunks } from './bytesBench';
import { streamedAnswer } from './corpus';
import type { BenchWindow, LoadResult, OursResult, RevealResult } from './pageApi';

/** The repository root: the nearest folder up with a package.json (this file runs from out/bench/ or a temp bundle). */
export function findRepoRoot(start = __dirname): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'src'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  if (start !== process.cwd()) return findRepoRoot(process.cwd());
  throw new Error('bench: cannot find the repository root (a folder with package.json and src/)');
}

const root = findRepoRoot();

/** One browser bundle (IIFE), built in memory. */
export async function bundle(entry: string): Promise<string> {
  const result = await esbuild.build({ entryPoints: [path.join(root, entry)], absWorkingDir: root, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, logLevel: 'warning' });
  return result.outputFiles[0].text;
}

/** media/chat.css with its imports inlined (the codicon font as a data URL), as the webview gets it. */
async function styles(): Promise<string> {
  const result = await esbuild.build({ entryPoints: [path.join(root, 'media', 'chat.css')], absWorkingDir: root, bundle: true, write: false, loader: { '.ttf': 'dataurl' }, logLevel: 'warning' });
  return result.outputFiles[0].text;
}

/** Debian's Chromium with the browser tests' flags (test/runtime/browser.mjs). */
export async function launchChromium(): Promise<Browser> {
  const runtime = (await import(pathToFileURL(path.join(root, 'test', 'runtime', 'browser.mjs')).href)) as { launchChromium(): Promise<Browser> };
  return runtime.launchChromium();
}

/** What VS Code defines for the webview's CSS (a dark theme's values, approximately). */
const THEME = `:root {
  --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif; --vscode-font-size: 13px;
  --vscode-editor-font-family: "DejaVu Sans Mono", monospace; --vscode-editor-font-size: 13px;
  --vscode-foreground: #ccc; --vscode-editor-foreground: #d4d4d4; --vscode-descriptionForeground: #9d9d9d;
  --vscode-widget-border: #303031; --vscode-textCodeBlock-background: #0a0a0a66; --vscode-textLink-foreground: #3794ff;
}`;

/** The sidebar's size, roughly. */
const VIEWPORT = { width: 480, height: 900 };

async function openPage(browser: Browser, css: string, body: string, scripts: readonly string[]): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.setContent(`<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>bench</title></head><body>${body}</body></html>`);
  await page.addStyleTag({ content: THEME });
  await page.addStyleTag({ content: css });
  for (const script of scripts) await page.addScriptTag({ content: script });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function collectGarbage(cdp: CDPSession): Promise<void> {
  await cdp.send('HeapProfiler.collectGarbage');
}

/** JS heap in use and DOM nodes (Chromium's own counters, via CDP), after a full GC. */
async function memory(cdp: CDPSession): Promise<{ heap: number; nodes: number }> {
  await collectGarbage(cdp);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return { heap: metric('JSHeapUsedSize'), nodes: metric('Nodes') };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => (value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 2 : 1)} ms`);
const ratio = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)}x`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

// ---------------------------------------------------------------------------------------------------------------
// Streaming render

const SINGLE_RUNS = 5;
const OURS_RUNS = 5;
/** Deltas per frame: 1 (a render per delta, the worst case), 2, 8. */
const PER_FRAME = [1, 2, 8];
/** Stream rates for the realistic case: the deltas go through the host's real EventBatcher; one render per post. */
const BATCHED_RATES = [30, 80, 200];
/** The naive renderer's costs grow with N²: N=2000 alone takes about 100 s on 2 cores (BENCH_NAIVE_COUNTS=250,500 to shorten). */
const NAIVE_COUNTS = (process.env.BENCH_NAIVE_COUNTS ?? '250,500,1000,2000').split(',').map(Number);

/** Least squares T(N) = a·N + b·N² (no constant: no deltas, no time). */
function quadraticFit(points: readonly { n: number; t: number }[]): (n: number) => number {
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  let t1 = 0;
  let t2 = 0;
  for (const { n, t } of points) {
    s2 += n * n;
    s3 += n ** 3;
    s4 += n ** 4;
    t1 += t * n;
    t2 += t * n * n;
  }
  const det = s2 * s4 - s3 * s3;
  const a = (t1 * s4 - t2 * s3) / det;
  const b = (s2 * t2 - s3 * t1) / det;
  return (n) => a * n + b * n * n;
}

export async function runRenderBench(): Promise<BenchRow[]> {
  const [css, script] = await Promise.all([styles(), bundle('bench/webview/renderBench.page.ts')]);
  const browser = await launchChromium();
  try {
    const { page, cdp } = await openPage(browser, css, '<div id="bench-root" class="message message-assistant"></div>', [script]);
    const info = await page.evaluate(() => (globalThis as unknown as BenchWindow).renderBench.info());
    const { text, deltas } = streamedAnswer(); // the same answer the page built, from the same seed
    await page.evaluate(() => (globalThis as unknown as BenchWindow).renderBench.single()); // warm-up: JIT, highlight.js grammars, fonts

    const singles: number[] = [];
    let singleHtml = '';
    for (let i = 0; i < SINGLE_RUNS; i++) {
      await collectGarbage(cdp);
      const result = await page.evaluate(() => (globalThis as unknown as BenchWindow).renderBench.single());
      singles.push(result.ms);
      singleHtml = result.html;
    }
    const single = median(singles);

    // Every streamed variant: a fixed number of deltas per render, and the chunks the host's batcher really posts.
    const variants: { label: string; ratioLabel: string; run: (page: Page) => Promise<OursResult> }[] = [
      ...PER_FRAME.map((k) => ({
        label: `OURS: streamed, render every ${k} delta${k > 1 ? 's' : ''}`,
        ratioLabel: `ratio: OURS k=${k} / SINGLE`,
        run: (p: Page) => p.evaluate((perFrame) => (globalThis as unknown as BenchWindow).renderBench.ours(perFrame), k),
      })),
      ...BATCHED_RATES.map((rate) => {
        const chunks = batchedChunks(text, deltas, rate);
        return {
          label: `OURS: ${rate} deltas/s through the host's EventBatcher, a render per post`,
          ratioLabel: `ratio: OURS ${rate}/s batched / SINGLE`,
          run: (p: Page) => p.evaluate((posted) => (globalThis as unknown as BenchWindow).renderBench.oursChunks(posted), chunks),
        };
      }),
    ];
    const ours = variants.map(() => ({ times: [] as number[], frames: 0, tailChars: 0, same: true }));
    const floors = PER_FRAME.map(() => ({ times: [] as number[], frames: 0 }));
    for (let run = 0; run < OURS_RUNS; run++) {
      for (const [i, variant] of variants.entries()) {
        await collectGarbage(cdp);
        const result = await variant.run(page);
        ours[i].times.push(result.ms);
        ours[i].frames = result.frames;
        ours[i].tailChars = result.tailChars;
        ours[i].same &&= result.html === singleHtml;
      }
      for (const [i, k] of PER_FRAME.entries()) {
        await collectGarbage(cdp);
        const result = await page.evaluate((perFrame) => (globalThis as unknown as BenchWindow).renderBench.floor(perFrame), k);
        floors[i].times.push(result.ms);
        floors[i].frames = result.frames;
      }
    }

    const naive: { n: number; t: number; chars: number }[] = [];
    for (const n of NAIVE_COUNTS) {
      await collectGarbage(cdp);
      const result = await page.evaluate((count) => (globalThis as unknown as BenchWindow).renderBench.naive(count), n);
      naive.push({ n, t: result.ms, chars: result.chars });
    }
    const fit = quadraticFit(naive);
    const naiveFull = fit(info.deltas);

    const rows: BenchRow[] = [
      { label: `answer: ${info.chars.toLocaleString('en-US')} chars of Markdown in ${info.deltas} deltas`, value: `${(info.bytes / 1000).toFixed(0)} KB`, note: 'headings, paragraphs, lists, tables, code in 6 languages' },
      { label: 'SINGLE: render the final text once', value: ms(single), note: `median of ${SINGLE_RUNS}` },
    ];
    variants.forEach((variant, i) => {
      const { times, frames, tailChars, same } = ours[i];
      const note = `median of ${OURS_RUNS}; ${(median(times) / frames).toFixed(2)} ms/frame; tail ≈ ${tailChars.toFixed(0)} chars/frame; final HTML ${same ? '=' : '≠'} SINGLE`;
      rows.push({ label: `${variant.label} (${frames} frames)`, value: ms(median(times)), note });
    });
    variants.forEach((variant, i) => rows.push({ label: variant.ratioLabel, value: ratio(median(ours[i].times) / single), note: 'goal ≤ 2x' }));
    // The floor: what showing each frame costs the browser with no Markdown work at all. A renderer that does each
    // block's work once (SINGLE) and shows every frame cannot take less than SINGLE + FLOOR.
    PER_FRAME.forEach((k, i) => {
      const floor = median(floors[i].times);
      rows.push({ label: `FLOOR k=${k}: no Markdown, a Text node appended to + forced layout (${floors[i].frames} frames)`, value: ms(floor), note: `median of ${OURS_RUNS}; ${ratio(floor / single)} SINGLE; on the answer's final DOM` });
    });
    PER_FRAME.forEach((k, i) => {
      const floor = median(floors[i].times);
      rows.push({ label: `lower bound k=${k}: (SINGLE + FLOOR) / SINGLE`, value: ratio((single + floor) / single), note: `OURS k=${k} spends ${ratio((median(ours[i].times) - single) / floor)} the floor beyond SINGLE` });
    });
    naive.forEach(({ n, t, chars }, i) => {
      const growth = i > 0 ? `, x${(t / naive[i - 1].t).toFixed(2)} vs N=${naive[i - 1].n}` : '';
      rows.push({ label: `NAIVE: whole message re-rendered per delta, first ${n}`, value: ms(t), note: `${(chars / 1000).toFixed(0)} KB so far${growth}` });
    });
    const doublings = naive.slice(1).map(({ t }, i) => t / naive[i].t);
    rows.push({ label: 'NAIVE growth per doubling of N', value: ratio(Math.exp(doublings.reduce((sum, x) => sum + Math.log(x), 0) / doublings.length)), note: 'geometric mean; 4x = quadratic' });
    rows.push({ label: `NAIVE all ${info.deltas} deltas (EXTRAPOLATED, fit a·N+b·N²)`, value: ms(naiveFull), note: 'not measured' });
    rows.push({ label: `ratio: NAIVE (extrapolated) / OURS k=1`, value: ratio(naiveFull / median(ours[0].times)) });
    rows.push({ label: `ratio: NAIVE (extrapolated) / SINGLE`, value: ratio(naiveFull / single) });
    return rows;
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Long conversation

const LOAD_RUNS = 3;

interface LoadRun {
  load: LoadResult;
  top: RevealResult;
  /** JS heap and DOM nodes added by the load (after GC), over the page with its scripts loaded. */
  heap: number;
  nodes: number;
}

async function loadRun(browser: Browser, css: string, body: string, scripts: readonly string[], naive: boolean): Promise<LoadRun> {
  const { page, cdp } = await openPage(browser, css, body, scripts);
  try {
    const before = await memory(cdp);
    const load = naive
      ? await page.evaluate(() => (globalThis as unknown as BenchWindow).longConversationBench.loadNaive())
      : await page.evaluate(() => (globalThis as unknown as BenchWindow).longConversationBench.loadReal());
    const after = await memory(cdp);
    const top = await page.evaluate(() => (globalThis as unknown as BenchWindow).longConversationBench.scrollToTop());
    return { load, top, heap: after.heap - before.heap, nodes: after.nodes - before.nodes };
  } finally {
    await page.close();
  }
}

export async function runLongConversationBench(): Promise<BenchRow[]> {
  const [css, pageScript, webview] = await Promise.all([styles(), bundle('bench/webview/longConversationBench.page.ts'), bundle('src/webview-ui/main.ts')]);
  const browser = await launchChromium();
  try {
    const real: LoadRun[] = [];
    const naive: LoadRun[] = [];
    for (let i = 0; i < LOAD_RUNS; i++) {
      // The page script first: it provides acquireVsCodeApi, which the webview bundle calls as it loads.
      real.push(await loadRun(browser, css, '<div id="app" class="app"></div>', [pageScript, webview], false));
      naive.push(await loadRun(browser, css, '<div id="app" class="app"><div class="transcript-frame"><main class="transcript"></main></div></div>', [pageScript], true));
    }
    const first = real[0].load;
    const pick = (runs: LoadRun[], value: (run: LoadRun) => number) => median(runs.map(value));
    const cell = (text: string) => text.padStart(11);
    const row = (label: string, value: (run: LoadRun) => number, format: (n: number) => string, note?: string, compare = true): BenchRow => {
      const ours = pick(real, value);
      const them = pick(naive, value);
      return { label, value: `${cell(format(ours))} ${cell(format(them))} ${cell(compare && ours > 0 ? ratio(them / ours) : '-')}`, note };
    };
    const count = (n: number) => Math.round(n).toLocaleString('en-US');
    return [
      { label: `data: ${first.messages} messages (${first.messages / 2} answers), one branch`, value: '', note: `${(first.markdownChars / 1e6).toFixed(2)} MB of Markdown in the answers; viewport ${VIEWPORT.width}x${VIEWPORT.height}` },
      { label: `median of ${LOAD_RUNS} fresh pages`, value: `${cell('OURS')} ${cell('NAIVE')} ${cell('NAIVE/OURS')}`, note: 'OURS: the real webview bundle; NAIVE: every answer rendered eagerly' },
      row('open: handling state/full (or eager render)', (run) => run.load.dispatchMs, ms),
      row('open: + forced layout of .transcript', (run) => run.load.layoutMs, ms),
      row('open: + one requestAnimationFrame (scrollable)', (run) => run.load.frameMs, ms, 'goal < 150 ms; wall time, includes waiting for the frame'),
      row('open: until the answers in view are drawn', (run) => run.load.contentMs, ms, 'wall time: the IntersectionObserver reveal, laid out'),
      row(`answers with rendered Markdown (of ${first.markdownBlocks})`, (run) => run.load.renderedBlocks, count, 'after 10 more frames'),
      row('JS heap added by the conversation (CDP, after GC)', (run) => run.heap, mb, 'both keep the model; DOM memory is not in the JS heap'),
      row('DOM nodes added (CDP Nodes, after GC)', (run) => run.nodes, count),
      row('elements in the document', (run) => run.load.elements, count),
      row('scroll to top: until the first answer is drawn', (run) => run.top.ms, ms, 'wall time, includes waiting for the next frame; NAIVE drew it at open', false),
      row('answers with rendered Markdown after scrolling to top', (run) => run.top.renderedBlocks, count),
    ];
  } finally {
    await browser.close();
  }
}
