import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { apiClient, validRequest } from '../support/api-client.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  tokens.council = await api.signIn(who.council);
  tokens.otherCouncil = await api.signIn(who.otherCouncil);
  tokens.adviser = await api.signIn(who.adviserOf(who.council.region!)!);
  tokens.otherAdviser = await api.signIn(who.adviserNotOf(who.council.region!));
});

afterAll(async () => {
  await platform?.stop();
});

async function newRequest(): Promise<string> {
  const r = await api.call('POST', '/api/challenges', { token: tokens.council, body: validRequest() });
  expect(r.status).toBe(201);
  return r.body.id;
}

const move = (id: string, token: string, to: string, why = 'agreed on a call', headers?: Record<string, string>) =>
  api.call('POST', `/api/challenges/${id}/status`, { token, body: { to, why }, ...(headers ? { headers } : {}) });

describe('moving a challenge through its life', () => {
  it('the region’s adviser moves a request to scoping, and the audit trail says who, when, from, to and why', async () => {
    const id = await newRequest();
    const r = await move(id, tokens.adviser!, 'scoping', 'scoping call on Tuesday');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('scoping');
    const audit = await api.call('GET', `/api/challenges/${id}/audit`, { token: tokens.council });
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((a: { from: string | null; to: string }) => [a.from, a.to])).toEqual([
      [null, 'requested'],
      ['requested', 'scoping'],
    ]);
    expect(audit.body.items[1]).toMatchObject({ byRole: 'adviser', why: 'scoping call on Tuesday' });
    expect(Date.parse(audit.body.items[1].at)).toBeGreaterThanOrEqual(Date.parse(audit.body.items[0].at));
    // The adviser's region list by status is kept in step (GSI3 key rewritten with the status).
    const again = await api.call('GET', `/api/challenges/${id}`, { token: tokens.adviser });
    expect(again.body.status).toBe('scoping');
  });

  it('an illegal step is a 409 that lists the allowed ones, and changes nothing', async () => {
    const id = await newRequest();
    const r = await move(id, tokens.adviser!, 'on-site');
    expect(r.status).toBe(409);
    expect(r.body.allowed).toEqual(['scoping', 'cancelled']);
    expect(r.body.message).toMatch(/allowed: scoping, cancelled/);
    expect((await api.call('GET', `/api/challenges/${id}/audit`, { token: tokens.adviser })).body.items).toHaveLength(1);
  });

  it('the council may only withdraw its own request, after which nothing more is allowed', async () => {
    const id = await newRequest();
    const notYours = await move(id, tokens.council!, 'scoping');
    expect(notYours.status).toBe(409);
    expect(notYours.body.allowed).toEqual(['withdrawn']);
    expect((await move(id, tokens.council!, 'withdrawn', 'budget moved to next year')).status).toBe(200);
    const after = await move(id, tokens.adviser!, 'scoping');
    expect(after.status).toBe(409);
    expect(after.body.allowed).toEqual([]);
  });

  it('another council and another region’s adviser get a 404, for the move and the audit trail', async () => {
    const id = await newRequest();
    expect((await move(id, tokens.otherCouncil!, 'withdrawn')).status).toBe(404);
    expect((await move(id, tokens.otherAdviser!, 'scoping')).status).toBe(404);
    expect((await api.call('GET', `/api/challenges/${id}/audit`, { token: tokens.otherCouncil })).status).toBe(404);
  });

  it('racing moves to the same status: exactly one wins, the others are a 409', async () => {
    const id = await newRequest();
    // Whether a loser read the status before the winner wrote (condition fails) or after
    // (scoping → scoping is not a transition), it must not write.
    const results = await Promise.all([1, 2, 3].map((n) => move(id, tokens.adviser!, 'scoping', `attempt ${n}`)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(2);
    const audit = await api.call('GET', `/api/challenges/${id}/audit`, { token: tokens.adviser });
    expect(audit.body.items).toHaveLength(2);
  });

  it('a replayed move with the same Idempotency-Key returns the first result and writes one audit entry', async () => {
    const id = await newRequest();
    const headers = { 'idempotency-key': `move-${id}` };
    const first = await move(id, tokens.adviser!, 'scoping', 'first', headers);
    const replay = await move(id, tokens.adviser!, 'scoping', 'first', headers);
    expect(first.status).toBe(200);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect((await api.call('GET', `/api/challenges/${id}/audit`, { token: tokens.adviser })).body.items).toHaveLength(2);
  });

  it('names the bad fields of a move', async () => {
    const id = await newRequest();
    const r = await api.call('POST', `/api/challenges/${id}/status`, { token: tokens.adviser, body: { to: 'nowhere', why: '' } });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['to', 'why']);
  });
});

describe('steps with a record of their own', () => {
  it('a bare status change cannot issue a report, hold a check-in, start a review or close', async () => {
    const id = await newRequest();
    for (const [to, route] of [
      ['report-issued', '/report'],
      ['check-in', '/check-in'],
      ['progress-review', '/progress-review'],
      ['closed', '/outcomes'],
    ] as const) {
      const r = await move(id, tokens.adviser!, to);
      expect(r.status).toBe(409);
      expect(r.body.use).toContain(route);
    }
  });
});
