import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as vscode from 'vscode';
import { decodeText, languageForPath, lineCount, readFileSnippets } from '../../../src/editor/workspaceFiles';
import { Diagnostic, fake, Range, Uri, workspace } from '../../fakes/vscode';

const ROOMY = { maxFiles: 50, maxBytesPerFile: 100_000, maxTotalBytes: 1_000_000 };

describe('readFileSnippets', () => {
  let root: string;
  const uri = (relative: string) => Uri.file(path.join(root, relative)) as unknown as vscode.Uri;
  const write = (relative: string, content: string | Uint8Array) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  };

  beforeEach(() => {
    fake.reset();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-files-'));
    workspace.workspaceFolders = [{ uri: Uri.file(root), name: 'project', index: 0 }];
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('reads a file as a whole-file snippet: relative path, language from the name, lines, and its problems', async () => {
    write('src/app.py', 'def main():\n    pass\n');
    fake.diagnostics.set(Uri.file(path.join(root, 'src/app.py')).toString(), [new Diagnostic(new Range(1, 4, 1, 8), 'unused')]);
    const { snippets, refused } = await readFileSnippets([uri('src/app.py')], ROOMY);
    assert.deepEqual(refused, []);
    assert.equal(snippets.length, 1);
    assert.equal(snippets[0].uri.fsPath, path.join(root, 'src/app.py'));
    assert.deepEqual(snippets[0].snippet, {
      path: 'src/app.py',
      language: 'python',
      startLine: 1,
      endLine: 2,
      text: 'def main():\n    pass\n',
      origin: 'file',
      diagnostics: [{ line: 2, endLine: 2, severity: 'error', message: 'unused' }],
    });
  });

  it('refuses binary files (a NUL byte, or bytes that are not UTF-8) and says why, and drops a BOM', async () => {
    write('image.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d]));
    write('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9]));
    write('bom.txt', new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69]));
    const { snippets, refused } = await readFileSnippets([uri('image.png'), uri('latin1.txt'), uri('bom.txt')], ROOMY);
    assert.deepEqual(refused, [
      { path: 'image.png', reason: 'binary file (it contains NUL bytes)' },
      { path: 'latin1.txt', reason: 'not UTF-8 text (a binary file or another encoding)' },
    ]);
    assert.deepEqual(snippets.map((item) => item.snippet.text), ['hi']);
  });

  it('expands a folder (sub-folders too) and reports the cut when it holds more files than allowed', async () => {
    for (const name of ['a.ts', 'b.ts', 'c.ts', 'deep/d.ts', 'deep/e.ts']) write(`lib/${name}`, `// ${name}\n`);
    const { snippets, refused } = await readFileSnippets([uri('lib')], { ...ROOMY, maxFiles: 3 });
    assert.deepEqual(snippets.map((item) => item.snippet.path), ['lib/a.ts', 'lib/b.ts', 'lib/c.ts']);
    assert.deepEqual(refused, [{ path: 'lib', reason: 'more than 3 files in this folder; only the first 3 were read' }]);
    const all = await readFileSnippets([uri('lib')], { ...ROOMY, maxFiles: 5 });
    assert.equal(all.snippets.length, 5);
    assert.deepEqual(all.refused, [], 'a folder that fits exactly is not reported as cut');
  });

  it('counts files across everything chosen, and reads each file once', async () => {
    write('one.md', 'one\n');
    write('lib/two.md', 'two\n');
    write('lib/three.md', 'three\n');
    const { snippets, refused } = await readFileSnippets([uri('one.md'), uri('one.md'), uri('lib')], { ...ROOMY, maxFiles: 2 });
    assert.deepEqual(snippets.map((item) => item.snippet.path), ['one.md', 'lib/three.md']);
    assert.deepEqual(refused, [{ path: 'lib', reason: 'more than 1 file in this folder; only the first was read' }]);
    const full = await readFileSnippets([uri('one.md'), uri('lib')], { ...ROOMY, maxFiles: 1 });
    assert.deepEqual(full.refused, [{ path: 'lib', reason: 'not read: the limit of 1 file was already reached' }]);
  });

  it('refuses a file over the per-file limit and one that would pass the total, by size', async () => {
    write('big.txt', 'x'.repeat(3000));
    write('a.txt', 'a'.repeat(600));
    write('b.txt', 'b'.repeat(600));
    const { snippets, refused } = await readFileSnippets([uri('big.txt'), uri('a.txt'), uri('b.txt')], { maxFiles: 10, maxBytesPerFile: 2048, maxTotalBytes: 1000 });
    assert.deepEqual(snippets.map((item) => item.snippet.path), ['a.txt']);
    assert.deepEqual(refused, [
      { path: 'big.txt', reason: '2.9 KB, over the limit of 2.0 KB per file' },
      { path: 'b.txt', reason: '600 bytes would bring the total to 1.2 KB, over the limit of 1000 bytes' },
    ]);
  });

  it('reports a missing file and an empty one instead of throwing', async () => {
    write('empty.ts', '');
    const { snippets, refused } = await readFileSnippets([uri('gone.ts'), uri('empty.ts')], ROOMY);
    assert.deepEqual(snippets, []);
    assert.deepEqual(refused, [
      { path: 'gone.ts', reason: 'could not be read (FileNotFound)' },
      { path: 'empty.ts', reason: 'empty file' },
    ]);
  });

  it('names a file outside the workspace by its name alone', async () => {
    write('x.go', 'package x\n');
    workspace.workspaceFolders = [{ uri: Uri.file('/somewhere/else'), name: 'else', index: 0 }];
    const { snippets } = await readFileSnippets([uri('x.go')], ROOMY);
    assert.equal(snippets[0].snippet.path, 'x.go');
    assert.equal(snippets[0].snippet.language, 'go');
  });
});

describe('languageForPath, decodeText, lineCount', () => {
  it('maps extensions and well-known names to VS Code language ids, plaintext otherwise', () => {
    const cases: [string, string][] = [
      ['/a/b/c.ts', 'typescript'], ['/a/View.TSX', 'typescriptreact'], ['/a/x.mjs', 'javascript'], ['/a/Dockerfile', 'dockerfile'],
      ['/a/Makefile', 'makefile'], ['/a/.gitignore', 'ignore'], ['/a/run.sh', 'shellscript'], ['/a/x.unknown', 'plaintext'], ['/a/README', 'plaintext'],
    ];
    assert.deepEqual(cases.map(([file]) => [file, languageForPath(file)]), cases);
  });

  it('finds a NUL only within the first 8 KB, as git does', () => {
    const late = new Uint8Array(9000).fill(0x61);
    late[8500] = 0;
    assert.equal(typeof decodeText(late), 'string');
    late[100] = 0;
    assert.deepEqual(decodeText(late), { reason: 'binary file (it contains NUL bytes)' });
  });

  it('counts lines without the empty one after a final newline', () => {
    assert.deepEqual(['a', 'a\n', 'a\nb', 'a\nb\n', 'a\n\n', ''].map(lineCount), [1, 1, 2, 2, 2, 1]);
  });
});
