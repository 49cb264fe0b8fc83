import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { copyToClipboard } from '../src/clipboard/index.js';
import { AfterviewError } from '../src/errors.js';
import { runCli } from './helpers/cli.js';
import { TODAY, fixture, fixturePath } from './helpers/fixtures.js';
import { renderContext } from '../src/index.js';

const execFileAsync = promisify(execFile);

const NAMES = 'Zoë Ó Briain & Söhne <dev>';
const PLAIN = `Thank you, ${NAMES}!\nSee you on Tuesday — 火曜日.\n`;
const HTML = `<!doctype html><html><body><p>Thank you, <b>${NAMES.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</b></p></body></html>\n`;

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

const x11ToolsInstalled = onPath('Xvfb') && onPath('xclip');
const copyqInstalled = onPath('copyq');
const runningInCI = Boolean(process.env.CI) && process.env.CI !== 'false';
/**
 * CI installs the tools from .ci/apt-packages, so there a missing tool must fail these tests
 * rather than skip them; a developer machine without them just skips.
 */
const runX11RoundTrips = x11ToolsInstalled || runningInCI;

/** A fake terminal that records what is written to it. */
function fakeTerminal(isTTY = true): { isTTY: boolean; written: string[]; write(chunk: string): void } {
  const written: string[] = [];
  return { isTTY, written, write: (chunk) => void written.push(chunk) };
}

/** An environment with no display, no multiplexer and nothing on PATH: no tool can work. */
function bareEnv(dir: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: dir, HOME: dir, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<AfterviewError> {
  const error = await promise.then(
    () => {
      throw new Error('expected copyToClipboard to reject');
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AfterviewError);
  return error as AfterviewError;
}

// On Windows and macOS the clipboard needs no display, so these would overwrite the developer's clipboard there.
describe.runIf(process.platform === 'linux')('copyToClipboard without any clipboard tool', () => {
  let emptyDir: string;
  beforeAll(() => {
    emptyDir = mkdtempSync(join(tmpdir(), 'afterview-clip-empty-'));
  });
  afterAll(() => {
    rmSync(emptyDir, { recursive: true, force: true });
  });

  it('makes `afterview render --copy` exit 4 with what was tried, and print nothing as a result', async () => {
    const result = await runCli(['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--copy'], {
      env: bareEnv(emptyDir),
    });
    expect(result.code).toBe(4);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^afterview: Could not copy to the clipboard\. Tried:\n/);
    expect(result.stderr).toContain('--out FILE');
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('rejects with CLIPBOARD_UNAVAILABLE, says what was tried and suggests a file or a pipe', async () => {
    const error = await rejection(copyToClipboard(PLAIN, { env: bareEnv(emptyDir) }));
    expect(error.code).toBe('CLIPBOARD_UNAVAILABLE');
    if (process.platform === 'linux') expect(error.message).toContain('clipboard tools: no DISPLAY or WAYLAND_DISPLAY set');
    expect(error.message).toContain('OSC 52 escape sequence: no terminal to send it to');
    // In the library's terms: no CLI flag in a library error.
    expect(error.message).not.toContain('--out');
    expect(error.hint).toContain('writeMessages()');
    expect(error.hint).toMatch(/\| (xclip|pbcopy)/);
    expect(error.cause).toBeInstanceOf(AggregateError);
    expect((error.cause as AggregateError).errors).toHaveLength(2);
  });

  it.runIf(process.platform === 'linux')('names every tool it tried for both flavours on X11, and what to install', async () => {
    const error = await rejection(copyToClipboard({ text: PLAIN, html: HTML }, { env: bareEnv(emptyDir, { DISPLAY: ':999999' }) }));
    expect(error.message).toContain('  - text/html and text/plain via copyq: copyq not found (install the copyq package, and start it)');
    expect(error.message).toContain('  - text/html via xclip: xclip not found (install the xclip package)');
    expect(error.message).toContain('  - text/plain via xclip: xclip not found');
    expect(error.message).toContain('  - text/plain via xsel: xsel not found (install the xsel package)');
    expect((error.cause as AggregateError).errors).toHaveLength(5);
  });

  it('falls back to OSC 52 on a terminal, with base64 of the UTF-8 content', async () => {
    const terminal = fakeTerminal();
    const result = await copyToClipboard(PLAIN, { env: bareEnv(emptyDir), terminal });
    expect(result.method).toBe('osc52');
    expect(result.flavours).toEqual(['text/plain']);
    expect(result.summary).toMatch(/Not every terminal honours OSC 52/);
    expect(terminal.written).toHaveLength(1);
    const match = /^\x1b\]52;c;([A-Za-z0-9+/]*={0,2})\x07$/.exec(terminal.written[0] ?? '');
    expect(match).not.toBeNull();
    expect(Buffer.from(match?.[1] ?? '', 'base64').toString('utf8')).toBe(PLAIN);
  });

  it('wraps OSC 52 in the tmux passthrough when TMUX is set', async () => {
    const terminal = fakeTerminal();
    const env = bareEnv(emptyDir, { TMUX: '/tmp/tmux-1000/default,4242,0' });
    const result = await copyToClipboard(PLAIN, { env, terminal });
    expect(result.method).toBe('osc52');
    expect(result.summary).toContain('allow-passthrough');
    const chunk = terminal.written[0] ?? '';
    expect(chunk.startsWith('\x1bPtmux;\x1b\x1b]52;c;')).toBe(true);
    expect(chunk.endsWith('\x07\x1b\\')).toBe(true);
    const inner = chunk.slice('\x1bPtmux;'.length, -'\x1b\\'.length).replaceAll('\x1b\x1b', '\x1b');
    expect(inner).toBe(`\x1b]52;c;${Buffer.from(PLAIN, 'utf8').toString('base64')}\x07`);
  });

  it('does not write OSC 52 when the output is not a terminal', async () => {
    const terminal = fakeTerminal(false);
    const error = await rejection(copyToClipboard(PLAIN, { env: bareEnv(emptyDir), terminal }));
    expect(error.message).toContain('OSC 52 escape sequence: the output is not a terminal');
    expect(terminal.written).toEqual([]);
  });

  it('refuses OSC 52 for content over the ~100 kB terminals accept, and says so', async () => {
    const terminal = fakeTerminal();
    const error = await rejection(copyToClipboard('x'.repeat(150_000), { env: bareEnv(emptyDir), terminal }));
    expect(error.code).toBe('CLIPBOARD_UNAVAILABLE');
    expect(error.message).toMatch(/150 kB \(200 kB in base64\), more than the 100 kB many terminals accept over OSC 52/);
    expect(terminal.written).toEqual([]);
  });
});

// Stand-in xclip scripts check how tools are spawned without needing X: that a tool which
// forks a background owner does not hold us up, and that a tool which hangs is cut off.
describe.skipIf(process.platform === 'win32' || process.platform === 'darwin')('copyToClipboard with a stand-in xclip', () => {
  let binDir: string;
  // No X server answers on this display number, so a real tool (if one ever ran) fails fast.
  const NO_SUCH_DISPLAY = ':999999';

  beforeAll(() => {
    binDir = mkdtempSync(join(tmpdir(), 'afterview-clip-bin-'));
  });
  afterAll(() => {
    rmSync(binDir, { recursive: true, force: true });
  });

  function installFakeXclip(script: string): void {
    writeFileSync(join(binDir, 'xclip'), `#!/bin/sh\nPATH=/usr/bin:/bin\n${script}\n`, { mode: 0o755 });
  }

  it('resolves as soon as xclip exits, while its background owner still holds stdout and stderr', async () => {
    installFakeXclip(
      [
        'printf "%s\\n" "$*" > "$FAKE_OUT.args"',
        'printf "%s" "$DISPLAY" > "$FAKE_OUT.display"',
        'cat > "$FAKE_OUT.stdin"',
        // Like xclip's forked owner: outlives the tool and inherits its stdout and stderr.
        '/bin/sleep 30 &',
        'echo $! > "$FAKE_OUT.pid"',
        'exit 0',
      ].join('\n'),
    );
    const out = join(binDir, 'out');
    const started = Date.now();
    try {
      const result = await copyToClipboard(
        { text: PLAIN, html: HTML },
        { env: bareEnv(binDir, { DISPLAY: NO_SUCH_DISPLAY, FAKE_OUT: out }), timeoutMs: 10_000 },
      );
      expect(Date.now() - started).toBeLessThan(3000);
      expect(result.method).toBe('xclip');
      expect(result.flavours).toEqual(['text/html']);
      // Only one flavour: the user is told which, and what a plain-text field will get.
      expect(result.summary).toContain('text/html only');
      expect(result.summary).toContain('a plain-text field pastes nothing');
      expect(readFileSync(`${out}.args`, 'utf8')).toBe('-selection clipboard -t text/html\n');
      expect(readFileSync(`${out}.display`, 'utf8')).toBe(NO_SUCH_DISPLAY);
      expect(readFileSync(`${out}.stdin`, 'utf8')).toBe(HTML);
    } finally {
      const pid = Number(readFileSync(`${out}.pid`, 'utf8'));
      if (pid > 0) process.kill(pid);
    }
  });

  it('gives up on an xclip that never finishes, skips the other X tools on that display and falls back to OSC 52 with the plain text', async () => {
    installFakeXclip('exec /bin/sleep 30');
    const terminal = fakeTerminal();
    const started = Date.now();
    const result = await copyToClipboard(
      { text: PLAIN, html: HTML },
      { env: bareEnv(binDir, { DISPLAY: NO_SUCH_DISPLAY }), terminal, timeoutMs: 300 },
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.method).toBe('osc52');
    expect(result.summary).toContain('xclip did not finish within 0.3 s');
    expect(result.summary).toContain('skipped, as the display did not answer xclip');
    // OSC 52 carries the plain text, never the markup.
    expect(terminal.written).toHaveLength(1);
    expect(Buffer.from(/52;c;([^\x07]*)/.exec(terminal.written[0]!)![1]!, 'base64').toString('utf8')).toBe(PLAIN);
  });

  it('reports a failing xclip with the first line of its stderr', async () => {
    installFakeXclip('cat >/dev/null; echo "Error: Can\'t open display: $DISPLAY" >&2; exit 1');
    const error = await rejection(
      copyToClipboard({ text: PLAIN, html: HTML }, { env: bareEnv(binDir, { DISPLAY: NO_SUCH_DISPLAY }), timeoutMs: 2000 }),
    );
    expect(error.message).toContain(`text/html via xclip: xclip failed: Error: Can't open display: ${NO_SUCH_DISPLAY}`);
  });
});

/** Processes whose command is one of `names` and whose environment has DISPLAY=`display`. */
function clipboardOwners(display: string, names: readonly string[]): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (!names.includes(comm)) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`DISPLAY=${display}`)) pids.push(Number(entry));
    } catch {
      // Gone already, or not ours to read.
    }
  }
  return pids;
}

describe.runIf(runX11RoundTrips)('copyToClipboard on a real X server (Xvfb + xclip)', () => {
  let xvfb: ChildProcess | undefined;
  let display = '';
  let env: NodeJS.ProcessEnv = {};
  let copyqEnv: NodeJS.ProcessEnv = {};
  const silentServers: { server: Server; sockets: Set<Socket> }[] = [];

  beforeAll(async () => {
    if (!x11ToolsInstalled) {
      throw new Error('Xvfb and xclip must be installed for these tests in CI: list them in .ci/apt-packages');
    }
    // -displayfd lets Xvfb pick a free display and report it once it accepts connections,
    // which avoids both guessing a free number and polling for the socket.
    const server = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '640x480x24'], {
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
    });
    xvfb = server;
    let stderr = '';
    server.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const number = await new Promise<string>((resolve, reject) => {
      let reported = '';
      const fd3 = server.stdio[3];
      fd3?.on('data', (chunk: Buffer) => {
        reported += chunk.toString();
        if (reported.includes('\n')) resolve(reported.trim());
      });
      server.on('error', reject);
      server.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready:\n${stderr}`)));
      setTimeout(() => reject(new Error(`Xvfb did not report a display within 5 s:\n${stderr}`)), 5000).unref();
    });
    display = `:${number}`;
    expect(existsSync(`/tmp/.X11-unix/X${number}`)).toBe(true);

    env = { ...process.env, DISPLAY: display };
    // CopyQ keeps its server's socket in its configuration folder: one of the test's own.
    const copyqHome = mkdtempSync(join(tmpdir(), 'afterview-copyq-'));
    copyqEnv = { ...env, HOME: copyqHome, XDG_CONFIG_HOME: join(copyqHome, '.config'), QT_QPA_PLATFORM: 'xcb' };
    // A Wayland session on a developer's machine would otherwise take precedence and the test
    // would write to their real clipboard.
    delete env.WAYLAND_DISPLAY;
    delete env.XDG_SESSION_TYPE;
    delete env.TMUX;
  }, 10_000);

  afterAll(async () => {
    for (const { server, sockets } of silentServers) {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
    if (display) {
      for (const pid of clipboardOwners(display, ['xclip', 'xsel', 'copyq'])) {
        try {
          process.kill(pid);
        } catch {
          // Exited between the scan and the kill.
        }
      }
    }
    if (xvfb && xvfb.exitCode === null) {
      const exited = new Promise((resolve) => xvfb?.once('exit', resolve));
      xvfb.kill();
      await exited;
    }
  });

  async function readClipboard(target?: string): Promise<string> {
    const args = ['-selection', 'clipboard', ...(target ? ['-t', target] : []), '-o'];
    const { stdout } = await execFileAsync('xclip', args, { env, encoding: 'utf8', timeout: 5000 });
    return stdout;
  }

  /** Owns the clipboard with `text` through xclip, as a user's earlier copy would. */
  async function writeClipboard(text: string): Promise<void> {
    const child = spawn('xclip', ['-selection', 'clipboard', '-i'], { env, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end(text);
    await exited;
  }

  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`the clipboard never ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * Runs a copy and waits until the X server has given the clipboard to its new owner. xclip
   * exits before its background owner's claim reaches the server, so a read straight after it
   * can still reach the previous owner (a user pasting a moment later never sees this; a test on
   * a busy machine did). A unique text owned first tells the two owners apart.
   */
  async function afterCopy<T>(copy: () => Promise<T>): Promise<T> {
    const previous = `afterview-test-${globalThis.crypto.randomUUID()}`;
    await writeClipboard(previous);
    const reads = () => readClipboard().catch(() => undefined);
    await until(async () => (await reads()) === previous, 'held the text copied before');
    const result = await copy();
    await until(async () => (await reads()) !== previous, 'changed owner after the copy');
    return result;
  }

  /** Runs `copyq` with the test's own configuration folder, where its server keeps its socket. */
  async function copyq(...args: string[]): Promise<void> {
    await execFileAsync('copyq', args, { env: copyqEnv, timeout: 10_000 });
  }

  it('copies plain text through xclip, which reads back exactly the same text, leaving process.env alone', async () => {
    const before = { ...process.env };
    const result = await afterCopy(() => copyToClipboard(PLAIN, { env }));
    expect(result).toEqual({ method: 'xclip', flavours: ['text/plain'], summary: 'Copied to the clipboard (text/plain, via xclip).' });
    expect(await readClipboard()).toBe(PLAIN);
    expect(await readClipboard('UTF8_STRING')).toBe(PLAIN);
    expect(process.env).toEqual(before);
  });

  it('without CopyQ running, offers text/html alone through xclip and says that plain-text fields get nothing', async () => {
    const result = await afterCopy(() => copyToClipboard({ text: PLAIN, html: HTML }, { env: copyqEnv }));
    expect(result.method).toBe('xclip');
    expect(result.flavours).toEqual(['text/html']);
    expect(result.summary).toContain('a plain-text field pastes nothing');
    expect((await readClipboard('TARGETS')).split('\n')).toContain('text/html');
    expect(await readClipboard('text/html')).toBe(HTML);
  });

  describe.runIf(copyqInstalled || runningInCI)('with CopyQ running', () => {
    beforeAll(async () => {
      if (!copyqInstalled) throw new Error('copyq must be installed for these tests in CI: list it in .ci/apt-packages');
      // Returns once the server is up; the server keeps running until `copyq exit`.
      await copyq('--start-server');
    }, 20_000);
    afterAll(async () => {
      await copyq('exit').catch(() => {});
    });

    it('offers both text/html and text/plain, and each reads back as given', async () => {
      const result = await afterCopy(() => copyToClipboard({ text: PLAIN, html: HTML }, { env: copyqEnv }));
      expect(result.method).toBe('copyq');
      expect(result.flavours).toEqual(['text/html', 'text/plain']);
      const targets = (await readClipboard('TARGETS')).split('\n');
      expect(targets).toContain('text/html');
      expect(targets).toContain('UTF8_STRING');
      expect(await readClipboard('text/html')).toBe(HTML);
      expect(await readClipboard('UTF8_STRING')).toBe(PLAIN);
    });

    it('`render --format html --copy` offers the note as a fragment and as plain text, and shows the subject', async () => {
      const args = ['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY];
      const text = await runCli(args);
      const copied = await afterCopy(() => runCli([...args, '--format', 'html', '--copy'], { env: copyqEnv }));
      expect(copied.code).toBe(0);
      expect(copied.stdout).toBe('');
      expect(copied.stderr).toContain('text/html and text/plain, via copyq');
      expect(copied.stderr).toContain('Subject (not copied): Thank you – Senior Platform Engineer interview');
      const html = await readClipboard('text/html');
      expect(html).toMatch(/^<p style="margin: 0 0 1em 0;">Dear Ana,<\/p>\n/);
      for (const banned of ['<table', '<div', 'role=', 'aria-label', 'width', 'font', 'color', '<html', '<body', '<style']) {
        expect(html).not.toContain(banned);
      }
      // The plain flavour is the body as `render` prints it, without the subject line.
      expect(await readClipboard('UTF8_STRING')).toBe(text.stdout.slice(text.stdout.indexOf('\n\n') + 2).replace(/\n$/, ''));
    });
  });

  it('`render --copy` copies the body only, and shows the subject for copying on its own', async () => {
    const printed = await runCli(['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY]);
    const [subject, ...rest] = printed.stdout.split('\n\n');
    const copied = await afterCopy(() =>
      runCli(['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--copy'], { env }),
    );
    expect(copied.code).toBe(0);
    expect(copied.stdout).toBe('');
    // xclip is tried first; on a loaded machine it may give up and xsel (also X11) takes over.
    expect(copied.stderr.replace(/via (xclip|xsel)\)/, 'via X11)')).toBe(
      `Copied to the clipboard (text/plain, via X11).\nSubject (not copied): ${subject}\nCopy it on its own with --copy subject.\n`,
    );
    expect(await readClipboard()).toBe(rest.join('\n\n').replace(/\n$/, ''));
    expect(await readClipboard()).not.toContain(subject);
  });

  it('`render --copy subject` copies the subject line alone', async () => {
    const copied = await afterCopy(() =>
      runCli(['render', 'thank-you', fixturePath('thank-you.yaml'), '--today', TODAY, '--copy', 'subject'], { env }),
    );
    expect(copied.code).toBe(0);
    expect(await readClipboard()).toBe('Thank you – Senior Platform Engineer interview');
  });

  it('a panel copies one person at a time, says how to get the others, and takes --person by number or name', async () => {
    const panel = ['render', 'thank-you', fixturePath('panel.yaml'), '--today', TODAY];
    const first = await afterCopy(() => runCli([...panel, '--copy'], { env }));
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(
      'This panel has 3 notes; this is the one to Dr. Felicity Osei <f.osei@quillonmarsh.example> (1 of 3). For the others, run it again with --person 2 (Mateus Araújo <mateus.araujo@quillonmarsh.example>), --person 3 (Grace Whitfield <grace.whitfield@quillonmarsh.example>).',
    );
    expect(await readClipboard()).toMatch(/^Dear Dr\. Osei,\n/);
    expect(await readClipboard()).not.toContain('Mateus');

    const second = await afterCopy(() => runCli([...panel, '--copy', '--person', '2'], { env }));
    expect(second.code).toBe(0);
    const secondNote = await readClipboard();
    const notes = await renderContext('thank-you', fixture('panel.yaml'), { today: TODAY });
    expect(secondNote).toBe(notes[1]!.text);
    expect(secondNote).toContain('event sourcing versus a conventional ledger table');

    const byName = await afterCopy(() => runCli([...panel, '--copy', '--person', 'mateus'], { env }));
    expect(byName.code).toBe(0);
    expect(await readClipboard()).toBe(secondNote);

    const nobody = await runCli([...panel, '--copy', '--person', 'Zed'], { env });
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('No one on this panel is called "Zed". Choose a number or a name: 1 (Dr. Felicity Osei');
  });

  it('cuts off a real xclip on a display that accepts connections but never answers', async () => {
    // A socket where an X server would listen, that never replies: xclip blocks in XOpenDisplay.
    let number = 1000 + Number(display.slice(1));
    while (existsSync(`/tmp/.X11-unix/X${number}`)) number += 1;
    const sockets = new Set<Socket>();
    const server = createServer((socket) => void sockets.add(socket));
    silentServers.push({ server, sockets });
    await new Promise<void>((resolve) => server.listen(`/tmp/.X11-unix/X${number}`, resolve));

    const terminal = fakeTerminal();
    const started = Date.now();
    const result = await copyToClipboard({ text: PLAIN, html: HTML }, { env: { ...env, DISPLAY: `:${number}` }, terminal, timeoutMs: 500 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.method).toBe('osc52');
    expect(result.summary).toMatch(/(copyq|xclip) did not finish within 0\.5 s/);
  });
});
