import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real storage faults for the tests: a read-only bind mount and a small tmpfs
 * where the test may mount (root with the capability), else what an ordinary
 * user can do (file modes, a file-size limit in a child shell).
 */

let mountable: boolean | undefined;
export function canMount(): boolean {
  if (mountable !== undefined) return mountable;
  const probe = mkdtempSync(join(tmpdir(), 'afterview-mount-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    mountable = true;
  } catch {
    mountable = false;
  }
  return mountable;
}

export const isRoot = () => process.getuid?.() === 0;

/** Makes a file or folder read-only for everyone, root included; returns the undo. */
export function makeReadOnly(path: string): () => void {
  if (canMount()) {
    execFileSync('mount', ['--bind', path, path]);
    execFileSync('mount', ['-o', 'remount,ro,bind', path]);
    return () => execFileSync('umount', [path]);
  }
  // Without mounting, a folder where the file should be is the fault anyone can cause.
  const aside = `${path}.aside`;
  renameSync(path, aside);
  mkdirSync(path);
  return () => {
    rmSync(path, { recursive: true, force: true });
    renameSync(aside, path);
  };
}

/** A small tmpfs at `dir` (which must exist); returns a function that grows it, and one that unmounts it. */
export function smallFileSystem(dir: string, kilobytes: number): { grow(kilobytes: number): void; unmount(): void } {
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k,mode=0700`, 'tmpfs', dir]);
  return {
    grow: (size) => execFileSync('mount', ['-o', `remount,size=${size}k`, dir]),
    unmount: () => execFileSync('umount', ['-l', dir]),
  };
}
