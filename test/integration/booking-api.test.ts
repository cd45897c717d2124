import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { addDays } from '../../shared/domain/dates.js';
import type { Peer } from '../../shared/domain/peer.js';
import { apiClient, futureWindow, validRequest, workingWindow } from '../support/api-client.js';
import { approvedPeers, peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let council: string;
let otherCouncil: string;
let adviser: string;
let members: Peer[];
let officers: Peer[];
const peerTokens = new Map<string, string>();

const tokenOf = async (p: Peer) => {
  if (!peerTokens.has(p.id)) peerTokens.set(p.id, await platform.issuer.sign(peerUser(p)));
  return peerTokens.get(p.id)!;
};

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  council = await api.signIn(who.council);
  otherCouncil = await api.signIn(who.otherCouncil);
  adviser = await api.signIn(who.adviserOf(who.council.region!)!);
  // Peers not from the council under review, so every test can use them.
  members = (await approvedPeers(platform.tableName, 'member')).filter((p) => p.councilId !== who.council.councilId && p.roles.includes('member'));
  officers = (await approvedPeers(platform.tableName, 'officer')).filter((p) => p.councilId !== who.council.councilId && p.roles.includes('officer'));
});

afterAll(async () => {
  await platform?.stop();
});

/** A challenge scoped for 1 member + 2 officers on `days`, ready for invitations. */
async function scopedChallenge(days: string[]): Promise<string> {
  const created = await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [days] }) });
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'scoping call' } })).status).toBe(200);
  const scope = {
    slots: [
      { role: 'member', count: 1 },
      { role: 'officer', count: 2 },
    ],
    focus: { finance: 3, governance: 2 },
    days,
    presentationDay: days[days.length - 1],
    reportDue: addDays(days[days.length - 1]!, 21),
  };
  const scoped = await api.call('PUT', `/api/challenges/${id}/scope`, { token: adviser, body: scope });
  expect(scoped.status, JSON.stringify(scoped.body)).toBe(200);
  return id;
}

const invite = (id: string, team: { role: string; peerId: string }[]) => api.call('POST', `/api/challenges/${id}/invitations`, { token: adviser, body: { team } });
const accept = async (p: Peer, id: string, headers?: Record<string, string>) =>
  api.call('POST', `/api/invitations/${id}/accept`, { token: await tokenOf(p), ...(headers ? { headers } : {}) });
const status = async (id: string) => (await api.call('GET', `/api/challenges/${id}`, { token: adviser })).body.status;

describe('from scope to a confirmed, booked team', () => {
  it('invites, accepts, books the days and confirms the team when every place is accepted', async () => {
    const days = futureWindow(8, 3);
    const id = await scopedChallenge(days);
    const [m, o1, o2] = [members[0]!, officers[0]!, officers[1]!];
    const invited = await invite(id, [
      { role: 'member', peerId: m.id },
      { role: 'officer', peerId: o1.id },
      { role: 'officer', peerId: o2.id },
    ]);
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    expect(await status(id)).toBe('team-proposed');

    // The peer sees whose challenge, when and in what role.
    const mine = await api.call('GET', '/api/invitations', { token: await tokenOf(m) });
    expect(mine.body.items.find((i: { challengeId: string }) => i.challengeId === id)).toMatchObject({ role: 'member', status: 'invited', days });

    for (const p of [m, o1]) expect((await accept(p, id)).status).toBe(200);
    expect(await status(id)).toBe('team-proposed');
    const last = await accept(o2, id);
    expect(last.status).toBe(200);
    expect(last.body.status).toBe('accepted');
    expect(await status(id)).toBe('team-confirmed');

    const teamView = await api.call('GET', `/api/challenges/${id}/team`, { token: council });
    expect(teamView.body.items.map((i: { status: string }) => i.status)).toEqual(['accepted', 'accepted', 'accepted']);
    expect(teamView.body.items.every((i: { peerName: string }) => i.peerName.length > 0)).toBe(true);
    expect((await api.call('GET', `/api/challenges/${id}/team`, { token: otherCouncil })).status).toBe(404);
    // A peer on the team sees their fellow members; a peer who is not on it sees nothing.
    const fellow = await api.call('GET', `/api/challenges/${id}/team`, { token: await tokenOf(m) });
    expect(fellow.status).toBe(200);
    expect(fellow.body.items.map((i: { peerId: string }) => i.peerId).sort()).toEqual([m.id, o1.id, o2.id].sort());
    expect((await api.call('GET', `/api/challenges/${id}/team`, { token: await tokenOf(members[20]!) })).status).toBe(404);
  });

  it('the last two places accepted at the same moment still confirm the team, exactly once', async () => {
    for (let round = 0; round < 3; round++) {
      const id = await scopedChallenge(futureWindow(30 + round * 2, 3));
      const [m, o1, o2] = [members[10 + round]!, officers[6 + 2 * round]!, officers[7 + 2 * round]!];
      await invite(id, [
        { role: 'member', peerId: m.id },
        { role: 'officer', peerId: o1.id },
        { role: 'officer', peerId: o2.id },
      ]);
      expect((await accept(m, id)).status).toBe(200);
      const both = await Promise.all([accept(o1, id), accept(o2, id)]);
      expect(both.map((r) => r.status)).toEqual([200, 200]);
      expect(await status(id)).toBe('team-confirmed');
      const audit = (await api.call('GET', `/api/challenges/${id}/audit`, { token: adviser })).body.items;
      expect(audit.filter((a: { to: string }) => a.to === 'team-confirmed')).toHaveLength(1);
    }
  });

  it('accepting twice is answered like the first time; a replayed key too', async () => {
    const id = await scopedChallenge(futureWindow(10, 3));
    const m = members[1]!;
    await invite(id, [{ role: 'member', peerId: m.id }]);
    const first = await accept(m, id, { 'idempotency-key': `accept-${id}` });
    const replay = await accept(m, id, { 'idempotency-key': `accept-${id}` });
    const again = await accept(m, id);
    expect([first.status, replay.status, again.status]).toEqual([200, 200, 200]);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.status).toBe('accepted');
  });

  it('one Idempotency-Key reused for another invitation is refused, not replayed', async () => {
    const [a, b] = [await scopedChallenge(futureWindow(24, 3)), await scopedChallenge(futureWindow(26, 3))];
    const m = members[9]!;
    await invite(a, [{ role: 'member', peerId: m.id }]);
    await invite(b, [{ role: 'member', peerId: m.id }]);
    expect((await accept(m, a, { 'idempotency-key': `reused-${m.id}` })).status).toBe(200);
    const second = await accept(m, b, { 'idempotency-key': `reused-${m.id}` });
    expect(second.status).toBe(422);
    const inv = (await api.call('GET', '/api/invitations', { token: await tokenOf(m) })).body.items.find((i: { challengeId: string }) => i.challengeId === b);
    expect(inv.status).toBe('invited');
  });

  it('a clash is a 409 naming the day and the other challenge, and books nothing', async () => {
    const days = futureWindow(12, 4);
    const first = await scopedChallenge(days);
    const overlapping = await scopedChallenge(workingWindow(days[2]!, 3));
    const m = members[2]!;
    await invite(first, [{ role: 'member', peerId: m.id }]);
    await invite(overlapping, [{ role: 'member', peerId: m.id }]);
    expect((await accept(m, first)).status).toBe(200);
    const clash = await accept(m, overlapping);
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ reason: 'day-taken', day: days[2], otherChallengeId: first });
    expect(clash.body.message).toMatch(new RegExp(`already booked on ${days[2]}`));
    const inv = (await api.call('GET', '/api/invitations', { token: await tokenOf(m) })).body.items.find((i: { challengeId: string }) => i.challengeId === overlapping);
    expect(inv.status).toBe('invited');
  });

  it('nobody else can answer a peer’s invitation', async () => {
    const id = await scopedChallenge(futureWindow(14, 3));
    await invite(id, [{ role: 'member', peerId: members[3]!.id }]);
    expect((await accept(members[4]!, id)).status).toBe(404);
    expect((await api.call('POST', `/api/invitations/${id}/accept`, { token: council })).status).toBe(403);
  });

  it('a decline needs a reason and frees the place for a replacement', async () => {
    const id = await scopedChallenge(futureWindow(16, 3));
    const [a, b] = [members[5]!, members[6]!];
    await invite(id, [{ role: 'member', peerId: a.id }]);
    const noReason = await api.call('POST', `/api/invitations/${id}/decline`, { token: await tokenOf(a), body: { reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    expect((await invite(id, [{ role: 'member', peerId: b.id }])).status).toBe(400); // no open member place yet
    const declined = await api.call('POST', `/api/invitations/${id}/decline`, { token: await tokenOf(a), body: { reason: 'full council that week' } });
    expect(declined.status).toBe(200);
    expect((await accept(a, id)).status).toBe(409);
    expect((await invite(id, [{ role: 'member', peerId: b.id }])).status).toBe(201);
  });

  it('an expired invitation cannot be accepted', async () => {
    const id = await scopedChallenge(futureWindow(18, 3));
    const m = members[7]!;
    await invite(id, [{ role: 'member', peerId: m.id }]);
    await documentClient().send(
      new UpdateCommand({ TableName: platform.tableName, Key: { PK: `CHALLENGE#${id}`, SK: `INVITE#${m.id}` }, UpdateExpression: 'SET expiresOn = :d', ExpressionAttributeValues: { ':d': '2020-01-01' } }),
    );
    const r = await accept(m, id);
    expect(r.status).toBe(409);
    expect(r.body.reason).toBe('invitation-closed');
  });

  it('withdrawing frees the days and reopens a confirmed team; cancelling frees everyone’s days', async () => {
    const days = futureWindow(20, 3);
    const id = await scopedChallenge(days);
    const [m, o1, o2] = [members[8]!, officers[2]!, officers[3]!];
    await invite(id, [
      { role: 'member', peerId: m.id },
      { role: 'officer', peerId: o1.id },
      { role: 'officer', peerId: o2.id },
    ]);
    for (const p of [m, o1, o2]) expect((await accept(p, id)).status).toBe(200);
    expect(await status(id)).toBe('team-confirmed');

    const out = await api.call('POST', `/api/invitations/${id}/withdraw`, { token: await tokenOf(o2) });
    expect(out.status).toBe(200);
    expect(await status(id)).toBe('team-proposed');
    // o2's days are free again: another challenge on the same days can book them.
    const other = await scopedChallenge(days);
    await invite(other, [{ role: 'officer', peerId: o2.id }]);
    expect((await accept(o2, other)).status).toBe(200);

    const cancelled = await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'cancelled', why: 'council restructure' } });
    expect(cancelled.status).toBe(200);
    const team = (await api.call('GET', `/api/challenges/${id}/team`, { token: adviser })).body.items;
    expect(team.map((i: { peerId: string; status: string }) => [i.peerId, i.status]).sort()).toEqual(
      [
        [m.id, 'cancelled'],
        [o1.id, 'cancelled'],
        [o2.id, 'withdrawn'],
      ].sort(),
    );
    // m's days are free again too.
    const third = await scopedChallenge(days);
    await invite(third, [{ role: 'member', peerId: m.id }]);
    expect((await accept(m, third)).status).toBe(200);
  });

  it('scope and invitations name bad fields', async () => {
    const created = await api.call('POST', '/api/challenges', { token: council, body: validRequest() });
    const id = created.body.id;
    await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'scoping', why: 'call' } });
    const bad = await api.call('PUT', `/api/challenges/${id}/scope`, {
      token: adviser,
      body: { slots: [{ role: 'chair', count: 1 }], focus: { finance: 9 }, days: ['2027-05-01', '2027-05-03'], presentationDay: '2020-01-01', reportDue: 'soon' },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['slots.0.role', 'focus.finance', 'days', 'reportDue']));
    const past = await api.call('PUT', `/api/challenges/${id}/scope`, {
      token: adviser,
      body: { slots: [{ role: 'member', count: 1 }], focus: {}, days: ['2025-03-04', '2025-03-05', '2025-03-06'], presentationDay: '2025-03-06', reportDue: '2025-04-01' },
    });
    expect(past.status).toBe(400);
    expect(past.body.errors[0].field).toBe('days.0');
    const unknownPeer = await invite(id, [{ role: 'member', peerId: 'peer-999' }]);
    expect(unknownPeer.status).toBe(400);
  });

  it('refuses to invite a peer from the council under review', async () => {
    const id = await scopedChallenge(futureWindow(22, 3));
    const councilId = demoUsers(platform.users).council.councilId;
    const own = (await approvedPeers(platform.tableName, 'member')).find((p) => p.councilId === councilId && p.roles.includes('member'));
    expect(own, 'the seed has a member peer from the first council').toBeDefined();
    const r = await invite(id, [{ role: 'member', peerId: own!.id }]);
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toEqual({ field: 'team.0.peerId', message: 'this peer is from the council under review' });
  });
});
