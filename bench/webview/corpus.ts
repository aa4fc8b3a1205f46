/**
 * Deterministic Markdown of the kind a model writes (headings, paragraphs with inline code and links, lists, tables,
 * fenced code in several languages), and its split into stream deltas of varying size. Pure: the Node benches and
 * the browser pages build the very same text from the same seed.
 */

/** The streamed answer the webview benches share: about 200 KB, in 4,000 deltas. */
export const ANSWER_SEED = 20240601;
export const ANSWER_CHARS = 200_000;
export const ANSWER_DELTAS = 4000;

/** mulberry32: small, fast, and the same sequence everywhere. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const WORDS = (
  'the a request response stream buffer cache value state view render parser token block frame batch message ' +
  'conversation branch host webview delta queue worker promise handler callback option setting file folder path ' +
  'function method class module package build test error retry timeout limit size index key record field type ' +
  'returns keeps sends reads writes checks merges splits calls waits throws updates replaces handles stores ' +
  'quickly safely once twice only always never usually because while after before when unless so and or but with ' +
  'without into from over under per each every small large first last next previous whole partial complete'
).split(' ');
const IDENTIFIERS = ['parseConfig', 'renderFrame', 'flushQueue', 'retryCount', 'maxTokens', 'streamId', 'handleDelta', 'userId', 'cacheKey', 'onMessage', 'buildIndex', 'readChunk', 'isReady', 'batchSize', 'timeoutMs'];
const LINKS = ['https://developer.mozilla.org/en-US/docs/Web/API', 'https://code.visualstudio.com/api', 'https://nodejs.org/api/stream.html', 'https://docs.python.org/3/library/asyncio.html', 'https://doc.rust-lang.org/book/'];
const ACCENTS = ['café', 'naïve', 'über', '→', '—', '≤', '“quoted”', 'façade'];

function sentence(random: Random): string {
  const count = int(random, 6, 18);
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < 0.07) words.push(`\`${pick(random, IDENTIFIERS)}\``);
    else if (roll < 0.09) words.push(`**${pick(random, WORDS)}**`);
    else if (roll < 0.1) words.push(`[${pick(random, WORDS)} docs](${pick(random, LINKS)})`);
    else if (roll < 0.11) words.push(pick(random, ACCENTS));
    else words.push(pick(random, WORDS));
  }
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + pick(random, ['.', '.', '.', ':', '?', '!']);
}

function paragraph(random: Random): string {
  return Array.from({ length: int(random, 2, 6) }, () => sentence(random)).join(' ');
}

function list(random: Random): string {
  const ordered = random() < 0.4;
  return Array.from({ length: int(random, 3, 8) }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${sentence(random)}${random() < 0.2 ? ` ${sentence(random)}` : ''}`).join('\n');
}

function table(random: Random): string {
  const columns = int(random, 3, 5);
  const header = Array.from({ length: columns }, () => pick(random, WORDS));
  const rows = Array.from({ length: int(random, 3, 9) }, () =>
    Array.from({ length: columns }, (_, c) => (c === 0 ? `\`${pick(random, IDENTIFIERS)}\`` : random() < 0.5 ? String(int(random, 1, 5000)) : `${pick(random, WORDS)} ${pick(random, WORDS)}`)),
  );
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

const CODE: Record<string, (random: Random, name: string, other: string) => string> = {
  typescript: (random, name, other) =>
    `export async function ${name}(input: string, options: { ${other}: number }): Promise<string[]> {\n  const result: string[] = [];\n  for (const part of input.split('\\n')) {\n    if (part.length > options.${other}) result.push(part.slice(0, ${int(random, 10, 99)}));\n    else result.push(part.trim());\n  }\n  return result;\n}`,
  python: (random, name, other) =>
    `import asyncio\n\nasync def ${name}(queue: asyncio.Queue, ${other}: int = ${int(random, 1, 60)}) -> list[str]:\n    """Drain the queue, at most ${other} items."""\n    items = []\n    while not queue.empty() and len(items) < ${other}:\n        items.append(await queue.get())\n    return items`,
  rust: (random, name, other) =>
    `pub fn ${name}(data: &[u8], ${other}: usize) -> Result<Vec<u8>, String> {\n    if data.len() > ${other} {\n        return Err(format!("too long: {}", data.len()));\n    }\n    let mut out = Vec::with_capacity(${int(random, 16, 4096)});\n    out.extend_from_slice(data);\n    Ok(out)\n}`,
  go: (random, name, other) =>
    `func ${name}(ctx context.Context, ${other} int) (string, error) {\n\tselect {\n\tcase <-ctx.Done():\n\t\treturn "", ctx.Err()\n\tcase <-time.After(${int(random, 1, 900)} * time.Millisecond):\n\t\treturn fmt.Sprintf("done %d", ${other}), nil\n\t}\n}`,
  bash: (random, name, other) => `#!/usr/bin/env bash\nset -euo pipefail\n${name}() {\n  local ${other}="$1"\n  grep -rn "${other}" src/ | head -n ${int(random, 5, 50)} || true\n}\n${name} "$@"`,
  json: (random, name, other) => `{\n  "name": "${name}",\n  "${other}": ${int(random, 1, 1000)},\n  "enabled": ${random() < 0.5},\n  "tags": ["stream", "render", "bench"],\n  "nested": { "depth": ${int(random, 1, 9)}, "path": "src/${name}.ts" }\n}`,
};

function code(random: Random): string {
  const language = pick(random, Object.keys(CODE));
  const body = Array.from({ length: int(random, 1, 4) }, () => CODE[language](random, pick(random, IDENTIFIERS), pick(random, IDENTIFIERS))).join('\n\n');
  return `\`\`\`${language}\n${body}\n\`\`\``;
}

/** Plain sentences of about `targetChars` characters (a user's question). */
export function prose(seed: number, targetChars: number): string {
  const random = prng(seed);
  let text = sentence(random);
  while (text.length < targetChars) text += ` ${sentence(random)}`;
  return text;
}

/** Markdown of about `targetChars` characters (it stops after the block that reaches the target). */
export function generateMarkdown(seed: number, targetChars: number): string {
  const random = prng(seed);
  const blocks: string[] = [];
  let length = 0;
  let section = 0;
  while (length < targetChars) {
    const roll = random();
    let block: string;
    if (blocks.length === 0 || roll < 0.08) block = `${blocks.length === 0 || random() < 0.3 ? '##' : '###'} ${++section}. ${sentence(random).slice(0, -1)}`;
    else if (roll < 0.45) block = paragraph(random);
    else if (roll < 0.62) block = list(random);
    else if (roll < 0.9) block = code(random);
    else if (roll < 0.96) block = table(random);
    else block = `> ${sentence(random)} ${sentence(random)}`;
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n') + '\n';
}

/** `text` cut into `count` deltas of varying size (exponentially distributed, like token bursts); never splits a surrogate pair. */
export function splitDeltas(text: string, count: number, seed: number): string[] {
  const random = prng(seed);
  const weights = Array.from({ length: count }, () => -Math.log(1 - random()));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const deltas: string[] = [];
  let start = 0;
  let acc = 0;
  for (let i = 0; i < count; i++) {
    acc += weights[i];
    let end = i === count - 1 ? text.length : Math.max(start + 1, Math.round((acc / total) * text.length));
    end = Math.min(end, text.length - (count - 1 - i)); // leave at least one character for each delta still to come
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
    deltas.push(text.slice(start, end));
    start = end;
  }
  return deltas;
}

/** The benches' shared answer and its deltas. */
export function streamedAnswer(): { text: string; deltas: string[] } {
  const text = generateMarkdown(ANSWER_SEED, ANSWER_CHARS);
  return { text, deltas: splitDeltas(text, ANSWER_DELTAS, ANSWER_SEED + 1) };
}
