import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { STALE_MS } from '../../../../src/conversations/store/fileLock';
import { WindowLeases } from '../../../../src/conversations/store/windowLeases';

describe('window leases: is the window streaming an answer still there?', () => {
  let root: string;
  let dir: string;
  const leases: WindowLeases[] = [];
  const lease = (id: string) => {
    const made = new WindowLeases(dir, id);
    leases.push(made);
    return made;
  };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-leases-'));
    dir = path.join(root, 'windows');
  });

  afterEach(async () => {
    for (const made of leases.splice(0)) await made.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('a window is alive while it holds its lease, and gone once it gives it back', async () => {
    const a = lease('winA');
    const b = lease('winB');
    assert.equal(await b.isAlive('winA'), false, 'no lease taken yet');
    assert.equal(await a.isAlive('winA'), true, 'a window is always alive to itself');
    assert.equal(await a.hold(), true);
    assert.equal(await a.hold(), true, 'holding again is a no-op');
    assert.equal(await b.isAlive('winA'), true);
    await a.dispose();
    assert.equal(await b.isAlive('winA'), false);
  });

  it('a lease not refreshed for the stale time is a crashed window’s, and the next window to hold one clears it away', async () => {
    await lease('winA').hold();
    const then = (Date.now() - STALE_MS - 1000) / 1000;
    fs.utimesSync(path.join(dir, 'winA.lock'), then, then);
    const b = lease('winB');
    assert.equal(await b.isAlive('winA'), false);
    await b.hold();
    assert.deepEqual(fs.readdirSync(dir), ['winB.lock']);
  });

  it('an owner named in a file is only ever a plain name', async () => {
    const b = lease('winB');
    fs.mkdirSync(path.join(root, 'escape.lock')); // a fresh lock folder, outside the leases folder
    assert.equal(await b.isAlive('../escape'), false);
    assert.throws(() => new WindowLeases(dir, 'a/b'), /Not a valid window id/);
  });

  it('a lease that cannot be taken (no storage) says so instead of failing the save', async () => {
    const blocker = path.join(root, 'file');
    fs.writeFileSync(blocker, 'x');
    assert.equal(await new WindowLeases(path.join(blocker, 'windows'), 'winA').hold(), false);
  });
});
