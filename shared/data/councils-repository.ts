import { BatchGetCommand, GetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Council } from '../domain/council.js';
import type { Control, Region } from '../domain/reference.js';
import { documentClient } from './client.js';
import { ulid } from 'ulid';
import { councilAuditKeys, councilKeys } from './keys.js';
import { stripKeys } from './items.js';
import { transactWrite } from './transact.js';
import { queryAll } from './query.js';

export function councilItem(council: Council) {
  return { ...councilKeys(council), entity: 'Council', ...council };
}

export interface ControlChange {
  at: string;
  by: string;
  from: Control;
  to: Control;
  why: string;
}

export class CouncilsRepository {
  constructor(private readonly tableName: string) {}

  /**
   * Changes a council's political control only if it is still what it was read as, and
   * records who, when, from, to and why in the council's audit trail, in one transaction.
   * Throws TransactionConditionFailed(['council']) when someone changed it meanwhile.
   */
  async setControl(councilId: string, change: ControlChange): Promise<void> {
    const t = this.tableName;
    await transactWrite([
      {
        label: 'council',
        item: {
          Update: {
            TableName: t,
            Key: { PK: `COUNCIL#${councilId}`, SK: 'COUNCIL' },
            UpdateExpression: 'SET #control = :to',
            ConditionExpression: 'attribute_exists(PK) AND #control = :from',
            ExpressionAttributeNames: { '#control': 'control' },
            ExpressionAttributeValues: { ':to': change.to, ':from': change.from },
          },
        },
      },
      { label: 'audit', item: { Put: { TableName: t, Item: { ...councilAuditKeys(councilId, change.at, ulid()), entity: 'CouncilAudit', councilId, kind: 'control', ...change } } } },
    ]);
  }

  /** A council's audit trail, oldest first. */
  async audit(councilId: string): Promise<(ControlChange & { kind: string })[]> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :audit)',
        ExpressionAttributeValues: { ':pk': `COUNCIL#${councilId}`, ':audit': 'AUDIT#' },
        ConsistentRead: true,
      }),
    );
    return (res.Items ?? []).map((i) => {
      const { at, by, from, to, why, kind } = i as ControlChange & { kind: string };
      return { at, by, from, to, why, kind };
    });
  }

  async get(id: string): Promise<Council | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `COUNCIL#${id}`, SK: 'COUNCIL' } }),
    );
    return Item ? stripKeys<Council>(Item) : undefined;
  }

  async listByRegion(region: Region): Promise<Council[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': `REGION#${region}#COUNCILS` },
    });
    return items.map((i) => stripKeys<Council>(i));
  }

  async getMany(ids: string[]): Promise<Map<string, Council>> {
    const found = new Map<string, Council>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = unique.slice(i, i + 100).map((id) => ({ PK: `COUNCIL#${id}`, SK: 'COUNCIL' }));
      // BatchGet may return unprocessed keys under load; ask again for those.
      while (keys && keys.length > 0) {
        const res: BatchGetCommandOutput = await documentClient().send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const item of res.Responses?.[this.tableName] ?? []) {
          const c = stripKeys<Council>(item);
          found.set(c.id, c);
        }
        keys = res.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }
}
