import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Peer } from '../domain/peer.js';
import { approvalQueue } from '../domain/peer-pool.js';
import { documentClient } from './client.js';
import { idempotencyPut, type IdempotencyClaim } from './idempotency.js';
import { digestProfileBatches, digestProfileUpdate } from './pool-digest.js';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeAll } from './batch-write.js';
import { decodeCursor, encodeCursor, stripKeys } from './items.js';
import { peerKeys, peerSkillKeys } from './keys.js';
import { TransactionConditionFailed, transactWrite, type TransactItem } from './transact.js';
import { queryAll } from './query.js';

/** Stored beside the profile so that two edits made from the same version cannot both win. */
type Versioned<T> = T & { version: number };

/** A peer's profile item plus one item per skill, so peers can be found by skill and group. */
export function peerItems(input: Peer, version = 1): Record<string, unknown>[] {
  const peer = { ...input, requestedRoles: input.requestedRoles ?? [] };
  return [
    { ...peerKeys({ ...peer, approvalQueue: approvalQueue(peer) }), entity: 'Peer', ...peer, version },
    ...Object.entries(peer.skills).map(([skill, level]) => skillItem(peer, skill, level as number)),
  ];
}

function skillItem(peer: Peer, skill: string, level: number) {
  return {
    ...peerSkillKeys(peer.id, skill, peer.group, level),
    entity: 'PeerSkill',
    peerId: peer.id,
    skill,
    level,
    group: peer.group,
    kind: peer.kind,
    status: peer.status,
  };
}

/** Index keys a replaced profile must not inherit: the new item sets its own (or none, when sparse). */
const PROFILE_KEY_ATTRIBUTES = new Set(['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK', 'GSI3PK', 'GSI3SK']);

function toPeer(item: Record<string, unknown>): Peer {
  const { version: _v, ...peer } = stripKeys<Versioned<Peer> & Record<string, unknown>>(item);
  for (const k of Object.keys(peer)) if (k.startsWith('load_')) delete peer[k];
  return { ...peer, requestedRoles: peer.requestedRoles ?? [] } as Peer;
}

export class PeerChangedError extends Error {
  constructor() {
    super('the profile changed meanwhile');
    this.name = 'PeerChangedError';
  }
}

export class PeersRepository {
  constructor(private readonly tableName: string) {}

  async get(id: string): Promise<Versioned<Peer> | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `PEER#${id}`, SK: 'PEER' }, ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const peer = stripKeys<Versioned<Peer>>(Item);
    return { ...peer, requestedRoles: peer.requestedRoles ?? [], version: peer.version ?? 1 };
  }

  /**
   * Replaces a profile and its skill items in one transaction, only if nobody saved a newer
   * version since `before` was read. Skill items are rewritten because group, level and
   * status are part of their index keys.
   */
  async save(before: Versioned<Peer>, after: Peer, claim?: IdempotencyClaim): Promise<Versioned<Peer>> {
    const t = this.tableName;
    const version = before.version + 1;
    const [profile, ...skills] = peerItems(after, version);
    const removed = Object.keys(before.skills).filter((s) => !(s in after.skills));
    const items: { label: string; item: TransactItem }[] = [
      {
        label: 'profile',
        item: {
          Put: {
            TableName: t,
            Item: profile!,
            ConditionExpression: 'attribute_exists(PK) AND (version = :v OR (attribute_not_exists(version) AND :v = :one))',
            ExpressionAttributeValues: { ':v': before.version, ':one': 1 },
          },
        },
      },
      ...skills.map((item) => ({ label: `skill:${String(item.skill)}`, item: { Put: { TableName: t, Item: item } } })),
      ...removed.map((s) => ({ label: `skill:${s}`, item: { Delete: { TableName: t, Key: { PK: `PEER#${after.id}`, SK: `SKILL#${s}` } } } })),
      digestProfileUpdate(t, after),
      ...(claim ? [{ label: 'idempotency', item: idempotencyPut(t, claim, { statusCode: 200, body: after }) }] : []),
    ];
    try {
      await transactWrite(items);
    } catch (e) {
      // A lost idempotency claim is the api handler's to answer (it replays the first result).
      if (e instanceof TransactionConditionFailed && e.labels.includes('profile') && !e.labels.includes('idempotency')) throw new PeerChangedError();
      throw e;
    }
    return { ...after, version };
  }

  /** A new peer joins the pool; refused (false) if the id is taken. */
  async create(peer: Peer): Promise<boolean> {
    const [profile, ...skills] = peerItems(peer, 1);
    try {
      await transactWrite([
        { label: 'profile', item: { Put: { TableName: this.tableName, Item: profile!, ConditionExpression: 'attribute_not_exists(PK)' } } },
        digestProfileUpdate(this.tableName, peer),
        ...skills.map((item) => ({ label: `skill:${String(item.skill)}`, item: { Put: { TableName: this.tableName, Item: item } } })),
      ]);
      return true;
    } catch (e) {
      if (e instanceof TransactionConditionFailed && e.labels.includes('profile')) return false;
      throw e;
    }
  }

  /** A group's approved member peers, by id (GSI2 `GROUP#<g>#PEERS#approved`, names only). */
  async groupMembers(group: string): Promise<{ id: string; name: string }[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': `GROUP#${group}#PEERS#approved` },
      ProjectionExpression: 'id, #name',
      ExpressionAttributeNames: { '#name': 'name' },
    });
    return items.map((i) => ({ id: String(i.id), name: String(i.name) }));
  }

  /** Every approved peer, as matching reads the pool (one paged query per kind of peer). */
  async approvedPool(counters: string[] = []): Promise<(Peer & Record<string, unknown>)[]> {
    // Only what matching reads (plus the asked-for counters): the pool is the bulk of a proposal's reads.
    const attributes = ['id', 'name', 'kind', 'group', 'councilId', 'roles', 'skills', 'blackouts', 'maxLoad', 'conflicts', 'status', ...counters];
    const names = Object.fromEntries(attributes.map((a, i) => [`#a${i}`, a]));
    const pages = await Promise.all(
      (['member', 'officer', 'other'] as const).map(async (kind) => {
        const items = await queryAll({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `PEERS#${kind}#approved` },
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
        });
        return items.map((i) => ({ ...(i as Peer & Record<string, unknown>), requestedRoles: [] }));
      }),
    );
    return pages.flat();
  }

  /**
   * Every peer, approved and pending, in id order: one paged query per kind and status on
   * GSI1 (`PEERS#<kind>#<status>`), six in parallel. For the pool export.
   */
  async allPeers(): Promise<Peer[]> {
    const partitions = (['member', 'officer', 'other'] as const).flatMap((kind) => (['approved', 'pending'] as const).map((status) => `PEERS#${kind}#${status}`));
    const pages = await Promise.all(
      partitions.map(async (pk) =>
        (await queryAll({ TableName: this.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': pk } })).map(toPeer),
      ),
    );
    return pages.flat().sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /**
   * Creates or replaces peers wholesale (the pool import): each profile item and its skill
   * items are put, skill items the new profile no longer has are deleted. A replaced
   * profile keeps its version (+1) and whatever the import does not own, such as its
   * yearly load counters. Bulk BatchWriteItem, so not atomic across peers: a failure part
   * way leaves the earlier batches written (a re-import of the same file repairs it).
   */
  async importPeers(peers: Peer[]): Promise<{ created: number; replaced: number; calls: number }> {
    const existing = await this.rawProfiles(peers.map((p) => p.id));
    const puts: Record<string, unknown>[] = [];
    const deletes: Record<string, unknown>[] = [];
    for (const peer of peers) {
      const before = existing.get(peer.id);
      const [profile, ...skills] = peerItems(peer, ((before?.version as number | undefined) ?? 0) + 1);
      const kept: Record<string, unknown> = {};
      if (before) for (const [k, v] of Object.entries(before)) if (!(k in profile!) && !PROFILE_KEY_ATTRIBUTES.has(k)) kept[k] = v;
      puts.push({ ...kept, ...profile! }, ...skills);
      const oldSkills = Object.keys((before?.skills as Record<string, unknown> | undefined) ?? {});
      for (const s of oldSkills) if (!(s in peer.skills)) deletes.push({ PK: `PEER#${peer.id}`, SK: `SKILL#${s}` });
    }
    let calls = await writeAll(this.tableName, { puts, deletes }, 32);
    // The dashboard's pool digest follows, one update per 40 peers of a shard.
    const digest = digestProfileBatches(this.tableName, peers);
    for (let i = 0; i < digest.length; i += 8) {
      await Promise.all(digest.slice(i, i + 8).map((u) => documentClient().send(new UpdateCommand(u))));
      calls += Math.min(8, digest.length - i);
    }
    return { created: peers.length - existing.size, replaced: existing.size, calls };
  }

  /** The stored profile items of these peers (all attributes), read 100 at a time in parallel. */
  private async rawProfiles(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    const unique = [...new Set(ids)];
    const chunks: string[][] = [];
    for (let i = 0; i < unique.length; i += 100) chunks.push(unique.slice(i, i + 100));
    let next = 0;
    const worker = async () => {
      while (next < chunks.length) {
        let keys: Record<string, unknown>[] | undefined = chunks[next++]!.map((id) => ({ PK: `PEER#${id}`, SK: 'PEER' }));
        while (keys && keys.length > 0) {
          const res = await documentClient().send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } } }));
          for (const item of res.Responses?.[this.tableName] ?? []) out.set(String(item.id), item);
          keys = res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, chunks.length) }, worker));
    return out;
  }

  /** Several profiles at once (at most 100 ids per call to DynamoDB). */
  async getMany(ids: string[]): Promise<Map<string, Peer>> {
    const out = new Map<string, Peer>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => ({ PK: `PEER#${id}`, SK: 'PEER' }));
      while (keys && keys.length > 0) {
        const res = await documentClient().send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const item of res.Responses?.[this.tableName] ?? []) {
          const { version: _v, ...peer } = stripKeys<Versioned<Peer>>(item);
          out.set(peer.id, { ...peer, requestedRoles: peer.requestedRoles ?? [] });
        }
        keys = res.UnprocessedKeys?.[this.tableName]?.Keys as Record<string, unknown>[] | undefined;
      }
    }
    return out;
  }

  /** Peers waiting for one approver (a group office or the advisers), in id order. */
  async approvalQueue(queue: string, limit: number, cursor?: string): Promise<{ items: Peer[]; cursor?: string }> {
    const pk = `APPROVALS#${queue}`;
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { name: 'GSI3PK', value: pk }),
      }),
    );
    const next = encodeCursor(res.LastEvaluatedKey);
    return {
      items: (res.Items ?? []).map((i) => {
        const { version: _v, ...peer } = stripKeys<Versioned<Peer>>(i);
        return { ...peer, requestedRoles: peer.requestedRoles ?? [] };
      }),
      ...(next ? { cursor: next } : {}),
    };
  }
}
