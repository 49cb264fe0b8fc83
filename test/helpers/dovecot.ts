import { afterAll, beforeAll } from 'vitest';
import { type DovecotAccount, startDovecot, type TestDovecot } from './dovecot-server.js';

export { dovecotFolders, startDovecot } from './dovecot-server.js';
export type { DovecotAccount, TestDovecot } from './dovecot-server.js';

/** One Dovecot for a test file: started before its tests, stopped after them. */
export function useDovecot(accounts: DovecotAccount[]): () => TestDovecot {
  let server: TestDovecot | undefined;
  beforeAll(async () => {
    server = await startDovecot(accounts);
  }, 30_000);
  afterAll(async () => {
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('Dovecot has not started');
    return server;
  };
}
