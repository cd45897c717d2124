import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client.js';
import { idempotencyKeys } from './keys.js';
import type { TransactItem } from './transact.js';

/** A caller's claim on an Idempotency-Key: written in the same transaction as the work it guards. */
export interface IdempotencyClaim {
  scope: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

/** Replays are honoured for a day; after that DynamoDB's TTL removes the record. */
const RETENTION_SECONDS = 24 * 60 * 60;

export function requestHash(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

export function idempotencyPut(tableName: string, claim: IdempotencyClaim, response: StoredResponse, now = new Date()): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...idempotencyKeys(claim.scope, claim.key),
        entity: 'Idempotency',
        requestHash: claim.requestHash,
        response,
        createdAt: now.toISOString(),
        expiresAt: Math.floor(now.getTime() / 1000) + RETENTION_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

export type StoredLookup = { found: false } | { found: true; sameRequest: boolean; response: StoredResponse };

export async function findStoredResponse(tableName: string, claim: IdempotencyClaim, now = new Date()): Promise<StoredLookup> {
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: tableName, Key: idempotencyKeys(claim.scope, claim.key), ConsistentRead: true }),
  );
  // TTL deletion is lazy, so an expired record may still be there: treat it as gone.
  if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt * 1000 < now.getTime())) return { found: false };
  return { found: true, sameRequest: Item.requestHash === claim.requestHash, response: Item.response as StoredResponse };
}
