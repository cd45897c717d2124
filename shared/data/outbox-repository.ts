import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { mailboxOf, type MessageDraft, type OutboxMessage, type Recipient } from '../domain/notifications.js';
import { documentClient } from './client.js';
import { outboxKeys } from './keys.js';
import { stripKeys } from './items.js';
import type { TransactItem } from './transact.js';

const nextId = monotonicFactory();
const conditionFailed = (e: unknown) => e instanceof Error && e.name === 'ConditionalCheckFailedException';

/** The entity name the stream consumer filters on. */
export const OUTBOX_ENTITY = 'OutboxMessage';

/**
 * The transaction items that write messages to the outbox. They join the transaction of the
 * change they announce, so a message exists if and only if its change was written.
 */
export function outboxPuts(tableName: string, drafts: readonly MessageDraft[], now: Date): { label: string; item: TransactItem }[] {
  return drafts.map((d, i) => {
    const message: OutboxMessage = { ...d, id: nextId(now.getTime()), createdAt: now.toISOString(), status: 'pending' };
    return {
      label: `message:${i}`,
      item: {
        Put: {
          TableName: tableName,
          Item: { ...outboxKeys(message.id, mailboxOf(d.recipient)), entity: OUTBOX_ENTITY, mailbox: mailboxOf(d.recipient), ...message },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    };
  });
}

export type Claim = { claimed: true; lease: string } | { claimed: false; status: string | undefined };

/** The outbox as its two readers see it: recipients (mailbox) and the sender (claim, mark sent). */
export class OutboxRepository {
  constructor(private readonly tableName: string) {}

  /** A recipient's messages, newest first (one Query of GSI1 `MAILBOX#…`). */
  async mailbox(recipient: Recipient, limit = 50): Promise<OutboxMessage[]> {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'GSI1',
        KeyConditionExpression: 'GSI1PK = :pk',
        ExpressionAttributeValues: { ':pk': `MAILBOX#${mailboxOf(recipient)}` },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (res.Items ?? []).map((i) => {
      const { entity: _e, mailbox: _m, leaseId: _l, leaseUntil: _u, attempts: _a, ...m } = stripKeys<OutboxMessage & Record<string, unknown>>(i);
      return m as OutboxMessage;
    });
  }

  async get(id: string): Promise<(OutboxMessage & Record<string, unknown>) | undefined> {
    const { Item } = await documentClient().send(new GetCommand({ TableName: this.tableName, Key: { PK: `MSG#${id}`, SK: 'MSG' }, ConsistentRead: true }));
    return Item ? stripKeys<OutboxMessage & Record<string, unknown>>(Item) : undefined;
  }

  /**
   * Claims a message before sending it: `pending` (or `sending` with a lapsed lease, after a
   * crash) becomes `sending` with a fresh lease. Only one sender can win the claim.
   */
  async claim(id: string, lease: string, now: Date, leaseMs: number): Promise<Claim> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: `MSG#${id}`, SK: 'MSG' },
          UpdateExpression: 'SET #s = :sending, leaseId = :lease, leaseUntil = :until ADD attempts :one',
          ConditionExpression: 'attribute_exists(PK) AND (#s = :pending OR (#s = :sending AND leaseUntil < :now))',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':sending': 'sending',
            ':pending': 'pending',
            ':lease': lease,
            ':until': new Date(now.getTime() + leaseMs).toISOString(),
            ':now': now.toISOString(),
            ':one': 1,
          },
        }),
      );
      return { claimed: true, lease };
    } catch (e) {
      if (!(conditionFailed(e))) throw e;
      return { claimed: false, status: (await this.get(id))?.status };
    }
  }

  /** `sending` under this lease → `sent` (or `undeliverable`); false when the lease was lost. */
  async finish(id: string, lease: string, to: 'sent' | 'undeliverable', now: Date, note?: string): Promise<boolean> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: `MSG#${id}`, SK: 'MSG' },
          UpdateExpression: `SET #s = :to, sentAt = :at${note ? ', note = :note' : ''} REMOVE leaseId, leaseUntil`,
          ConditionExpression: '#s = :sending AND leaseId = :lease',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':to': to, ':at': now.toISOString(), ':sending': 'sending', ':lease': lease, ...(note ? { ':note': note } : {}) },
        }),
      );
      return true;
    } catch (e) {
      if (conditionFailed(e)) return false;
      throw e;
    }
  }

  /** Sending failed: back to `pending` so the stream's retry can claim it again. */
  async release(id: string, lease: string): Promise<void> {
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: `MSG#${id}`, SK: 'MSG' },
          UpdateExpression: 'SET #s = :pending REMOVE leaseId, leaseUntil',
          ConditionExpression: '#s = :sending AND leaseId = :lease',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':pending': 'pending', ':sending': 'sending', ':lease': lease },
        }),
      );
    } catch (e) {
      if (!(conditionFailed(e))) throw e;
    }
  }
}
