import assert from 'node:assert/strict';
import { SEARCH_MAX_FILE_BYTES } from '../../../src/tools/searchTextTool';
import { fake, FakeTextDocument, workspace } from '../../fakes/vscode';
import { ToolWorkspace } from '../../helpers/toolWorkspace';

describe('search_text', () => {
  let ws: ToolWorkspace;
  beforeEach(() => (ws = new ToolWorkspace()));
  afterEach(() => ws.dispose());

  it('finds plain, case-sensitive text and answers "path:line: text", trimmed', async () => {
    ws.write('src/a.ts', 'import { Foo } from "./foo";\n    const foo = new Foo();\n');
    ws.write('src/foo.ts', 'export class Foo {}\n');
    ws.write('README.md', 'foo is lower case here\n');
    assert.deepEqual(await ws.run('search_text', { query: 'Foo' }), {
      content: '3 matches for "Foo" in 2 files:\nsrc/a.ts:1: import { Foo } from "./foo";\nsrc/a.ts:2: const foo = new Foo();\nsrc/foo.ts:1: export class Foo {}',
      isError: false,
    });
  });

  it('matches RE2 regular expressions line by line', async () => {
    ws.write('a.py', 'def main():\n    pass\ndef helper_2(x):\n');
    const result = await ws.run('search_text', { query: '^def \\w+_\\d\\(', is_regex: true });
    assert.equal(result.content, '1 match for /^def \\w+_\\d\\(/ in 1 file:\na.py:3: def helper_2(x):');
    assert.equal((await ws.run('search_text', { query: '(?i)DEF MAIN', is_regex: true })).content, '1 match for /(?i)DEF MAIN/ in 1 file:\na.py:1: def main():');
  });

  it('runs a catastrophic-backtracking pattern in linear time (no ReDoS)', async () => {
    // A backtracking engine (JavaScript's RegExp) takes about 8 s on the 29 a's: long enough to fail, short of a hang.
    ws.write('evil.txt', `${'b'.repeat(50_000)}${'a'.repeat(29)}!\n`);
    const started = Date.now();
    const result = await ws.run('search_text', { query: '(a+)+$', is_regex: true });
    assert.equal(result.content, 'No matches for /(a+)+$/ in 1 file searched.');
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });

  it('refuses a pattern RE2 cannot run, with the reason, before reading anything', async () => {
    const result = await ws.run('search_text', { query: 'foo(?=bar)', is_regex: true });
    assert.equal(result.isError, true);
    assert.match(result.content, /^search_text: "query" is not a valid RE2 regular expression \(.*invalid or unsupported Perl syntax.*\); RE2 has no lookahead, lookbehind or backreferences\.$/);
  });

  it('shows a long line as an excerpt around the match', async () => {
    ws.write('min.js', `${'x'.repeat(5000)}NEEDLE${'y'.repeat(5000)}\n`);
    const line = (await ws.run('search_text', { query: 'NEEDLE' })).content.split('\n')[1];
    assert.equal(line, `min.js:1: …${'x'.repeat(60)}NEEDLE${'y'.repeat(134)}…`);
  });

  it('stops at max_results and says there are more', async () => {
    ws.write('many.txt', Array.from({ length: 50 }, () => 'hit').join('\n'));
    ws.write('zz-later.txt', 'hit\n');
    const result = await ws.run('search_text', { query: 'hit', max_results: 2 });
    assert.equal(result.content, 'Matches for "hit":\nmany.txt:1: hit\nmany.txt:2: hit\n\n[Showing the first 2 matches; there are more; narrow the glob or query, or raise max_results (at most 200).]');
  });

  it('narrows to a glob, and skips excluded files', async () => {
    ws.write('src/a.ts', 'needle\n');
    ws.write('src/a.md', 'needle\n');
    ws.write('dist/a.ts', 'needle\n');
    ws.write('gen/b.ts', 'needle\n');
    ws.write('tmp/c.ts', 'needle\n');
    ws.write('.gitignore', 'tmp/\n');
    fake.setConfiguration('files.exclude', { dist: true });
    fake.setConfiguration('search.exclude', { '**/gen': true });
    assert.equal((await ws.run('search_text', { query: 'needle', glob: '**/*.ts' })).content, '1 match for "needle" in 1 file:\nsrc/a.ts:1: needle');
  });

  it('skips sensitive, binary and large files and says so; read_file is offered for the sensitive ones', async () => {
    ws.write('.env', 'API_KEY=needle\n');
    ws.write('config/prod.pem', 'needle\n');
    ws.write('blob.bin', new Uint8Array([0x6e, 0x65, 0x65, 0x64, 0x6c, 0x65, 0x00]));
    ws.write('huge.log', `needle\n${'z'.repeat(SEARCH_MAX_FILE_BYTES)}\n`);
    ws.write('ok.txt', 'a needle\n');
    const result = await ws.run('search_text', { query: 'needle' });
    assert.equal(
      result.content,
      [
        '1 match for "needle" in 1 file:',
        'ok.txt:1: a needle',
        '',
        '[Not searched: 2 sensitive files (.env, config/prod.pem); read_file can read one after the user approves.]',
        '[Not searched: 1 file over 1.0 MB (huge.log).]',
        '[Not searched: 1 binary file.]',
      ].join('\n'),
    );
    assert.doesNotMatch(result.content, /API_KEY/);
  });

  it('treats the setting claudeChat sensitive patterns as sensitive too', async () => {
    ws.write('vault/notes.txt', 'needle\n');
    const tools = ws.tools({ sensitivePatterns: () => ['vault'] });
    assert.match((await ws.run('search_text', { query: 'needle' }, { tools })).content, /^No matches .*\n\n\[Not searched: 1 sensitive file \(vault\/notes\.txt\)/);
  });

  it('searches what the editor shows for a file with unsaved changes', async () => {
    ws.write('draft.ts', 'old text\n');
    const document = new FakeTextDocument(ws.uri('draft.ts'), 'new needle\n');
    document.isDirty = true;
    workspace.textDocuments = [document];
    assert.equal((await ws.run('search_text', { query: 'needle' })).content, '1 match for "needle" in 1 file:\ndraft.ts:1: new needle');
  });

  it('stops between files when the request is stopped, and reads no further', async () => {
    ws.write('a.txt', 'needle\n');
    ws.write('b.txt', 'needle\n');
    ws.write('c.txt', 'needle\n');
    const controller = new AbortController();
    const reads: string[] = [];
    const readFile = workspace.fs.readFile;
    workspace.fs.readFile = async (uri) => {
      reads.push(uri.fsPath);
      if (reads.length === 1) controller.abort();
      return readFile(uri);
    };
    try {
      const result = await ws.run('search_text', { query: 'needle' }, { signal: controller.signal });
      assert.deepEqual(result, { content: 'Cancelled: the user stopped this request before the tool finished.', isError: true });
      assert.equal(reads.length, 1);
    } finally {
      workspace.fs.readFile = readFile;
    }
  });

  it('names files folder-first in a multi-root workspace', async () => {
    ws.dispose();
    ws = new ToolWorkspace(['api', 'web']);
    ws.write('index.ts', 'needle\n', 'api');
    ws.write('index.ts', 'needle\n', 'web');
    assert.equal((await ws.run('search_text', { query: 'needle', glob: 'web/**' })).content, '1 match for "needle" in 1 file:\nweb/index.ts:1: needle');
    assert.equal((await ws.run('search_text', { query: 'needle' })).content, '2 matches for "needle" in 2 files:\napi/index.ts:1: needle\nweb/index.ts:1: needle');
  });
});
