import { writeSync } from 'node:fs';

/** Standard output as the CLI uses it: text written in order. */
export interface Output {
  write(text: string): unknown;
  /** Bytes written but not yet sent on (a stream's), where the output may hold any. */
  readonly writableLength?: number;
}

/**
 * The process's standard output, written with fs.writeSync. process.stdout sets up a
 * stream (the network modules for a pipe, a SyncWriteStream for a file: 3 to 7 ms of a
 * cold start) to write what Node writes synchronously to files and pipes on Linux
 * anyway. A pipe another program made non-blocking may refuse (EAGAIN): from then on
 * everything goes through process.stdout, which waits, so that the order stays. A
 * reader that stops early (`afterview list | head -1`) has all it wanted: the process
 * ends quietly, as cat does.
 */
export function processStdout(): Output {
  if (process.platform === 'win32') return process.stdout;
  let stream: NodeJS.WriteStream | undefined;
  const viaStream = (bytes: Uint8Array) => {
    if (stream === undefined) {
      stream = process.stdout;
      stream.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
      });
    }
    stream.write(bytes);
  };
  return {
    get writableLength() {
      return stream?.writableLength ?? 0;
    },
    write(text: string) {
      const bytes = Buffer.from(text);
      if (stream !== undefined) return viaStream(bytes);
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(1, bytes, done);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
        if (code !== 'EAGAIN') throw error;
        viaStream(bytes.subarray(done));
      }
    },
  };
}
