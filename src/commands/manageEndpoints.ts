import * as vscode from 'vscode';
import type { EndpointApprovals } from '../config/endpointApproval';
import type { Command } from './command';
import { COMMAND_IDS } from './commandIds';

/**
 * Manage Approved Endpoints…: lists the hosts this workspace's settings may send the key to, because the user
 * said yes, and revokes the ones picked (the next send asks again). Takes no arguments: only the user revokes.
 */
export function manageEndpointsCommand(endpoints: EndpointApprovals): Command {
  return {
    id: COMMAND_IDS.manageEndpoints,
    run: async () => {
      const approved = endpoints.approved();
      if (approved.length === 0) {
        void vscode.window.showInformationMessage('Claude Chat: no endpoint is approved for this workspace. Endpoints in your own user settings need no approval (except inside a dev container or codespace, whose settings a repository can write).');
        return;
      }
      const items = approved.map((record) => ({
        label: record.host,
        description: record.headerNames.length > 0 ? `${record.origin} with headers ${record.headerNames.join(', ')}` : record.origin,
        detail: `Approved ${new Date(record.approvedAt).toLocaleString()}`,
        id: record.id,
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Approved endpoints for this workspace',
        placeHolder: 'Select the endpoints to revoke; the next request to one asks again',
        canPickMany: true,
      });
      if (!picked || picked.length === 0) return;
      await endpoints.revoke(picked.map((item) => item.id));
      void vscode.window.showInformationMessage(`Claude Chat: revoked ${picked.map((item) => item.label).join(', ')}.`);
    },
  };
}
