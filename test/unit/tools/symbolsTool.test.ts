import assert from 'node:assert/strict';
import { SYMBOL_PROVIDER_TIMEOUT_MS } from '../../../src/tools/symbolsTool';
import { commands, fake, Range, SymbolKind, Uri } from '../../fakes/vscode';
import { ManualClock, settle } from '../../helpers/manualClock';
import { ToolWorkspace } from '../../helpers/toolWorkspace';
import { waitFor } from '../../helpers/waitFor';

interface FakeDocumentSymbol {
  name: string;
  detail: string;
  kind: SymbolKind;
  range: Range;
  selectionRange: Range;
  children: FakeDocumentSymbol[];
}

const symbol = (name: string, kind: SymbolKind, first: number, last: number, children: FakeDocumentSymbol[] = [], detail = ''): FakeDocumentSymbol => ({
  name,
  detail,
  kind,
  range: new Range(first - 1, 0, last - 1, 1),
  selectionRange: new Range(first - 1, 0, first - 1, 1),
  children,
});
const information = (name: string, kind: SymbolKind, uri: Uri, line: number, containerName = '') => ({ name, kind, containerName, location: { uri, range: new Range(line - 1, 0, line - 1, 5) } });

describe('get_symbols', () => {
  let ws: ToolWorkspace;
  const provide = (command: string, answer: (argument: unknown) => unknown) => commands.registerCommand(command, answer);
  beforeEach(() => (ws = new ToolWorkspace()));
  afterEach(() => ws.dispose());

  it("outlines a file from its document symbols, nested by indentation, in line order, asking by the file's uri", async () => {
    ws.write('src/shop.ts', 'x\n');
    let asked: unknown;
    provide('vscode.executeDocumentSymbolProvider', (uri) => {
      asked = uri;
      return [
        symbol('helper', SymbolKind.Function, 40, 44),
        symbol('Cart', SymbolKind.Class, 3, 30, [symbol('total', SymbolKind.Method, 20, 29, [], '(): number'), symbol('items', SymbolKind.Property, 4, 4)]),
      ];
    });
    const result = await ws.run('get_symbols', { path: 'src/shop.ts' });
    assert.deepEqual(result, {
      content: ['Outline of src/shop.ts (4 symbols):', 'Class Cart (lines 3–30)', '  Property items (line 4)', '  Method total (): number (lines 20–29)', 'Function helper (lines 40–44)'].join('\n'),
      isError: false,
      file: { path: 'src/shop.ts' },
    });
    assert.equal((asked as Uri).fsPath, ws.uri('src/shop.ts').fsPath);
  });

  it('outlines from flat symbol information too', async () => {
    ws.write('a.py', 'x\n');
    provide('vscode.executeDocumentSymbolProvider', () => [information('run', SymbolKind.Method, ws.uri('a.py'), 8, 'Job'), information('Job', SymbolKind.Class, ws.uri('a.py'), 2)]);
    assert.equal((await ws.run('get_symbols', { path: 'a.py' })).content, 'Outline of a.py (2 symbols):\nClass Job (line 2)\nMethod run in Job (line 8)');
  });

  it('says when the file has no outline, and caps a long one saying where the rest starts', async () => {
    ws.write('notes.txt', 'x\n');
    provide('vscode.executeDocumentSymbolProvider', () => undefined);
    assert.match((await ws.run('get_symbols', { path: 'notes.txt' })).content, /^No symbols found in notes\.txt: no installed language extension outlines this kind of file/);
    commands.registerCommand('vscode.executeDocumentSymbolProvider', () => Array.from({ length: 250 }, (_, index) => symbol(`v${index}`, SymbolKind.Variable, index + 1, index + 1)));
    const lines = (await ws.run('get_symbols', { path: 'notes.txt' })).content.split('\n');
    assert.equal(lines[0], 'Outline of notes.txt (250 symbols):');
    assert.equal(lines.length, 1 + 200 + 2);
    assert.equal(lines.at(-1), '[Showing the first 200 of 250 symbols; the rest start at line 201: read_file from there to see them.]');
  });

  it('searches workspace symbols and names only those in workspace files that are not excluded', async () => {
    ws.write('src/cart.ts', 'x\n');
    ws.write('node_modules/lib/cart.d.ts', 'x\n');
    ws.write('.gitignore', 'node_modules/\n');
    let asked: unknown;
    provide('vscode.executeWorkspaceSymbolProvider', (query) => {
      asked = query;
      return [
        information('Cart', SymbolKind.Class, ws.uri('src/cart.ts'), 3),
        information('total', SymbolKind.Method, ws.uri('src/cart.ts'), 20, 'Cart'),
        information('Cart', SymbolKind.Interface, ws.uri('node_modules/lib/cart.d.ts'), 1),
        information('CartOutside', SymbolKind.Class, Uri.file(ws.writeOutside('cart.ts')), 1),
      ];
    });
    const result = await ws.run('get_symbols', { query: 'Cart' });
    assert.equal(asked, 'Cart');
    assert.deepEqual(result, {
      content: 'Symbols matching "Cart" (2):\nsrc/cart.ts:3: Class Cart\nsrc/cart.ts:20: Method total in Cart\n\n[2 symbols outside the workspace, in excluded files or in sensitive files are not shown.]',
      isError: false,
    });
  });

  it('says when no symbol matches, and suggests search_text', async () => {
    provide('vscode.executeWorkspaceSymbolProvider', () => []);
    assert.match((await ws.run('get_symbols', { query: 'Nothing' })).content, /^No symbols match "Nothing" in the workspace\..*try search_text\.$/);
  });

  it('gives up on a language service that does not answer in time', async () => {
    ws.write('slow.ts', 'x\n');
    provide('vscode.executeDocumentSymbolProvider', () => new Promise(() => undefined));
    const clock = new ManualClock();
    const running = ws.run('get_symbols', { path: 'slow.ts' }, { tools: ws.tools({ timers: clock }) });
    await waitFor(() => clock.pendingCount === 1, 'the provider to be asked');
    await clock.advance(SYMBOL_PROVIDER_TIMEOUT_MS - 1);
    let done = false;
    void running.then(() => (done = true));
    await settle();
    assert.equal(done, false, 'still waiting just before the timeout');
    await clock.advance(1);
    assert.deepEqual(await running, {
      content: 'The language service did not answer within 15 s (it may still be starting); use search_text instead, or try again later.',
      isError: true,
    });
    assert.equal(clock.pendingCount, 0);
  });

  it('stops waiting for the language service when the request is stopped', async () => {
    const controller = new AbortController();
    let asked = false;
    provide('vscode.executeWorkspaceSymbolProvider', () => ((asked = true), new Promise(() => undefined)));
    const running = ws.run('get_symbols', { query: 'x' }, { signal: controller.signal });
    await waitFor(() => asked, 'the provider to be asked');
    controller.abort();
    assert.deepEqual(await running, { content: 'Cancelled: the user stopped this request before the tool finished.', isError: true });
  });

  it("reports a provider's failure as an error for Claude", async () => {
    ws.write('a.ts', 'x\n');
    provide('vscode.executeDocumentSymbolProvider', () => {
      throw new Error('TypeScript server crashed');
    });
    assert.deepEqual(await ws.run('get_symbols', { path: 'a.ts' }), { content: 'get_symbols failed: TypeScript server crashed', isError: true });
  });

  it('refuses an excluded file and a folder', async () => {
    ws.write('out/a.js', 'x\n');
    fake.setConfiguration('files.exclude', { out: true });
    assert.equal((await ws.run('get_symbols', { path: 'out/a.js' })).content, 'out/a.js is excluded by files.exclude ("out"), so the workspace tools do not read it.');
    assert.match((await ws.run('get_symbols', { path: 'out' })).content, /^out is excluded by files\.exclude/);
    ws.write('src/a.ts');
    assert.equal((await ws.run('get_symbols', { path: 'src' })).content, "src is a folder; get_symbols outlines one file. Use list_files to see the folder's files.");
  });

  it('names files folder-first in a multi-root workspace', async () => {
    ws.dispose();
    ws = new ToolWorkspace(['api', 'web']);
    ws.write('app.ts', 'x\n', 'web');
    provide('vscode.executeWorkspaceSymbolProvider', () => [information('App', SymbolKind.Class, ws.uri('app.ts', 'web'), 1)]);
    assert.equal((await ws.run('get_symbols', { query: 'App' })).content, 'Symbols matching "App" (1):\nweb/app.ts:1: Class App');
  });
});
