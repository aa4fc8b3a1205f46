/**
 * What Claude's read-only workspace tools cost, run for real (WorkspaceTools on the unit tests' vscode fake, over a
 * generated temp workspace), and the claim search_text's regex engine rests on: re2js runs in time linear in the
 * line, so a pattern from the model cannot hang the extension host the way JavaScript's backtracking RegExp can.
 * - a hostile pattern, (a+)+$ on N a's and a "!", in each engine;
 * - search_text and list_files against a naive fs walk that reads everything and honours no excludes.
 * Prints a table; asserts nothing, except that each tool found what the row says it measures.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import picomatch from 'picomatch';
import { RE2JS } from 're2js';
import type { ToolFolder } from '../src/tools/workspaceTools';
import type * as FakeVscode from '../test/fakes/vscode';
import type * as ToolWorkspaceModule from '../test/helpers/toolWorkspace';
import type { BenchRow } from './store.bench';
import { prng } from './webview/corpus';

const HOSTILE = '(a+)+$';
const HOSTILE_SIZES = [20, 22, 24, 26, 28, 30];
const RE2_ONLY_SIZES = [10_000, 1_000_000];
/** JavaScript's RegExp is run at a size only when the last size's time, doubled per extra a, predicts at most this. */
const JS_BUDGET_MS = 2000;
const ENGINE_RUNS = 5;

const VISIBLE_FILES = 2000;
const GENERATED_FILES = 2000;
const SNAPSHOT_FILES = 100;
/** search_text rounds read 8,000 files each (tool + both naive searches): fewer of them keep the bench near a minute. */
const SEARCH_RUNS = 3;
const LIST_RUNS = 5;
const PLAIN_QUERY = 'retryWithBackoff';
const REGEX_QUERY = String.raw`fetch[A-Z]\w*\(`;
/** One visible file in this many carries each needle: 50 and 40 matches, under max_results so every file is searched. */
const PLAIN_EVERY = 40;
const REGEX_EVERY = 50;

// ---------------------------------------------------------------------------------------------------------------
// The tools on the fake

interface Loaded {
  vscode: typeof FakeVscode;
  ToolWorkspace: typeof ToolWorkspaceModule.ToolWorkspace;
}

/**
 * The bench build leaves `vscode` external (integration tests get the real one), so the tools are loaded only here,
 * after `vscode` is pointed at the unit tests' fake: the same module object the bench drives.
 */
async function loadToolsOnFake(): Promise<Loaded> {
  const vscode = await import('../test/fakes/vscode');
  const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
  const load = loader._load;
  loader._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscode : load.call(this, request, ...rest);
  };
  const { ToolWorkspace } = await import('../test/helpers/toolWorkspace');
  return { vscode, ToolWorkspace };
}

// ---------------------------------------------------------------------------------------------------------------
// Formatting

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(2)} s` : value < 0.1 ? `${(value * 1000).toFixed(1)} µs` : `${value.toFixed(value < 10 ? 2 : 1)} ms`);
const ratio = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)}x`;
const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);
const count = (value: number) => value.toLocaleString('en-US');
const cells = (...values: string[]) => values.map((value) => value.padStart(12)).join(' ');

async function timed(runs: number, body: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Medians of `bodies` run in turn, `runs` rounds: whatever else the machine does weighs on each alike. */
async function timedSideBySide(runs: number, bodies: readonly (() => unknown)[]): Promise<number[]> {
  const times: number[][] = bodies.map(() => []);
  for (let run = 0; run < runs; run++) {
    for (const [index, body] of bodies.entries()) {
      const started = performance.now();
      await body();
      times[index].push(performance.now() - started);
    }
  }
  return times.map(median);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. A hostile pattern in each engine

async function hostileRows({ ToolWorkspace }: Loaded): Promise<BenchRow[]> {
  const re2 = RE2JS.compile(HOSTILE);
  const js = new RegExp(HOSTILE);
  const line = (n: number) => `${'a'.repeat(n)}!`;
  const rows: BenchRow[] = [
    { label: `"${HOSTILE}" on one line of N a's and "!" (no match)`, value: cells('JS RegExp', 're2js', 'JS/re2js'), note: `re2js as search_text calls it (test), median of ${ENGINE_RUNS}; JS median of 3 under 200 ms, else one run` },
  ];
  // Warm-up: the JIT, re2js's lazily built DFA states, and V8's tier-up of the RegExp from bytecode to native code.
  for (let run = 0; run < 3; run++) {
    re2.test(line(1000));
    js.test(line(12));
  }
  let lastJs: { n: number; ms: number } | undefined;
  for (const n of HOSTILE_SIZES) {
    const text = line(n);
    const re2Ms = await timed(ENGINE_RUNS, () => re2.test(text));
    const predicted = lastJs ? lastJs.ms * 2 ** (n - lastJs.n) : 0;
    if (predicted > JS_BUDGET_MS) {
      rows.push({ label: `  N = ${n}`, value: cells('not run', ms(re2Ms), '-'), note: `over budget: ≈ ${ms(predicted)} predicted (×2 per a)` });
      continue;
    }
    const once = await timed(1, () => js.test(text));
    const jsMs = once < 200 ? await timed(3, () => js.test(text)) : once;
    lastJs = { n, ms: jsMs };
    rows.push({ label: `  N = ${n}`, value: cells(ms(jsMs), ms(re2Ms), ratio(jsMs / re2Ms)) });
  }
  for (const n of RE2_ONLY_SIZES) {
    const text = line(n);
    rows.push({ label: `  N = ${count(n)}`, value: cells('not run', ms(await timed(ENGINE_RUNS, () => re2.test(text))), '-'), note: n >= 1e6 ? 'a 1 MB line: search_text reads no bigger file' : undefined });
  }

  const ws = new ToolWorkspace();
  try {
    ws.write('evil.txt', `${line(1_000_000)}\n`);
    const run = () => ws.run('search_text', { query: HOSTILE, is_regex: true });
    const result = await run();
    if (result.content !== `No matches for /${HOSTILE}/ in 1 file searched.`) throw new Error(`bench: search_text answered ${result.content}`);
    rows.push({ label: `  search_text /${HOSTILE}/ on that 1 MB line, whole tool call`, value: cells('-', ms(await timed(ENGINE_RUNS, run)), ''), note: 'validate (compile) + list + stat + read + split + match' });
  } finally {
    ws.dispose();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// 2 and 3. An ordinary workspace

const WORDS = ['config', 'user', 'session', 'request', 'handler', 'cache', 'index', 'value', 'result', 'options', 'store', 'event', 'buffer', 'token'];

/** A TypeScript-looking file of about `bytes`, deterministic; `extra` lines go in the middle. */
function sourceText(random: () => number, bytes: number, extra: readonly string[]): string {
  const word = () => WORDS[Math.floor(random() * WORDS.length)];
  const camel = () => `${word()}${word().replace(/^./, (c) => c.toUpperCase())}`;
  const templates = [
    () => `import { ${camel()} } from './${word()}';`,
    () => `  const ${camel()} = ${word()}.${camel()}(${word()}, ${Math.floor(random() * 1000)});`,
    () => `  if (!${camel()}) return undefined;`,
    () => `  // the ${word()} is kept until the ${word()} is closed`,
    () => `export function ${camel()}(${word()}: string): number {`,
    () => '}',
    () => `  ${word()}.push({ ${word()}: ${camel()}, at: Date.now() });`,
  ];
  const lines: string[] = [];
  let length = 0;
  while (length < bytes) {
    const next = templates[Math.floor(random() * templates.length)]();
    lines.push(next);
    length += next.length + 1;
  }
  lines.splice(Math.floor(lines.length / 2), 0, ...extra);
  return `${lines.join('\n')}\n`;
}

interface Workspace {
  root: string;
  bytes: { visible: number; hidden: number };
  needles: { plain: number; regex: number };
}

/**
 * VISIBLE_FILES files in src/ and test/ (~750 bytes each), GENERATED_FILES under generated/ (in .gitignore) and
 * SNAPSHOT_FILES in __snapshots__ folders (files.exclude). Needles go in the hidden files too: a naive search finds them.
 */
function populate(ws: ToolWorkspaceModule.ToolWorkspace, vscode: typeof FakeVscode): Workspace {
  const random = prng(14);
  const bytes = { visible: 0, hidden: 0 };
  const needles = { plain: 0, regex: 0 };
  const write = (relative: string, index: number, visible: boolean) => {
    const extra: string[] = [];
    if (index % PLAIN_EVERY === 0) extra.push(`  await ${PLAIN_QUERY}(() => send(request), 3);`);
    if (index % REGEX_EVERY === 7) extra.push(`  const user = await fetchUser(id, { cache: false });`);
    if (visible) {
      needles.plain += extra.filter((line) => line.includes(PLAIN_QUERY)).length;
      needles.regex += extra.length - extra.filter((line) => line.includes(PLAIN_QUERY)).length;
    }
    const text = sourceText(random, 200 + Math.floor(random() * 1100), extra);
    ws.write(relative, text);
    bytes[visible ? 'visible' : 'hidden'] += Buffer.byteLength(text);
  };
  for (let i = 0; i < VISIBLE_FILES; i++) write(`${i % 5 === 4 ? 'test' : 'src'}/module${i % 40}/part${Math.floor(i / 40) % 5}/file${i}.ts`, i, true);
  for (let i = 0; i < GENERATED_FILES; i++) write(`generated/schema${i % 20}/type${i}.ts`, i, false);
  for (let i = 0; i < SNAPSHOT_FILES; i++) write(`src/module${i % 40}/__snapshots__/file${i}.ts.snap`, i, false);
  ws.write('.gitignore', 'generated/\n*.log\n');
  vscode.fake.setConfiguration('files.exclude', { '**/__snapshots__': true });
  return { root: ws.root(), bytes, needles };
}

/** The files under `root`, one readdir per directory, leaving out directories named in `skip`. */
async function walk(root: string, skip: ReadonlySet<string> = new Set()): Promise<string[]> {
  const files: string[] = [];
  const visit = async (dir: string) => {
    for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) await visit(full);
      } else if (entry.isFile()) files.push(full);
    }
  };
  await visit(root);
  return files.sort();
}

/** Every file read whole with fs, every line tested: what a search with no excludes and no limits costs. */
async function naiveSearch(root: string, test: (line: string) => boolean, skip?: ReadonlySet<string>): Promise<{ matches: number; files: number }> {
  const files = await walk(root, skip);
  const matches: string[] = [];
  for (const file of files) {
    const lines = (await fs.promises.readFile(file, 'utf8')).split(/\r?\n/);
    for (let index = 0; index < lines.length; index++) {
      if (test(lines[index])) matches.push(`${path.relative(root, file)}:${index + 1}: ${lines[index].trim()}`);
    }
  }
  return { matches: matches.length, files: files.length };
}

/**
 * During one call: how many files the listing's findFiles returned (not the look for nested .gitignore files) and how
 * many files the tool read.
 */
async function countedCall<T>(vscode: typeof FakeVscode, call: () => Promise<T>): Promise<{ result: T; listed: number; read: number }> {
  const { workspace } = vscode;
  const findFiles = workspace.findFiles;
  const readFile = workspace.fs.readFile;
  const counts = { listed: 0, read: 0 };
  workspace.findFiles = async (include, ...rest) => {
    const found = await findFiles(include, ...rest);
    if (typeof include === 'string' || include.pattern !== '**/.gitignore') counts.listed += found.length;
    return found;
  };
  workspace.fs.readFile = (uri) => {
    counts.read++;
    return readFile(uri);
  };
  try {
    return { result: await call(), ...counts };
  } finally {
    workspace.findFiles = findFiles;
    workspace.fs.readFile = readFile;
  }
}

async function workspaceRows({ vscode, ToolWorkspace }: Loaded): Promise<BenchRow[]> {
  const ws = new ToolWorkspace();
  try {
    const { root, bytes, needles } = populate(ws, vscode);
    const hidden = new Set(['generated', '__snapshots__', '.git']);
    const regex = new RegExp(REGEX_QUERY);
    const searches = [
      { label: `search_text "${PLAIN_QUERY}" (plain)`, input: { query: PLAIN_QUERY, max_results: 200 }, test: (line: string) => line.includes(PLAIN_QUERY), expected: needles.plain },
      { label: `search_text /${REGEX_QUERY}/ (regex)`, input: { query: REGEX_QUERY, is_regex: true, max_results: 200 }, test: (line: string) => regex.test(line), expected: needles.regex },
    ];
    const header = cells('TOOL', 'NAIVE ALL', 'NAIVE SAME', 'TOOL/ALL', 'TOOL/SAME');
    const rows: BenchRow[] = [
      {
        label: `data: ${count(VISIBLE_FILES)} files, ${size(bytes.visible)}, in src/ and test/`,
        value: '',
        note: `+ generated/ (.gitignore) and __snapshots__ (files.exclude): ${count(GENERATED_FILES + SNAPSHOT_FILES)} files, ${size(bytes.hidden)}`,
      },
      { label: `median of ${SEARCH_RUNS} calls, in turn (after a warm-up)`, value: header, note: 'NAIVE: fs walk + readFile + split + includes/RegExp; ALL: no excludes; SAME: the excluded folders skipped by name' },
    ];
    const counted: BenchRow[] = [];
    for (const search of searches) {
      const lineTest = search.test;
      const call = () => ws.run('search_text', search.input);
      const { result, listed, read } = await countedCall(vscode, call);
      const found = /^(\d+) match(?:es)? for /.exec(result.content)?.[1];
      if (result.isError || Number(found) !== search.expected) throw new Error(`bench: ${search.label} answered ${result.content.split('\n')[0]}, expected ${search.expected} matches`);
      const all = await naiveSearch(root, lineTest);
      const same = await naiveSearch(root, lineTest, hidden);
      const [tool, naiveAll, naiveSame] = await timedSideBySide(SEARCH_RUNS, [call, () => naiveSearch(root, lineTest), () => naiveSearch(root, lineTest, hidden)]);
      rows.push({ label: search.label, value: cells(ms(tool), ms(naiveAll), ms(naiveSame), ratio(tool / naiveAll), ratio(tool / naiveSame)) });
      counted.push(
        { label: `  ${search.input.is_regex ? 'regex' : 'plain'}: files read`, value: cells(count(read), count(all.files), count(same.files), '', ''), note: `tool: findFiles returned ${count(listed)}, the rest dropped by the exclude rules unread` },
        { label: `  ${search.input.is_regex ? 'regex' : 'plain'}: matches`, value: cells(count(search.expected), count(all.matches), count(same.matches), '', '') },
      );
    }
    rows.push(...counted);

    const list = () => ws.run('list_files', { glob: '**/*', max_results: 200 });
    const { result: listed, listed: found } = await countedCall(vscode, list);
    const shown = Number(/\((\d+)\)/.exec(listed.content)?.[1]);
    if (shown !== VISIBLE_FILES + 1) throw new Error(`bench: list_files listed ${listed.content.split('\n')[0]}, expected ${VISIBLE_FILES + 1}`);
    const [listMs, walkAll, walkSame] = await timedSideBySide(LIST_RUNS, [list, () => walk(root), () => walk(root, hidden)]);
    rows.push(
      { label: 'list_files "**/*"', value: cells('TOOL', 'WALK ALL', 'WALK SAME', 'TOOL/ALL', 'TOOL/SAME'), note: 'WALK: readdir per folder, sorted; nothing read' },
      { label: `  median of ${LIST_RUNS} calls, in turn (after a warm-up)`, value: cells(ms(listMs), ms(walkAll), ms(walkSame), ratio(listMs / walkAll), ratio(listMs / walkSame)) },
      { label: '  files listed', value: cells(count(shown), count((await walk(root)).length), count((await walk(root, hidden)).length), '', ''), note: `tool: ${count(found)} from the fake's findFiles, which ignores the exclude glob` },
      await sensitiveRow((await walk(root, hidden)).map((file) => path.relative(root, file).split(path.sep).join('/'))),
      await excludeGlobRow(vscode, root),
    );
    return rows;
  } finally {
    ws.dispose();
  }
}

/**
 * The exclude glob the tools hand findFiles. VS Code's search (ripgrep) does not enter a folder the glob matches;
 * the fake's findFiles ignores it and lists everything, which the tool then drops file by file.
 */
async function excludeGlobRow(vscode: typeof FakeVscode, root: string): Promise<BenchRow> {
  const { WorkspaceExcludes } = await import('../src/tools/workspaceExcludes');
  // The fake's Uri stands in for VS Code's, as everywhere the tools run on the fake.
  const folder = { name: 'project', fsPath: root, realPath: root, uri: vscode.Uri.file(root) as unknown as ToolFolder['uri'] };
  const glob = await new WorkspaceExcludes().findFilesExclude(folder);
  // One glob per alternative, as VS Code hands them to ripgrep (picomatch itself misreads a leading **/ inside braces).
  const alternatives = glob.replace(/^\{|\}$/g, '').split(',').map((alternative) => picomatch(alternative, { dot: true }));
  const pruned = ['generated/schema0', 'src/module0/__snapshots__'].every((folder) => alternatives.some((matches) => matches(folder)));
  return { label: '  findFiles exclude glob from the tools', value: cells(pruned ? 'prunes both' : 'MISSES ONE', '', '', '', ''), note: `${glob}: VS Code does not walk generated/ or __snapshots__/; the fake does` };
}

/** isSensitivePath as checkRealPath calls it, twice per listed file, alone: it compiles each of its globs per call. */
async function sensitiveRow(listed: readonly string[]): Promise<BenchRow> {
  const { isSensitivePath, SENSITIVE_PATTERNS } = await import('../src/tools/workspacePath');
  const each = await timed(LIST_RUNS, () => listed.forEach((relative) => isSensitivePath(relative) || isSensitivePath(relative)));
  return { label: `  of which isSensitivePath, 2 per listed file (alone)`, value: cells(ms(each), '', '', '', ''), note: `${SENSITIVE_PATTERNS.length} picomatch globs, each compiled once and kept` };
}

export async function runToolsBench(): Promise<BenchRow[]> {
  const loaded = await loadToolsOnFake();
  return [...(await hostileRows(loaded)), ...(await workspaceRows(loaded))];
}
