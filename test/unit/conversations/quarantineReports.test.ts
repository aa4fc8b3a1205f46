import assert from 'node:assert/strict';
import { QuarantineReports } from '../../../src/conversations/quarantineReports';
import type { QuarantinedFile } from '../../../src/conversations/store/conversationStore';
import { fake, FakeLog } from '../../fakes/vscode';
import { settle } from '../../helpers/manualClock';

const FILE: QuarantinedFile = { file: '/s/conversations/c1.json', movedTo: '/s/quarantine/c1.json.2026', reason: 'invalid', detail: 'Message 1 is its own ancestor.' };

describe('QuarantineReports', () => {
  beforeEach(() => fake.reset());

  it('tells the user once per moved file, says why and that nothing was deleted, and logs the detail', async () => {
    const log = new FakeLog();
    const reports = new QuarantineReports(log);
    reports.report([FILE]);
    reports.report([FILE]);
    await settle();
    assert.equal(fake.messages.length, 1);
    assert.match(fake.messages[0].text, /loop back on themselves.*moved aside, not deleted/);
    assert.deepEqual(fake.messages[0].items, ['Reveal']);
    assert.match(log.text(), /c1\.json \(invalid: Message 1 is its own ancestor\.\) to \/s\/quarantine/);
  });

  it('Reveal shows the moved file in the OS file manager', async () => {
    fake.messageAnswers.push('Reveal');
    new QuarantineReports(new FakeLog()).report([FILE]);
    await settle();
    const reveal = fake.executedCommands.find((command) => command.id === 'revealFileInOS');
    assert.ok(reveal, 'revealFileInOS ran');
    assert.equal((reveal.args[0] as { fsPath: string }).fsPath, FILE.movedTo);
  });
});
