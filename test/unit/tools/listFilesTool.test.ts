import assert from 'node:assert/strict';
import { fake, RelativePattern, workspace } from '../../fakes/vscode';
import { ToolWorkspace } from '../../helpers/toolWorkspace';

describe('list_files', () => {
  let ws: ToolWorkspace;
  beforeEach(() => (ws = new ToolWorkspace()));
  afterEach(() => ws.dispose());

  it('lists every file, sorted, one workspace path per line, dotfiles included', async () => {
    for (const file of ['src/b.ts', 'src/a.ts', 'README.md', '.github/ci.yml', 'src/util/c.ts']) ws.write(file);
    assert.deepEqual(await ws.run('list_files', {}), {
      content: 'Files matching "**/*" (5):\n.github/ci.yml\nREADME.md\nsrc/a.ts\nsrc/b.ts\nsrc/util/c.ts',
      isError: false,
    });
  });

  it('narrows to a glob on the workspace-relative path', async () => {
    for (const file of ['src/a.ts', 'src/a.test.js', 'src/deep/b.ts', 'lib/c.ts', 'package.json', 'web/package.json']) ws.write(file);
    assert.equal((await ws.run('list_files', { glob: 'src/**/*.ts' })).content, 'Files matching "src/**/*.ts" (2):\nsrc/a.ts\nsrc/deep/b.ts');
    assert.equal((await ws.run('list_files', { glob: '**/package.json' })).content, 'Files matching "**/package.json" (2):\npackage.json\nweb/package.json');
    assert.equal((await ws.run('list_files', { glob: './*.json' })).content, 'Files matching "./*.json" (1):\npackage.json');
  });

  it('never lists files excluded by files.exclude, search.exclude or .gitignore, and passes the excludes to findFiles', async () => {
    for (const file of ['src/a.ts', 'node_modules/x/index.js', 'dist/app.js', 'coverage/lcov.info', 'app.log', '.git/HEAD']) ws.write(file);
    ws.write('.gitignore', 'coverage/\n*.log\n');
    fake.setConfiguration('files.exclude', { dist: true });
    fake.setConfiguration('search.exclude', { '**/node_modules': true });
    const asked: { include: unknown; exclude: unknown }[] = [];
    const findFiles = workspace.findFiles;
    workspace.findFiles = async (include, exclude, max) => (asked.push({ include, exclude }), findFiles(include, exclude, max));
    try {
      const result = await ws.run('list_files', {});
      assert.equal(result.content, 'Files matching "**/*" (2):\n.gitignore\nsrc/a.ts');
      const listing = asked.at(-1) as { include: RelativePattern; exclude: string };
      assert.equal(listing.include.pattern, '**/*');
      assert.equal(listing.include.baseUri.fsPath, ws.root());
      assert.equal(listing.exclude, '{dist,**/node_modules,**/.git,**/coverage/**,**/*.log,**/*.log/**}');
    } finally {
      workspace.findFiles = findFiles;
    }
  });

  it('caps the list at max_results and says how many more there are', async () => {
    for (let n = 1; n <= 12; n++) ws.write(`f${String(n).padStart(2, '0')}.txt`);
    const result = await ws.run('list_files', { max_results: 3 });
    assert.equal(
      result.content,
      'Files matching "**/*" (12):\nf01.txt\nf02.txt\nf03.txt\n\n[Showing the first 3 of 12 files; narrow the glob or query, or raise max_results (at most 200).]',
    );
  });

  it('does not list a file reached through a symlink that leads out of the workspace', async () => {
    ws.writeOutside('private/notes.txt');
    ws.link(ws.outside, 'escape');
    ws.write('src/a.ts');
    ws.link(`${ws.root()}/src/a.ts`, 'alias.ts');
    // VS Code's search follows symlinks (search.followSymlinks); the fake's plain directory walk does not.
    const findFiles = workspace.findFiles;
    workspace.findFiles = async (include, exclude, max) => [...(await findFiles(include, exclude, max)), ws.uri('escape/private/notes.txt'), ws.uri('alias.ts')];
    try {
      assert.equal((await ws.run('list_files', {})).content, 'Files matching "**/*" (2):\nalias.ts\nsrc/a.ts');
    } finally {
      workspace.findFiles = findFiles;
    }
  });

  it('says when nothing matches (not an error)', async () => {
    ws.write('a.txt');
    assert.deepEqual(await ws.run('list_files', { glob: '**/*.rs' }), {
      content: 'No files match "**/*.rs". Files excluded by files.exclude, search.exclude or .gitignore are not listed.',
      isError: false,
    });
  });

  it('names files folder-first in a multi-root workspace; a glob may start with a folder name', async () => {
    ws.dispose();
    ws = new ToolWorkspace(['api', 'web']);
    ws.write('src/server.ts', 'x', 'api');
    ws.write('src/app.ts', 'x', 'web');
    ws.write('.gitignore', 'gen/\n', 'web');
    ws.write('gen/types.ts', 'x', 'web');
    ws.write('gen/types.ts', 'x', 'api');
    assert.equal((await ws.run('list_files', { glob: '**/*.ts' })).content, 'Files matching "**/*.ts" (3):\napi/gen/types.ts\napi/src/server.ts\nweb/src/app.ts');
    assert.equal((await ws.run('list_files', { glob: 'web/**' })).content, 'Files matching "web/**" (2):\nweb/.gitignore\nweb/src/app.ts');
  });

  it('stops with "Cancelled" when the request was stopped', async () => {
    ws.write('a.txt');
    const controller = new AbortController();
    controller.abort();
    const result = await ws.run('list_files', {}, { signal: controller.signal });
    assert.deepEqual(result, { content: 'Cancelled: the user stopped this request before the tool finished.', isError: true });
  });

  it('stops between folders when the request is stopped while it lists', async () => {
    ws.dispose();
    ws = new ToolWorkspace(['one', 'two']);
    ws.write('a.txt', 'x', 'one');
    ws.write('b.txt', 'x', 'two');
    const controller = new AbortController();
    const findFiles = workspace.findFiles;
    let calls = 0;
    workspace.findFiles = async (include, exclude, max) => {
      calls++;
      const found = await findFiles(include, exclude, max);
      controller.abort();
      return found;
    };
    try {
      const result = await ws.run('list_files', {}, { signal: controller.signal });
      assert.equal(result.content, 'Cancelled: the user stopped this request before the tool finished.');
      assert.equal(calls, 1, 'the second folder is not listed');
    } finally {
      workspace.findFiles = findFiles;
    }
  });
});
