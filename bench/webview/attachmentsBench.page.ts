/**
 * Browser side of the attachment benches (bundled and driven by bench/attachments.bench.ts). It runs the chat
 * view's real downscaler (src/webview-ui/imageResizer.ts, what main.ts does on `image/resize`) and makes the
 * pictures the benches attach with Chromium's own encoders, so they weigh what real files weigh: a photo-like
 * 12-megapixel JPEG (smooth light, shapes and sensor-like grain) and UI screenshots as PNG (text, flat panels, hard
 * edges, a picture or two), which compress the way a screenshot does and not the way synthetic gradients or noise do.
 */
import type { HostToWebview, WebviewToHost } from '../../src/shared/protocol';
import { blobToBase64 } from '../../src/webview-ui/base64';
import { resizeImage } from '../../src/webview-ui/imageResizer';
import { generateMarkdown, prng, prose } from './corpus';

type ResizeJob = Extract<HostToWebview, { type: 'image/resize' }>;
type ResizeAnswer = Extract<WebviewToHost, { type: 'image/resized' }>;

/** What the page exposes on `window` for the Node driver (plain data in and out). */
export interface AttachmentsBenchApi {
  /** The chat view's handler for `image/resize`, timed inside the page (base64 decode, decode + scale, encode, base64). */
  resize(job: ResizeJob): Promise<{ answer: ResizeAnswer; ms: number }>;
  /** A photo-like JPEG (base64), deterministic for a seed. */
  photoJpeg(width: number, height: number, seed: number): Promise<string>;
  /** A screenshot of an editor window at 2 device pixels per CSS pixel (a Retina display), as PNG (base64). */
  screenshotPng(width: number, height: number, seed: number): Promise<string>;
}

/** `window` as this page leaves it (the Node side reads it through page.evaluate). */
export interface AttachmentsBenchWindow {
  attachmentsBench: AttachmentsBenchApi;
}

type Random = () => number;
type Context = OffscreenCanvasRenderingContext2D;

/** What a phone camera saves at its usual setting; with the grain below a 12 MP picture weighs a few MB, like a real one. */
const CAMERA_JPEG_QUALITY = 0.92;

const between = (random: Random, min: number, max: number) => min + random() * (max - min);
const hsl = (h: number, s: number, l: number, a = 1) => `hsla(${h.toFixed(0)}, ${s.toFixed(0)}%, ${l.toFixed(0)}%, ${a})`;

async function photoJpeg(width: number, height: number, seed: number): Promise<string> {
  const random = prng(seed);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  paintLandscape(context, width, height, random);
  addGrain(context, width, height, random);
  return blobToBase64(await canvas.convertToBlob({ type: 'image/jpeg', quality: CAMERA_JPEG_QUALITY }));
}

/** Sky, hills and soft blobs of light and foliage: large smooth areas with detail in between, as in an outdoor photo. */
function paintLandscape(context: Context, width: number, height: number, random: Random): void {
  const sky = context.createLinearGradient(0, 0, 0, height * 0.6);
  sky.addColorStop(0, hsl(210, 60, 45));
  sky.addColorStop(1, hsl(200, 50, 80));
  context.fillStyle = sky;
  context.fillRect(0, 0, width, height);
  for (let i = 0; i < 60; i++) {
    const x = between(random, 0, width);
    const y = between(random, 0, height * 0.5);
    const r = between(random, width * 0.02, width * 0.12);
    const cloud = context.createRadialGradient(x, y, 0, x, y, r);
    cloud.addColorStop(0, hsl(0, 0, 97, 0.7));
    cloud.addColorStop(1, hsl(0, 0, 97, 0));
    context.fillStyle = cloud;
    context.fillRect(x - r, y - r, 2 * r, 2 * r);
  }
  for (let layer = 0; layer < 4; layer++) {
    const base = height * (0.45 + layer * 0.12);
    context.beginPath();
    context.moveTo(0, height);
    for (let x = 0; x <= width; x += width / 80) context.lineTo(x, base + Math.sin(x / (width / between(random, 2, 6)) + layer) * height * 0.05 + between(random, -1, 1) * height * 0.01);
    context.lineTo(width, height);
    context.closePath();
    context.fillStyle = hsl(between(random, 80, 130), between(random, 30, 60), 40 - layer * 7);
    context.fill();
  }
  // Foliage and stones: thousands of small soft shapes, the mid-frequency texture a JPEG of nature spends its bytes on.
  for (let i = 0; i < 12_000; i++) {
    const x = between(random, 0, width);
    const y = between(random, height * 0.45, height);
    const r = between(random, 2, 14) * (0.5 + y / height);
    context.fillStyle = hsl(between(random, 60, 140), between(random, 20, 70), between(random, 15, 55), between(random, 0.3, 0.9));
    context.beginPath();
    context.ellipse(x, y, r, r * between(random, 0.4, 1), between(random, 0, Math.PI), 0, 2 * Math.PI);
    context.fill();
  }
}

/** Sensor grain: a few levels of noise on every channel, which is what keeps a real photo's JPEG from shrinking further. */
function addGrain(context: Context, width: number, height: number, random: Random): void {
  const image = context.getImageData(0, 0, width, height);
  const data = image.data;
  let state = Math.floor(random() * 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i += 4) {
    // xorshift32 inline: 36 million values, where a closure call each would dominate the page's time.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const noise = ((state & 0xff) - 128) / 16;
    data[i] += noise;
    data[i + 1] += noise * 0.8;
    data[i + 2] += noise * 1.1;
  }
  context.putImageData(image, 0, 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Screenshots

interface Theme {
  background: string;
  sidebar: string;
  activity: string;
  panel: string;
  border: string;
  text: string;
  dim: string;
  accent: string;
  tokens: string[];
}

const DARK: Theme = { background: '#1e1e1e', sidebar: '#252526', activity: '#333333', panel: '#181818', border: '#3c3c3c', text: '#d4d4d4', dim: '#858585', accent: '#0078d4', tokens: ['#569cd6', '#ce9178', '#4ec9b0', '#dcdcaa', '#9cdcfe', '#6a9955', '#c586c0'] };
const LIGHT: Theme = { background: '#ffffff', sidebar: '#f3f3f3', activity: '#2c2c2c', panel: '#f8f8f8', border: '#e5e5e5', text: '#1f1f1f', dim: '#6e7681', accent: '#005fb8', tokens: ['#0000ff', '#a31515', '#267f99', '#795e26', '#001080', '#008000', '#af00db'] };

const FILES = ['src', 'extension.ts', 'chatSession.ts', 'requestBuilder.ts', 'attachmentStore.ts', 'conversationStore.ts', 'webview', 'main.ts', 'composer.ts', 'README.md', 'package.json', 'tsconfig.json', 'test', 'unit', 'fakes', 'media', 'chat.css', 'CHANGELOG.md', 'esbuild.mjs', '.gitignore'];

/**
 * An editor window at a Retina-like 2x: activity bar, file tree, tabs, code with line numbers and coloured tokens,
 * a terminal, a chat panel with a picture in it, a status bar. Layout and text vary with the seed, so no two shots
 * share their bytes (they are stored by content).
 */
async function screenshotPng(width: number, height: number, seed: number): Promise<string> {
  const random = prng(seed);
  const theme = random() < 0.7 ? DARK : LIGHT;
  const scale = 2;
  const w = width / scale;
  const h = height / scale;
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.scale(scale, scale);
  context.textBaseline = 'middle';
  context.fillStyle = theme.background;
  context.fillRect(0, 0, w, h);

  const sidebar = Math.round(between(random, 200, 280));
  const chat = Math.round(between(random, 320, 420));
  const terminal = Math.round(between(random, 160, 260));
  const status = 22;
  const editorLeft = 48 + sidebar;
  const editorRight = w - chat;

  // Title bar and activity bar with icons.
  context.fillStyle = theme.sidebar;
  context.fillRect(0, 0, w, 30);
  text(context, `chatSession.ts — claude-chat — Visual Studio Code`, w / 2 - 150, 15, theme.dim, '12px system-ui, sans-serif');
  for (const [i, color] of ['#ff5f57', '#febc2e', '#28c840'].entries()) circle(context, 14 + i * 20, 15, 6, color);
  context.fillStyle = theme.activity;
  context.fillRect(0, 30, 48, h - 30 - status);
  for (let i = 0; i < 6; i++) icon(context, 12, 50 + i * 48, 24, i === 0 ? '#ffffff' : '#858585', random);

  // File tree.
  context.fillStyle = theme.sidebar;
  context.fillRect(48, 30, sidebar, h - 30 - status);
  text(context, 'EXPLORER', 68, 46, theme.dim, '600 11px system-ui, sans-serif');
  for (let i = 0, y = 72; y < h - status - 12; i++, y += 22) {
    const name = FILES[(i + seed) % FILES.length];
    const depth = name.includes('.') ? 2 : 1;
    if (i === 3) {
      context.fillStyle = theme.accent + '55';
      context.fillRect(48, y - 11, sidebar, 22);
    }
    icon(context, 48 + depth * 14, y - 7, 14, theme.tokens[i % theme.tokens.length], random);
    text(context, name, 70 + depth * 14, y, theme.text, '13px system-ui, sans-serif');
  }

  // Tabs and code.
  context.fillStyle = theme.sidebar;
  context.fillRect(editorLeft, 30, editorRight - editorLeft, 34);
  for (let i = 0, x = editorLeft; i < 4; i++, x += 160) {
    context.fillStyle = i === 0 ? theme.background : theme.sidebar;
    context.fillRect(x, 30, 158, 34);
    text(context, FILES[(seed + i * 3) % FILES.length], x + 30, 47, i === 0 ? theme.text : theme.dim, '13px system-ui, sans-serif');
    line(context, x + 159, 30, x + 159, 64, theme.border);
  }
  const code = generateMarkdown(seed, 12_000).split('\n');
  const codeBottom = h - status - terminal;
  for (let i = 0, y = 76; y < codeBottom - 8; i++, y += 19) {
    text(context, String(i + 1).padStart(4), editorLeft + 6, y, theme.dim, '13px "DejaVu Sans Mono", monospace');
    drawTokens(context, code[i % code.length].slice(0, 120), editorLeft + 60, y, theme, Math.floor(between(random, 0, 7)));
  }
  // Minimap: a strip of tiny coloured dashes.
  for (let y = 70; y < codeBottom - 4; y += 3) {
    context.fillStyle = theme.tokens[Math.floor(random() * theme.tokens.length)] + '88';
    context.fillRect(editorRight - 70, y, between(random, 10, 60), 2);
  }

  // Terminal.
  context.fillStyle = theme.panel;
  context.fillRect(editorLeft, codeBottom, editorRight - editorLeft, terminal);
  line(context, editorLeft, codeBottom, editorRight, codeBottom, theme.border);
  text(context, 'PROBLEMS    OUTPUT    DEBUG CONSOLE    TERMINAL', editorLeft + 16, codeBottom + 16, theme.dim, '11px system-ui, sans-serif');
  for (let i = 0, y = codeBottom + 40; y < h - status - 10; i++, y += 18) {
    const passed = random() < 0.85;
    text(context, passed ? '  ✔' : '  ✘', editorLeft + 12, y, passed ? '#3fb950' : '#f85149', '13px "DejaVu Sans Mono", monospace');
    text(context, prose(seed * 100 + i, 50).slice(0, 90), editorLeft + 44, y, theme.text, '13px "DejaVu Sans Mono", monospace');
  }

  // Chat panel: bubbles of prose and one picture (a chart), as a chat with Claude looks.
  context.fillStyle = theme.sidebar;
  context.fillRect(editorRight, 30, chat, h - 30 - status);
  line(context, editorRight, 30, editorRight, h - status, theme.border);
  let y = 60;
  for (let turn = 0; y < h - status - 80; turn++) {
    const user = turn % 2 === 0;
    const lines = wrap(context, prose(seed * 1000 + turn, user ? 120 : 420), chat - 60, '13px system-ui, sans-serif');
    const boxHeight = lines.length * 18 + 16;
    context.fillStyle = user ? theme.accent + '33' : theme.background;
    roundRect(context, editorRight + 16, y, chat - 32, boxHeight, 6);
    lines.forEach((row, i) => text(context, row, editorRight + 28, y + 17 + i * 18, theme.text, '13px system-ui, sans-serif'));
    y += boxHeight + 12;
    if (turn === 1) {
      chart(context, editorRight + 16, y, chat - 32, 140, theme, random);
      y += 152;
    }
  }

  // Status bar.
  context.fillStyle = theme.accent;
  context.fillRect(0, h - status, w, status);
  text(context, '⎇ main   ⊗ 0  ⚠ 2        Ln 42, Col 17   Spaces: 2   UTF-8   LF   TypeScript', 10, h - status / 2, '#ffffff', '12px system-ui, sans-serif');

  return blobToBase64(await canvas.convertToBlob({ type: 'image/png' }));
}

function text(context: Context, value: string, x: number, y: number, color: string, font: string): void {
  context.font = font;
  context.fillStyle = color;
  context.fillText(value, x, y);
}

function line(context: Context, x1: number, y1: number, x2: number, y2: number, color: string): void {
  context.strokeStyle = color;
  context.lineWidth = 1;
  context.beginPath();
  context.moveTo(x1, y1);
  context.lineTo(x2, y2);
  context.stroke();
}

function circle(context: Context, x: number, y: number, r: number, color: string): void {
  context.fillStyle = color;
  context.beginPath();
  context.arc(x, y, r, 0, 2 * Math.PI);
  context.fill();
}

function roundRect(context: Context, x: number, y: number, width: number, height: number, radius: number): void {
  context.beginPath();
  context.roundRect(x, y, width, height, radius);
  context.fill();
}

/** A small glyph-like icon: outlined shapes with anti-aliased edges, as codicons are. */
function icon(context: Context, x: number, y: number, size: number, color: string, random: Random): void {
  context.strokeStyle = color;
  context.lineWidth = 1.5;
  context.beginPath();
  if (random() < 0.5) context.roundRect(x + 2, y + 2, size - 4, size - 4, 3);
  else context.arc(x + size / 2, y + size / 2, size / 2 - 2, 0, 2 * Math.PI);
  context.moveTo(x + size / 4, y + size / 2);
  context.lineTo(x + (3 * size) / 4, y + size / 2);
  context.stroke();
}

const KEYWORDS = /^(const|let|function|return|import|export|from|if|else|for|await|async|class|new|type|interface)$/;

/** One code line, its words coloured like a syntax theme does (keywords, strings, identifiers, comments). */
function drawTokens(context: Context, source: string, x: number, y: number, theme: Theme, indent: number): void {
  context.font = '13px "DejaVu Sans Mono", monospace';
  let at = x + indent * 16;
  for (const word of source.split(/(\s+)/)) {
    if (word.trim().length === 0) {
      at += context.measureText(word).width;
      continue;
    }
    const color = KEYWORDS.test(word) ? theme.tokens[0] : /^['"`]/.test(word) ? theme.tokens[1] : /^[A-Z]/.test(word) ? theme.tokens[2] : /\(/.test(word) ? theme.tokens[3] : /^(\/\/|#|>)/.test(word) ? theme.tokens[5] : theme.text;
    context.fillStyle = color;
    context.fillText(word, at, y);
    at += context.measureText(word).width;
  }
}

function wrap(context: Context, value: string, width: number, font: string): string[] {
  context.font = font;
  const lines: string[] = [];
  let current = '';
  for (const word of value.split(' ')) {
    const next = current ? `${current} ${word}` : word;
    if (context.measureText(next).width > width && current) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}

/** A bar chart with a gradient backdrop and grid: the kind of picture screenshots of dashboards and answers hold. */
function chart(context: Context, x: number, y: number, width: number, height: number, theme: Theme, random: Random): void {
  const backdrop = context.createLinearGradient(x, y, x + width, y + height);
  backdrop.addColorStop(0, theme.panel);
  backdrop.addColorStop(1, theme.accent + '44');
  context.fillStyle = backdrop;
  roundRect(context, x, y, width, height, 6);
  for (let i = 1; i < 5; i++) line(context, x + 8, y + (i * height) / 5, x + width - 8, y + (i * height) / 5, theme.border);
  const bars = 14;
  for (let i = 0; i < bars; i++) {
    const barHeight = between(random, 0.15, 0.9) * (height - 20);
    const bar = context.createLinearGradient(0, y + height - barHeight, 0, y + height);
    bar.addColorStop(0, theme.tokens[i % theme.tokens.length]);
    bar.addColorStop(1, theme.tokens[(i + 2) % theme.tokens.length] + '66');
    context.fillStyle = bar;
    context.fillRect(x + 12 + (i * (width - 24)) / bars, y + height - 10 - barHeight, (width - 24) / bars - 4, barHeight);
  }
}

const api: AttachmentsBenchApi = {
  async resize(job) {
    const started = performance.now();
    const answer = await resizeImage(job);
    return { answer, ms: performance.now() - started };
  },
  photoJpeg,
  screenshotPng,
};
Object.assign(window, { attachmentsBench: api });
