import { fstatSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { xdgFolder } from '../index.js';
import { processStdout } from './direct-output.js';

/**
 * The commands whose output never changes between runs of one build (`--help`, `help
 * render`, `-v`, `completion`, and `list` without a profile or templates folder of the
 * user's) are answered without the CLI: `npm run build` runs each through the real CLI
 * and saves what it printed (dist/generated/replies.json), and bin/afterview.js loads
 * only this small module (dist/cli/shell.cjs) to print it again. Starting the CLI
 * (the parser, the library, their code cache) costs several times what starting Node
 * does; printing a saved text costs nothing. Anything else, or any doubt, goes to the CLI.
 */

/** What the build saved: for each help width, the arguments (joined by a space) and what they print. */
export interface Replies {
  widths: Record<string, Record<string, string>>;
  /** Replies that depend on the user's files: given only when the user has none. */
  userFiles: readonly string[];
}

/** The forms the build records, for the command names `commands`. */
export function recordedForms(commands: readonly string[]): string[][] {
  const forms = [['--help'], ['-h'], ['help'], ['--version'], ['-v'], ['completion'], ['list'], ['list', '--json']];
  for (const command of commands) forms.push([command, '--help'], [command, '-h'], ['help', command]);
  return forms;
}

/** Replies that depend on the user's files: `list` shows the user's own templates too. */
export const USER_FILE_FORMS = ['list', 'list --json'];

/** The width the CLI wraps its help to (main.ts): the terminal's, up to 100; 80 when not a terminal. */
export function helpWidth(columns: number | undefined): number {
  return Math.min(100, columns || 80);
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The user has a profile or templates folder (which may change what `list` shows). */
function hasUserFiles(env: NodeJS.ProcessEnv): boolean {
  // An empty $AFTERVIEW_PROFILE is a profile named (and an error): the CLI says so.
  if (env.AFTERVIEW_PROFILE !== undefined) return true;
  const config = xdgFolder('config', env);
  return exists(join(config, 'profile.yaml')) || exists(join(config, 'templates'));
}

/**
 * The saved reply to `args`, or undefined when the CLI must answer. `columns`: the
 * terminal's width (undefined when standard output is not a terminal).
 */
export function savedReply(
  replies: Replies,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  columns: number | undefined,
): string | undefined {
  const key = args.join(' ');
  const reply = replies.widths[String(helpWidth(columns))]?.[key];
  if (reply === undefined) return undefined;
  // yargs writes a zsh script instead when the shell is zsh.
  if (args[0] === 'completion' && (env.SHELL ?? '').includes('zsh')) return undefined;
  if (replies.userFiles.includes(key) && hasUserFiles(env)) return undefined;
  return reply;
}

/** Reads dist/generated/replies.json; undefined when there is none (a build without it). */
function readReplies(file: string): Replies | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Replies;
  } catch {
    return undefined;
  }
}

/**
 * The terminal's width, or undefined when standard output is not a terminal. node:tty
 * (and process.stdout) load the network and stream modules, several milliseconds: asked
 * only of a character device other than /dev/null, which may be a terminal.
 */
function terminalColumns(): number | undefined {
  try {
    const out = fstatSync(1);
    if (!out.isCharacterDevice() || out.rdev === statSync('/dev/null').rdev) return undefined;
  } catch {
    // No standard output, or no /dev/null (Windows): ask Node.
  }
  return process.stdout.isTTY ? process.stdout.columns : undefined;
}

/**
 * The `afterview` command's first step (bin/afterview.js): prints the saved reply to
 * `args` and returns true, or returns false for the CLI to answer.
 */
export function answerFromSaved(args: readonly string[], env: NodeJS.ProcessEnv, repliesFile: string): boolean {
  const replies = readReplies(repliesFile);
  if (replies === undefined) return false;
  const reply = savedReply(replies, args, env, terminalColumns());
  if (reply === undefined) return false;
  processStdout().write(reply);
  return true;
}
