import { BatchGetCommand, GetCommand, QueryCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Council } from '../domain/council.js';
import type { Region } from '../domain/reference.js';
import { documentClient } from './client.js';
import { councilKeys } from './keys.js';
import { stripKeys } from './items.js';

export function councilItem(council: Council) {
  return { ...councilKeys(council), entity: 'Council', ...council };
}

export class CouncilsRepository {
  constructor(private readonly tableName: string) {}

  async get(id: string): Promise<Council | undefined> {
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: this.tableName, Key: { PK: `COUNCIL#${id}`, SK: 'COUNCIL' } }),
    );
    return Item ? stripKeys<Council>(Item) : undefined;
  }

  async listByRegion(region: Region): Promise<Council[]> {
    const out: Council[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk',
          ExpressionAttributeValues: { ':pk': `REGION#${region}#COUNCILS` },
          ExclusiveStartKey,
        }),
      );
      out.push(...(page.Items ?? []).map((i) => stripKeys<Council>(i)));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return out;
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
