import assert from 'node:assert/strict';
import { groupHistory } from '../../../src/shared/historyGroups';
import type { HistoryItem } from '../../../src/shared/protocol';

function item(id: string, updatedAt: Date, pinned = false): HistoryItem {
  return { id, title: id, updatedAt: updatedAt.getTime(), pinned, messageCount: 2, preview: '' };
}

describe('groupHistory', () => {
  it('groups by date, pinned first, newest first within a group', () => {
    const now = new Date(2026, 10, 22, 15, 0);
    const groups = groupHistory(
      [
        item('today-early', new Date(2026, 10, 22, 1, 0)),
        item('today-late', new Date(2026, 10, 22, 14, 0)),
        item('yesterday', new Date(2026, 10, 21, 23, 0)),
        item('last-week', new Date(2026, 10, 17, 12, 0)),
        item('last-month', new Date(2026, 10, 1, 12, 0)),
        item('august', new Date(2026, 7, 3, 12, 0)),
        item('pinned-old', new Date(2025, 0, 1), true),
      ],
      now,
    );
    assert.deepEqual(
      groups.map((group) => [group.label, group.items.map((i) => i.id)]),
      [
        ['Pinned', ['pinned-old']],
        ['Today', ['today-late', 'today-early']],
        ['Yesterday', ['yesterday']],
        ['Previous 7 days', ['last-week']],
        ['Previous 30 days', ['last-month']],
        ['August 2026', ['august']],
      ],
    );
  });

  it('is empty for no items', () => {
    assert.deepEqual(groupHistory([], new Date()), []);
  });
});
