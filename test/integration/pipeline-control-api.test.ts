import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { buildDemoData } from '../../infra/local/seed/demo-data.js';
import { documentClient } from '../../shared/data/client.js';
import { addDays } from '../../shared/domain/dates.js';
import type { Peer } from '../../shared/domain/peer.js';
import { CHALLENGE_STATUSES } from '../../shared/domain/reference.js';
import { apiClient, futureWindow, validRequest } from '../support/api-client.js';
import { approvedPeers } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let council: string;
let adviser: string;
let otherAdviser: string;
let councilId: string;
const pool = new Map<string, Peer>();

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  expect(who.council.region).toBe('South East');
  councilId = who.council.councilId!;
  council = await api.signIn(who.council);
  adviser = await api.signIn(who.adviserOf('South East')!);
  otherAdviser = await api.signIn(who.adviserNotOf('South East'));
  for (const kind of ['member', 'officer', 'other'] as const) for (const p of await approvedPeers(platform.tableName, kind)) pool.set(p.id, p);
  // Count the DynamoDB calls the handlers make (they share this process's document client).
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countPipelineCalls' },
  );
});
const calls: string[] = [];

afterAll(async () => {
  await platform?.stop();
});

const SLOTS = [
  { role: 'lead-member', count: 1 },
  { role: 'member', count: 1 },
  { role: 'lead-officer', count: 1 },
  { role: 'officer', count: 1 },
];

async function request(): Promise<string> {
  const r = await api.call('POST', '/api/challenges', { token: council, body: validRequest() });
  expect(r.status).toBe(201);
  return r.body.id;
}
async function move(id: string, to: string) {
  const r = await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to, why: 'test' } });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}
async function scoped(days: string[]): Promise<string> {
  const id = (await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [days] }) })).body.id;
  await move(id, 'scoping');
  const r = await api.call('PUT', `/api/challenges/${id}/scope`, {
    token: adviser,
    body: { slots: SLOTS, focus: { finance: 3, governance: 2 }, days, presentationDay: days.at(-1), reportDue: addDays(days.at(-1)!, 21) },
  });
  expect(r.status).toBe(200);
  return id;
}
const leadMemberGroup = async (id: string) => {
  const r = await api.call('POST', `/api/challenges/${id}/proposal`, { token: adviser, body: {} });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.status).toBe('optimal');
  const lead = r.body.team.find((m: { slot: string }) => m.slot === 'lead-member');
  return pool.get(lead.peerId)!.group;
};
const setControl = (id: string, control: string, token = adviser, why = 'May elections') => api.call('PUT', `/api/councils/${id}/control`, { token, body: { control, why } });

describe("a council's political control", () => {
  it('is changed by the adviser of its region, audited, and the next proposal picks a lead member of the new group at once', async () => {
    const before = (await api.call('GET', `/api/councils/${councilId}`, { token: adviser })).body.control as string;
    const id = await scoped(futureWindow(9, 3));
    if (before !== 'NOC') expect(await leadMemberGroup(id)).toBe(before);

    for (const to of ['LD', 'LAB', 'CON'].filter((g) => g !== before).slice(0, 2)) {
      const r = await setControl(councilId, to);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body.control).toBe(to);
      expect((await api.call('GET', `/api/councils/${councilId}`, { token: council })).body.control).toBe(to);
      expect(await leadMemberGroup(id)).toBe(to);
    }

    const audit = await documentClient().send(
      new QueryCommand({ TableName: platform.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :a)', ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}`, ':a': 'AUDIT#' }, ConsistentRead: true }),
    );
    expect(audit.Items!.map((i) => [i.from, i.to, i.why])).toEqual([
      [before, expect.any(String), 'May elections'],
      [expect.any(String), expect.any(String), 'May elections'],
    ]);
    expect(audit.Items![1]!.from).toBe(audit.Items![0]!.to);
  });

  it('is not changed by an adviser of another region, a council, or with a bad body', async () => {
    expect((await setControl(councilId, 'IND', otherAdviser)).status).toBe(404);
    expect((await setControl(councilId, 'IND', council)).status).toBe(403);
    const bad = await setControl(councilId, 'GREEN');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('control');
    const noWhy = await setControl(councilId, 'IND', adviser, ' ');
    expect(noWhy.status).toBe(400);
    expect(noWhy.body.errors[0].field).toBe('why');
    expect((await setControl('E99999999', 'IND')).status).toBe(404);
  });
});

describe('the pipeline board', () => {
  const board = async (token = adviser, q = '') => {
    const r = await api.call('GET', `/api/pipeline${q}`, { token });
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200);
    return r.body as { region: string; total: number; columns: { status: string; count: number; items: { id: string; status: string; region: string }[]; cursor?: string }[] };
  };
  const counts = (b: Awaited<ReturnType<typeof board>>) => Object.fromEntries(b.columns.map((c) => [c.status, c.count]));

  it("counts the region's challenges per status: the seeded ones plus those created here, and moving one moves it between columns", async () => {
    const start = await board();
    expect(start.region).toBe('South East');
    expect(start.columns.map((c) => c.status)).toEqual([...CHALLENGE_STATUSES]);
    // Everything this file created so far is one scoped challenge (the proposal test); the rest is seed.
    const seeded = buildDemoData().challenges.filter((c) => c.region === 'South East');
    const expected = Object.fromEntries(CHALLENGE_STATUSES.map((s) => [s, seeded.filter((c) => c.status === s).length + (s === 'scoping' ? 1 : 0)]));
    expect(counts(start)).toEqual(expected);
    expect(start.total).toBe(seeded.length + 1);
    for (const col of start.columns) {
      for (const c of col.items) expect([c.status, c.region]).toEqual([col.status, 'South East']);
      expect(col.items.map((c) => c.id)).toEqual([...col.items.map((c) => c.id)].sort().reverse());
    }

    const a = await request();
    const b = await request();
    let now = await board();
    expect(counts(now).requested).toBe(expected.requested! + 2);
    expect(now.columns[0]!.items.slice(0, 2).map((c) => c.id)).toEqual([b, a]);

    await move(a, 'scoping');
    now = await board();
    expect(counts(now).requested).toBe(expected.requested! + 1);
    expect(counts(now).scoping).toBe(expected.scoping! + 1);
    expect(now.columns[0]!.items.map((c) => c.id)).not.toContain(a);
    expect(now.columns[1]!.items[0]!.id).toBe(a);

    await move(a, 'cancelled');
    now = await board();
    expect(counts(now).scoping).toBe(expected.scoping!);
    expect(counts(now).cancelled).toBe(expected.cancelled! + 1);
    expect(now.columns.find((c) => c.status === 'cancelled')!.items[0]!.id).toBe(a);
    expect(now.total).toBe(seeded.length + 3);
  });

  it('is one GSI3 Query per status, plus a COUNT query only for a column longer than its page', async () => {
    calls.length = 0;
    const full = await board();
    expect(calls).toEqual(Array(11).fill('QueryCommand'));
    calls.length = 0;
    const small = await board(adviser, '?limit=1');
    expect(calls).toEqual(Array(11 + small.columns.filter((c) => c.cursor).length).fill('QueryCommand'));
    expect(full.columns.filter((c) => c.count > 1).length).toBeGreaterThan(0);
  });

  it('pages each column with a limit and still counts it whole; region=all adds every region', async () => {
    const small = await board(adviser, '?limit=1');
    const full = await board();
    expect(counts(small)).toEqual(counts(full));
    for (const col of small.columns) {
      expect(col.items.length).toBe(Math.min(1, col.count));
      // DynamoDB may hand back a cursor on a full page even when nothing follows; never without one when more do.
      if (col.count > 1) expect(col.cursor).toBeDefined();
    }
    const all = await board(adviser, '?region=all');
    expect(all.region).toBe('all');
    const seededAll = buildDemoData().challenges;
    expect(all.total).toBe(seededAll.length + 3);
    const mine = await board(otherAdviser);
    expect(mine.region).not.toBe('South East');
    expect((await api.call('GET', '/api/pipeline', { token: council })).status).toBe(403);
    expect((await api.call('GET', '/api/pipeline?region=London', { token: adviser })).status).toBe(400);
  });
});
