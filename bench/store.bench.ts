/**
 * What the conversation store costs at a realistic scale, and the claim its design rests on: a save costs
 * O(size of that conversation), not O(number of conversations), unlike one JSON blob rewritten on every save
 * (what keeping history in globalState amounts to). Prints a table; asserts nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeFileAtomic } from '../src/conversations/store/atomicFile';
import { toStoredConversation, toStoredMessage } from '../src/conversations/store/codec';
import { ConversationStore } from '../src/conversations/store/conversationStore';
import type { StoredConversation } from '../src/conversations/store/storedFormat';
import { emptyConversation, type ChatMessage, type Conversation } from '../src/shared/conversation';

const MANY = 2000;
const FEW = 100;
const MESSAGES_EACH = 10;
const HUGE_MESSAGES = 1000;
const HUGE_ID = 'huge';
const RUNS_SAVE = 21;
const RUNS_NAIVE = 9;

const SENTENCE = 'The quick brown fox jumps over the lazy dog while the compiler reports 3 warnings. ';

function message(id: string, parentId: string | null, role: ChatMessage['role'], length: number, createdAt: number): ChatMessage {
  const text = SENTENCE.repeat(Math.ceil(length / SENTENCE.length)).slice(0, length);
  return { id, parentId, role, blocks: [{ type: 'text', text }], status: 'complete', createdAt };
}

function makeConversation(id: string, count: number, at: number): Conversation {
  const conversation = emptyConversation(id, { model: 'claude-sonnet-5-5', systemPrompt: 'Be concise.' }, at);
  conversation.title = `Conversation ${id}`;
  conversation.titleSource = 'generated';
  let parentId: string | null = null;
  for (let i = 0; i < count; i++) {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    const next = message(`${id}-m${i}`, parentId, role, role === 'user' ? 200 : 600, at + i);
    conversation.messages.push(next);
    parentId = next.id;
  }
  conversation.updatedAt = at + count;
  return conversation;
}

/** Writes the files directly: generation is not what is measured. */
function populate(dir: string, others: number): void {
  const folder = path.join(dir, 'conversations');
  fs.mkdirSync(folder, { recursive: true });
  const write = (conversation: Conversation) => fs.writeFileSync(path.join(folder, `${conversation.id}.json`), JSON.stringify(toStoredConversation(conversation, 1)));
  for (let i = 0; i < others; i++) write(makeConversation(`c${i}`, MESSAGES_EACH, 1_700_000_000_000 + i * 1000));
  write(makeConversation(HUGE_ID, HUGE_MESSAGES, 1_600_000_000_000));
}

/** Every conversation of `dir` in one object: the naive design's in-memory state. */
function readAll(dir: string): Record<string, StoredConversation> {
  const folder = path.join(dir, 'conversations');
  const all: Record<string, StoredConversation> = {};
  for (const name of fs.readdirSync(folder)) {
    if (name.endsWith('.json')) all[name.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as StoredConversation;
  }
  return all;
}

interface Saver {
  /** Adds one turn (question and answer) to the 1,000-message conversation, as a finished answer does. Not timed. */
  prepare(): void;
  /** Persists it. Timed. */
  save(): Promise<void>;
}

async function ourSaver(dir: string): Promise<Saver> {
  const store = new ConversationStore({ dir });
  const loaded = await store.load(HUGE_ID);
  if (!loaded || !('conversation' in loaded)) throw new Error('the huge conversation did not load');
  const { conversation } = loaded;
  let revision = loaded.revision;
  let turn = 0;
  return {
    prepare() {
      const last = conversation.messages[conversation.messages.length - 1];
      const question = message(`turn${turn}-q`, last.id, 'user', 200, Date.now());
      conversation.messages.push(question, message(`turn${turn++}-a`, question.id, 'assistant', 600, Date.now()));
    },
    async save() {
      revision = (await store.save(conversation, revision)).revision;
    },
  };
}

/** The baseline: every conversation in one JSON file, kept in memory and rewritten whole on every save. */
function naiveSaver(dir: string): Saver {
  const all = readAll(dir);
  const file = path.join(dir, 'all-conversations.json');
  const huge = all[HUGE_ID];
  let turn = 0;
  return {
    prepare() {
      const last = huge.messages[huge.messages.length - 1];
      const question = toStoredMessage(message(`naive${turn}-q`, last.id, 'user', 200, Date.now()));
      huge.messages.push(question, toStoredMessage(message(`naive${turn++}-a`, question.id, 'assistant', 600, Date.now())));
    },
    async save() {
      huge.revision++;
      await writeFileAtomic(file, JSON.stringify(all)); // the same atomic write ours uses, to compare like with like
    },
  };
}

async function median(runs: number, body: () => Promise<void>, setup?: () => void): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    setup?.();
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Medians of alternating runs: drift (page cache, disk, GC) then weighs on every saver alike. */
async function alternate(runs: number, savers: readonly Saver[]): Promise<number[]> {
  const times: number[][] = savers.map(() => []);
  for (let i = 0; i < runs; i++) {
    for (const [index, saver] of savers.entries()) {
      saver.prepare();
      const started = performance.now();
      await saver.save();
      times[index].push(performance.now() - started);
    }
  }
  return times.map((list) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]);
}

export interface BenchRow {
  label: string;
  value: string;
  note?: string;
}

export async function runStoreBench(): Promise<BenchRow[]> {
  const manyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-bench-many-'));
  const fewDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-store-bench-few-'));
  try {
    populate(manyDir, MANY);
    populate(fewDir, FEW);
    const manyBytes = fs.readdirSync(path.join(manyDir, 'conversations')).reduce((sum, name) => sum + fs.statSync(path.join(manyDir, 'conversations', name)).size, 0);
    const hugeBytes = fs.statSync(path.join(manyDir, 'conversations', `${HUGE_ID}.json`)).size;

    await new ConversationStore({ dir: manyDir }).list(); // builds the index
    const listWarm = await median(9, async () => {
      await new ConversationStore({ dir: manyDir }).list();
    });
    const listCold = await median(
      5,
      async () => {
        await new ConversationStore({ dir: manyDir }).list();
      },
      () => fs.rmSync(path.join(manyDir, 'index.json'), { force: true }),
    );
    const load = await median(9, async () => {
      await new ConversationStore({ dir: manyDir }).load(HUGE_ID);
    });
    const [saveMany, saveFew] = await alternate(RUNS_SAVE, [await ourSaver(manyDir), await ourSaver(fewDir)]);
    const [naiveMany, naiveFew] = await alternate(RUNS_NAIVE, [naiveSaver(manyDir), naiveSaver(fewDir)]);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const ratio = (value: number) => `${value.toFixed(2)}x`;
    return [
      { label: `data: ${MANY} conversations x ${MESSAGES_EACH} messages + 1 x ${HUGE_MESSAGES}`, value: `${(manyBytes / 1e6).toFixed(1)} MB`, note: `the ${HUGE_MESSAGES}-message file is ${(hugeBytes / 1e6).toFixed(2)} MB` },
      { label: `list() warm, from the index (${MANY + 1} files)`, value: ms(listWarm) },
      { label: 'list() cold, index removed (full rebuild)', value: ms(listCold) },
      { label: `load() the ${HUGE_MESSAGES}-message conversation`, value: ms(load) },
      { label: `save() one more turn, ${MANY} others`, value: ms(saveMany) },
      { label: `save() one more turn, ${FEW} others`, value: ms(saveFew) },
      { label: `naive one-file save, ${MANY} others`, value: ms(naiveMany) },
      { label: `naive one-file save, ${FEW} others`, value: ms(naiveFew) },
      { label: `ratio: our save, ${MANY} vs ${FEW} others`, value: ratio(saveMany / saveFew), note: '≈1: grows with the conversation, not the library' },
      { label: `ratio: naive save, ${MANY} vs ${FEW} others`, value: ratio(naiveMany / naiveFew), note: 'grows with the library' },
      { label: `ratio: naive vs our save, ${MANY} others`, value: ratio(naiveMany / saveMany), note: 'how much slower the one-blob save is' },
    ];
  } finally {
    fs.rmSync(manyDir, { recursive: true, force: true });
    fs.rmSync(fewDir, { recursive: true, force: true });
  }
}

export function formatRows(title: string, rows: readonly BenchRow[]): string {
  const width = Math.max(...rows.map((row) => row.label.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  const lines = rows.map((row) => `  ${row.label.padEnd(width)}  ${row.value.padStart(valueWidth)}${row.note ? `  (${row.note})` : ''}`);
  return [title, ...lines].join('\n');
}
