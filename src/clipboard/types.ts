/** What to put on the clipboard: the plain text, and optionally the same note as an HTML fragment. */
export interface ClipboardContent {
  /** The `text/plain` flavour: what a plain-text field pastes. */
  text: string;
  /** The `text/html` flavour: what a rich composer pastes, where the platform can offer it. */
  html?: string;
}

/** How {@link copyToClipboard} may reach a clipboard. */
export interface CopyOptions {
  /**
   * Environment the clipboard tools run with and that decides which to try (DISPLAY,
   * WAYLAND_DISPLAY, SSH_TTY, PATH, TMUX...). Passed to each tool; `process.env` is never changed.
   * @default process.env
   */
  env?: NodeJS.ProcessEnv;
  /**
   * Where an OSC 52 sequence can be written when no clipboard tool works: the user's terminal,
   * or undefined when there is none.
   */
  terminal?: { isTTY: boolean; write(chunk: string): void };
  /**
   * How long one clipboard tool may take before it is given up on, in milliseconds. A tool
   * talking to a display that never answers would otherwise wait forever.
   * @default 5000
   */
  timeoutMs?: number;
  /**
   * The platform whose tools to use.
   * @default process.platform
   */
  platform?: NodeJS.Platform;
}

export type Flavour = 'text/html' | 'text/plain';

/** What {@link copyToClipboard} did. */
export interface CopyResult {
  /** What took the content: `'copyq'`, `'xclip'`, `'xsel'`, `'wl-copy'`, `'osascript'`, `'pbcopy'`, `'powershell'`, `'clip'` or `'osc52'`. */
  method: string;
  /** The flavours the clipboard now offers. */
  flavours: Flavour[];
  /** One or two sentences for the user saying what happened and, where it matters, what to watch for. */
  summary: string;
}

/** One way of copying that did not work, with the reason the user will read. */
export class AttemptFailed extends Error {
  override readonly name = 'AttemptFailed';
  /** The display a tool hung on, and the tool, so that other tools on it are not left hanging too. */
  readonly hung: { display: 'x11' | 'wayland'; tool: string } | undefined;

  constructor(
    readonly attempt: string,
    reason: string,
    options: { cause?: unknown; hung?: { display: 'x11' | 'wayland'; tool: string } } = {},
  ) {
    super(reason, options.cause === undefined ? undefined : { cause: options.cause });
    this.hung = options.hung;
  }
}

/** One way to reach a clipboard, as a backend offers it. */
export interface Attempt {
  /** Shown in the list of what was tried: "text/html and text/plain via copyq". */
  label: string;
  /** The flavours this attempt puts on the clipboard. */
  flavours: Flavour[];
  /** The display it needs, so that a display that hung one tool is not tried again. */
  display?: 'x11' | 'wayland';
  run(): Promise<void>;
}

/** Everything a backend needs to build its attempts. */
export interface BackendInput {
  content: ClipboardContent;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function firstLine(text: string): string {
  return text.trim().split('\n', 1)[0]?.trim() ?? '';
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(2))} s`;
}
