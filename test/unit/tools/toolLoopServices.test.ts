import assert from 'node:assert/strict';
import { DEFAULT_TOOL_SETTINGS, type ToolSettings } from '../../../src/config/toolSettings';
import type { ChatMessage } from '../../../src/shared/conversation';
import { NOT_RUN_RESULT } from '../../../src/shared/toolTurns';
import type { ToolAvailability } from '../../../src/tools/toolAvailability';
import { ToolCallBoard } from '../../../src/tools/toolCallBoard';
import { createToolLoopServices } from '../../../src/tools/toolLoopServices';
import type { ToolRunner } from '../../../src/tools/toolRound';
import type * as vscode from 'vscode';
import { FakeLog, fake } from '../../fakes/vscode';

const question: ChatMessage = { id: 'u1', parentId: null, role: 'user', blocks: [{ type: 'text', text: 'q' }], status: 'complete', createdAt: 0 };
const answer: ChatMessage = {
  id: 'a1',
  parentId: 'u1',
  role: 'assistant',
  blocks: [{ type: 'tool_use', id: 'toolu_1', name: 'list_files', inputJson: '{}' }],
  status: 'complete',
  stopReason: 'tool_use',
  createdAt: 0,
};
const runner: ToolRunner = {
  sensitivePath: async () => undefined,
  run: async () => ({ content: 'a.ts\nb.ts', isError: false }),
};

describe('createToolLoopServices', () => {
  let board: ToolCallBoard;
  let settings: ToolSettings;
  let availability: ToolAvailability;
  beforeEach(() => {
    fake.reset();
    board = new ToolCallBoard();
    settings = { ...DEFAULT_TOOL_SETTINGS, autoApproveReads: true, maxRounds: 4 };
    availability = { available: true };
  });
  afterEach(() => board.dispose());
  const services = () => createToolLoopServices({ settings: () => settings, runner, board, log: new FakeLog() as unknown as vscode.LogOutputChannel, availability: () => availability });

  it('offers the tools where they are available, forbids them (still defined) where not but the history holds tool blocks', () => {
    assert.equal(services().toolUse([question]), 'auto');
    availability = { available: false, reason: 'Workspace tools are turned off (claudeChat.tools.enabled).' };
    assert.equal(services().toolUse([question]), undefined, 'no tool blocks: nothing is defined');
    assert.equal(services().toolUse([question, answer]), 'none');
    assert.equal(services().maxRounds(), 4);
  });

  it('runs a round with the settings’ auto-approval, and answers each call with why when tools went off meanwhile', async () => {
    const results = await services().round('c', answer, new AbortController().signal);
    assert.deepEqual(results, [{ type: 'tool_result', toolUseId: 'toolu_1', content: 'a.ts\nb.ts', isError: false }]);
    availability = { available: false, reason: 'This workspace is not trusted.' };
    const refused = await services().round('c', answer, new AbortController().signal);
    assert.deepEqual(refused, [{ type: 'tool_result', toolUseId: 'toolu_1', content: `${NOT_RUN_RESULT} This workspace is not trusted.`, isError: true }]);
  });
});
