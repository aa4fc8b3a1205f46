import assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { manageEndpointsCommand } from '../../../src/commands/manageEndpoints';
import { EndpointApprovals } from '../../../src/config/endpointApproval';
import { DEFAULT_SETTINGS } from '../../../src/config/settingsSchema';
import { FakeLog, FakeMemento, fake } from '../../fakes/vscode';

describe('Manage Approved Endpoints…', () => {
  let approvals: EndpointApprovals;
  beforeEach(async () => {
    fake.reset();
    approvals = new EndpointApprovals(new FakeMemento() as unknown as vscode.Memento, new FakeLog() as unknown as vscode.LogOutputChannel, async () => true);
    for (const baseUrl of ['https://gateway.example', 'https://collector.example:8443']) {
      assert.ok((await approvals.approve({ ...DEFAULT_SETTINGS, baseUrl, baseUrlScope: 'workspace' })).ok);
    }
  });

  it('lists the approved hosts and revokes the ones picked; the next request asks again', async () => {
    let offered: { label: string; description?: string }[] = [];
    fake.quickPickAnswers.push((items: { label: string; description?: string }[]) => {
      offered = items;
      return items.filter((item) => item.label === 'gateway.example');
    });
    await manageEndpointsCommand(approvals).run();
    assert.deepEqual(offered.map((item) => [item.label, item.description]), [
      ['gateway.example', 'https://gateway.example'],
      ['collector.example:8443', 'https://collector.example:8443'],
    ]);
    assert.deepEqual(approvals.approved().map((record) => record.host), ['collector.example:8443']);
    assert.ok(!approvals.decide({ ...DEFAULT_SETTINGS, baseUrl: 'https://gateway.example', baseUrlScope: 'workspace' }).ok);
    assert.match(fake.messages.at(-1)?.text ?? '', /revoked gateway\.example/);
  });

  it('revokes nothing when the pick is dismissed, and takes no orders from command arguments', async () => {
    await manageEndpointsCommand(approvals).run(['https://gateway.example']);
    assert.equal(approvals.approved().length, 2);
  });

  it('says so when nothing is approved', async () => {
    await approvals.revoke(approvals.approved().map((record) => record.id));
    await manageEndpointsCommand(approvals).run();
    assert.match(fake.messages.at(-1)?.text ?? '', /no endpoint is approved for this workspace/);
  });
});
