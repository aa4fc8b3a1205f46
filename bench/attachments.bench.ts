/**
 * What attachments cost, on the host's real code with the chat view's real downscaler in Debian's Chromium
 * (bench/webview/attachmentsBench.page.ts, launched like the browser tests):
 * - `attach`: a 12-megapixel photo from pick to chip (read, sniff, resize in the view, check, store) against a
 *   photo that needs no resize;
 * - `attach-open`: opening a 200-message conversation with 20 screenshots against the same without them, and
 *   against the same images kept inline in the conversation file, as imported images were before content addressing;
 * - `attach-bytes`: the body of a follow-up request in a conversation with 10 screenshots, downscaled or not.
 * Prints tables; asserts nothing, except that the pipeline did what the row says it measures.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { buildMessageParams, loadAttachmentBlocks } from '../src/api/requestBuilder';
import { ingestAttachment, type ImageResizeRequest } from '../src/attachments/attachmentIngest';
import { ImageResizeBroker, type ResizeCapableView } from '../src/attachments/imageResizeBroker';
import { AttachmentStore, sha256Of } from '../src/conversations/store/attachmentStore';
import { ConversationStore } from '../src/conversations/store/conversationStore';
import type { Attachment } from '../src/shared/attachment';
import { API_MAX_IMAGE_SIDE, DEFAULT_MAX_IMAGE_SIDE, estimateAttachmentTokens, imageTargetSize, JPEG_QUALITY, MAX_MODEL_PIXELS } from '../src/shared/attachmentRules';
import { emptyConversation, type ChatBlock, type ChatMessage, type Conversation } from '../src/shared/conversation';
import { parseWebviewMessage, type HostToWebview } from '../src/shared/protocol';
import type { BenchRow } from './store.bench';
import { bundle, launchChromium } from './webview/browserBench';
import { generateMarkdown, prng, prose } from './webview/corpus';
import type { AttachmentsBenchWindow } from './webview/attachmentsBench.page';


const MODEL = 'claude-sonnet-4-5';
const DEFAULT_LIMITS = { maxSide: DEFAULT_MAX_IMAGE_SIDE, manyImages: false };
/** A phone camera's 12 MP, and a photo already small enough to go as it is (1.08 MP, long side under 1568). */
const PHOTO = { width: 4000, height: 3000 };
const SMALL_PHOTO = { width: 1200, height: 900 };
/** A 15-inch Retina laptop's screen (1440×900 points at 2x). */
const SCREENSHOT = { width: 2880, height: 1800 };
const PIPELINE_RUNS = 7;
const OPEN_TURNS = 100;
const OPEN_IMAGES = 20;
const OPEN_RUNS = 21;
const REQUEST_IMAGES = 10;
const REQUEST_RUNS = 9;

// ---------------------------------------------------------------------------------------------------------------
// The browser and the chat view in it

interface BenchPage {
  browser: Browser;
  page: Page;
}

async function openBenchPage(): Promise<BenchPage> {
  const script = await bundle(path.join('bench', 'webview', 'attachmentsBench.page.ts'));
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setContent('<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>bench</title></head><body></body></html>');
    await page.addScriptTag({ content: script });
    return { browser, page };
  } catch (error) {
    await browser.close();
    throw error;
  }
}

/**
 * The chat view as the host's ImageResizeBroker sees it: `post` hands the `image/resize` message to the page, whose
 * answer is what the real view's handler (resizeImage) gives, then goes through the host's runtime guard and into
 * the broker as chatConnection passes `image/resized` on. page.evaluate's serialization stands in for postMessage.
 */
class ChatViewInPage implements ResizeCapableView {
  readonly broker = new ImageResizeBroker();
  /** Time spent inside the page's resizeImage, summed over every job. */
  webviewMs = 0;

  constructor(private readonly page: Page) {
    this.broker.addView(this);
  }

  post(message: Extract<HostToWebview, { type: 'image/resize' }>): void {
    void this.page.evaluate((job) => (globalThis as unknown as AttachmentsBenchWindow).attachmentsBench.resize(job), message).then(
      ({ answer, ms }) => {
        this.webviewMs += ms;
        const parsed = parseWebviewMessage(answer);
        if (parsed.ok && parsed.message.type === 'image/resized') this.broker.settle(parsed.message.jobId, parsed.message);
        else this.broker.settle(message.jobId, { error: parsed.ok ? 'not an image/resized answer' : parsed.reason });
      },
      (error: unknown) => this.broker.settle(message.jobId, { error: String(error) }),
    );
  }

  resize(job: ImageResizeRequest): Promise<Uint8Array> {
    return this.broker.resize(job);
  }
}

async function pagePicture(page: Page, kind: 'photoJpeg' | 'screenshotPng', size: { width: number; height: number }, seed: number): Promise<Buffer> {
  const base64 = await page.evaluate(({ kind, width, height, seed }) => (globalThis as unknown as AttachmentsBenchWindow).attachmentsBench[kind](width, height, seed), { kind, ...size, seed });
  return Buffer.from(base64, 'base64');
}

// ---------------------------------------------------------------------------------------------------------------
// The host's pipeline, timed in its three parts

interface IngestTimes {
  /** Read the file, sniff its type and size, plan the resize (until the resize or the store starts). */
  before: number;
  /** The round trip to the view: base64 out, the view's work, base64 back. 0 when nothing was resized. */
  roundTrip: number;
  /** Inside the view: resizeImage (base64 decode, decode + scale, encode, base64). */
  webview: number;
  /** Check the resized image again, hash it and store it atomically (or just store it). */
  after: number;
  total: number;
}

/** One file from disk to a stored Attachment, as the host does it for a pick, with the time each part took. */
async function timedIngest(file: string, store: AttachmentStore, view: ChatViewInPage, maxImageSide = DEFAULT_MAX_IMAGE_SIDE): Promise<{ attachment: Attachment; times: IngestTimes }> {
  const marks = { resizeStart: NaN, resizeEnd: NaN, putStart: NaN, webview: view.webviewMs };
  const started = performance.now();
  const bytes = await fs.promises.readFile(file);
  const result = await ingestAttachment(
    { bytes, name: path.basename(file), uri: pathToFileURL(file).href },
    {
      put: (stored, mediaType) => {
        marks.putStart = performance.now();
        return store.put(stored, mediaType);
      },
      resize: async (request) => {
        if (Number.isNaN(marks.resizeStart)) marks.resizeStart = performance.now();
        const resized = await view.resize(request);
        marks.resizeEnd = performance.now();
        return resized;
      },
      limits: { maxImageSide, manyImages: false },
      accepts: { image: true, pdf: true },
    },
  );
  const ended = performance.now();
  if (!result.ok) throw new Error(`bench: ${path.basename(file)} was refused: ${result.reason}`);
  const resized = !Number.isNaN(marks.resizeStart);
  const before = (resized ? marks.resizeStart : marks.putStart) - started;
  const roundTrip = resized ? marks.resizeEnd - marks.resizeStart : 0;
  const times = { before, roundTrip, webview: view.webviewMs - marks.webview, after: ended - started - before - roundTrip, total: ended - started };
  return { attachment: result.attachment, times };
}

/** Screenshots made in the page, written to `folder` and attached through the pipeline into `store`. */
async function attachScreenshots(bench: BenchPage, view: ChatViewInPage, folder: string, seeds: readonly number[], stores: readonly { store: AttachmentStore; maxImageSide: number }[]) {
  const shots: { file: string; bytes: number; attached: Attachment[] }[] = [];
  for (const seed of seeds) {
    const file = path.join(folder, `Screenshot ${seed}.png`);
    const png = await pagePicture(bench.page, 'screenshotPng', SCREENSHOT, seed);
    fs.writeFileSync(file, png);
    const attached: Attachment[] = [];
    for (const { store, maxImageSide } of stores) attached.push((await timedIngest(file, store, view, maxImageSide)).attachment);
    shots.push({ file, bytes: png.byteLength, attached });
  }
  return shots;
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;
const ratio = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}x`;
const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : bytes >= 1e3 ? `${(bytes / 1e3).toFixed(1)} kB` : `${bytes} B`);
const count = (value: number) => Math.round(value).toLocaleString('en-US');
const px = (image: { width?: number; height?: number }) => `${image.width}×${image.height}`;
const cells = (...values: string[]) => values.map((value) => value.padStart(12)).join(' ');
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function folderBytes(folder: string): number {
  if (!fs.existsSync(folder)) return 0;
  return sum(fs.readdirSync(folder).map((name) => fs.statSync(path.join(folder, name)).size));
}

async function withTempDir<T>(prefix: string, body: (dir: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// attach: a 12 MP photo from pick to chip

export async function runAttachBench(): Promise<BenchRow[]> {
  return withTempDir('claude-attach-bench-', async (dir) => {
    const bench = await openBenchPage();
    const view = new ChatViewInPage(bench.page);
    try {
      const big = path.join(dir, 'IMG_4000x3000.jpg');
      const small = path.join(dir, 'IMG_1200x900.jpg');
      fs.writeFileSync(big, await pagePicture(bench.page, 'photoJpeg', PHOTO, 1));
      fs.writeFileSync(small, await pagePicture(bench.page, 'photoJpeg', SMALL_PHOTO, 2));
      const bigBytes = fs.statSync(big).size;
      const smallBytes = fs.statSync(small).size;

      // Every run stores into a fresh folder, so each one writes its file as a first pick does (an existing one is only touched).
      let run = 0;
      const ingest = (file: string) => timedIngest(file, new AttachmentStore(path.join(dir, `store-${run++}`)), view);
      await ingest(big); // warm-up: the decoders, the page's JIT and the page cache
      await ingest(small);
      const bigRuns: Awaited<ReturnType<typeof ingest>>[] = [];
      const smallRuns: Awaited<ReturnType<typeof ingest>>[] = [];
      for (let i = 0; i < PIPELINE_RUNS; i++) {
        bigRuns.push(await ingest(big));
        smallRuns.push(await ingest(small));
      }

      const bigResult = bigRuns[0].attachment;
      const smallResult = smallRuns[0].attachment;
      const target = imageTargetSize(PHOTO.width, PHOTO.height, DEFAULT_LIMITS);
      if (bigResult.width !== target.width || bigResult.height !== target.height || !bigResult.original) throw new Error(`bench: the 12 MP photo was stored at ${px(bigResult)}, not downscaled to ${px(target)}`);
      if (smallResult.original || smallResult.sha256 !== sha256Of(fs.readFileSync(small))) throw new Error(`bench: the ${px(SMALL_PHOTO)} photo was re-encoded; it should have been stored as it is`);

      const row = (label: string, pick: (times: IngestTimes) => number, note?: string, resizedOnly = false): BenchRow => {
        const a = median(bigRuns.map((r) => pick(r.times)));
        const b = median(smallRuns.map((r) => pick(r.times)));
        return { label, value: cells(ms(a), resizedOnly ? '-' : ms(b), resizedOnly ? '-' : ratio(a / b)), note };
      };
      return [
        { label: `data: photo-like JPEG ${px(PHOTO)} (12 MP) and ${px(SMALL_PHOTO)} (no resize needed)`, value: cells(size(bigBytes), size(smallBytes), ''), note: 'painted and encoded by Chromium at a camera’s usual quality, with grain' },
        { label: `median of ${PIPELINE_RUNS} runs (after a warm-up)`, value: cells('12 MP', px(SMALL_PHOTO), '12 MP/small'), note: 'the host’s real ingest + AttachmentStore; resizeImage in Chromium' },
        row('host: read file + sniff + plan', (t) => t.before),
        row('round trip to the view (base64 both ways + the view)', (t) => t.roundTrip, 'page.evaluate stands in for postMessage', true),
        row('  of which in the view: resizeImage', (t) => t.webview, 'base64 decode, createImageBitmap decode+scale, JPEG encode, base64', true),
        row('  of which transfer (base64 in Node, CDP both ways)', (t) => t.roundTrip - t.webview, undefined, true),
        row('host: check result + sha256 + atomic store', (t) => t.after, `the ${px(SMALL_PHOTO)} photo: sha256 + store only`),
        row('total: pick → attachment ready (chip)', (t) => t.total),
        { label: 'stored at', value: cells(px(bigResult), px(smallResult), ''), note: `12 MP: JPEG q ${JPEG_QUALITY}, long side ≤ ${DEFAULT_MAX_IMAGE_SIDE} and ≤ ${MAX_MODEL_PIXELS / 1e6} MP; ${px(SMALL_PHOTO)}: the file as picked` },
        { label: 'stored bytes', value: cells(size(bigResult.byteLength), size(smallResult.byteLength), ratio(bigResult.byteLength / smallResult.byteLength)), note: `the 12 MP photo: ${ratio(bigBytes / bigResult.byteLength)} fewer bytes than picked` },
        { label: 'image tokens (estimate, w×h/750)', value: cells(count(bigResult.tokens!), count(smallResult.tokens!), ratio(bigResult.tokens! / smallResult.tokens!)) },
      ];
    } finally {
      view.broker.dispose();
      await bench.browser.close();
    }
  });
}

// ---------------------------------------------------------------------------------------------------------------
// attach-open: a 200-message conversation with 20 screenshots

const SYSTEM_PROMPT = 'Be concise.';

/**
 * `turns` questions and answers in one branch, deterministic; `extra(turn)` gives the blocks that go before a
 * question's text (its attachments), as the composer sends them.
 */
function conversationOf(id: string, turns: number, extra: (turn: number) => ChatBlock[]): Conversation {
  const random = prng(7);
  const start = 1_700_000_000_000;
  const conversation = emptyConversation(id, { model: MODEL, systemPrompt: SYSTEM_PROMPT }, start);
  conversation.title = 'Fixing the layout of the settings page';
  conversation.titleSource = 'generated';
  let parentId: string | null = null;
  for (let turn = 0; turn < turns; turn++) {
    const at = start + turn * 60_000;
    const question: ChatMessage = { id: `msg_q${turn}`, parentId, role: 'user', blocks: [...extra(turn), { type: 'text', text: prose(10_000 + turn, 60 + Math.floor(random() * 240)) }], status: 'complete', createdAt: at };
    const answer: ChatMessage = {
      id: `msg_a${turn}`,
      parentId: question.id,
      role: 'assistant',
      blocks: [{ type: 'text', text: generateMarkdown(20_000 + turn, 800 + Math.floor(random() * 2200)) }],
      status: 'complete',
      createdAt: at + 5000,
      stopReason: 'end_turn',
      model: MODEL,
    };
    conversation.messages.push(question, answer);
    parentId = answer.id;
  }
  conversation.updatedAt = start + turns * 60_000;
  return conversation;
}

export async function runAttachOpenBench(): Promise<BenchRow[]> {
  return withTempDir('claude-attach-open-bench-', async (dir) => {
    const workspace = path.join(dir, 'workspace');
    fs.mkdirSync(workspace);
    const variants = ['none', 'attached', 'inline'].map((name) => ({ name, dir: path.join(dir, name) }));
    const attachedStore = new ConversationStore({ dir: variants[1].dir });

    const bench = await openBenchPage();
    const view = new ChatViewInPage(bench.page);
    let shots: Awaited<ReturnType<typeof attachScreenshots>>;
    try {
      const seeds = Array.from({ length: OPEN_IMAGES }, (_, i) => 100 + i);
      shots = await attachScreenshots(bench, view, workspace, seeds, [{ store: attachedStore.attachments, maxImageSide: DEFAULT_MAX_IMAGE_SIDE }]);
    } finally {
      view.broker.dispose();
      await bench.browser.close();
    }

    // Every fifth question carries a screenshot: 20 of the 100.
    const every = OPEN_TURNS / OPEN_IMAGES;
    const imageAt = (turn: number) => (turn % every === 0 ? shots[turn / every].attached[0] : undefined);
    const inline = new Map<string, string>();
    for (const shot of shots) inline.set(shot.attached[0].sha256, (await attachedStore.attachments.read(shot.attached[0])).toString('base64'));
    const id = 'with-screenshots';
    const conversations = [
      conversationOf(id, OPEN_TURNS, () => []),
      conversationOf(id, OPEN_TURNS, (turn) => {
        const attachment = imageAt(turn);
        return attachment ? [{ type: 'attachment', attachment }] : [];
      }),
      conversationOf(id, OPEN_TURNS, (turn) => {
        const attachment = imageAt(turn);
        return attachment ? [{ type: 'image', mediaType: 'image/png', data: inline.get(attachment.sha256)! }] : [];
      }),
    ];
    for (const [i, variant] of variants.entries()) await new ConversationStore({ dir: variant.dir }).save(conversations[i], 0);

    // A fresh store per load (no cache of any kind in the store). Each variant's loads run back to back, not taking
    // turns with the others: the 15 MB of strings an inline load leaves behind would otherwise be collected during
    // the next variant's load and counted there. Back to back, each variant pays for its own garbage.
    const times: number[][] = variants.map(() => []);
    const posted = variants.map(() => 0);
    const load = async (i: number) => {
      const variant = variants[i];
      const started = performance.now();
      const loaded = await new ConversationStore({ dir: variant.dir }).load(id);
      const elapsed = performance.now() - started;
      if (!loaded || !('conversation' in loaded)) throw new Error(`bench: the ${variant.name} conversation did not load`);
      const blocks = loaded.conversation.messages.flatMap((message) => message.blocks);
      const images = blocks.filter((block) => block.type === 'attachment' || block.type === 'image').length;
      if (loaded.conversation.messages.length !== 2 * OPEN_TURNS || images !== (variant.name === 'none' ? 0 : OPEN_IMAGES)) throw new Error(`bench: the ${variant.name} conversation loaded with ${images} images`);
      posted[i] = Buffer.byteLength(JSON.stringify(loaded.conversation));
      return elapsed;
    };
    for (const i of variants.keys()) {
      await load(i); // warm-up
      for (let run = 0; run < OPEN_RUNS; run++) times[i].push(await load(i));
    }
    const loads = times.map(median);
    const files = variants.map((variant) => fs.statSync(path.join(variant.dir, 'conversations', `${id}.json`)).size);
    const stores = variants.map((variant) => folderBytes(path.join(variant.dir, 'attachments')));
    const withRatios = (values: number[], format: (n: number) => string) => cells(format(values[0]), format(values[1]), format(values[2]), ratio(values[1] / values[0]), ratio(values[2] / values[0]));
    const originals = sum(shots.map((shot) => shot.bytes));
    const stored = shots.map((shot) => shot.attached[0]);
    return [
      {
        label: `data: ${2 * OPEN_TURNS} messages (${OPEN_TURNS} turns), ${OPEN_IMAGES} screenshots, one every ${every} questions`,
        value: '',
        note: `screenshots ${px(SCREENSHOT)} PNG, ${size(originals / OPEN_IMAGES)} each on average, stored by the pipeline at ${px(stored[0])}, ${size(sum(stored.map((a) => a.byteLength)) / OPEN_IMAGES)} each`,
      },
      { label: `median of ${OPEN_RUNS} loads, a fresh store each`, value: cells('NO IMAGES', 'ATTACHED', 'INLINE (old)', 'ATT/NONE', 'INLINE/NONE'), note: 'ATTACHED: attachment blocks, bytes in attachments/; INLINE: the same stored bytes as base64 image blocks in the file' },
      { label: 'ConversationStore.load()', value: withRatios(loads, ms), note: 'read + parse + check the file; the view fetches stored images itself, lazily' },
      { label: 'conversation file on disk', value: withRatios(files, size), note: 'what every open reads and every save rewrites' },
      { label: 'the conversation as posted to the view (JSON)', value: withRatios(posted, size), note: 'state/full carries it; stored images load by URL' },
      { label: 'attachments/ folder', value: cells(size(stores[0]), size(stores[1]), size(stores[2]), '', ''), note: 'written once per image, shared by every conversation and branch' },
      { label: 'total on disk', value: withRatios(files.map((file, i) => file + stores[i]), size) },
    ];
  });
}

// ---------------------------------------------------------------------------------------------------------------
// attach-bytes: a follow-up in a conversation with 10 screenshots

export async function runAttachBytesBench(): Promise<BenchRow[]> {
  return withTempDir('claude-attach-bytes-bench-', async (dir) => {
    const workspace = path.join(dir, 'workspace');
    fs.mkdirSync(workspace);
    const store = new ConversationStore({ dir: path.join(dir, 'store') });

    const bench = await openBenchPage();
    const view = new ChatViewInPage(bench.page);
    let shots: Awaited<ReturnType<typeof attachScreenshots>>;
    try {
      const seeds = Array.from({ length: REQUEST_IMAGES }, (_, i) => 200 + i);
      // The same file attached twice: at the default size, and with claudeChat.attachments.maxImageSide at the
      // API's 8000 px, where nothing under 5 MB is re-encoded: the originals, as sent without downscaling.
      shots = await attachScreenshots(bench, view, workspace, seeds, [
        { store: store.attachments, maxImageSide: DEFAULT_MAX_IMAGE_SIDE },
        { store: store.attachments, maxImageSide: API_MAX_IMAGE_SIDE },
      ]);
    } finally {
      view.broker.dispose();
      await bench.browser.close();
    }
    for (const shot of shots) {
      const [downscaled, original] = shot.attached;
      if (!downscaled.original) throw new Error(`bench: ${shot.file} was not downscaled at the default size`);
      if (original.original || original.sha256 !== sha256Of(fs.readFileSync(shot.file))) throw new Error(`bench: ${shot.file} was re-encoded at maxImageSide ${API_MAX_IMAGE_SIDE}`);
    }

    // One screenshot per question over 10 turns, then a follow-up question with none: every image goes again.
    const variants = [0, 1].map((which) => {
      const conversation = conversationOf('follow-up', REQUEST_IMAGES, (turn) => [{ type: 'attachment', attachment: shots[turn].attached[which] }]);
      const last = conversation.messages[conversation.messages.length - 1];
      conversation.messages.push({ id: 'msg_follow_up', parentId: last.id, role: 'user', blocks: [{ type: 'text', text: 'And the spacing in the last one: which of the fixes above also applies to it?' }], status: 'complete', createdAt: conversation.updatedAt });
      return { conversation, attachments: shots.map((shot) => shot.attached[which]) };
    });
    const build = async (conversation: Conversation) => {
      const attachmentBlocks = await loadAttachmentBlocks(conversation.messages, (attachment) => store.attachments.read(attachment));
      const params = buildMessageParams(conversation.messages, { model: MODEL, maxTokens: 8192, systemPrompt: SYSTEM_PROMPT }, { attachmentBlocks });
      return Buffer.byteLength(JSON.stringify(params));
    };
    const bodies = await Promise.all(variants.map(({ conversation }) => build(conversation)));
    const times: number[][] = variants.map(() => []);
    for (let run = 0; run < REQUEST_RUNS; run++) {
      for (const [i, { conversation }] of variants.entries()) {
        const started = performance.now();
        await build(conversation);
        times[i].push(performance.now() - started);
      }
    }

    const imageBytes = variants.map(({ attachments }) => sum(attachments.map((a) => a.byteLength)));
    const sentTokens = variants.map(({ attachments }) => sum(attachments.map((a) => estimateAttachmentTokens({ kind: 'image', width: a.width!, height: a.height! }))));
    // The API shrinks anything over about 1.15 MP before the model sees it: both are billed at the downscaled size.
    const billedTokens = variants.map(({ attachments }) => sum(attachments.map((a) => estimateAttachmentTokens({ kind: 'image', ...imageTargetSize(a.width!, a.height!, DEFAULT_LIMITS) }))));
    const compare = (values: number[], format: (n: number) => string) => cells(format(values[0]), format(values[1]), ratio(values[1] / values[0]));
    const [downscaled, original] = variants.map(({ attachments }) => attachments[0]);
    return [
      {
        label: `data: ${REQUEST_IMAGES} screenshots ${px(SCREENSHOT)} PNG, one per question over ${REQUEST_IMAGES} turns, then a follow-up`,
        value: '',
        note: `${size(sum(shots.map((shot) => shot.bytes)) / REQUEST_IMAGES)} each on average; made with a canvas in Chromium, encoded there as PNG`,
      },
      { label: 'the follow-up request', value: cells('DOWNSCALED', 'ORIGINALS', 'ORIG/DOWN'), note: 'DOWNSCALED: as the pipeline stores them by default; ORIGINALS: as picked' },
      { label: 'each image sent at', value: cells(px(downscaled), px(original), '') },
      { label: 'image bytes (stored, all 10)', value: compare(imageBytes, size) },
      { label: 'request body, JSON.stringify(params)', value: compare(bodies, size), note: 'uploaded again with every later turn' },
      { label: 'image tokens estimated from the size sent (w×h/750)', value: compare(sentTokens, count) },
      { label: 'image tokens the API bills', value: compare(billedTokens, count), note: `it shrinks each image to ≤ ${MAX_MODEL_PIXELS / 1e6} MP server-side: the same either way` },
      { label: `build the request (read + hash check + base64 + JSON), median of ${REQUEST_RUNS}`, value: compare(times.map(median), ms) },
    ];
  });
}
