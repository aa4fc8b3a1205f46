import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { READ_MAX_FILE_BYTES } from '../../../src/tools/readFileTool';
import { ConfigurationTarget, fake, FakeTextDocument, Uri, workspace } from '../../fakes/vscode';
import { ToolWorkspace } from '../../helpers/toolWorkspace';

const lines = (count: number, make = (n: number) => `line ${n}`) => Array.from({ length: count }, (_, index) => make(index + 1)).join('\n') + '\n';

describe('read_file', () => {
  let ws: ToolWorkspace;
  beforeEach(() => (ws = new ToolWorkspace()));
  afterEach(() => ws.dispose());

  it('returns the whole file as numbered lines, with a header, and names the lines it returned', async () => {
    ws.write('src/app.ts', 'const a = 1;\n\nexport { a };\n');
    const result = await ws.run('read_file', { path: 'src/app.ts' });
    assert.deepEqual(result, {
      content: 'src/app.ts, lines 1–3 of 3:\n1 | const a = 1;\n2 |\n3 | export { a };',
      isError: false,
      file: { path: 'src/app.ts', startLine: 1, endLine: 3 },
    });
  });

  it('returns a 1-based inclusive range, numbered as in the file, and says where the file ends', async () => {
    ws.write('notes.md', lines(12));
    const range = await ws.run('read_file', { path: 'notes.md', start_line: 9, end_line: 11 });
    assert.equal(range.content, 'notes.md, lines 9–11 of 12:\n 9 | line 9\n10 | line 10\n11 | line 11');
    assert.deepEqual(range.file, { path: 'notes.md', startLine: 9, endLine: 11 });
    const past = await ws.run('read_file', { path: 'notes.md', start_line: 11, end_line: 40 });
    assert.equal(past.content, 'notes.md, lines 11–12 of 12:\n11 | line 11\n12 | line 12\n\n[The file ends at line 12.]');
    assert.deepEqual(past.file, { path: 'notes.md', startLine: 11, endLine: 12 });
  });

  it('refuses a start_line past the end, saying how long the file is', async () => {
    ws.write('short.txt', 'one\ntwo\n');
    const result = await ws.run('read_file', { path: 'short.txt', start_line: 5 });
    assert.deepEqual(result, { content: 'start_line 5 is past the end of short.txt, which has 2 lines; ask for a start_line from 1 to 2.', isError: true });
  });

  it('stops at 400 lines and says which start_line reads on; the file ref ends where the output does', async () => {
    ws.write('big.ts', lines(1000));
    const result = await ws.run('read_file', { path: 'big.ts' });
    const body = result.content.split('\n');
    assert.equal(body[0], 'big.ts, lines 1–400 of 1000:');
    assert.equal(body[400], '400 | line 400');
    assert.equal(body.at(-1), '[Showing lines 1–400 of 1,000; ask for start_line 401 to read on.]');
    assert.deepEqual(result.file, { path: 'big.ts', startLine: 1, endLine: 400 });
    const next = await ws.run('read_file', { path: 'big.ts', start_line: 401 });
    assert.ok(next.content.startsWith('big.ts, lines 401–800 of 1000:\n401 | line 401\n'));
  });

  it('stops at 64 KB of text and says so, and cuts a single huge line inside it', async () => {
    ws.write('wide.txt', lines(300, () => 'x'.repeat(1000)));
    const wide = await ws.run('read_file', { path: 'wide.txt' });
    assert.equal(wide.file?.endLine, 65);
    assert.match(wide.content, /\[Showing lines 1–65 of 300 \(output is capped at 64 KB\); ask for start_line 66 to read on\.\]$/);
    ws.write('min.js', `${'y'.repeat(100_000)}\nsecond\n`);
    const minified = await ws.run('read_file', { path: 'min.js' });
    assert.deepEqual(minified.file, { path: 'min.js', startLine: 1, endLine: 1 });
    assert.match(minified.content, /line 1 is cut after 64 KB of its 98 KB and the rest of it cannot be read with this tool; ask for start_line 2 to read on\.\]$/);
  });

  it('reads what the editor shows when the file has unsaved changes, and the disk otherwise', async () => {
    ws.write('src/edit.ts', 'on disk\n');
    const document = new FakeTextDocument(ws.uri('src/edit.ts'), 'typed but not saved\nsecond\n', 'typescript');
    workspace.textDocuments = [document];
    assert.equal((await ws.run('read_file', { path: 'src/edit.ts' })).content, 'src/edit.ts, lines 1–1 of 1:\n1 | on disk', 'a clean open document: the disk');
    document.isDirty = true;
    const result = await ws.run('read_file', { path: 'src/edit.ts' });
    assert.equal(result.content, 'src/edit.ts, lines 1–2 of 2 (with the unsaved changes open in the editor):\n1 | typed but not saved\n2 | second');
  });

  it('says an empty file is empty', async () => {
    ws.write('empty.txt', '');
    assert.deepEqual(await ws.run('read_file', { path: 'empty.txt' }), { content: 'empty.txt is empty.', isError: false, file: { path: 'empty.txt' } });
  });

  it('refuses paths that leave the workspace: .., absolute, and a symlink pointing out', async () => {
    const secret = ws.writeOutside('secret.txt', 'top secret\n');
    ws.link(secret, 'innocent.txt');
    for (const input of ['../outside/secret.txt', secret, 'innocent.txt']) {
      const result = await ws.run('read_file', { path: input });
      assert.equal(result.isError, true, input);
      assert.match(result.content, /^(Path escapes the workspace|Absolute paths are not accepted)/, input);
      assert.doesNotMatch(result.content, /top secret/);
    }
  });

  it('refuses a file excluded by files.exclude, search.exclude or .gitignore, naming the rule', async () => {
    ws.write('build/out.js', 'built\n');
    ws.write('gen/types.ts', 'generated\n');
    ws.write('logs/today.log', 'log\n');
    ws.write('.gitignore', '# build output\n*.log\n');
    fake.setConfiguration('files.exclude', { '**/build': true, '**/tmp': false }, ConfigurationTarget.Workspace);
    fake.setConfiguration('search.exclude', { 'gen/**': true });
    const expected = {
      'build/out.js': 'build/out.js is excluded by files.exclude ("**/build"), so the workspace tools do not read it.',
      'gen/types.ts': 'gen/types.ts is excluded by search.exclude ("gen/**"), so the workspace tools do not read it.',
      'logs/today.log': 'logs/today.log is ignored by .gitignore ("*.log" in .gitignore), so the workspace tools do not read it.',
    };
    for (const [input, content] of Object.entries(expected)) assert.deepEqual(await ws.run('read_file', { path: input }), { content, isError: true });
  });

  it('honours a files.exclude `when` clause: a .js file is excluded only beside its .ts source', async () => {
    ws.write('src/a.ts', 'ts\n');
    ws.write('src/a.js', 'compiled\n');
    ws.write('src/b.js', 'handwritten\n');
    fake.setConfiguration('files.exclude', { '**/*.js': { when: '$(basename).ts' } });
    assert.equal((await ws.run('read_file', { path: 'src/a.js' })).content, 'src/a.js is excluded by files.exclude ("**/*.js"), so the workspace tools do not read it.');
    assert.equal((await ws.run('read_file', { path: 'src/b.js' })).isError, false);
  });

  it('refuses a binary file, a folder, a missing file and a file over 10 MB (without reading it)', async () => {
    ws.write('logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x1a]));
    ws.write('src/index.ts', 'x\n');
    fs.closeSync(fs.openSync(path.join(ws.root(), 'huge.txt'), 'w'));
    fs.truncateSync(path.join(ws.root(), 'huge.txt'), READ_MAX_FILE_BYTES + 1);
    const reads: string[] = [];
    const readFile = workspace.fs.readFile;
    workspace.fs.readFile = async (uri: Uri) => (reads.push(uri.fsPath), readFile(uri));
    try {
      assert.deepEqual(await ws.run('read_file', { path: 'logo.png' }), { content: 'logo.png is a binary file (it holds NUL bytes or is not UTF-8 text); read_file reads only text files.', isError: true });
      assert.deepEqual(await ws.run('read_file', { path: 'src' }), { content: 'src is a folder, not a file. To see its files, call list_files with glob "src/**".', isError: true });
      assert.match((await ws.run('read_file', { path: 'src/missing.ts' })).content, /^File not found: src\/missing\.ts\./);
      assert.deepEqual(await ws.run('read_file', { path: 'huge.txt' }), {
        content: 'huge.txt is 10.0 MB, over the 10.0 MB that read_file loads, so the tools cannot read it; ask the user for the part you need.',
        isError: true,
      });
      assert.ok(!reads.includes(path.join(ws.root(), 'huge.txt')), 'the huge file is refused from its size alone');
    } finally {
      workspace.fs.readFile = readFile;
    }
  });

  it('names files folder-first in a multi-root workspace and reads from the named folder', async () => {
    ws.dispose();
    ws = new ToolWorkspace(['api', 'web']);
    ws.write('src/main.ts', 'api main\n', 'api');
    ws.write('src/main.ts', 'web main\n', 'web');
    const result = await ws.run('read_file', { path: 'web/src/main.ts' });
    assert.equal(result.content, 'web/src/main.ts, lines 1–1 of 1:\n1 | web main');
    assert.deepEqual(result.file, { path: 'web/src/main.ts', startLine: 1, endLine: 1 });
    assert.equal((await ws.run('read_file', { path: 'src/main.ts' })).content, 'api/src/main.ts, lines 1–1 of 1:\n1 | api main', 'no folder name: the first folder');
  });

  it('stops with "Cancelled" when the request was stopped', async () => {
    ws.write('a.txt', 'a\n');
    const controller = new AbortController();
    controller.abort();
    assert.deepEqual(await ws.run('read_file', { path: 'a.txt' }, { signal: controller.signal }), {
      content: 'Cancelled: the user stopped this request before the tool finished.',
      isError: true,
    });
  });
});
