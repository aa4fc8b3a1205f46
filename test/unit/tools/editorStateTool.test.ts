import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fakeEditor, FakeTextDocument, Selection, Uri, window } from '../../fakes/vscode';
import { ToolWorkspace } from '../../helpers/toolWorkspace';

describe('get_editor_state', () => {
  let ws: ToolWorkspace;
  const documentOf = (uri: Uri, text: string, language = 'typescript') => new FakeTextDocument(uri, text, language);
  const workspaceDocument = (relative: string, text: string, folder?: string) => {
    ws.write(relative, text, folder);
    return documentOf(ws.uri(relative, folder), text);
  };
  beforeEach(() => (ws = new ToolWorkspace()));
  afterEach(() => ws.dispose());

  it('describes the active file, its cursor and the selected text, numbered', async () => {
    const document = workspaceDocument('src/app.ts', 'const a = 1;\nconst b = 2;\nconst c = 3;\n');
    document.isDirty = true;
    window.activeTextEditor = fakeEditor(document, new Selection(0, 6, 1, 7));
    const result = await ws.run('get_editor_state', {});
    assert.deepEqual(result, {
      content: [
        'Active editor: src/app.ts (typescript, 4 lines, unsaved changes)',
        'Cursor: line 2, column 8',
        'Selection:',
        '- lines 1–2 (1:7 to 2:8)',
        '1 | a = 1;',
        '2 | const b',
        '',
        'No workspace files are open in tabs.',
      ].join('\n'),
      isError: false,
    });
  });

  it('lists several selections and says when nothing is selected', async () => {
    const document = workspaceDocument('a.ts', 'one\ntwo\nthree\n');
    window.activeTextEditor = { document, selection: new Selection(2, 0, 2, 0), selections: [new Selection(0, 0, 0, 3), new Selection(2, 0, 2, 5)] };
    const content = (await ws.run('get_editor_state', {})).content;
    assert.match(content, /Selections \(2\):\n- line 1 \(1:1 to 1:4\)\n1 \| one\n- line 3 \(3:1 to 3:6\)\n3 \| three\n/);
    window.activeTextEditor = fakeEditor(document, new Selection(1, 2, 1, 2));
    assert.match((await ws.run('get_editor_state', {})).content, /^Active editor: a\.ts \(typescript, 4 lines\)\nCursor: line 2, column 3\nNothing is selected\.\n/);
  });

  it('caps a long selection and says how to read the rest', async () => {
    const text = Array.from({ length: 500 }, (_, index) => `line ${index + 1}`).join('\n');
    const document = workspaceDocument('long.ts', text);
    window.activeTextEditor = fakeEditor(document, new Selection(0, 0, 499, 8));
    const content = (await ws.run('get_editor_state', {})).content;
    assert.match(content, /\n200 \| line 200\n\[The selection is cut after line 200; read_file "long\.ts" with start_line 201 and end_line 500 for the rest\.\]/);
    assert.doesNotMatch(content, /line 201\n/);
  });

  it('never names or shows a file outside the workspace, an excluded one, or an untitled document', async () => {
    const outside = documentOf(Uri.file(ws.writeOutside('other.ts', 'secret code\n')), 'secret code\n');
    window.activeTextEditor = fakeEditor(outside, new Selection(0, 0, 0, 6));
    const content = (await ws.run('get_editor_state', {})).content;
    assert.match(content, /^The active editor shows a file outside the workspace \(or excluded\) \(typescript, 2 lines\); its name and content are not shared\./);
    assert.doesNotMatch(content, /other\.ts|secret/);
    ws.write('.gitignore', 'build/\n');
    window.activeTextEditor = fakeEditor(workspaceDocument('build/out.js', 'built\n'), new Selection(0, 0, 0, 5));
    assert.doesNotMatch((await ws.run('get_editor_state', {})).content, /build|built/);
    window.activeTextEditor = fakeEditor(documentOf(Uri.parse('untitled:Untitled-1'), 'scratch\n'), new Selection(0, 0, 0, 7));
    assert.match((await ws.run('get_editor_state', {})).content, /^The active editor shows an untitled document \(typescript, 2 lines\); its name and content are not shared\./);
  });

  it('names a sensitive active file but keeps its selected text back', async () => {
    const document = workspaceDocument('.env', 'API_KEY=sk-123\n');
    window.activeTextEditor = fakeEditor(document, new Selection(0, 0, 0, 14));
    const content = (await ws.run('get_editor_state', {})).content;
    assert.match(content, /Active editor: \.env .*\n.*\nSelection:\n- line 1 \(1:1 to 1:15\)\n\[The selected text is not shared: \.env is a sensitive file \(read_file asks the user first\)\]/);
    assert.doesNotMatch(content, /sk-123/);
  });

  it('keeps back the selection of a file whose real path is outside the workspace', async () => {
    ws.writeOutside('shared.ts', 'outside text\n');
    ws.link(`${ws.outside}/shared.ts`, 'linked.ts');
    const document = documentOf(ws.uri('linked.ts'), fs.readFileSync(`${ws.outside}/shared.ts`, 'utf8'));
    window.activeTextEditor = fakeEditor(document, new Selection(0, 0, 0, 7));
    const content = (await ws.run('get_editor_state', {})).content;
    assert.match(content, /\[The selected text is not shared: Path escapes the workspace: linked\.ts\./);
    assert.doesNotMatch(content, /outside text/);
  });

  it('lists visible editors and open tabs (diffs by their modified side), counting the ones outside', async () => {
    const active = workspaceDocument('src/a.ts', 'a\n');
    const beside = workspaceDocument('src/b.ts', 'b\n');
    const outside = documentOf(Uri.file(ws.writeOutside('x.ts')), 'x\n');
    window.activeTextEditor = fakeEditor(active);
    window.visibleTextEditors = [window.activeTextEditor, fakeEditor(beside), fakeEditor(outside)];
    window.tabGroups.all = [
      {
        tabs: [
          { input: { uri: ws.uri('src/a.ts') }, label: 'a.ts', isActive: true },
          { input: { uri: ws.uri('src/b.ts') }, label: 'b.ts', isDirty: true },
          { input: { original: ws.uri('src/c.ts'), modified: ws.uri('src/c.ts') }, label: 'c.ts ↔' },
          { input: { uri: outside.uri }, label: 'x.ts' },
        ],
      },
      { tabs: [{ input: { viewType: 'claudeChat.chatPanel' }, label: 'Claude' }, { input: { uri: ws.uri('src/a.ts') }, label: 'a.ts' }] },
    ];
    ws.write('src/c.ts', 'c\n');
    const content = (await ws.run('get_editor_state', {})).content;
    assert.match(
      content,
      /\nAlso visible: src\/b\.ts; 1 editor outside the workspace\n\nOpen tabs \(3\):\n- src\/a\.ts \(active\)\n- src\/b\.ts \(unsaved\)\n- src\/c\.ts\n\[Not named: 1 tab on files outside the workspace \(or excluded, or untitled\); 1 other tab \(terminals, previews, settings…\)\.\]$/,
    );
    assert.doesNotMatch(content, /x\.ts/);
  });

  it('says when no editor is active, and names files folder-first in a multi-root workspace', async () => {
    assert.match((await ws.run('get_editor_state', {})).content, /^No editor is active\./);
    ws.dispose();
    ws = new ToolWorkspace(['api', 'web']);
    window.activeTextEditor = fakeEditor(workspaceDocument('main.ts', 'x\n', 'web'));
    assert.match((await ws.run('get_editor_state', {})).content, /^Active editor: web\/main\.ts /);
  });
});
