import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireInvitation, expireInvitations } from '../../functions/jobs/daily.js';
import { outboxSender, type Email } from '../../functions/outbox/send.js';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { TeamRepository } from '../../shared/data/team-repository.js';
import { addDays } from '../../shared/domain/dates.js';
import type { OutboxMessage } from '../../shared/domain/notifications.js';
import type { Peer } from '../../shared/domain/peer.js';
import { apiClient, futureWindow, validRequest } from '../support/api-client.js';
import { approvedPeers, peerUser } from '../support/peers.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let council: string;
let adviser: string;
let councilId: string;
let region: string;
const pool = new Map<string, Peer>();

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  councilId = who.council.councilId!;
  region = who.council.region!;
  council = await api.signIn(who.council);
  adviser = await api.signIn(who.adviserOf(region)!);
  for (const kind of ['member', 'officer', 'other'] as const) for (const p of await approvedPeers(platform.tableName, kind)) pool.set(p.id, p);
}, 120_000);

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
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return id;
}

/** A scoped challenge with its proposed team invited; returns the invited peers' ids. */
async function invited(days: string[]): Promise<{ id: string; team: { role: string; peerId: string }[] }> {
  const id = await scoped(days);
  const proposal = (await api.call('POST', `/api/challenges/${id}/proposal`, { token: adviser, body: {} })).body;
  const team = proposal.team.map((m: { slot: string; peerId: string }) => ({ role: m.slot, peerId: m.peerId }));
  const r = await api.call('POST', `/api/challenges/${id}/invitations`, { token: adviser, body: { team } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return { id, team };
}

const tokenOf = (peerId: string) => platform.issuer.sign(peerUser(pool.get(peerId)!));
const mailbox = async (token: string): Promise<OutboxMessage[]> => {
  const r = await api.call('GET', '/api/mailbox', { token });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items;
};
const of = (items: OutboxMessage[], challengeId: string, template?: string) => items.filter((m) => m.challengeId === challengeId && (!template || m.template === template));

/** The raw outbox items of a mailbox, as the stream would carry them. */
async function outboxItems(mailboxKey: string): Promise<Record<string, unknown>[]> {
  const res = await documentClient().send(
    new QueryCommand({ TableName: platform.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `MAILBOX#${mailboxKey}` } }),
  );
  return res.Items ?? [];
}

function streamEvent(items: Record<string, unknown>[]): DynamoDBStreamEvent {
  return {
    Records: items.map((item, i) => ({
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { NewImage: marshall(item) as never, SequenceNumber: String(1000 + i), Keys: marshall({ PK: item.PK, SK: item.SK }) as never },
    })),
  };
}

describe('outbox messages, written with the change they announce', () => {
  let challengeId: string;
  let team: { role: string; peerId: string }[];

  it('an invitation puts one message in the invited peer’s mailbox, and none in anyone else’s', async () => {
    ({ id: challengeId, team } = await invited(futureWindow(12, 3)));
    for (const m of team) {
      const mine = of(await mailbox(await tokenOf(m.peerId)), challengeId);
      expect(mine.map((x) => x.template)).toEqual(['invitation']);
      expect(mine[0]!.recipient).toEqual({ kind: 'peer', id: m.peerId });
      expect(mine[0]!.status).toBe('pending');
      expect(mine[0]!.text).toContain('accept or decline by');
      // No names or addresses in the message.
      expect(mine[0]!.text).not.toContain(pool.get(m.peerId)!.name);
    }
    expect(of(await mailbox(council), challengeId)).toEqual([]);
  });

  it('accept and decline tell the region’s advisers once; a replay or a refused answer adds nothing', async () => {
    const [first, second, ...rest] = team;
    const t1 = await tokenOf(first!.peerId);
    const a = await api.call('POST', `/api/invitations/${challengeId}/accept`, { token: t1, headers: { 'idempotency-key': 'accept-key-1' } });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect((await api.call('POST', `/api/invitations/${challengeId}/accept`, { token: t1, headers: { 'idempotency-key': 'accept-key-1' } })).status).toBe(200);
    expect((await api.call('POST', `/api/invitations/${challengeId}/accept`, { token: t1 })).status).toBe(200);
    const t2 = await tokenOf(second!.peerId);
    expect((await api.call('POST', `/api/invitations/${challengeId}/decline`, { token: t2, body: { reason: 'on leave that week' } })).status).toBe(200);
    // Declining again is refused (409) and writes no message.
    expect((await api.call('POST', `/api/invitations/${challengeId}/decline`, { token: t2, body: { reason: 'again' } })).status).toBe(409);

    const box = await mailbox(adviser);
    const accepted = of(box, challengeId, 'invitation-accepted');
    expect(accepted).toHaveLength(1);
    expect(accepted[0]!.recipient).toEqual({ kind: 'region', id: region });
    expect(accepted[0]!.text).toContain(first!.peerId);
    const declined = of(box, challengeId, 'invitation-declined');
    expect(declined).toHaveLength(1);
    expect(declined[0]!.text).toContain('on leave that week');
    // Newest first.
    expect(box.map((m) => m.id)).toEqual([...box.map((m) => m.id)].sort().reverse());
    // Another region's adviser sees none of it.
    const other = await api.signIn(demoUsers(platform.users).adviserNotOf(region));
    expect(of(await mailbox(other), challengeId)).toEqual([]);
    expect(rest.length).toBe(3);
  });

  it('a complete team tells the council and every accepted peer, once', async () => {
    const { id, team: t } = await invited(futureWindow(14, 3));
    for (const m of t) expect((await api.call('POST', `/api/invitations/${id}/accept`, { token: await tokenOf(m.peerId) })).status).toBe(200);
    expect((await api.call('GET', `/api/challenges/${id}`, { token: council })).body.status).toBe('team-confirmed');
    const mine = of(await mailbox(council), id);
    expect(mine.map((m) => m.template)).toEqual(['team-confirmed']);
    expect(mine[0]!.recipient).toEqual({ kind: 'council', id: councilId });
    for (const m of t) expect(of(await mailbox(await tokenOf(m.peerId)), id, 'team-confirmed')).toHaveLength(1);
    expect(of(await mailbox(adviser), id, 'invitation-accepted')).toHaveLength(t.length);
  });

  it('a peer who withdraws tells the advisers; a cancellation tells every peer with a place or an invitation, and the council', async () => {
    const { id, team: t } = await invited(futureWindow(16, 3));
    const [leaver, stayer, ...others] = t;
    for (const m of [leaver!, stayer!]) expect((await api.call('POST', `/api/invitations/${id}/accept`, { token: await tokenOf(m.peerId) })).status).toBe(200);
    expect((await api.call('POST', `/api/invitations/${id}/withdraw`, { token: await tokenOf(leaver!.peerId) })).status).toBe(200);
    const withdrew = of(await mailbox(adviser), id, 'peer-withdrew');
    expect(withdrew).toHaveLength(1);
    expect(withdrew[0]!.text).toContain(leaver!.peerId);

    expect((await api.call('POST', `/api/challenges/${id}/status`, { token: adviser, body: { to: 'cancelled', why: 'council restructure' } })).status).toBe(200);
    const toStayer = of(await mailbox(await tokenOf(stayer!.peerId)), id, 'challenge-ended');
    expect(toStayer).toHaveLength(1);
    expect(toStayer[0]!.text).toContain('are free again');
    for (const m of others) expect(of(await mailbox(await tokenOf(m.peerId)), id, 'challenge-ended')[0]?.text).toContain('invitation is closed');
    // The peer who had already left hears nothing more.
    expect(of(await mailbox(await tokenOf(leaver!.peerId)), id, 'challenge-ended')).toEqual([]);
    expect(of(await mailbox(council), id, 'challenge-ended')).toHaveLength(1);
  });
});

describe('the outbox sender (stream consumer) sends each message once', () => {
  it('sends every new message exactly once, however often and however concurrently the stream delivers it', async () => {
    const { id } = await invited(futureWindow(16, 3));
    const all = (await Promise.all([...pool.keys()].map(async (p) => (await outboxItems(`PEER#${p}`)).filter((i) => i.challengeId === id)))).flat();
    expect(all).toHaveLength(5);
    const sent: Email[] = [];
    const sender = outboxSender({
      tableName: platform.tableName,
      send: async (e) => {
        await new Promise((r) => setTimeout(r, 20));
        sent.push(e);
      },
      addressOf: async (r) => `${r.id}@example.test`,
    });
    // Unrelated stream records (other entities, modifications) are ignored.
    const noise: DynamoDBStreamEvent['Records'] = [{ eventName: 'MODIFY', dynamodb: { NewImage: marshall(all[0]!) as never, SequenceNumber: '1' } }];
    const event = streamEvent(all);
    const results = await Promise.all([sender({ Records: [...noise, ...event.Records] }), sender(event), sender(event)]);
    expect(results.every((r) => r.batchItemFailures.length === 0)).toBe(true);
    expect(await sender(event)).toEqual({ batchItemFailures: [] });
    expect(sent).toHaveLength(5);
    expect(new Set(sent.map((e) => e.to)).size).toBe(5);
    for (const i of all) {
      const { Item } = await documentClient().send(new GetCommand({ TableName: platform.tableName, Key: { PK: i.PK, SK: i.SK }, ConsistentRead: true }));
      expect(Item?.status).toBe('sent');
      expect(Item?.attempts).toBe(1);
    }
  });

  it('a failed send is reported for retry and released; the retry sends it once', async () => {
    const { id } = await invited(futureWindow(18, 3));
    const items = (await Promise.all([...pool.keys()].map(async (p) => (await outboxItems(`PEER#${p}`)).filter((i) => i.challengeId === id)))).flat();
    const event = streamEvent(items.slice(0, 2));
    const sent: string[] = [];
    let failOnce = true;
    const sender = outboxSender({
      tableName: platform.tableName,
      send: async (e) => {
        if (failOnce) {
          failOnce = false;
          throw new Error('SES throttled');
        }
        sent.push(e.to);
      },
      addressOf: async (r) => `${r.id}@example.test`,
    });
    const first = await sender(event);
    // The first record failed: it and everything after it go back to the stream.
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: '1000' }, { itemIdentifier: '1001' }]);
    const { Item } = await documentClient().send(new GetCommand({ TableName: platform.tableName, Key: { PK: items[0]!.PK, SK: items[0]!.SK }, ConsistentRead: true }));
    expect(Item?.status).toBe('pending');
    expect(await sender(event)).toEqual({ batchItemFailures: [] });
    expect(await sender(event)).toEqual({ batchItemFailures: [] });
    expect(sent.sort()).toEqual(items.slice(0, 2).map((i) => `${(i.recipient as { id: string }).id}@example.test`).sort());
  });
});

describe('the daily job expires unanswered invitations exactly once', () => {
  const team = () => new TeamRepository(platform.tableName);

  it('expires each one once when two runs race, and leaves accepted ones alone', async () => {
    const { id, team: t } = await invited(futureWindow(20, 3));
    const keeper = t[0]!;
    expect((await api.call('POST', `/api/invitations/${id}/accept`, { token: await tokenOf(keeper.peerId) })).status).toBe(200);
    const later = new Date(Date.now() + 11 * 86_400_000);
    const due = (await team().openInvitationsExpiringBefore(later.toISOString().slice(0, 10))).filter((i) => i.challengeId === id);
    expect(due.map((i) => i.peerId).sort()).toEqual(t.slice(1).map((m) => m.peerId).sort());
    // Nothing is due today.
    expect((await team().openInvitationsExpiringBefore(new Date().toISOString().slice(0, 10))).filter((i) => i.challengeId === id)).toEqual([]);

    const [a, b] = await Promise.all([expireInvitations(later, platform.tableName), expireInvitations(later, platform.tableName)]);
    expect(a + b).toBeGreaterThanOrEqual(4);
    expect(await expireInvitations(later, platform.tableName)).toBe(0);
    const after = await team().invitations(id);
    expect(after.find((i) => i.peerId === keeper.peerId)?.status).toBe('accepted');
    for (const m of t.slice(1)) {
      expect(after.find((i) => i.peerId === m.peerId)?.status).toBe('expired');
      expect(of(await mailbox(await tokenOf(m.peerId)), id, 'invitation-expired')).toHaveLength(1);
    }
    expect(of(await mailbox(adviser), id, 'invitation-expired')).toHaveLength(4);
    // Expired invitations have left the open-invitations index.
    expect((await team().openInvitationsExpiringBefore(later.toISOString().slice(0, 10))).filter((i) => i.challengeId === id)).toEqual([]);
  });

  it('after a crash half-way, the next run finishes the rest without repeating any', async () => {
    const { id, team: t } = await invited(futureWindow(22, 3));
    const later = new Date(Date.now() + 11 * 86_400_000);
    const due = (await team().openInvitationsExpiringBefore(later.toISOString().slice(0, 10))).filter((i) => i.challengeId === id);
    expect(due).toHaveLength(5);
    // The "crashed" run got through two invitations.
    const regionOf = async () => region as never;
    for (const inv of due.slice(0, 2)) expect(await expireInvitation(inv, later, regionOf, platform.tableName)).toBe(true);
    // Repeating a step is harmless.
    expect(await expireInvitation(due[0]!, later, regionOf, platform.tableName)).toBe(false);
    expect(await expireInvitations(later, platform.tableName)).toBeGreaterThanOrEqual(3);
    for (const m of t) expect(of(await mailbox(await tokenOf(m.peerId)), id, 'invitation-expired')).toHaveLength(1);
    expect(of(await mailbox(adviser), id, 'invitation-expired')).toHaveLength(5);
    // An expired invitation can no longer be accepted.
    expect((await api.call('POST', `/api/invitations/${id}/accept`, { token: await tokenOf(t[0]!.peerId) })).status).toBe(409);
  });
});

describe('calendars', () => {
  let confirmedId: string;
  let confirmedDays: string[];
  let pendingDays: string[];
  let peerId: string;

  beforeAll(async () => {
    confirmedDays = futureWindow(26, 3);
    const c = await invited(confirmedDays);
    confirmedId = c.id;
    for (const m of c.team) expect((await api.call('POST', `/api/invitations/${c.id}/accept`, { token: await tokenOf(m.peerId) })).status).toBe(200);
    peerId = c.team[0]!.peerId;
    // A second challenge where the same peer accepted, but the team is not complete.
    pendingDays = futureWindow(30, 3);
    const p = await scoped(pendingDays);
    const r = await api.call('POST', `/api/challenges/${p}/invitations`, { token: adviser, body: { team: [{ role: c.team[0]!.role, peerId }] } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await api.call('POST', `/api/invitations/${p}/accept`, { token: await tokenOf(peerId) })).status).toBe(200);
  });

  const dtstarts = (ics: string) => [...ics.matchAll(/DTSTART;VALUE=DATE:(\d{8})/g)].map((m) => m[1]);
  const compact = (days: string[]) => days.map((d) => d.replaceAll('-', ''));

  it('gives a peer their confirmed on-site days, and nothing of a team still forming', async () => {
    const r = await api.call('GET', '/api/calendar.ics', { token: await tokenOf(peerId) });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(r.body).toMatch(/^BEGIN:VCALENDAR/);
    // (The peer may also be on earlier tests' confirmed teams.)
    const starts = dtstarts(r.body);
    for (const d of compact(confirmedDays)) expect(starts).toContain(d);
    for (const d of compact(pendingDays)) expect(starts).not.toContain(d);
    expect(r.body).toContain(`UID:${confirmedId}-${confirmedDays[0]}@peer-challenge`);
  });

  it('gives a council officer their council’s confirmed challenges only', async () => {
    const r = await api.call('GET', '/api/calendar.ics', { token: council });
    expect(r.status).toBe(200);
    const starts = dtstarts(r.body);
    for (const d of compact(confirmedDays)) expect(starts).toContain(d);
    for (const d of compact(pendingDays)) expect(starts).not.toContain(d);
    // An adviser has no calendar here.
    expect((await api.call('GET', '/api/calendar.ics', { token: adviser })).status).toBe(403);
  });

  it('serves the same calendar at a private feed URL without sign-in; a forged token is a 404', async () => {
    const token = await tokenOf(peerId);
    const f = await api.call('GET', '/api/calendar/feed-url', { token });
    expect(f.status, JSON.stringify(f.body)).toBe(200);
    expect(f.body.url).toBe(`${platform.url}${f.body.path}`);
    const feed = await api.call('GET', f.body.path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toMatch(/^text\/calendar/);
    const signedIn = (await api.call('GET', '/api/calendar.ics', { token })).body as string;
    expect(dtstarts(feed.body).sort()).toEqual(dtstarts(signedIn).sort());
    for (const d of compact(confirmedDays)) expect(dtstarts(feed.body)).toContain(d);
    // Someone else's feed: a different token, and changing the subject breaks the MAC.
    const other = (await api.call('GET', '/api/calendar/feed-url', { token: council })).body.path as string;
    expect(other).not.toBe(f.body.path);
    const [subject, mac] = (f.body.path as string).replace('/api/calendar/feed/', '').replace('.ics', '').split('.');
    const forged = `${Buffer.from('council:' + councilId).toString('base64url')}.${mac}`;
    expect((await api.call('GET', `/api/calendar/feed/${forged}.ics`)).status).toBe(404);
    expect(subject).toBeTruthy();
    expect((await api.call('GET', '/api/calendar/feed/not-a-token.ics')).status).toBe(400);
  });
});
