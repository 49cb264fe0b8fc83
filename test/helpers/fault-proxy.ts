import { createServer, connect, type Socket } from 'node:net';

/** A small deterministic random number generator (mulberry32), so that a failing run can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FaultPlan {
  random: () => number;
  /** Chance that a new connection is closed before the server's greeting. */
  beforeGreeting: number;
  /** Chance that a message's connection is cut in the middle of its DATA. */
  duringData: number;
  /** Chance that a message reaches the server in full but its reply never reaches the client. */
  afterData: number;
}

export interface FaultCounts {
  connections: number;
  beforeGreeting: number;
  duringData: number;
  afterData: number;
}

const TERMINATOR = Buffer.from('\r\n.\r\n');

/**
 * A TCP proxy in front of a plain-text SMTP server that breaks connections at
 * the points that matter: before the greeting, during DATA, and after DATA but
 * before the server's reply reaches the client.
 */
export async function startFaultProxy(
  upstreamPort: number,
  plan: FaultPlan,
): Promise<{ port: number; counts: FaultCounts; close(): Promise<void> }> {
  const counts: FaultCounts = { connections: 0, beforeGreeting: 0, duringData: 0, afterData: 0 };
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    counts.connections += 1;
    if (plan.random() < plan.beforeGreeting) {
      counts.beforeGreeting += 1;
      client.destroy();
      return;
    }
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => {});
    client.on('close', () => upstream.destroy());

    let inData = false;
    let mode: 'none' | 'during' | 'after' = 'none';
    let swallowReply = false;
    let commandBuffer = '';
    let tail = Buffer.alloc(0);

    const cut = () => {
      client.destroy();
      upstream.destroy();
    };

    upstream.on('data', (chunk: Buffer) => {
      if (swallowReply) {
        // The server answered (and, for a 250, kept the message); the client never hears it.
        counts.afterData += 1;
        cut();
        return;
      }
      client.write(chunk);
    });

    client.on('data', (chunk: Buffer) => {
      if (!inData) {
        upstream.write(chunk);
        commandBuffer += chunk.toString('latin1');
        const lines = commandBuffer.split('\r\n');
        commandBuffer = lines.pop() ?? '';
        if (lines.some((line) => line.toUpperCase() === 'DATA')) {
          inData = true;
          tail = Buffer.alloc(0);
          const roll = plan.random();
          mode = roll < plan.duringData ? 'during' : roll < plan.duringData + plan.afterData ? 'after' : 'none';
        }
        return;
      }
      const seen = Buffer.concat([tail, chunk]);
      const ends = seen.indexOf(TERMINATOR) >= 0;
      if (mode === 'during') {
        // Forward part of the message, never its final dot, then break the connection.
        upstream.write(chunk.subarray(0, ends ? Math.floor(chunk.length / 2) : chunk.length), () => {
          counts.duringData += 1;
          cut();
        });
        inData = false;
        return;
      }
      upstream.write(chunk);
      tail = seen.subarray(Math.max(0, seen.length - TERMINATOR.length + 1));
      if (ends) {
        inData = false;
        if (mode === 'after') swallowReply = true;
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    counts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
