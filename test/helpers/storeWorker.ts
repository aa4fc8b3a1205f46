/**
 * A second process using the conversation store, spawned by test/unit/store tests to stand in for another VS Code
 * window (or for a window that gets killed). Modes:
 *
 * - `crash <dir> <id>`: saves a conversation that grows by one message per save, forever (capped), until killed.
 *   Version k has title `v<k>` and messages m1..mk; it prints `ready` once before the first save.
 * - `append <dir> <id> <count> <tag>`: prints `ready`, waits for `go` on stdin (so two workers start together), then
 *   `count` times: load, append message `<tag>-<n>`, save with the loaded revision. Prints `done <merges>`.
 * - `saveBig <dir> <id>`: loads the conversation, appends a 64 KB message and saves; prints `{ ok, message }` as
 *   JSON. Run under a small file-size limit, it shows what a full disk does to a save.
 * - `stream <dir> <id> <windowId>`: a window streaming an answer. Saves a question and a streaming answer "Part",
 *   prints `streaming`, then obeys stdin lines: `grow <text>` appends to the answer and saves, `finish` completes it
 *   and saves (each prints `saved`), `exit` ends the process normally (as a window that closes mid-answer).
 */
import { ConversationStore } from '../../src/conversations/store/conversationStore';
import { emptyConversation, type ChatMessage, type Conversation } from '../../src/shared/conversation';
import { visiblePath } from '../../src/shared/conversationTree';

/** Each crash-mode message is padded so that a save takes long enough for a kill to land in the middle of it. */
export const CRASH_PADDING = 'x'.repeat(1000);
const CRASH_MAX_VERSIONS = 400;

export function crashMessageText(index: number): string {
  return `message ${index} ${CRASH_PADDING}`;
}

async function crash(dir: string, id: string): Promise<void> {
  const store = new ConversationStore({ dir });
  const conversation = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 1);
  let revision = 0;
  process.stdout.write('ready\n');
  for (let k = 1; k <= CRASH_MAX_VERSIONS; k++) {
    conversation.messages.push(message(`m${k}`, k === 1 ? null : `m${k - 1}`, k % 2 === 1 ? 'user' : 'assistant', crashMessageText(k)));
    conversation.title = `v${k}`;
    conversation.updatedAt = k;
    revision = (await store.save(conversation, revision)).revision;
  }
}

async function append(dir: string, id: string, count: number, tag: string): Promise<void> {
  const store = new ConversationStore({ dir });
  process.stdout.write('ready\n');
  await waitForGo();
  let merges = 0;
  for (let n = 1; n <= count; n++) {
    const loaded = await store.load(id);
    if (loaded && 'quarantined' in loaded) throw new Error(`quarantined: ${loaded.quarantined.detail}`);
    const conversation: Conversation = loaded?.conversation ?? emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, Date.now());
    const last = visiblePath(conversation).at(-1);
    conversation.messages.push(message(`${tag}-${n}`, last?.id ?? null, 'user', `${tag} ${n}`));
    const saved = await store.save(conversation, loaded?.revision ?? 0);
    if (saved.merged) merges++;
  }
  process.stdout.write(`done ${merges}\n`);
}

async function saveBig(dir: string, id: string): Promise<void> {
  // Past the file-size limit the kernel sends SIGXFSZ as well as failing the write. Node ignores the signal, but
  // proper-lockfile's exit hook (signal-exit) re-raises it when it is the only listener: one more listener keeps
  // the process alive, so the test sees what the store does with the failed write (EFBIG), as with a full disk.
  process.on('SIGXFSZ', () => undefined);
  const store = new ConversationStore({ dir });
  const loaded = await store.load(id);
  if (!loaded || 'quarantined' in loaded) throw new Error('saveBig needs an existing, readable conversation');
  const last = loaded.conversation.messages.at(-1);
  loaded.conversation.messages.push(message('big', last?.id ?? null, 'user', 'y'.repeat(64 * 1024)));
  try {
    await store.save(loaded.conversation, loaded.revision);
    process.stdout.write(`${JSON.stringify({ ok: true, message: '' })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ ok: false, message: error instanceof Error ? error.message : String(error) })}\n`);
  }
}

async function stream(dir: string, id: string, windowId: string): Promise<void> {
  const store = new ConversationStore({ dir, windowId });
  const conversation = emptyConversation(id, { model: 'claude-test', systemPrompt: '' }, 1);
  conversation.messages.push(message('q', null, 'user', 'question'));
  const answer: ChatMessage = { ...message('a', 'q', 'assistant', 'Part'), status: 'streaming' };
  conversation.messages.push(answer);
  let revision = (await store.save(conversation, 0)).revision;
  process.stdout.write('streaming\n');
  for await (const line of lines()) {
    const [command, ...rest] = line.split(' ');
    if (command === 'exit') return;
    if (command === 'grow') (answer.blocks[0] as { text: string }).text += rest.join(' ');
    if (command === 'finish') answer.status = 'complete';
    revision = (await store.save(conversation, revision)).revision;
    process.stdout.write('saved\n');
  }
}

async function* lines(): AsyncGenerator<string> {
  let buffered = '';
  for await (const chunk of process.stdin) {
    buffered += String(chunk);
    let end: number;
    while ((end = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
    }
  }
}

function message(id: string, parentId: string | null, role: ChatMessage['role'], text: string): ChatMessage {
  return { id, parentId, role, blocks: [{ type: 'text', text }], status: 'complete', createdAt: Date.now() };
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => {
    let buffered = '';
    process.stdin.on('data', (chunk) => {
      buffered += chunk.toString();
      if (buffered.includes('go')) {
        process.stdin.pause();
        resolve();
      }
    });
  });
}

async function main(): Promise<void> {
  const [mode, dir, id, ...rest] = process.argv.slice(2);
  if (mode === 'crash') await crash(dir, id);
  else if (mode === 'append') await append(dir, id, Number(rest[0]), rest[1]);
  else if (mode === 'saveBig') await saveBig(dir, id);
  else if (mode === 'stream') await stream(dir, id, rest[0]);
  else throw new Error(`unknown mode ${mode}`);
}

// Only when run as a script: the crash test imports the helpers above to build its expectations.
if (require.main === module) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
