import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { apiClient, validRequest } from '../support/api-client.js';
import { demoUsers } from '../support/users.js';

/**
 * Counts the DynamoDB calls each request makes, by listening on the document client the
 * handlers share in this process. These are the figures docs/data-model.md reports.
 */
let platform: Platform;
let api: ReturnType<typeof apiClient>;
const calls: string[] = [];

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countCalls' },
  );
});

afterAll(async () => {
  await platform?.stop();
});

async function counted(fn: () => Promise<unknown>): Promise<string[]> {
  calls.length = 0;
  await fn();
  return [...calls];
}

describe('DynamoDB calls per request', () => {
  it('a council’s request list is one Query', async () => {
    const who = demoUsers(platform.users);
    const token = await api.signIn(who.council);
    await api.call('GET', '/api/challenges', { token }); // warm the key set
    expect(await counted(() => api.call('GET', '/api/challenges', { token }))).toEqual(['QueryCommand']);
  });

  it('an adviser’s request list is one Query', async () => {
    const adviser = platform.users.find((u) => u.roles.includes('adviser'))!;
    const token = await api.signIn(adviser);
    expect(await counted(() => api.call('GET', '/api/challenges', { token }))).toEqual(['QueryCommand']);
  });

  it('creating a request with an Idempotency-Key is two reads and one transaction', async () => {
    const token = await api.signIn(demoUsers(platform.users).council);
    const made = await counted(() => api.call('POST', '/api/challenges', { token, body: validRequest(), headers: { 'idempotency-key': `count-${Date.now()}` } }));
    expect(made).toEqual(['GetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
  });
});
