import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AfterviewError, isAfterviewError } from '../errors.js';
import type { RenderedMessage } from '../render/message.js';
import { previewPage } from './page.js';
import { watchPaths } from './watch.js';

/**
 * `afterview preview`: a page on the loopback interface, on a free port, that
 * shows a template's messages and reloads itself (server-sent events) within
 * a second of a change to the context, the profile or any template file.
 */

export interface PreviewOptions {
  /** The template's name, for the page's title. */
  template: string;
  /** Renders the messages afresh, reading every file again: at start and after each change. */
  load: () => Promise<RenderedMessage[]>;
  /** Files and folders whose changes re-render the page. */
  watch: readonly string[];
}

export interface Preview {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** How many times the messages were rendered (1 at start). */
  readonly renders: number;
  close(): Promise<void>;
}

type State = { messages: RenderedMessage[] } | { error: string };

// The frames show the message as a mail client would: nothing fetched from elsewhere, no script.
const FRAME_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

async function render(load: PreviewOptions['load']): Promise<State> {
  try {
    return { messages: await load() };
  } catch (error) {
    if (!isAfterviewError(error)) throw error;
    return { error: error.describe() };
  }
}

export async function startPreview(options: PreviewOptions): Promise<Preview> {
  let state = await render(options.load);
  let renders = 1;
  const listeners = new Set<ServerResponse>();
  let port = 0;

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    // Only this page's own address: a web page elsewhere cannot reach it through a name that resolves here.
    if (request.headers.host !== `127.0.0.1:${port}` && request.headers.host !== `localhost:${port}`) {
      response.writeHead(403).end();
      return;
    }
    const url = request.url ?? '/';
    if (url === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(previewPage(options.template, state));
      return;
    }
    const frame = /^\/message\/(\d+)\.html$/.exec(url);
    if (frame && 'messages' in state && state.messages[Number(frame[1])]) {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': FRAME_POLICY,
        'cache-control': 'no-store',
      });
      response.end(state.messages[Number(frame[1])]!.html);
      return;
    }
    if (url === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write('retry: 500\n\n');
      listeners.add(response);
      request.on('close', () => listeners.delete(response));
      return;
    }
    response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
  };

  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new AfterviewError('USAGE', `The preview could not listen on 127.0.0.1: ${error.message}`, { cause: error })),
    );
    server.listen(0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;

  let rendering = Promise.resolve();
  const stopWatching = watchPaths(options.watch, () => {
    rendering = rendering.then(async () => {
      state = await render(options.load).catch((error: unknown) => ({ error: String(error) }));
      renders += 1;
      for (const listener of listeners) listener.write('event: change\ndata: reload\n\n');
    });
  });

  return {
    url: `http://127.0.0.1:${port}/`,
    get renders() {
      return renders;
    },
    async close() {
      stopWatching();
      for (const listener of listeners) listener.end();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await rendering;
    },
  };
}
