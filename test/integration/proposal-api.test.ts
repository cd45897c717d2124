import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { addDays } from '../../shared/domain/dates.js';
import type { Peer } from '../../shared/domain/peer.js';
import { apiClient, futureWindow, validRequest } from '../support/api-client.js';
import { approvedPeers, peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let council: string;
let adviser: string;
let councilId: string;
const pool = new Map<string, Peer>();

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  councilId = who.council.councilId!;
  council = await api.signIn(who.council);
  adviser = await api.signIn(who.adviserOf(who.council.region!)!);
  for (const kind of ['member', 'officer', 'other'] as const) for (const p of await approvedPeers(platform.tableName, kind)) pool.set(p.id, p);
});

afterAll(async () => {
  await platform?.stop();
});

const SLOTS = [
  { role: 'lead-member', count: 1 },
  { role: 'member', count: 1 },
  { role: 'lead-officer', count: 1 },
  { role: 'officer', count: 2 },
];

async function scoped(days: string[]): Promise<string> {
  const id = (await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [days] }) })).body.id;
  await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'call' } });
  const r = await api.call('PUT', `/api/challenges/${id}/scope`, {
    token: adviser,
    body: { slots: SLOTS, focus: { finance: 3, governance: 2, housing: 1 }, days, presentationDay: days.at(-1), reportDue: addDays(days.at(-1)!, 21) },
  });
  expect(r.status).toBe(200);
  return id;
}

const propose = (id: string, body: Record<string, unknown> = {}) => api.call('POST', `/api/challenges/${id}/proposal`, { token: adviser, body });

describe('team proposal from the live pool', () => {
  it('proposes a full team of approved peers that keeps the hard rules, each with a why', async () => {
    const days = futureWindow(9, 3);
    const id = await scoped(days);
    const r = await propose(id);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('optimal');
    expect(r.body.poolSize).toBe(pool.size);
    expect(r.body.team.map((m: { slot: string }) => m.slot).sort()).toEqual(['lead-member', 'lead-officer', 'member', 'officer', 'officer']);
    const members = r.body.team.map((m: { peerId: string }) => pool.get(m.peerId)!);
    for (const [i, p] of members.entries()) {
      expect(p.status).toBe('approved');
      expect(p.roles).toContain(r.body.team[i].slot);
      expect(p.councilId).not.toBe(councilId);
      expect(p.conflicts).not.toContain(councilId);
      expect(p.blackouts.some((d: string) => days.includes(d))).toBe(false);
      expect(r.body.team[i].name).toBe(p.name);
    }
    const homes = members.map((p: Peer) => p.councilId).filter((c: string | null) => c !== null);
    expect(new Set(homes).size).toBe(homes.length);
    expect(r.body.why).toHaveLength(5);
  });

  it('after a decline, offers the best replacement and keeps the rest of the team', async () => {
    const id = await scoped(futureWindow(11, 3));
    const first = (await propose(id)).body;
    const invited = await api.call('POST', `/api/challenges/${id}/invitations`, {
      token: adviser,
      body: { team: first.team.map((m: { slot: string; peerId: string }) => ({ role: m.slot, peerId: m.peerId })) },
    });
    expect(invited.status).toBe(201);
    const leaving = first.team.find((m: { slot: string }) => m.slot === 'officer');
    const token = await platform.issuer.sign(peerUser(pool.get(leaving.peerId)!));
    expect((await api.call('POST', `/api/invitations/${id}/decline`, { token, body: { reason: 'on leave' } })).status).toBe(200);

    const again = (await propose(id)).body;
    expect(again.status).toBe('optimal');
    const kept = first.team.filter((m: { peerId: string }) => m.peerId !== leaving.peerId).map((m: { peerId: string }) => m.peerId);
    const now = again.team.map((m: { peerId: string }) => m.peerId);
    expect(now).toEqual(expect.arrayContaining(kept));
    expect(now).not.toContain(leaving.peerId);
    expect(again.score).toBeLessThanOrEqual(first.score);
  });

  it('a swap: excluding one person keeps the rest and explains the score difference', async () => {
    const id = await scoped(futureWindow(13, 3));
    const best = (await propose(id, { k: 3 })).body;
    expect(best.alternatives.length).toBeGreaterThan(0);
    expect(best.alternatives.every((a: { score: number }) => a.score <= best.score)).toBe(true);
    const out = best.team[0];
    const rest = best.team.slice(1).map((m: { slot: string; peerId: string }) => ({ peerId: m.peerId, slot: m.slot }));
    const swapped = (await propose(id, { pins: rest, exclude: [out.peerId] })).body;
    expect(swapped.status).toBe('optimal');
    expect(swapped.team.map((m: { peerId: string }) => m.peerId)).toEqual(expect.arrayContaining(rest.map((m: { peerId: string }) => m.peerId)));
    expect(swapped.team.map((m: { peerId: string }) => m.peerId)).not.toContain(out.peerId);
    expect(swapped.score).toBeLessThanOrEqual(best.score);
    expect(swapped.versusUnconstrained.scoreDelta).toBe(swapped.score - best.score);
  });

  it('when no team exists, says which rule and slot, in words', async () => {
    const id = await scoped(futureWindow(15, 3));
    const leads = [...pool.values()].filter((p) => p.roles.includes('lead-member')).map((p) => p.id);
    const r = await propose(id, { exclude: leads });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'infeasible', slot: 'lead-member' });
    expect(r.body.reason).toMatch(/lead.member/i);
  });

  it('needs a scope first, and is for the region’s adviser only', async () => {
    const id = (await api.call('POST', '/api/challenges', { token: council, body: validRequest() })).body.id;
    expect((await propose(id)).status).toBe(409);
    expect((await api.call('POST', `/api/challenges/${id}/proposal`, { token: council, body: {} })).status).toBe(403);
    const bad = await propose(id, { k: 0, exclude: ['not an id!'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['k', 'exclude.0']));
  });
});
