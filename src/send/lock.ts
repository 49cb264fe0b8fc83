import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';

/**
 * A lock file that cannot go stale. It records who holds it: the process id,
 * when that process started (from /proc, in clock ticks since boot) and the
 * boot id. A later process judges it stale when the holder is gone, when the
 * process with that id started at another time (the id was reused, as PID 1
 * is in every container run), when the machine was rebooted since, or when
 * it names this very process but this process does not hold it.
 *
 * The file is written complete and then linked into place, so no process ever
 * reads a half-written holder; a stale one is moved aside before it is
 * removed, so two processes that both find it stale cannot both take it.
 */

interface Holder {
  pid: number;
  start?: string | undefined;
  boot?: string | undefined;
  token: string;
}

function readProc(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/PID/stat: when the process started. Undefined where there is no /proc. */
export function processStartTime(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

let bootId: string | null | undefined;
function currentBootId(): string | undefined {
  if (bootId === undefined) bootId = readProc('/proc/sys/kernel/random/boot_id')?.trim() ?? null;
  return bootId ?? undefined;
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks this process holds, by path, with their tokens: "held by me" is told apart from "an earlier process with my id". */
const heldHere = new Map<string, string>();

export function isHolderAlive(holder: Holder, path: string): boolean {
  if (heldHere.get(path) === holder.token) return true;
  if (holder.pid === process.pid) return false;
  const boot = currentBootId();
  if (holder.boot !== undefined && boot !== undefined && holder.boot !== boot) return false;
  if (!isRunning(holder.pid)) return false;
  const start = processStartTime(holder.pid);
  // Where start times can be read, a record without one cannot be checked: no afterview writes such a record now.
  if (start !== undefined) return holder.start === start;
  return true;
}

function parseHolder(text: string): Holder | undefined {
  try {
    const value = JSON.parse(text) as Partial<Holder>;
    if (typeof value.pid === 'number' && typeof value.token === 'string') return value as Holder;
  } catch {
    // An older lock holding only a process id: judged by the same rules, without a start time.
    const pid = Number(text.trim());
    if (Number.isInteger(pid)) return { pid, token: '' };
  }
  return undefined;
}

export type Release = () => Promise<void>;

/**
 * Takes the lock at `path`. Resolves with a release function, or undefined
 * when a live process (or another call in this one) holds it.
 */
export async function acquireLock(path: string): Promise<Release | undefined> {
  const me: Holder = { pid: process.pid, start: processStartTime(process.pid), boot: currentBootId(), token: randomUUID() };
  const mine = `${path}.${me.token}.tmp`;
  await writeFile(mine, JSON.stringify(me), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, path);
        heldHere.set(path, me.token);
        return async () => {
          heldHere.delete(path);
          await rm(path, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue; // Released meanwhile: try again.
      const holder = parseHolder(text);
      if (holder && isHolderAlive(holder, path)) return undefined;
      const aside = `${path}.${me.token}.stale.tmp`;
      try {
        await rename(path, aside);
      } catch {
        continue; // Another process moved it first.
      }
      const moved = await readFile(aside, 'utf8').catch(() => undefined);
      if (moved !== text) {
        // Between the look and the move, another process took the lock over: give it back.
        await link(aside, path).catch(() => {});
        await rm(aside, { force: true });
        return undefined;
      }
      await rm(aside, { force: true });
    }
    return undefined;
  } finally {
    await rm(mine, { force: true });
  }
}
