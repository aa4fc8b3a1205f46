import type { HistoryItem } from './protocol';

export interface HistoryGroup {
  label: string;
  items: HistoryItem[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * The history list's sections: Pinned first, then Today, Yesterday, Previous 7 days, Previous 30 days, then one per
 * month; newest first within each. Local time, as the user reads dates.
 */
export function groupHistory(items: readonly HistoryItem[], now: Date): HistoryGroup[] {
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const groups = new Map<string, HistoryItem[]>();
  const add = (label: string, item: HistoryItem) => {
    const list = groups.get(label);
    if (list) list.push(item);
    else groups.set(label, [item]);
  };
  const sorted = [...items].sort((a, b) => b.updatedAt - a.updatedAt);
  for (const item of sorted) if (item.pinned) add('Pinned', item);
  for (const item of sorted) {
    if (item.pinned) continue;
    const at = item.updatedAt;
    if (at >= startOfToday) add('Today', item);
    else if (at >= startOfToday - DAY_MS) add('Yesterday', item);
    else if (at >= startOfToday - 7 * DAY_MS) add('Previous 7 days', item);
    else if (at >= startOfToday - 30 * DAY_MS) add('Previous 30 days', item);
    else {
      const date = new Date(at);
      add(`${MONTHS[date.getMonth()]} ${date.getFullYear()}`, item);
    }
  }
  return [...groups].map(([label, list]) => ({ label, items: list }));
}
