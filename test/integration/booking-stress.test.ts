import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { addDays, financialYear } from '../../shared/domain/dates.js';
import type { Peer } from '../../shared/domain/peer.js';
import { loadAttribute } from '../../shared/data/keys.js';
import { readDigest } from '../../shared/data/pool-digest.js';
import { apiClient, futureWindow, validRequest, workingWindow } from '../support/api-client.js';
import { approvedPeers, peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';
import { mulberry32 } from '../../shared/domain/random.js';

/**
 * Many peers, few days, racing: randomized concurrent accepts, declines, withdrawals,
 * invitations and cancellations through the API, then an audit of the table itself.
 */
const OPERATIONS = 1_200;
const CONCURRENCY = 24;
const CHALLENGES = 14;
const PEERS = 10;
/** Only these first challenges may be cancelled, so the rest keep taking bookings. */
const CANCELLABLE = 4;

let platform: Platform;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
});

afterAll(async () => {
  await platform?.stop();
});


async function scanAll(filter: string, values: Record<string, unknown>) {
  const items: Record<string, any>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const r = await documentClient().send(new ScanCommand({ TableName: platform.tableName, FilterExpression: filter, ExpressionAttributeValues: values, ExclusiveStartKey, ConsistentRead: true }));
    items.push(...(r.Items ?? []));
    ExclusiveStartKey = r.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

describe('booking under concurrency', () => {
  it(`${OPERATIONS} random concurrent operations leave zero double bookings, orphan days or unbooked assignments`, async () => {
    const random = mulberry32(20_270_309);
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const who = demoUsers(platform.users);
    const council = await api.signIn(who.council);
    const adviser = await api.signIn(who.adviserOf(who.council.region!)!);
    const peers: Peer[] = (await approvedPeers(platform.tableName, 'member'))
      .filter((p) => p.councilId !== who.council.councilId && p.roles.includes('member'))
      .slice(0, PEERS);
    const tokens = new Map(await Promise.all(peers.map(async (p) => [p.id, await platform.issuer.sign(peerUser(p))] as const)));

    // A fortnight of working days; every challenge takes 3 of them, so most overlap.
    const fortnight = workingWindow(futureWindow(10, 1)[0]!, 5).concat(workingWindow(addDays(futureWindow(10, 1)[0]!, 7), 5));
    const challengeIds: string[] = [];
    for (let i = 0; i < CHALLENGES; i++) {
      const start = Math.floor(random() * (fortnight.length - 3));
      const days = workingWindow(fortnight[start]!, 3);
      const c = await api.call('POST', '/api/challenges', { token: council, body: validRequest({ windows: [days] }) });
      await api.call('POST', `/api/challenges/${c.body.id}/status`, { token: adviser, body: { to: 'scoping', why: 'stress' } });
      const scoped = await api.call('PUT', `/api/challenges/${c.body.id}/scope`, {
        token: adviser,
        body: { slots: [{ role: 'member', count: 4 }], focus: { finance: 2 }, days, presentationDay: days[2], reportDue: addDays(days[2]!, 20) },
      });
      expect(scoped.status).toBe(200);
      const team = [...peers].sort(() => random() - 0.5).slice(0, 4).map((p) => ({ role: 'member', peerId: p.id }));
      expect((await api.call('POST', `/api/challenges/${c.body.id}/invitations`, { token: adviser, body: { team } })).status).toBe(201);
      challengeIds.push(c.body.id);
    }

    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const operation = async () => {
      const roll = random();
      const id = roll >= 0.99 ? pick(challengeIds.slice(0, CANCELLABLE)) : pick(challengeIds);
      const peer = pick(peers);
      const token = tokens.get(peer.id)!;
      let r;
      if (roll < 0.55) r = await api.call('POST', `/api/invitations/${id}/accept`, { token });
      else if (roll < 0.7) r = await api.call('POST', `/api/invitations/${id}/withdraw`, { token });
      else if (roll < 0.78) r = await api.call('POST', `/api/invitations/${id}/decline`, { token, body: { reason: 'busy' } });
      else if (roll < 0.99) r = await api.call('POST', `/api/challenges/${id}/invitations`, { token: adviser, body: { team: [{ role: 'member', peerId: peer.id }] } });
      else r = await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'cancelled', why: 'stress' } });
      const kind = roll < 0.55 ? 'accept' : roll < 0.7 ? 'withdraw' : roll < 0.78 ? 'decline' : roll < 0.99 ? 'invite' : 'cancel';
      count(`${kind} ${r.status}`);
      // A handler must never fail: every outcome is a success or a 4xx/503 with a reason.
      expect(r.status, JSON.stringify(r.body)).not.toBe(500);
    };
    let started = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (started < OPERATIONS) {
          started++;
          await operation();
        }
      }),
    );
    const elapsed = performance.now() - t0;

    // The audit reads the table itself, not the API.
    const days = await scanAll('entity = :e', { ':e': 'PeerDay' });
    const invitations = await scanAll('entity = :e', { ':e': 'Invitation' });
    const accepted = invitations.filter((i) => i.status === 'accepted');
    const acceptedKey = new Set(accepted.map((i) => `${i.challengeId}|${i.peerId}`));
    const dayKey = new Set(days.map((d) => `${d.challengeId}|${d.peerId}|${d.day}`));

    const perPeerDay = new Map<string, number>();
    for (const i of accepted) for (const d of i.days as string[]) perPeerDay.set(`${i.peerId}|${d}`, (perPeerDay.get(`${i.peerId}|${d}`) ?? 0) + 1);
    const doubleBooked = [...perPeerDay.values()].filter((n) => n > 1).length;
    const orphanDays = days.filter((d) => !acceptedKey.has(`${d.challengeId}|${d.peerId}`)).length;
    const assignmentsWithoutDays = accepted.filter((i) => (i.days as string[]).some((d) => !dayKey.has(`${i.challengeId}|${i.peerId}|${d}`))).length;
    const peerItems = await scanAll('entity = :e', { ':e': 'Peer' });
    const fy = loadAttribute(financialYear(fortnight[0]!));
    const loadMismatches = peers.filter((p) => {
      const stored = Number(peerItems.find((i) => i.id === p.id)?.[fy] ?? 0);
      return stored !== accepted.filter((i) => i.peerId === p.id).length;
    }).length;

    // The dashboard's pool digest moved in the same transactions: it must agree too.
    const digest = new Map((await readDigest(platform.tableName, financialYear(fortnight[0]!))).map((d) => [d.id, d]));
    const digestMismatches = peers.filter((p) => {
      const mine = accepted.filter((i) => i.peerId === p.id);
      const d = digest.get(p.id);
      return !d || d.load !== mine.length || d.days !== mine.reduce((n, i) => n + (i.days as string[]).length, 0) || !d.invited;
    }).length;

    const summary = {
      operations: OPERATIONS,
      concurrency: CONCURRENCY,
      elapsedMs: Math.round(elapsed),
      acceptedAssignments: accepted.length,
      bookedPeerDays: days.length,
      doubleBookedPeerDays: doubleBooked,
      orphanDayItems: orphanDays,
      assignmentsWithoutDays,
      loadCounterMismatches: loadMismatches,
      poolDigestMismatches: digestMismatches,
      outcomes: Object.fromEntries([...outcomes].sort()),
    };
    console.log(`booking stress audit: ${JSON.stringify(summary)}`);
    expect(doubleBooked).toBe(0);
    expect(orphanDays).toBe(0);
    expect(assignmentsWithoutDays).toBe(0);
    expect(loadMismatches).toBe(0);
    expect(digestMismatches).toBe(0);
    // The run must have exercised real bookings and real clashes, not only refusals.
    expect(accepted.length).toBeGreaterThan(5);
    expect(outcomes.get('accept 200') ?? 0).toBeGreaterThan(20);
    expect(outcomes.get('accept 409') ?? 0).toBeGreaterThan(20);
  }, 240_000);
});
