import fs from 'node:fs';
import { idOfFileName } from './layout';

const DEBOUNCE_MS = 100;

/**
 * Reports which conversations changed in `folder`, batched: one save is several events (temp file created,
 * renamed), and a streaming window saves every second. Temp files and lock folders are not conversations and are
 * ignored. The folder must exist.
 */
export function watchFolder(folder: string, onChange: (ids: string[]) => void): { dispose(): void } {
  const pending = new Set<string>();
  let unknown = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watcher: fs.FSWatcher | undefined;

  const flush = () => {
    timer = undefined;
    if (unknown) {
      // Some platforms do not say which file changed: report every conversation in the folder.
      unknown = false;
      try {
        for (const name of fs.readdirSync(folder)) {
          const id = idOfFileName(name);
          if (id) pending.add(id);
        }
      } catch {
        // the folder went away; nothing left to report
      }
    }
    if (pending.size === 0) return;
    const ids = [...pending];
    pending.clear();
    onChange(ids);
  };

  const dispose = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    watcher?.close();
    watcher = undefined;
  };

  watcher = fs.watch(folder, { persistent: false }, (_event, fileName) => {
    if (fileName === null || fileName === undefined) unknown = true;
    else {
      const id = idOfFileName(String(fileName));
      if (!id) return;
      pending.add(id);
    }
    timer ??= setTimeout(flush, DEBOUNCE_MS);
  });
  // The folder can be deleted under us (the user cleared the extension's storage): stop quietly.
  watcher.on('error', dispose);
  return { dispose };
}
