/**
 * Node's modules that a render of a built-in message does not need, loaded on first use instead
 * of when afterview loads: loading node:module costs a cold start about half a millisecond, and
 * node:os a sixth. (`process.getBuiltinModule`: Node 20.16 and later.)
 */

/** `createRequire(url)`: finds a package from one of afterview's own files. */
export function requireFrom(url: string): NodeJS.Require {
  return process.getBuiltinModule('node:module').createRequire(url);
}

/** The user's home folder, as `os.homedir()` finds it. */
export function homedir(): string {
  return process.getBuiltinModule('node:os').homedir();
}
