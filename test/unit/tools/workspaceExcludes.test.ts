import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describeExclusion, WorkspaceExcludes } from '../../../src/tools/workspaceExcludes';
import type { ToolFolder } from '../../../src/tools/workspaceTools';
import { ConfigurationTarget, fake, Uri, workspace } from '../../fakes/vscode';
import { ToolWorkspace } from '../../helpers/toolWorkspace';

describe('WorkspaceExcludes', () => {
  let ws: ToolWorkspace;
  let folder: ToolFolder;
  const folderOf = (name?: string): ToolFolder => {
    const root = ws.root(name);
    return { name: name ?? 'project', fsPath: root, realPath: root, uri: Uri.file(root) as unknown as ToolFolder['uri'] };
  };
  const why = async (relative: string, isDirectory = false, excludes = new WorkspaceExcludes()) => {
    const exclusion = await excludes.exclusionOf(folder, relative, isDirectory);
    return exclusion && describeExclusion(exclusion);
  };

  beforeEach(() => {
    ws = new ToolWorkspace();
    folder = folderOf();
  });
  afterEach(() => ws.dispose());

  it('applies enabled files.exclude and search.exclude globs to a path and to every folder above it', async () => {
    fake.setConfiguration('files.exclude', { '**/node_modules': true, 'dist': true, '**/*.map': true, '**/keep': false });
    fake.setConfiguration('search.exclude', { '**/*.{snap,lock}': true });
    assert.equal(await why('node_modules/pkg/index.js'), 'excluded by files.exclude ("**/node_modules")');
    assert.equal(await why('packages/a/node_modules/x.js'), 'excluded by files.exclude ("**/node_modules")');
    assert.equal(await why('dist/app.js'), 'excluded by files.exclude ("dist")');
    assert.equal(await why('src/dist/app.js'), undefined, 'a glob without **/ is anchored to the folder');
    assert.equal(await why('src/app.js.map'), 'excluded by files.exclude ("**/*.map")');
    assert.equal(await why('src/__snapshots__/a.snap'), 'excluded by search.exclude ("**/*.{snap,lock}")');
    assert.equal(await why('keep/a.txt'), undefined, 'an entry set to false excludes nothing');
    assert.equal(await why('src/app.ts'), undefined);
  });

  it('reads each folder its own settings (a multi-root folder setting applies only there)', async () => {
    fake.setConfiguration('files.exclude', { 'secret-ish': true }, ConfigurationTarget.WorkspaceFolder);
    assert.equal(await why('secret-ish/a.txt'), 'excluded by files.exclude ("secret-ish")');
  });

  it('always leaves out .git', async () => {
    assert.equal(await why('.git/config'), 'inside a .git folder');
    assert.equal(await why('sub/.git/HEAD'), 'inside a .git folder');
  });

  it('applies root and nested .gitignore files as git does: nested lines are relative to their folder and win', async () => {
    ws.write('.gitignore', 'node_modules\n/build\n*.log\ncoverage/\n');
    ws.write('packages/web/.gitignore', '# web\n.next/\n/local.json\n!keep.log\n');
    assert.equal(await why('node_modules/a/index.js'), 'ignored by .gitignore ("node_modules" in .gitignore)');
    assert.equal(await why('packages/web/node_modules/a.js'), 'ignored by .gitignore ("node_modules" in .gitignore)');
    assert.equal(await why('build/out.js'), 'ignored by .gitignore ("/build" in .gitignore)');
    assert.equal(await why('src/build/out.js'), undefined, '/build is anchored to the root');
    assert.equal(await why('coverage', true), 'ignored by .gitignore ("coverage/" in .gitignore)');
    assert.equal(await why('coverage'), undefined, 'coverage/ matches only a folder');
    assert.equal(await why('packages/web/.next/cache/x'), 'ignored by .gitignore (".next/" in packages/web/.gitignore)');
    assert.equal(await why('packages/web/src/.next/x'), 'ignored by .gitignore (".next/" in packages/web/.gitignore)');
    assert.equal(await why('.next/x'), undefined, "a nested .gitignore does not reach outside its folder");
    assert.equal(await why('packages/web/local.json'), 'ignored by .gitignore ("/local.json" in packages/web/.gitignore)');
    assert.equal(await why('packages/web/src/local.json'), undefined);
    assert.equal(await why('packages/web/debug.log'), 'ignored by .gitignore ("*.log" in .gitignore)');
    assert.equal(await why('packages/web/keep.log'), undefined, 'a deeper ! line re-includes');
  });

  it('cannot re-include a file whose folder is ignored, as git', async () => {
    ws.write('.gitignore', 'vendor/\n');
    ws.write('vendor/.gitignore', '!*\n');
    assert.equal(await why('vendor/lib.js'), 'ignored by .gitignore ("vendor/" in .gitignore)');
  });

  it('reads each .gitignore once per instance, so an edit counts from the next call', async () => {
    ws.write('.gitignore', 'a.txt\n');
    const excludes = new WorkspaceExcludes();
    assert.ok(await why('a.txt', false, excludes));
    fs.writeFileSync(path.join(ws.root(), '.gitignore'), 'b.txt\n');
    assert.ok(await why('a.txt', false, excludes), 'the same call keeps its snapshot');
    assert.equal(await why('a.txt'), undefined);
    assert.ok(await why('b.txt'));
  });

  describe('findFilesExclude', () => {
    let looked: { include: unknown; exclude: unknown }[];
    let findFiles: typeof workspace.findFiles;
    beforeEach(() => {
      looked = [];
      findFiles = workspace.findFiles;
      workspace.findFiles = async (include, exclude, max) => (looked.push({ include, exclude }), findFiles(include, exclude, max));
    });
    afterEach(() => (workspace.findFiles = findFiles));

    it('joins the enabled settings globs that findFiles can take, and the root .gitignore as globs', async () => {
      fake.setConfiguration('files.exclude', { '**/.DS_Store': true, '**/*.{a,b}': true, '**/*.js': { when: '$(basename).ts' }, off: false });
      fake.setConfiguration('search.exclude', { '**/node_modules': true });
      ws.write('.gitignore', 'target/\n/out\n*.pyc\n[Bb]in/\n');
      const exclude = await new WorkspaceExcludes().findFilesExclude(folder);
      assert.equal(exclude, '{**/.DS_Store,**/node_modules,**/.git,**/target/**,out,out/**,**/*.pyc,**/*.pyc/**}');
      assert.equal(looked.length, 1, 'one look for nested .gitignore files');
      assert.equal(looked[0].exclude, '{**/.DS_Store,**/node_modules,**/.git,**/target/**,out/**,**/*.pyc/**}', 'the look prunes only folders');
    });

    it('keeps .gitignore out of it when any .gitignore re-includes with !', async () => {
      ws.write('.gitignore', 'dist/\n');
      ws.write('pkg/.gitignore', '!dist/\n');
      assert.equal(await new WorkspaceExcludes().findFilesExclude(folder), '{**/.git}');
      ws.write('.gitignore', 'dist/\n!dist/keep\n');
      assert.equal(await new WorkspaceExcludes().findFilesExclude(folder), '{**/.git}');
    });
  });
});
