import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Calls `onChange` (debounced) when any of the files, or anything under the
 * folders, changes. Folders are watched one by one rather than with
 * `recursive`, which Node 20 does not offer on every platform; a file is
 * watched through its folder, so that an editor that saves by replacing the
 * file is still seen.
 */
export function watchPaths(paths: readonly string[], onChange: () => void, delay = 100): () => void {
  const watchers = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      refresh();
      onChange();
    }, delay);
  };
  const files = new Map<string, Set<string>>();
  const folders = new Set<string>();
  for (const path of paths) {
    let isFolder = false;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      // Not there yet: watch the folder it would appear in.
    }
    if (isFolder) folders.add(path);
    else {
      const names = files.get(dirname(path)) ?? new Set<string>();
      names.add(basename(path));
      files.set(dirname(path), names);
    }
  }
  const add = (dir: string, filter?: ReadonlySet<string>) => {
    if (watchers.has(dir)) return;
    try {
      const watcher = watch(dir, (_event, name) => {
        if (!filter || (name !== null && filter.has(name.toString()))) changed();
      });
      watcher.on('error', () => watchers.delete(dir));
      watchers.set(dir, watcher);
    } catch {
      // A folder that cannot be watched (gone, no permission): the others still are.
    }
  };
  const walk = (dir: string) => {
    add(dir);
    let entries: string[] = [];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry);
      try {
        if (statSync(path).isDirectory()) walk(path);
      } catch {
        // Removed meanwhile.
      }
    }
  };
  // New folders inside a watched one (a new template) are picked up on the next change.
  function refresh() {
    for (const folder of folders) walk(folder);
  }
  for (const [dir, names] of files) add(dir, names);
  refresh();
  return () => {
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}
