import type { CodeCommandServices, Command } from './command';
import { COMMAND_IDS } from './commandIds';

/** The Accept and Reject buttons in the title bar of a proposed edit's diff. */
export function proposalCommands(services: CodeCommandServices): Command[] {
  return [
    // The title bar's button passes the diff's URI: that proposal is decided, even when another diff is active.
    { id: COMMAND_IDS.acceptProposal, run: (resource?: unknown) => services.diffReview.acceptActive(resource) },
    { id: COMMAND_IDS.rejectProposal, run: (resource?: unknown) => services.diffReview.rejectActive(resource) },
  ];
}
