import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { commands, Uri, workspace } from '../../fakes/vscode';
import { ToolWorkspace } from '../../helpers/toolWorkspace';

const CANCELLED = { content: 'Cancelled: the user stopped this request before the tool finished.', isError: true };

describe('WorkspaceTools', () => {
  let ws: ToolWorkspace;
  beforeEach(() => (ws = new ToolWorkspace()));
  afterEach(() => ws.dispose());

  describe('run', () => {
    it('refuses an unknown tool and an invalid input with text Claude can act on', async () => {
      assert.deepEqual(await ws.run('write_file', { path: 'a' }), {
        content: 'There is no tool named "write_file"; the tools are read_file, list_files, search_text, get_diagnostics, get_symbols, get_editor_state.',
        isError: true,
      });
      assert.deepEqual(await ws.run('read_file', { path: 'a.ts', start_line: 0 }), { content: 'read_file: "start_line" must be a whole number of at least 1 (got 0).', isError: true });
      assert.deepEqual(await ws.run('list_files', 'src'), { content: 'list_files: the input must be a JSON object (got "src").', isError: true });
    });

    it('refuses when no local folder is open (a virtual folder does not count)', async () => {
      workspace.workspaceFolders = [{ uri: Uri.parse('vscode-vfs://github/owner/repo'), name: 'repo', index: 0 }];
      assert.deepEqual(await ws.run('list_files', {}), { content: 'No local workspace folder is open, so there are no files to look at.', isError: true });
      workspace.workspaceFolders = undefined;
      assert.equal((await ws.run('get_editor_state', {})).isError, true);
    });

    it('answers "Cancelled" for a call whose signal was already aborted, without running it', async () => {
      let asked = false;
      commands.registerCommand('vscode.executeWorkspaceSymbolProvider', () => ((asked = true), []));
      const controller = new AbortController();
      controller.abort();
      assert.deepEqual(await ws.run('get_symbols', { query: 'x' }, { signal: controller.signal }), CANCELLED);
      assert.equal(asked, false);
    });

    it('turns any VS Code failure into an error result instead of throwing', async () => {
      ws.write('a.txt', 'a\n');
      const stat = workspace.fs.stat;
      workspace.fs.stat = async () => {
        throw new Error('EIO: i/o error');
      };
      try {
        assert.deepEqual(await ws.run('read_file', { path: 'a.txt' }), { content: 'read_file failed: EIO: i/o error', isError: true });
      } finally {
        workspace.fs.stat = stat;
      }
    });
  });

  describe('sensitivePath', () => {
    const call = (name: string, input: unknown, id = 'toolu_1') => ({ id, name, input });

    it('names the sensitive file a path call would touch, as the tools name it', async () => {
      ws.write('.env', 'KEY=1\n');
      ws.write('config/server.key', 'k\n');
      ws.write('src/a.ts', 'a\n');
      const tools = ws.tools();
      assert.equal(await tools.sensitivePath(call('read_file', { path: '.env' })), '.env');
      assert.equal(await tools.sensitivePath(call('get_symbols', { path: 'config/server.key' })), 'config/server.key');
      assert.equal(await tools.sensitivePath(call('get_diagnostics', { path: './config/../.env' })), '.env');
      assert.equal(await tools.sensitivePath(call('read_file', { path: 'src/a.ts' })), undefined);
      assert.equal(await tools.sensitivePath(call('get_diagnostics', {})), undefined);
      assert.equal(await tools.sensitivePath(call('search_text', { query: 'KEY' })), undefined, 'search_text skips sensitive files itself');
    });

    it('uses the extra patterns of the setting, read at each call', async () => {
      ws.write('deploy/prod.yaml', 'x\n');
      const patterns: string[] = [];
      const tools = ws.tools({ sensitivePatterns: () => patterns });
      assert.equal(await tools.sensitivePath(call('read_file', { path: 'deploy/prod.yaml' })), undefined);
      patterns.push('deploy/*.yaml');
      assert.equal(await tools.sensitivePath(call('read_file', { path: 'deploy/prod.yaml' })), 'deploy/prod.yaml');
    });

    it('answers undefined for an input that does not validate, a refused path or an excluded file, and never throws', async () => {
      ws.write('.env', 'KEY=1\n');
      ws.write('.gitignore', '.env.local\n');
      ws.write('.env.local', 'KEY=2\n');
      const tools = ws.tools();
      assert.equal(await tools.sensitivePath(call('read_file', { path: '.env', start_line: -1 })), undefined);
      assert.equal(await tools.sensitivePath(call('read_file', { path: '../outside/.env' })), undefined);
      assert.equal(await tools.sensitivePath(call('read_file', { path: '.env.local' })), undefined, 'run refuses it anyway: no approval to ask for');
      assert.equal(await tools.sensitivePath(call('nope', null)), undefined);
      const throwing = ws.tools({
        sensitivePatterns: () => {
          throw new Error('settings unreadable');
        },
      });
      assert.equal(await throwing.sensitivePath(call('read_file', { path: '.env' })), undefined);
    });

    it('names the folder first in a multi-root workspace', async () => {
      ws.dispose();
      ws = new ToolWorkspace(['api', 'web']);
      ws.write('.env', 'x\n', 'web');
      assert.equal(await ws.tools().sensitivePath(call('read_file', { path: 'web/.env' })), 'web/.env');
    });

    it('run reads a sensitive file only for a call that sensitivePath was asked about', async () => {
      ws.write('.env', 'KEY=1\n');
      const tools = ws.tools();
      const unasked = await tools.run(call('read_file', { path: '.env' }, 'toolu_unasked'), new AbortController().signal);
      assert.deepEqual(unasked, { content: '.env is a sensitive file (it may hold secrets): it is read only after the user approves, and this call was not approved.', isError: true });
      const approved = call('read_file', { path: '.env' }, 'toolu_approved');
      assert.equal(await tools.sensitivePath(approved), '.env');
      const read = await tools.run(approved, new AbortController().signal);
      assert.equal(read.content, '.env, lines 1–1 of 1:\n1 | KEY=1');
      assert.equal((await tools.run(approved, new AbortController().signal)).isError, true, 'an approval is good for one run');
    });

    it('run refuses a file that turned sensitive after sensitivePath answered (a symlink swapped in)', async () => {
      ws.write('.env', 'KEY=1\n');
      ws.write('notes.txt', 'plain\n');
      const tools = ws.tools();
      const swapped = call('read_file', { path: 'notes.txt' }, 'toolu_swap');
      assert.equal(await tools.sensitivePath(swapped), undefined);
      fs.rmSync(path.join(ws.root(), 'notes.txt'));
      ws.link(path.join(ws.root(), '.env'), 'notes.txt');
      const result = await tools.run(swapped, new AbortController().signal);
      assert.equal(result.isError, true);
      assert.doesNotMatch(result.content, /KEY=1/);
    });
  });
});
