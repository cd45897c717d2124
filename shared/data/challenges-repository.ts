import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StatusChange } from '../domain/lifecycle.js';
import { ulid } from 'ulid';
import type { Challenge } from '../domain/challenge.js';
import type { Region } from '../domain/reference.js';
import { documentClient } from './client.js';
import { idempotencyPut, type IdempotencyClaim } from './idempotency.js';
import { decodeCursor, encodeCursor, stripKeys } from './items.js';
import { auditKeys, challengeKeys } from './keys.js';
import { transactWrite } from './transact.js';
import { pipelineMoves, themeAdds } from './aggregates.js';
import { financialYear } from '../domain/dates.js';
import { onSiteStart } from '../domain/pipeline.js';
import { statusChangeItems } from './status-change.js';
import { queryCount } from './query.js';

export interface AuditEntry {
  at: string;
  by: string;
  byRole: string;
  from: string | null;
  to: string;
  why: string;
}

export interface Page<T> {
  items: T[];
  cursor?: string;
}

export function challengeItem(challenge: Challenge) {
  return { ...challengeKeys(challenge), entity: 'Challenge', ...challenge };
}

export function auditItem(challengeId: string, entry: AuditEntry) {
  return { ...auditKeys(challengeId, entry.at, ulid()), entity: 'Audit', challengeId, ...entry };
}

export class ChallengesRepository {
  constructor(private readonly tableName: string) {}

  /** The challenge, its first audit entry and the idempotency claim: all written or none. */
  async create(challenge: Challenge, audit: AuditEntry, claim?: IdempotencyClaim): Promise<void> {
    const t = this.tableName;
    await transactWrite([
      {
        label: 'challenge',
        item: { Put: { TableName: t, Item: challengeItem(challenge), ConditionExpression: 'attribute_not_exists(PK)' } },
      },
      { label: 'audit', item: { Put: { TableName: t, Item: auditItem(challenge.id, audit) } } },
      ...pipelineMoves(t, null, challenge),
      ...themeAdds(t, 'DEMAND', financialYear(onSiteStart(challenge)), challenge.focusAreas),
      ...(claim ? [{ label: 'idempotency', item: idempotencyPut(t, claim, { statusCode: 201, body: challenge }) }] : []),
    ]);
  }

  /**
   * Writes a status change only if the challenge is still in the status it was read in, so
   * two advisers (or an adviser and the daily job) cannot both move it from the same state.
   */
  async changeStatus(change: StatusChange, claim?: IdempotencyClaim): Promise<void> {
    const t = this.tableName;
    const c = change.challenge;
    await transactWrite([
      ...statusChangeItems(t, change),
      ...(claim ? [{ label: 'idempotency', item: idempotencyPut(t, claim, { statusCode: 200, body: c }) }] : []),
    ]);
  }

  /** Records the agreed scope, only while the challenge is still being scoped. */
  async setScope(challenge: Challenge, scope: NonNullable<Challenge['scope']>, at: string): Promise<void> {
    await transactWrite([
      {
        label: 'challenge',
        item: {
          Update: {
            TableName: this.tableName,
            Key: { PK: `CHALLENGE#${challenge.id}`, SK: 'CHALLENGE' },
            UpdateExpression: 'SET #scope = :scope, updatedAt = :at',
            // Unchanged since read, so the pipeline counts move from the bucket it really was in.
            ConditionExpression: '#status = :scoping AND updatedAt = :was',
            ExpressionAttributeNames: { '#scope': 'scope', '#status': 'status' },
            ExpressionAttributeValues: { ':scope': scope, ':at': at, ':scoping': 'scoping', ':was': challenge.updatedAt },
          },
        },
      },
      // Agreed dates may move the challenge to another month of the pipeline.
      ...pipelineMoves(this.tableName, challenge, { ...challenge, scope }),
    ]);
  }

  async get(id: string): Promise<Challenge | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `CHALLENGE#${id}`, SK: 'CHALLENGE' } }),
    );
    return Item ? stripKeys<Challenge>(Item) : undefined;
  }

  /** Newest first: ids are ULIDs, so the index sort key is creation order. */
  listByCouncil(councilId: string, limit: number, cursor?: string): Promise<Page<Challenge>> {
    return this.queryIndex('GSI1', `COUNCIL#${councilId}#CHALLENGES`, limit, cursor);
  }

  listByRegion(region: Region, limit: number, cursor?: string): Promise<Page<Challenge>> {
    return this.queryIndex('GSI2', `REGION#${region}#CHALLENGES`, limit, cursor);
  }

  listByRegionAndStatus(region: Region, status: string, limit: number, cursor?: string): Promise<Page<Challenge>> {
    return this.queryIndex('GSI3', `REGION#${region}#STATUS#${status}`, limit, cursor);
  }

  /** How many challenges of a region are in one status: a paged COUNT query on the same GSI3 partition. */
  async countByRegionAndStatus(region: Region, status: string): Promise<number> {
    return queryCount({
      TableName: this.tableName,
      IndexName: 'GSI3',
      KeyConditionExpression: 'GSI3PK = :pk',
      ExpressionAttributeValues: { ':pk': `REGION#${region}#STATUS#${status}` },
    });
  }

  async audit(challengeId: string): Promise<AuditEntry[]> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': `CHALLENGE#${challengeId}`, ':audit': 'AUDIT#' },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map((i) => {
      const { at, by, byRole, from, to, why } = stripKeys<AuditEntry>(i);
      return { at, by, byRole, from, to, why };
    });
  }

  private async queryIndex(index: 'GSI1' | 'GSI2' | 'GSI3', pk: string, limit: number, cursor?: string): Promise<Page<Challenge>> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk`,
        ExpressionAttributeValues: { ':pk': pk },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: decodeCursor(cursor, { name: `${index}PK`, value: pk }),
      }),
    );
    const next = encodeCursor(res.LastEvaluatedKey);
    return { items: (res.Items ?? []).map((i) => stripKeys<Challenge>(i)), ...(next ? { cursor: next } : {}) };
  }
}
