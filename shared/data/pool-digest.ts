import type { Peer } from '../domain/peer.js';
import type { TransactItem } from './transact.js';
import { queryAll } from './query.js';

/**
 * A compact digest of the pool for the dashboard, kept up to date on write: 16 shard items
 * under `AGG#POOL`, each holding, as top-level attributes, every peer's profile entry
 * (`p:<peerId>`), their challenges and on-site days per financial year
 * (`c:<fy>:<peerId>` = 1000 × challenges + days, one number so one ADD moves both, in the
 * booking transactions) and
 * whether they were ever invited (`i:<peerId>`). Reading the pool's figures is then one
 * Query of 16 small items instead of every peer record.
 */
export const DIGEST_SHARDS = 16;

/** A peer's on-site days in a year stay far below this, so one number carries both counts. */
const COUNTER_SCALE = 1000;

export function digestShard(peerId: string): number {
  let h = 0;
  for (let i = 0; i < peerId.length; i++) h = (h * 31 + peerId.charCodeAt(i)) >>> 0;
  return h % DIGEST_SHARDS;
}

const shardKey = (peerId: string) => ({ PK: 'AGG#POOL', SK: `SHARD#${String(digestShard(peerId)).padStart(2, '0')}` });
const fyKey = (fy: string) => fy.replace('/', '_');

export type DigestProfile = Pick<Peer, 'kind' | 'group' | 'councilId' | 'maxLoad' | 'status' | 'skills'>;

/**
 * A profile entry as one short string ("member|LAB|E08000025|3|approved|finance:2,governance:3"):
 * 2,500 of them read and decode in a fraction of the time nested maps take.
 */
export function digestProfile(p: DigestProfile): string {
  const skills = Object.entries(p.skills)
    .map(([a, l]) => `${a}:${l}`)
    .join(',');
  return [p.kind, p.group ?? '', p.councilId ?? '', p.maxLoad, p.status, skills].join('|');
}

export function parseDigestProfile(entry: string): DigestProfile {
  const [kind, group, councilId, maxLoad, status, skills] = entry.split('|');
  return {
    kind: kind as DigestProfile['kind'],
    group: (group || null) as DigestProfile['group'],
    councilId: councilId || null,
    maxLoad: Number(maxLoad),
    status: status as DigestProfile['status'],
    skills: Object.fromEntries((skills ? skills.split(',') : []).map((s) => {
      const [a, l] = s.split(':');
      return [a, Number(l)];
    })) as DigestProfile['skills'],
  };
}

type Labelled = { label: string; item: TransactItem };

/** Sets a peer's profile entry (created, edited, approved, imported). */
export function digestProfileUpdate(tableName: string, peer: DigestProfile & { id: string }): Labelled {
  return {
    label: `digest:profile:${peer.id}`,
    item: {
      Update: {
        TableName: tableName,
        Key: shardKey(peer.id),
        UpdateExpression: 'SET #p = :entry, entity = :e',
        ExpressionAttributeNames: { '#p': `p:${peer.id}` },
        ExpressionAttributeValues: { ':entry': digestProfile(peer), ':e': 'PoolDigest' },
      },
    },
  };
}

/**
 * Bookings made (+1 challenge, +days) or freed (−1, −days): one Update per shard touched, since
 * a transaction may not name one item twice (a cancellation frees several peers at once).
 */
export function digestBookingUpdates(tableName: string, fy: string, changes: { peerId: string; challenges: 1 | -1; days: number }[]): Labelled[] {
  return byShard(changes.map((c) => c.peerId)).map(([sk, ids]) => {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':e': 'PoolDigest' };
    const adds = ids.map((id, i) => {
      const c = changes.find((x) => x.peerId === id)!;
      names[`#c${i}`] = `c:${fyKey(fy)}:${id}`;
      values[`:c${i}`] = COUNTER_SCALE * c.challenges + c.days;
      return `#c${i} :c${i}`;
    });
    return {
      label: `digest:${sk}`,
      item: { Update: { TableName: tableName, Key: { PK: 'AGG#POOL', SK: sk }, UpdateExpression: `ADD ${adds.join(', ')} SET entity = :e`, ExpressionAttributeNames: names, ExpressionAttributeValues: values } },
    };
  });
}

/** These peers have now been invited at least once. */
export function digestInvitedUpdates(tableName: string, peerIds: string[]): Labelled[] {
  return byShard(peerIds).map(([sk, ids]) => ({
    label: `digest:${sk}`,
    item: {
      Update: {
        TableName: tableName,
        Key: { PK: 'AGG#POOL', SK: sk },
        UpdateExpression: `SET ${ids.map((_, i) => `#i${i} = :yes`).join(', ')}, entity = :e`,
        ExpressionAttributeNames: Object.fromEntries(ids.map((id, i) => [`#i${i}`, `i:${id}`])),
        ExpressionAttributeValues: { ':yes': true, ':e': 'PoolDigest' },
      },
    },
  }));
}

/** Profile entries of many peers (an import), as plain updates of at most 40 peers each. */
export function digestProfileBatches(tableName: string, peers: (DigestProfile & { id: string })[]) {
  const out: { TableName: string; Key: Record<string, string>; UpdateExpression: string; ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues: Record<string, unknown> }[] = [];
  const byId = new Map(peers.map((p) => [p.id, p]));
  for (const [sk, ids] of byShard(peers.map((p) => p.id))) {
    for (let i = 0; i < ids.length; i += 40) {
      const chunk = ids.slice(i, i + 40);
      out.push({
        TableName: tableName,
        Key: { PK: 'AGG#POOL', SK: sk },
        UpdateExpression: `SET ${chunk.map((_, j) => `#p${j} = :p${j}`).join(', ')}, entity = :e`,
        ExpressionAttributeNames: Object.fromEntries(chunk.map((id, j) => [`#p${j}`, `p:${id}`])),
        ExpressionAttributeValues: { ...Object.fromEntries(chunk.map((id, j) => [`:p${j}`, digestProfile(byId.get(id)!)])), ':e': 'PoolDigest' },
      });
    }
  }
  return out;
}

function byShard(peerIds: string[]): [string, string[]][] {
  const m = new Map<string, string[]>();
  for (const id of new Set(peerIds)) {
    const sk = shardKey(id).SK;
    m.set(sk, [...(m.get(sk) ?? []), id]);
  }
  return [...m];
}

/** Whole shard items for a set of peers (the demo seed, a bulk load, a rebuild). */
export function digestItems(
  peers: (DigestProfile & { id: string })[],
  counters: { peerId: string; fy: string; challenges: number; days: number }[] = [],
  invited: string[] = [],
): Record<string, unknown>[] {
  const shards = new Map<string, Record<string, unknown>>();
  const shard = (peerId: string) => {
    const k = shardKey(peerId);
    const id = k.SK;
    if (!shards.has(id)) shards.set(id, { ...k, entity: 'PoolDigest' });
    return shards.get(id)!;
  };
  for (const p of peers) shard(p.id)[`p:${p.id}`] = digestProfile(p);
  for (const c of counters) {
    const s = shard(c.peerId);
    const k = `c:${fyKey(c.fy)}:${c.peerId}`;
    s[k] = Number(s[k] ?? 0) + COUNTER_SCALE * c.challenges + c.days;
  }
  for (const id of invited) shard(id)[`i:${id}`] = true;
  return [...shards.values()];
}

export interface DigestPeer extends DigestProfile {
  id: string;
  load: number;
  days: number;
  invited: boolean;
}

/** Every peer of the digest with their counters for one financial year: one Query. */
export async function readDigest(tableName: string, fy: string): Promise<DigestPeer[]> {
  const items = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :s)',
    ExpressionAttributeValues: { ':pk': 'AGG#POOL', ':s': 'SHARD#' },
  });
  const out: DigestPeer[] = [];
  const suffix = fyKey(fy);
  for (const item of items) {
    for (const [attr, value] of Object.entries(item)) {
      if (!attr.startsWith('p:')) continue;
      const id = attr.slice(2);
      out.push({
        id,
        ...parseDigestProfile(String(value)),
        load: Math.floor(Number(item[`c:${suffix}:${id}`] ?? 0) / COUNTER_SCALE),
        days: Number(item[`c:${suffix}:${id}`] ?? 0) % COUNTER_SCALE,
        invited: item[`i:${id}`] === true,
      });
    }
  }
  return out;
}
