import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { addDays } from '../../shared/domain/dates.js';
import type { Peer } from '../../shared/domain/peer.js';
import { apiClient, futureWindow, validRequest } from '../support/api-client.js';
import { approvedPeers, peerUser } from '../support/peers.js';
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

describe('DynamoDB calls per accept, decline and team proposal', () => {
  let adviser: string;
  let council: string;
  let members: Peer[];
  let officers: Peer[];
  let week = 20;

  beforeAll(async () => {
    const who = demoUsers(platform.users);
    council = await api.signIn(who.council);
    adviser = await api.signIn(who.adviserOf(who.council.region!)!);
    members = (await approvedPeers(platform.tableName, 'member')).filter((p) => p.councilId !== who.council.councilId && p.roles.includes('member'));
    officers = (await approvedPeers(platform.tableName, 'officer')).filter((p) => p.councilId !== who.council.councilId && p.roles.includes('officer'));
  });

  /** A challenge scoped for one member and one officer, both invited (team-proposed). */
  async function invitedPair(m: Peer, o: Peer) {
    const days = futureWindow(week++, 3);
    const id = (await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [days] }) })).body.id as string;
    expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'call' } })).status).toBe(200);
    const scope = {
      slots: [
        { role: 'member', count: 1 },
        { role: 'officer', count: 1 },
      ],
      focus: { finance: 3 },
      days,
      presentationDay: days[2],
      reportDue: addDays(days[2]!, 21),
    };
    expect((await api.call('PUT', `/api/challenges/${id}/scope`, { token: adviser, body: scope })).status).toBe(200);
    const team = [
      { role: 'member', peerId: m.id },
      { role: 'officer', peerId: o.id },
    ];
    expect((await api.call('POST', `/api/challenges/${id}/invitations`, { token: adviser, body: { team } })).status).toBe(201);
    return id;
  }
  const answer = async (p: Peer, id: string, what: 'accept' | 'decline', key: string) =>
    api.call('POST', `/api/invitations/${id}/${what}`, {
      token: await platform.issuer.sign(peerUser(p)),
      headers: { 'idempotency-key': key },
      ...(what === 'decline' ? { body: { reason: 'full council that week' } } : {}),
    });

  it('an accept that leaves places open: replay lookup, own invitation, challenge and team, one booking transaction, team-complete check', async () => {
    const id = await invitedPair(members[0]!, officers[0]!);
    const token = await platform.issuer.sign(peerUser(members[0]!)); // signing is not a DynamoDB call, but keep it out of the count
    let status = 0;
    const made = await counted(async () => {
      status = (await api.call('POST', `/api/invitations/${id}/accept`, { token, headers: { 'idempotency-key': `count-accept-${id}` } })).status;
    });
    expect(status).toBe(200);
    // The challenge and its invitations are read in parallel, so their order varies.
    expect(made.slice(0, 2)).toEqual(['GetItemCommand', 'GetItemCommand']); // Idempotency-Key replay lookup; the caller's invitation
    expect(made.slice(2, 4).sort()).toEqual(['GetItemCommand', 'QueryCommand']); // the challenge; its invitations
    expect(made.slice(4)).toEqual([
      'TransactWriteItemsCommand', // invitation + challenge check + one item per day + load + digest + message + key
      // The other place is still invited: if it is accepted at this very moment, one of the two must confirm the team.
      'GetItemCommand',
      'QueryCommand',
    ]);
  });

  it('the accept that completes the team confirms it in the same transaction', async () => {
    const id = await invitedPair(members[1]!, officers[1]!);
    expect((await answer(members[1]!, id, 'accept', `count-a1-${id}`)).status).toBe(200);
    const token = await platform.issuer.sign(peerUser(officers[1]!));
    const made = await counted(() => api.call('POST', `/api/invitations/${id}/accept`, { token, headers: { 'idempotency-key': `count-a2-${id}` } }));
    // Filling the last place books and confirms the team in one transaction.
    expect(made.slice(0, 2)).toEqual(['GetItemCommand', 'GetItemCommand']);
    expect(made.slice(2, 4).sort()).toEqual(['GetItemCommand', 'QueryCommand']);
    expect(made.slice(4)).toEqual(['TransactWriteItemsCommand']);
    expect((await api.call('GET', `/api/challenges/${id}`, { token: adviser })).body.status).toBe('team-confirmed');
  });

  it('a decline is three reads and one transaction', async () => {
    const id = await invitedPair(members[2]!, officers[2]!);
    const token = await platform.issuer.sign(peerUser(members[2]!));
    const made = await counted(() =>
      api.call('POST', `/api/invitations/${id}/decline`, { token, body: { reason: 'full council that week' }, headers: { 'idempotency-key': `count-decline-${id}` } }),
    );
    expect(made).toEqual(['GetItemCommand', 'GetItemCommand', 'GetItemCommand', 'TransactWriteItemsCommand']);
  });

  it('a team proposal reads the challenge, council, pool (one query per kind), each day’s bookings, the invitations and the home councils', async () => {
    const id = await invitedPair(members[3]!, officers[3]!);
    let body: { poolSize?: number } = {};
    const made = await counted(async () => {
      const r = await api.call('POST', `/api/challenges/${id}/proposal`, { token: adviser, body: {} });
      expect(r.status).toBe(200);
      body = r.body;
    });
    expect(body.poolSize).toBeGreaterThan(200);
    // The reads after the challenge run in parallel, so their order is not fixed: compare as a multiset.
    expect(made[0]).toBe('GetItemCommand'); // the challenge
    expect(made.at(-1)).toBe('BatchGetItemCommand'); // the pool's home councils (under 100 councils: one call)
    expect([...made].sort()).toEqual(
      [
        'GetItemCommand', // the challenge
        'GetItemCommand', // its council
        'QueryCommand', 'QueryCommand', 'QueryCommand', // the approved pool, per kind (one page each at this size)
        'QueryCommand', 'QueryCommand', 'QueryCommand', // who is booked on each of the 3 days
        'QueryCommand', // the challenge's invitations
        'BatchGetItemCommand', // home councils of the pool
      ].sort(),
    );
    expect(made.some((c) => /Put|Update|Delete|Transact|BatchWrite/.test(c))).toBe(false);
  });
});
