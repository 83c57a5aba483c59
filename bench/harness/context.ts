/** What the store sections share: the store, the server child, the load's agent and the patients' logins. */
import http from 'node:http';
import { BENCH_PREFIX, CONCURRENCY } from './config';
import { type Api, devLogin } from './http';
import { onCleanup } from './processes';
import { type ServerChild, startServerChild } from './server';
import type { Store } from './store';

/** Patient accounts logged in for the registration and visit-day sections. */
export const ACCOUNTS = 50;

export interface ServerContext {
  store: Store;
  server: ServerChild;
  api: Api;
  /** Patient accounts' tokens. */
  tokens: string[];
  /** Stops the server child and its agent. */
  stop: () => Promise<void>;
}

/** A patient profile the bench registered, and the index of its account's token. */
export interface OwnedPatient {
  id: string;
  owner: number;
}

/** The server child on the store's tables, counting its store operations, and ACCOUNTS dev logins. */
export async function startServer(store: Store): Promise<ServerContext> {
  const server = await startServerChild({ ...store.env, BENCH_COUNT_STORE_OPS: '1' });
  console.log(`• local server in a child process (pid ${server.child.pid}) at ${server.url}:`);
  console.log('  the load generator (this process) and the handlers do not share an event loop;');
  console.log('  both, and DynamoDB Local (Java), share this machine’s CPUs.');
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const agentCleanup = onCleanup('http agent', async () => agent.destroy());
  const api: Api = { agent, base: new URL(server.url) };
  const tokens: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) tokens.push(await devLogin(api, { openid: `${BENCH_PREFIX}-user-${i}` }));
  console.log(`• logged in ${tokens.length} accounts`);
  const stop = async () => {
    await server.stop();
    await agentCleanup.stop();
  };
  return { store, server, api, tokens, stop };
}
