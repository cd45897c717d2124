import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { PeersRepository } from '../../shared/data/peers-repository.js';
import type { DemoUser } from '../../shared/domain/user.js';
import { apiClient } from '../support/api-client.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let memberPeer: DemoUser;
let groupOffice: (group: string) => DemoUser;
let adviser: DemoUser;

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const peers = new PeersRepository(platform.tableName);
  const peerUsers = platform.users.filter((u) => u.roles.includes('peer') && u.peerId);
  const withKind = await Promise.all(peerUsers.map(async (u) => ({ u, peer: (await peers.get(u.peerId!))! })));
  memberPeer = withKind.find((x) => x.peer.kind === 'member')!.u;
  groupOffice = (group) => platform.users.find((u) => u.roles.includes('group-office') && u.group === group)!;
  adviser = platform.users.find((u) => u.roles.includes('adviser'))!;
});

afterAll(async () => {
  await platform?.stop();
});

function editOf(peer: Record<string, any>, changes: Record<string, unknown>) {
  const { name, title, group, councilId, roles, skills, blackouts, maxLoad, conflicts } = peer;
  return { name, title, group, councilId, roles: [...roles, ...peer.requestedRoles], skills, blackouts, maxLoad, conflicts, ...changes };
}

describe('a peer keeps their own profile', () => {
  it('reads and updates skills, blackouts and load; a lead role asked for waits for the group office', async () => {
    const token = await api.signIn(memberPeer);
    const me = await api.call('GET', '/api/peers/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(memberPeer.peerId);
    expect(me.body).not.toHaveProperty('version');

    const roles = me.body.roles.includes('lead-member') ? me.body.roles : [...me.body.roles, 'lead-member'];
    const put = await api.call('PUT', '/api/peers/me', {
      token,
      body: editOf(me.body, { roles, skills: { finance: 3, governance: 2 }, blackouts: ['2027-06-02', '2027-06-01'], maxLoad: 5 }),
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ skills: { finance: 3, governance: 2 }, blackouts: ['2027-06-01', '2027-06-02'], maxLoad: 5 });
    expect(me.body.roles, 'the demo member peer is not a lead yet').not.toContain('lead-member');
    {
      expect(put.body.requestedRoles).toContain('lead-member');
      expect(put.body.roles).not.toContain('lead-member');
      // It is in the queue of the peer's own group office, and only theirs.
      const office = await api.signIn(groupOffice(me.body.group));
      const queue = await api.call('GET', '/api/approvals?limit=100', { token: office });
      expect(queue.body.items.map((p: { id: string }) => p.id)).toContain(memberPeer.peerId);
      const other = await api.signIn(groupOffice(me.body.group === 'CON' ? 'LAB' : 'CON'));
      const otherQueue = await api.call('GET', '/api/approvals?limit=100', { token: other });
      expect(otherQueue.body.items.map((p: { id: string }) => p.id)).not.toContain(memberPeer.peerId);
      expect((await api.call('POST', `/api/peers/${memberPeer.peerId}/approval`, { token: other, body: { approve: true } })).status).toBe(403);

      const decided = await api.call('POST', `/api/peers/${memberPeer.peerId}/approval`, {
        token: office,
        body: { approve: true, accreditRoles: ['lead-member'] },
        headers: { 'idempotency-key': `accredit-${memberPeer.peerId}` },
      });
      expect(decided.status).toBe(200);
      expect(decided.body.roles).toContain('lead-member');
      expect(decided.body.requestedRoles).toEqual([]);
      const replay = await api.call('POST', `/api/peers/${memberPeer.peerId}/approval`, {
        token: office,
        body: { approve: true, accreditRoles: ['lead-member'] },
        headers: { 'idempotency-key': `accredit-${memberPeer.peerId}` },
      });
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
    }
    // The skill index follows the profile: a removed skill's item is gone.
    const after = await api.call('PUT', '/api/peers/me', { token, body: editOf((await api.call('GET', '/api/peers/me', { token })).body, { skills: { governance: 1 } }) });
    expect(after.status).toBe(200);
    expect(after.body.skills).toEqual({ governance: 1 });
  });

  it('names bad fields: unknown role for the kind, bad dates, load out of range, unknown fields', async () => {
    const token = await api.signIn(memberPeer);
    const me = (await api.call('GET', '/api/peers/me', { token })).body;
    const wrongRole = await api.call('PUT', '/api/peers/me', { token, body: editOf(me, { roles: ['lead-officer'] }) });
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.errors[0].field).toBe('roles.0');
    const bad = await api.call('PUT', '/api/peers/me', { token, body: { ...editOf(me, { blackouts: ['2027-02-30'], maxLoad: 40 }), kind: 'officer' } });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['blackouts.0', 'maxLoad', 'kind']));
  });

  it('a group office lists its accredited member peers, and only its own', async () => {
    const office = groupOffice('LD');
    const r = await api.call('GET', '/api/group/peers', { token: await api.signIn(office) });
    expect(r.status).toBe(200);
    const stored = await new PeersRepository(platform.tableName).getMany(r.body.items.map((p: { id: string }) => p.id));
    expect(r.body.items.length).toBeGreaterThan(5);
    for (const p of stored.values()) expect(p).toMatchObject({ kind: 'member', group: 'LD', status: 'approved' });
    expect((await api.call('GET', '/api/group/peers', { token: await api.signIn(adviser) })).status).toBe(403);
  });

  it('only peers have a profile; only approvers have a queue', async () => {
    expect((await api.call('GET', '/api/peers/me', { token: await api.signIn(adviser) })).status).toBe(403);
    expect((await api.call('GET', '/api/approvals', { token: await api.signIn(memberPeer) })).status).toBe(403);
    const queue = await api.call('GET', '/api/approvals', { token: await api.signIn(adviser) });
    expect(queue.status).toBe(200);
    expect(queue.body.items.every((p: { kind: string }) => p.kind !== 'member')).toBe(true);
  });
});

describe('joining the pool', () => {
  it('a new user signs up as a member peer, waits for their group office, and is approved', async () => {
    const newcomer = { id: 'newcomer', sub: '6f1c2d3e-0000-4000-8000-000000000001', name: 'Cllr New Comer', roles: ['peer' as const], description: 'signed up' };
    const token = await platform.issuer.sign(newcomer);
    expect((await api.call('GET', '/api/peers/me', { token })).status).toBe(404);
    const profile = {
      kind: 'member',
      email: 'new.comer@example.gov.uk',
      name: 'Cllr New Comer',
      title: 'Cabinet member for housing',
      group: 'LD',
      councilId: 'E07000228',
      roles: ['member', 'lead-member'],
      skills: { housing: 3 },
      blackouts: [],
      maxLoad: 2,
      conflicts: [],
    };
    const joined = await api.call('POST', '/api/peers/me', { token, body: profile });
    expect(joined.status, JSON.stringify(joined.body)).toBe(201);
    expect(joined.body).toMatchObject({ status: 'pending', roles: ['member'], requestedRoles: ['lead-member'], group: 'LD' });
    expect((await api.call('POST', '/api/peers/me', { token, body: profile })).status).toBe(409);
    expect((await api.call('GET', '/api/peers/me', { token })).body.id).toBe(joined.body.id);

    const office = await api.signIn(groupOffice('LD'));
    const queue = await api.call('GET', '/api/approvals?limit=100', { token: office });
    expect(queue.body.items.map((p: { id: string }) => p.id)).toContain(joined.body.id);
    const approved = await api.call('POST', `/api/peers/${joined.body.id}/approval`, { token: office, body: { approve: true, declineRoles: ['lead-member'] } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', roles: ['member'], requestedRoles: [] });
  });

  it('a sign-up names its bad fields: an officer with a group, a missing email', async () => {
    const token = await platform.issuer.sign({ id: 'x', sub: '6f1c2d3e-0000-4000-8000-000000000002', name: 'X', roles: ['peer'], description: '' });
    const r = await api.call('POST', '/api/peers/me', {
      token,
      body: { kind: 'officer', name: 'A', title: '', group: 'CON', councilId: null, roles: ['officer'], skills: {}, blackouts: [], maxLoad: 1, conflicts: [] },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { field: string }) => e.field)).toContain('email');
    const withEmail = await api.call('POST', '/api/peers/me', {
      token,
      body: { kind: 'officer', email: 'a@example.org', name: 'A', title: '', group: 'CON', councilId: null, roles: ['officer'], skills: {}, blackouts: [], maxLoad: 1, conflicts: [] },
    });
    expect(withEmail.status).toBe(400);
    expect(withEmail.body.errors[0].field).toBe('group');
  });
});
