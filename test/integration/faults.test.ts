import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InternalServerError, ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { loadAttribute } from '../../shared/data/keys.js';
import { addDays, financialYear } from '../../shared/domain/dates.js';
import type { Peer } from '../../shared/domain/peer.js';
import { apiClient, futureWindow, validRequest, type ApiResponse } from '../support/api-client.js';
import { approvedPeers, peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

/**
 * "If DynamoDB throttles or fails mid-request the client gets a 503 with Retry-After and no
 * partial write." The handlers run in this process and share one document client, so a
 * middleware on its stack makes the Nth DynamoDB call of a request fail — on every SDK
 * attempt (it sits inside the SDK's retry loop, so the SDK's own retries are exercised and
 * also fail) — against real DynamoDB Local. For each route the loop hits each of its calls.
 */
let platform: Platform;
let api: ReturnType<typeof apiClient>;
let council: string;
let councilId: string;
let adviser: string;
let members: Peer[];
let nextMember = 0;
let nextWeek = 8;
const peerTokens = new Map<string, string>();

type ErrorKind = 'throttling' | 'throughput' | 'internal';
const KINDS: ErrorKind[] = ['throttling', 'throughput', 'internal'];

/** The SDK's own exception classes, as DynamoDB's HTTP responses deserialize to them. */
function dynamoError(kind: ErrorKind): Error {
  const $metadata = { httpStatusCode: kind === 'internal' ? 500 : 400, requestId: 'injected-fault', attempts: 1 };
  switch (kind) {
    case 'throttling':
      return new ThrottlingException({ message: 'Rate of requests exceeds the allowed throughput (injected)', $metadata });
    case 'throughput':
      return new ProvisionedThroughputExceededException({ message: 'The level of configured provisioned throughput for the table was exceeded (injected)', $metadata });
    case 'internal':
      return new InternalServerError({ message: 'Internal server error (injected)', $metadata });
  }
}

interface Fault {
  /** The 1-based call of the request that fails; 0 = none (only count). */
  nth: number;
  kind: ErrorKind;
  /** How many SDK attempts of the failing call should fail (Infinity = all). */
  failAttempts: number;
  calls: string[];
  failedAttempts: number;
}
let fault: Fault | undefined;
const doomed = new WeakSet<object>();

function install() {
  const stack = documentClient().middlewareStack;
  // Once per send(): numbers the request's DynamoDB calls and marks the one to fail.
  stack.add(
    (next, context) => async (args) => {
      if (fault) {
        fault.calls.push(String(context.commandName));
        if (fault.calls.length === fault.nth) doomed.add(context);
      }
      return next(args);
    },
    { step: 'initialize', name: 'faultCounter' },
  );
  // Once per attempt, inside the SDK's retry loop: the marked call fails as DynamoDB would.
  type Middleware = Parameters<typeof stack.addRelativeTo>[0];
  stack.addRelativeTo(
    ((next: (args: unknown) => Promise<unknown>, context: object) => async (args: unknown) => {
      if (fault && doomed.has(context) && fault.failedAttempts < fault.failAttempts) {
        fault.failedAttempts++;
        throw dynamoError(fault.kind);
      }
      return next(args);
    }) as unknown as Middleware,
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'faultInjector' },
  );
}

function uninstall() {
  fault = undefined;
  documentClient().middlewareStack.remove('faultCounter');
  documentClient().middlewareStack.remove('faultInjector');
}

/** Runs `act` with the nth DynamoDB call failing (nth 0: no failure), then removes the middleware. */
async function withFault<T>(nth: number, kind: ErrorKind, act: () => Promise<T>, failAttempts = Infinity): Promise<{ result: T; fault: Fault }> {
  const f: Fault = { nth, kind, failAttempts, calls: [], failedAttempts: 0 };
  install();
  fault = f;
  try {
    return { result: await act(), fault: f };
  } finally {
    uninstall();
  }
}

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  council = await api.signIn(who.council);
  councilId = who.council.councilId!;
  adviser = await api.signIn(who.adviserOf(who.council.region!)!);
  members = (await approvedPeers(platform.tableName, 'member')).filter((p) => p.councilId !== councilId && p.roles.includes('member'));
});

afterEach(() => uninstall());

afterAll(async () => {
  await platform?.stop();
});

// ---- reading the table directly (never under a fault) ----

const db = () => documentClient();
async function item(PK: string, SK: string) {
  return (await db().send(new GetCommand({ TableName: platform.tableName, Key: { PK, SK }, ConsistentRead: true }))).Item;
}
async function partition(PK: string, prefix: string) {
  const res = await db().send(
    new QueryCommand({
      TableName: platform.tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :p)',
      ExpressionAttributeValues: { ':pk': PK, ':p': prefix },
      ConsistentRead: true,
    }),
  );
  return res.Items ?? [];
}
async function councilChallengeCount() {
  const res = await db().send(
    new QueryCommand({
      TableName: platform.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}#CHALLENGES` },
      Select: 'COUNT',
    }),
  );
  return res.Count ?? 0;
}
const challengeItem = (id: string) => item(`CHALLENGE#${id}`, 'CHALLENGE');
const auditOf = (id: string) => partition(`CHALLENGE#${id}`, 'AUDIT#');
const invitationOf = (id: string, peerId: string) => item(`CHALLENGE#${id}`, `INVITE#${peerId}`);
async function bookedDays(peerId: string, days: string[]) {
  const items = await Promise.all(days.map((d) => item(`PEER#${peerId}`, `DAY#${d}`)));
  return items.filter((i) => i !== undefined);
}
const loadOf = async (peerId: string, day: string) => Number((await item(`PEER#${peerId}`, 'PEER'))?.[loadAttribute(financialYear(day))] ?? 0);

// ---- fixtures, each a fresh challenge so every injected failure starts clean ----

const tokenOf = async (p: Peer) => {
  if (!peerTokens.has(p.id)) peerTokens.set(p.id, await platform.issuer.sign(peerUser(p)));
  return peerTokens.get(p.id)!;
};
const freshDays = () => futureWindow((nextWeek++ % 40) + 8, 3);
const freshMember = () => members[nextMember++ % members.length]!;

async function newRequest(days = freshDays()): Promise<string> {
  const r = await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [days] }) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}
async function scoping(days = freshDays()): Promise<string> {
  const id = await newRequest(days);
  expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'scoping call' } })).status).toBe(200);
  return id;
}
const scopeFor = (days: string[]) => ({
  slots: [{ role: 'member', count: 1 }],
  focus: { finance: 3 },
  days,
  presentationDay: days[days.length - 1],
  reportDue: addDays(days[days.length - 1]!, 21),
});
/** A challenge with one member place, a member invited to it (team-proposed). */
async function invited(): Promise<{ id: string; peer: Peer; days: string[] }> {
  const days = freshDays();
  const id = await scoping(days);
  expect((await api.call('PUT', `/api/challenges/${id}/scope`, { token: adviser, body: scopeFor(days) })).status).toBe(200);
  const peer = freshMember();
  const r = await api.call('POST', `/api/challenges/${id}/invitations`, { token: adviser, body: { team: [{ role: 'member', peerId: peer.id }] } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id, peer, days };
}

function expectBusy(r: ApiResponse, f: Fault) {
  expect(r.status, `call ${f.nth} (${f.calls[f.nth - 1]}) failing with ${f.kind}: ${JSON.stringify(r.body)}`).toBe(503);
  expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(r.body.requestId).toEqual(expect.any(String));
  expect(r.headers.get('x-request-id')).toBe(r.body.requestId);
  expect(r.body.message).not.toMatch(/injected|Exception|stack/i);
  // The SDK retried (maxAttempts 3) and every attempt failed.
  expect(f.failedAttempts).toBe(3);
}

/** How many DynamoDB calls `act` makes when nothing fails (counted on a fresh fixture). */
async function callsOf<F>(setup: () => Promise<F>, act: (f: F) => Promise<ApiResponse>): Promise<string[]> {
  const fixture = await setup();
  const { result, fault: f } = await withFault(0, 'throttling', () => act(fixture));
  expect(result.status, JSON.stringify(result.body)).toBeLessThan(300);
  return f.calls;
}

/** The route's only write is one transaction, its last call: a failure anywhere can leave nothing half-written. */
function expectOneWriteLast(calls: string[]) {
  expect(calls.at(-1)).toBe('TransactWriteItemsCommand');
  expect(calls.filter((c) => !['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand'].includes(c))).toEqual(['TransactWriteItemsCommand']);
}

const key = (what: string) => `fault-${what}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

describe('a DynamoDB failure mid-request is a 503 with Retry-After, writes nothing partial, and a retry succeeds', () => {
  it('POST /api/challenges', async () => {
    const body = () => validRequest({ windows: [freshDays()] });
    const calls = await callsOf(async () => ({ body: body(), key: key('create') }), (f) => api.call('POST', '/api/challenges', { token: council, body: f.body, headers: { 'idempotency-key': f.key } }));
    expectOneWriteLast(calls);
    for (let n = 1; n <= calls.length; n++) {
      const f = { body: body(), key: key('create') };
      const before = await councilChallengeCount();
      const send = () => api.call('POST', '/api/challenges', { token: council, body: f.body, headers: { 'idempotency-key': f.key } });
      const { result, fault: applied } = await withFault(n, KINDS[n % 3]!, send);
      expectBusy(result, applied);
      expect(await councilChallengeCount()).toBe(before); // no challenge, so no challenge without its audit entry
      const retry = await send();
      expect(retry.status).toBe(201);
      expect(retry.headers.get('idempotent-replayed')).toBeNull(); // the failed try stored no response
      expect(await councilChallengeCount()).toBe(before + 1);
      expect((await challengeItem(retry.body.id))?.status).toBe('requested');
      expect(await auditOf(retry.body.id)).toHaveLength(1);
    }
  });

  it('POST /api/challenges/{id}/status', async () => {
    const move = (id: string, k: string) => api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'scoping call' }, headers: { 'idempotency-key': k } });
    const calls = await callsOf(() => newRequest(), (id) => move(id, key('status')));
    expectOneWriteLast(calls);
    for (let n = 1; n <= calls.length; n++) {
      const id = await newRequest();
      const k = key('status');
      const { result, fault: applied } = await withFault(n, KINDS[n % 3]!, () => move(id, k));
      expectBusy(result, applied);
      expect((await challengeItem(id))?.status).toBe('requested');
      expect(await auditOf(id)).toHaveLength(1);
      const retry = await move(id, k);
      expect(retry.status).toBe(200);
      expect((await challengeItem(id))?.status).toBe('scoping');
      expect(await auditOf(id)).toHaveLength(2);
    }
  });

  it('POST /api/challenges/{id}/status to cancelled frees every booked day in the same all-or-nothing write', async () => {
    const cancel = (id: string) => api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'cancelled', why: 'council asked to stop' } });
    const booked = async () => {
      const f = await invited();
      expect((await api.call('POST', `/api/invitations/${f.id}/accept`, { token: await tokenOf(f.peer) })).status).toBe(200);
      return f;
    };
    const calls = await callsOf(booked, (f) => cancel(f.id));
    expectOneWriteLast(calls);
    for (let n = 1; n <= calls.length; n++) {
      const f = await booked();
      const load = await loadOf(f.peer.id, f.days[0]!);
      const { result, fault: applied } = await withFault(n, KINDS[n % 3]!, () => cancel(f.id));
      expectBusy(result, applied);
      expect((await challengeItem(f.id))?.status).toBe('team-confirmed');
      expect((await invitationOf(f.id, f.peer.id))?.status).toBe('accepted');
      expect(await bookedDays(f.peer.id, f.days)).toHaveLength(f.days.length);
      expect(await loadOf(f.peer.id, f.days[0]!)).toBe(load);
      const retry = await cancel(f.id);
      expect(retry.status).toBe(200);
      expect((await challengeItem(f.id))?.status).toBe('cancelled');
      expect((await invitationOf(f.id, f.peer.id))?.status).toBe('cancelled');
      expect(await bookedDays(f.peer.id, f.days)).toHaveLength(0);
      expect(await loadOf(f.peer.id, f.days[0]!)).toBe(load - 1);
    }
  });

  it('PUT /api/challenges/{id}/scope', async () => {
    const put = (id: string, days: string[]) => api.call('PUT', `/api/challenges/${id}/scope`, { token: adviser, body: scopeFor(days) });
    const calls = await callsOf(async () => {
      const days = freshDays();
      return { id: await scoping(days), days };
    }, (f) => put(f.id, f.days));
    expectOneWriteLast(calls);
    for (let n = 1; n <= calls.length; n++) {
      const days = freshDays();
      const id = await scoping(days);
      const { result, fault: applied } = await withFault(n, KINDS[n % 3]!, () => put(id, days));
      expectBusy(result, applied);
      expect((await challengeItem(id))?.scope).toBeUndefined();
      const retry = await put(id, days);
      expect(retry.status).toBe(200);
      expect((await challengeItem(id))?.scope?.days).toEqual(days);
    }
  });

  it('POST /api/invitations/{id}/accept: the booking and the confirmation of the full team are all or nothing', async () => {
    const accept = async (f: { id: string; peer: Peer }, k: string) =>
      api.call('POST', `/api/invitations/${f.id}/accept`, { token: await tokenOf(f.peer), headers: { 'idempotency-key': k } });
    const calls = await callsOf(invited, (f) => accept(f, key('accept')));
    // Reads, then one transaction that books the days and, as this fills the last place, confirms the team.
    expectOneWriteLast(calls);
    for (let n = 1; n <= calls.length; n++) {
      for (const retryWithSameKey of [true, false]) {
        const f = await invited();
        const k = key('accept');
        const load = await loadOf(f.peer.id, f.days[0]!);
        const token = await tokenOf(f.peer);
        const { result, fault: applied } = await withFault(n, KINDS[n % 3]!, () => accept(f, k));
        expectBusy(result, applied);
        // Never half a booking: the invitation, every day, the load counter and the status move together.
        expect((await invitationOf(f.id, f.peer.id))?.status).toBe('invited');
        expect(await bookedDays(f.peer.id, f.days)).toHaveLength(0);
        expect(await loadOf(f.peer.id, f.days[0]!)).toBe(load);
        expect((await challengeItem(f.id))?.status).toBe('team-proposed');
        // Retried as a client would (same Idempotency-Key, or none): booked and confirmed, once.
        const retry = retryWithSameKey ? await accept(f, k) : await api.call('POST', `/api/invitations/${f.id}/accept`, { token });
        expect(retry.status, JSON.stringify(retry.body)).toBe(200);
        expect(retry.body.status).toBe('accepted');
        expect((await invitationOf(f.id, f.peer.id))?.status).toBe('accepted');
        expect(await bookedDays(f.peer.id, f.days)).toHaveLength(f.days.length);
        expect(await loadOf(f.peer.id, f.days[0]!)).toBe(load + 1);
        expect((await challengeItem(f.id))?.status, `call ${n} failed, retried ${retryWithSameKey ? 'with the same key' : 'without a key'}`).toBe('team-confirmed');
        expect((await auditOf(f.id)).filter((a) => a.to === 'team-confirmed')).toHaveLength(1);
      }
    }
  });

  it('POST /api/invitations/{id}/decline', async () => {
    const decline = async (f: { id: string; peer: Peer }, k: string) =>
      api.call('POST', `/api/invitations/${f.id}/decline`, { token: await tokenOf(f.peer), body: { reason: 'full council that week' }, headers: { 'idempotency-key': k } });
    const calls = await callsOf(invited, (f) => decline(f, key('decline')));
    expectOneWriteLast(calls);
    for (let n = 1; n <= calls.length; n++) {
      const f = await invited();
      const k = key('decline');
      const { result, fault: applied } = await withFault(n, KINDS[n % 3]!, () => decline(f, k));
      expectBusy(result, applied);
      expect((await invitationOf(f.id, f.peer.id))?.status).toBe('invited');
      const retry = await decline(f, k);
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBeNull();
      expect((await invitationOf(f.id, f.peer.id))?.status).toBe('declined');
      expect(await bookedDays(f.peer.id, f.days)).toHaveLength(0);
    }
  });
});

describe('the SDK’s own retries', () => {
  it('absorb a throttle that clears within the retry budget: the client never sees it', async () => {
    const f = await invited();
    const { result, fault: applied } = await withFault(2, 'throttling', async () => api.call('POST', `/api/invitations/${f.id}/accept`, { token: await tokenOf(f.peer) }), 2);
    expect(applied.failedAttempts).toBe(2);
    expect(result.status).toBe(200);
    expect((await challengeItem(f.id))?.status).toBe('team-confirmed');
  });

  it('a failure that is not DynamoDB being busy is still a 500 with a request id, not a 503', async () => {
    const id = await newRequest();
    install();
    fault = { nth: 1, kind: 'throttling', failAttempts: 0, calls: [], failedAttempts: 0 };
    documentClient().middlewareStack.add(
      () => async () => {
        const e = new Error('a bug, not a busy table');
        e.name = 'ValidationException';
        throw e;
      },
      { step: 'initialize', name: 'faultValidation' },
    );
    try {
      const r = await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'call' } });
      expect(r.status).toBe(500);
      expect(r.headers.get('retry-after')).toBeNull();
      expect(r.body.requestId).toEqual(expect.any(String));
    } finally {
      documentClient().middlewareStack.remove('faultValidation');
      uninstall();
    }
    expect((await challengeItem(id))?.status).toBe('requested');
  });
});
