import assert from 'node:assert/strict';
import { Diagnostic, DiagnosticSeverity, fake, Range, Uri } from '../../fakes/vscode';
import { ToolWorkspace } from '../../helpers/toolWorkspace';

function problem(line: number, message: string, severity = DiagnosticSeverity.Error, source?: string, code?: Diagnostic['code']): Diagnostic {
  const diagnostic = new Diagnostic(new Range(line, 4, line, 9), message, severity);
  diagnostic.source = source;
  diagnostic.code = code;
  return diagnostic;
}

describe('get_diagnostics', () => {
  let ws: ToolWorkspace;
  const report = (uri: Uri, list: Diagnostic[]) => fake.diagnostics.set(uri.toString(), list);
  beforeEach(() => (ws = new ToolWorkspace()));
  afterEach(() => ws.dispose());

  it("reports one file's problems, errors first, with line:column, severity, message, source and code", async () => {
    ws.write('src/a.ts', 'x\n');
    report(ws.uri('src/a.ts'), [
      problem(9, 'Unused variable', DiagnosticSeverity.Hint, 'eslint', { value: 'no-unused-vars', target: Uri.parse('https://eslint.org') }),
      problem(2, "Cannot find name 'foo'.\n  Did you mean 'for'?", DiagnosticSeverity.Error, 'ts', 2304),
      problem(0, 'Deprecated API', DiagnosticSeverity.Warning),
    ]);
    assert.deepEqual(await ws.run('get_diagnostics', { path: 'src/a.ts' }), {
      content: [
        '1 error, 1 warning, 1 hint in 1 file:',
        "src/a.ts:3:5: error: Cannot find name 'foo'. Did you mean 'for'? [ts 2304]",
        'src/a.ts:1:5: warning: Deprecated API',
        'src/a.ts:10:5: hint: Unused variable [eslint no-unused-vars]',
      ].join('\n'),
      isError: false,
      file: { path: 'src/a.ts' },
    });
  });

  it('says when a file has no problems, and why there may be none', async () => {
    ws.write('clean.ts', 'x\n');
    const result = await ws.run('get_diagnostics', { path: 'clean.ts' });
    assert.equal(result.content, 'No problems reported for clean.ts. VS Code reports problems only for files its language services have checked, usually the open ones.');
    assert.equal(result.isError, false);
  });

  it('reports the whole workspace: only workspace files that are not excluded; the others are counted', async () => {
    ws.write('src/a.ts', 'x\n');
    ws.write('src/b.ts', 'x\n');
    ws.write('node_modules/lib/index.d.ts', 'x\n');
    ws.write('.env', 'x\n');
    fake.setConfiguration('search.exclude', { '**/node_modules': true });
    report(ws.uri('src/b.ts'), [problem(0, 'b warns', DiagnosticSeverity.Warning)]);
    report(ws.uri('src/a.ts'), [problem(4, 'a fails')]);
    report(ws.uri('node_modules/lib/index.d.ts'), [problem(0, 'library noise')]);
    report(Uri.file(ws.writeOutside('other.ts')), [problem(0, 'other project'), problem(1, 'other project')]);
    report(ws.uri('.env'), [problem(0, 'SECRET=hunter2 is not valid')]);
    report(Uri.parse('untitled:Untitled-1'), [problem(0, 'untitled')]);
    const result = await ws.run('get_diagnostics', {});
    assert.equal(
      result.content,
      [
        '1 error, 1 warning in 2 files:',
        'src/a.ts:5:5: error: a fails',
        'src/b.ts:1:5: warning: b warns',
        '',
        '[Problems of 1 sensitive file (.env) are not shown; ask for one by path (the user approves).]',
        '[4 problems in files outside the workspace or excluded are not shown.]',
      ].join('\n'),
    );
    assert.doesNotMatch(result.content, /hunter2/);
  });

  it('caps the workspace report at 200 problems, errors first, and says how to see the rest', async () => {
    ws.write('a.ts', 'x\n');
    ws.write('b.ts', 'x\n');
    report(ws.uri('a.ts'), Array.from({ length: 150 }, (_, line) => problem(line, 'hint', DiagnosticSeverity.Hint)));
    report(ws.uri('b.ts'), Array.from({ length: 150 }, (_, line) => problem(line, 'error')));
    const lines = (await ws.run('get_diagnostics', {})).content.split('\n');
    assert.equal(lines[0], '150 errors, 150 hints in 2 files:');
    assert.equal(lines[1], 'b.ts:1:5: error: error');
    assert.equal(lines[151], 'a.ts:1:5: hint: hint');
    assert.equal(lines.length, 1 + 200 + 2);
    assert.equal(lines.at(-1), "[Showing the first 200 of 300 problems, errors first. Ask for one file's path to see all of its problems.]");
  });

  it('says when the workspace has no problems', async () => {
    assert.match((await ws.run('get_diagnostics', {})).content, /^No problems reported in the workspace\./);
  });

  it('refuses a path outside the workspace, an excluded file, and a folder', async () => {
    ws.write('dist/a.js', 'x\n');
    ws.write('src/a.ts', 'x\n');
    fake.setConfiguration('files.exclude', { dist: true });
    assert.match((await ws.run('get_diagnostics', { path: '../outside/x.ts' })).content, /^Path escapes the workspace/);
    assert.equal((await ws.run('get_diagnostics', { path: 'dist/a.js' })).content, 'dist/a.js is excluded by files.exclude ("dist"), so the workspace tools do not read it.');
    assert.equal((await ws.run('get_diagnostics', { path: 'src' })).content, "src is a folder; give a file's path, or no path for the whole workspace's problems.");
  });

  it('names files folder-first in a multi-root workspace', async () => {
    ws.dispose();
    ws = new ToolWorkspace(['api', 'web']);
    ws.write('main.ts', 'x\n', 'web');
    report(ws.uri('main.ts', 'web'), [problem(0, 'broken')]);
    assert.equal((await ws.run('get_diagnostics', {})).content, '1 error in 1 file:\nweb/main.ts:1:5: error: broken');
    assert.equal((await ws.run('get_diagnostics', { path: 'web/main.ts' })).content, '1 error in 1 file:\nweb/main.ts:1:5: error: broken');
  });
});
