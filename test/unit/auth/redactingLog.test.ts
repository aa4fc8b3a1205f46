import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { RedactingLog } from '../../../src/auth/redactingLog';
import { FakeLog } from '../../fakes/vscode';

const KEY = 'sk-ant-api03-redacting-log-key-0123456789';
/** A key that does not look like one: only knowing it lets the log scrub it. */
const ODD_KEY = 'plain-looking-secret-0123456789';

describe('RedactingLog (every line of the output channel)', () => {
  let channel: FakeLog;
  let log: RedactingLog;
  let known: string[];

  beforeEach(() => {
    channel = new FakeLog();
    log = new RedactingLog(channel as unknown as vscode.LogOutputChannel);
    known = [];
    log.addSecrets(() => known);
  });

  it('scrubs key-shaped strings and Authorization values at every level', () => {
    log.trace(`t ${KEY}`);
    log.debug(`d Bearer ${ODD_KEY}`);
    log.info(`i ${KEY}`);
    log.warn(`w ${KEY}`);
    log.error(`e ${KEY}`);
    log.appendLine(`l ${KEY}`);
    log.append(`a ${KEY}`);
    assert.deepEqual(channel.lines.map((line) => line.level), ['trace', 'debug', 'info', 'warn', 'error', 'info', 'info']);
    assert.ok(!channel.text().includes('redacting-log-key') && !channel.text().includes(ODD_KEY), channel.text());
  });

  it('scrubs keys it is told about, even added after it was made, also inside arguments and Error objects', () => {
    log.info('before', ODD_KEY);
    known.push(ODD_KEY);
    log.info('after', ODD_KEY, { nested: `x${ODD_KEY}y` });
    log.error(new Error(`Headers.append: "Bearer ${ODD_KEY}\u0000x" is an invalid header value.`));
    log.warn('as an argument', new Error(`failed with ${ODD_KEY}`));
    const [before, ...after] = channel.lines.map((line) => line.text);
    assert.ok(before.includes(ODD_KEY), 'not known yet, and not key-shaped');
    for (const line of after) assert.ok(!line.includes(ODD_KEY), line);
    assert.match(after[0], /^after \[redacted\] \{"nested":"x\[redacted\]y"\}$/);
  });

  it('passes the rest through: name, level, show and dispose', () => {
    assert.equal(log.name, 'Claude Chat');
    assert.equal(log.logLevel, channel.logLevel);
    log.show(true);
    log.dispose();
  });
});
