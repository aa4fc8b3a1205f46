import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  isProbablyBinary,
  isSensitivePath,
  resolveToolPath,
  SENSITIVE_PATTERNS,
  type PathResolution,
} from '../../../src/tools/workspacePath';

const ESCAPES = /^Path escapes the workspace: .*Use a path relative to a workspace folder\.$/;

function okOf(result: PathResolution) {
  assert.ok(result.ok, `expected the path to resolve, got: ${result.ok ? '' : result.reason}`);
  return result;
}

function reasonOf(result: PathResolution): string {
  assert.ok(!result.ok, `expected a refusal, got ${JSON.stringify(result)}`);
  return result.reason;
}

describe('resolveToolPath', () => {
  let sandbox: string;
  let root: string;
  let outside: string;
  let folders: { name: string; fsPath: string }[];

  const write = (base: string, relative: string, content = 'text\n') => {
    fs.mkdirSync(path.dirname(path.join(base, relative)), { recursive: true });
    fs.writeFileSync(path.join(base, relative), content);
  };
  const link = (target: string, relative: string) => fs.symlinkSync(target, path.join(root, relative));

  beforeEach(() => {
    // realpath: on macOS the temp dir itself sits behind a symlink.
    sandbox = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'claude-chat-toolpath-')));
    root = path.join(sandbox, 'project');
    outside = path.join(sandbox, 'outside');
    write(root, 'src/real.ts', 'export {};\n');
    write(outside, 'secret.txt', 'top secret\n');
    folders = [{ name: 'project', fsPath: root }];
  });
  afterEach(() => fs.rmSync(sandbox, { recursive: true, force: true }));

  it('resolves a relative path inside the folder to its real path, folder and relative path', async () => {
    const result = okOf(await resolveToolPath('src/./real.ts', folders));
    assert.deepEqual(result, { ok: true, fsPath: path.join(root, 'src/real.ts'), folder: 'project', relative: 'src/real.ts', sensitive: false });
    assert.equal(okOf(await resolveToolPath('src/../src/real.ts', folders)).relative, 'src/real.ts', '`..` that stays inside is fine');
    assert.equal(okOf(await resolveToolPath('.', folders)).relative, '', 'the folder itself');
  });

  it('refuses `..` that leaves the folder, with / or \\ separators, even when the target exists', async () => {
    for (const input of ['../outside/secret.txt', 'src/../../outside/secret.txt', '..', '..\\outside\\secret.txt']) {
      assert.match(reasonOf(await resolveToolPath(input, folders)), ESCAPES, input);
    }
  });

  it('refuses absolute POSIX, Windows drive, UNC and URI paths, even where the same relative path exists', async () => {
    // Each input, read as a relative path, would name a real file in the workspace.
    write(root, 'inside.txt');
    write(root, 'C:/x');
    write(root, 'server/share/x');
    write(root, 'file:/etc/passwd');
    for (const input of ['/inside.txt', '\\inside.txt', 'C:\\x', 'C:/x', 'C:x', '\\\\server\\share\\x', '//server/share/x', 'file:///etc/passwd']) {
      assert.match(reasonOf(await resolveToolPath(input, folders)), /^Absolute paths are not accepted: /, input);
    }
    assert.match(reasonOf(await resolveToolPath(path.join(outside, 'secret.txt'), folders)), /^Absolute paths are not accepted: /);
  });

  it('refuses a NUL byte', async () => {
    assert.match(reasonOf(await resolveToolPath('src/real.ts\0.png', folders)), /NUL byte/);
  });

  it('refuses segments made only of dots and spaces, which Windows reads as `..`', async () => {
    write(root, '... /x');
    assert.match(reasonOf(await resolveToolPath('... /x', folders)), /only of dots or spaces/);
  });

  it('says "not found" for a missing file inside, and when nothing is open', async () => {
    assert.match(reasonOf(await resolveToolPath('src/missing.ts', folders)), /^File not found: src\/missing\.ts\. .*workspace folder project/);
    assert.match(reasonOf(await resolveToolPath('src/real.ts/child', folders)), /^File not found/);
    assert.match(reasonOf(await resolveToolPath('src/real.ts', [])), /No workspace folder is open/);
  });

  it('refuses a file symlink that points outside, and a dangling one, with the same sentence (no existence oracle)', async () => {
    link(path.join(outside, 'secret.txt'), 'leak.txt');
    link(path.join(outside, 'no-such-file'), 'dangling.txt');
    link('../outside/secret.txt', 'relative-leak.txt');
    const answers = await Promise.all(['leak.txt', 'dangling.txt', 'relative-leak.txt'].map((input) => resolveToolPath(input, folders)));
    for (const answer of answers) assert.match(reasonOf(answer), ESCAPES);
  });

  it('refuses paths through a symlinked directory that leads outside, whether the file exists or not', async () => {
    link(outside, 'linked-dir');
    assert.match(reasonOf(await resolveToolPath('linked-dir/secret.txt', folders)), ESCAPES);
    assert.match(reasonOf(await resolveToolPath('linked-dir/no-such-file', folders)), ESCAPES);
    assert.match(reasonOf(await resolveToolPath('linked-dir', folders)), ESCAPES);
  });

  it('follows symlinks that stay inside (file, directory, absolute target) and returns the real path', async () => {
    link('src/real.ts', 'alias.ts');
    link(path.join(root, 'src'), 'lib');
    const viaFile = okOf(await resolveToolPath('alias.ts', folders));
    assert.equal(viaFile.fsPath, path.join(root, 'src/real.ts'));
    assert.equal(viaFile.relative, 'src/real.ts');
    assert.equal(okOf(await resolveToolPath('lib/real.ts', folders)).fsPath, path.join(root, 'src/real.ts'));
  });

  it('refuses a symlink loop', async () => {
    link('b', 'a');
    link('a', 'b');
    assert.match(reasonOf(await resolveToolPath('a', folders)), /too many levels of symbolic links/);
  });

  it('in a multi-root workspace, `<folder name>/…` picks that folder and other paths use the first one', async () => {
    const second = path.join(sandbox, 'second');
    write(second, 'lib.ts');
    const multi = [...folders, { name: 'second', fsPath: second }];
    assert.deepEqual(okOf(await resolveToolPath('second/lib.ts', multi)), {
      ok: true, fsPath: path.join(second, 'lib.ts'), folder: 'second', relative: 'lib.ts', sensitive: false,
    });
    assert.equal(okOf(await resolveToolPath('src/real.ts', multi)).folder, 'project');
    assert.match(reasonOf(await resolveToolPath('second/../project/src/real.ts', multi)), ESCAPES, '`..` cannot climb out of the named folder');
    // A link from one workspace folder into another stays inside the workspace.
    link(path.join(second, 'lib.ts'), 'to-second.ts');
    assert.equal(okOf(await resolveToolPath('to-second.ts', multi)).folder, 'second');
    // A path whose first segment is no folder name is looked up in the first folder only.
    assert.match(reasonOf(await resolveToolPath('src/real.ts', [{ name: 'second', fsPath: second }, ...folders])), /^File not found/);
    // With a single folder its name is an ordinary directory.
    write(root, 'project/nested.ts');
    assert.equal(okOf(await resolveToolPath('project/nested.ts', folders)).relative, 'project/nested.ts');
  });

  it('marks sensitive files, by the requested name, by where a symlink leads, and by extra patterns', async () => {
    write(root, '.env');
    write(root, 'infra/prod.tfvars');
    link('.env', 'notes.txt');
    assert.equal(okOf(await resolveToolPath('.env', folders)).sensitive, true);
    assert.equal(okOf(await resolveToolPath('notes.txt', folders)).sensitive, true, 'a harmless name linking to .env');
    assert.equal(okOf(await resolveToolPath('infra/prod.tfvars', folders)).sensitive, false);
    assert.equal(okOf(await resolveToolPath('infra/prod.tfvars', folders, { sensitivePatterns: ['*.tfvars'] })).sensitive, true);
  });
});

describe('isSensitivePath', () => {
  it('matches an example of every built-in pattern, at any depth and in any case', () => {
    const examples: Record<string, string> = {
      '.env': 'app/.ENV',
      '.env.*': '.env.local',
      '*.pem': 'certs/server.pem',
      '*.key': 'tls/site.key',
      'id_rsa*': 'deploy/id_rsa.pub',
      'id_ed25519*': 'id_ed25519',
      '*.p12': 'store.p12',
      '*.pfx': 'Signing.PFX',
      '.npmrc': '.npmrc',
      '.pypirc': 'home/.pypirc',
      '.netrc': '.netrc',
      'credentials*': 'config/credentials.json',
      '.aws/credentials': 'home/.aws/credentials',
      '.ssh/*': 'home/.ssh/config',
      '*.keystore': 'android/release.keystore',
      'secrets.*': 'secrets.yaml',
    };
    assert.deepEqual(Object.keys(examples).sort(), [...SENSITIVE_PATTERNS].sort(), 'one example per built-in pattern');
    for (const [pattern, example] of Object.entries(examples)) assert.equal(isSensitivePath(example), true, `${pattern}: ${example}`);
    assert.equal(isSensitivePath('credentials/prod.json'), true, 'a sensitive directory covers what is under it');
    assert.equal(isSensitivePath('home\\.ssh\\known_hosts'), true, 'backslash separators');
  });

  it('leaves ordinary files alone', () => {
    for (const relative of ['src/environment.ts', 'src/env.ts', '.envrc', 'keys.md', 'docs/secrets-guide.md', 'monkey', 'ssh/config', 'README.md', '']) {
      assert.equal(isSensitivePath(relative), false, relative);
    }
  });

  it('adds extra patterns: `*` and `?` within a segment, multi-segment patterns anywhere, a leading **/ tolerated', () => {
    assert.equal(isSensitivePath('infra/prod.tfvars', ['*.tfvars']), true);
    assert.equal(isSensitivePath('a/private/x.txt', ['**/private/*']), true);
    assert.equal(isSensitivePath('vault1.db', ['vault?.db']), true);
    assert.equal(isSensitivePath('vault10.db', ['vault?.db']), false);
    assert.equal(isSensitivePath('a+b(c).txt', ['a+b(c).txt']), true, 'regex characters are literal');
    assert.equal(isSensitivePath('aab(c).txt', ['a+b(c).txt']), false, 'regex characters are literal');
  });
});

describe('isProbablyBinary', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('accepts UTF-8 text, including multi-byte characters, empty input and a read cut mid-character', () => {
    assert.equal(isProbablyBinary(utf8('plain ascii\n')), false);
    assert.equal(isProbablyBinary(utf8('héllo € 𝄞\n')), false);
    assert.equal(isProbablyBinary(new Uint8Array()), false);
    assert.equal(isProbablyBinary(utf8('price: €').subarray(0, -1)), false, 'a capped read may end inside a character');
  });

  it('flags a NUL byte in the first 8 KB, and only there', () => {
    assert.equal(isProbablyBinary(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x0d])), true);
    const late = utf8('a'.repeat(8192 + 10));
    late[8192 + 5] = 0;
    assert.equal(isProbablyBinary(late), false, 'a NUL past 8 KB is not looked at');
    late[8191] = 0;
    assert.equal(isProbablyBinary(late), true);
  });

  it('flags bytes that are not UTF-8', () => {
    assert.equal(isProbablyBinary(Uint8Array.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x21])), true, 'Latin-1 café');
    assert.equal(isProbablyBinary(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0])), true, 'a JPEG header');
  });
});
