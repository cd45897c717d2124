import { Logger } from '@aws-lambda-powertools/logger';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { OUTBOX_ENTITY, OutboxRepository } from '../../shared/data/outbox-repository.js';
import { PeersRepository } from '../../shared/data/peers-repository.js';
import type { OutboxMessage, Recipient } from '../../shared/domain/notifications.js';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'peer-challenge-outbox' });

export interface Email {
  to: string;
  subject: string;
  text: string;
}

export interface SenderDeps {
  tableName: string;
  /** Delivers one email; throws when it could not (the stream retries the record). */
  send: (email: Email) => Promise<void>;
  /** The email address of a recipient, or undefined when there is none. */
  addressOf: (recipient: Recipient, message: OutboxMessage) => Promise<string | undefined>;
  now?: () => Date;
  /** How long a claim holds before another attempt may take the message over (after a crash). */
  leaseMs?: number;
}

export type Outcome = 'sent' | 'skipped' | 'undeliverable';

/**
 * Sends one outbox message at most once: claim (`pending` → `sending` under a lease, a
 * conditional update only one attempt can win), send, then `sending` → `sent` under the same
 * lease. A failed send releases the claim and throws, so the stream retries the record.
 */
export async function sendOne(id: string, deps: SenderDeps): Promise<Outcome> {
  const outbox = new OutboxRepository(deps.tableName);
  const now = deps.now ?? (() => new Date());
  const lease = randomUUID();
  const claim = await outbox.claim(id, lease, now(), deps.leaseMs ?? 60_000);
  if (!claim.claimed) return 'skipped';
  const message = await outbox.get(id);
  if (!message) return 'skipped';
  const to = await deps.addressOf(message.recipient, message);
  if (!to) {
    await outbox.finish(id, lease, 'undeliverable', now(), 'no email address for this recipient');
    logger.warn('message undeliverable', { messageId: id, recipientKind: message.recipient.kind });
    return 'undeliverable';
  }
  try {
    await deps.send({ to, subject: message.subject, text: message.text });
  } catch (e) {
    await outbox.release(id, lease);
    throw e;
  }
  await outbox.finish(id, lease, 'sent', now());
  return 'sent';
}

/** The ids of new outbox messages in a stream batch (the event source mapping filters too). */
function messageIds(event: DynamoDBStreamEvent): { id: string; sequence: string }[] {
  return event.Records.flatMap((r) => {
    if (r.eventName !== 'INSERT' || !r.dynamodb?.NewImage) return [];
    const item = unmarshall(r.dynamodb.NewImage as Record<string, AttributeValue>);
    if (item.entity !== OUTBOX_ENTITY || typeof item.id !== 'string') return [];
    return [{ id: item.id, sequence: r.dynamodb.SequenceNumber ?? '' }];
  });
}

/** A stream consumer with its dependencies injected (tests pass a fake `send`). */
export function outboxSender(deps: SenderDeps) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failures: { itemIdentifier: string }[] = [];
    for (const { id, sequence } of messageIds(event)) {
      // After the first failure, the rest of the batch is reported too: the stream retries from there, in order.
      if (failures.length > 0) {
        failures.push({ itemIdentifier: sequence });
        continue;
      }
      try {
        const outcome = await sendOne(id, deps);
        logger.info('outbox message', { messageId: id, outcome });
      } catch (e) {
        logger.error('outbox message failed', { messageId: id, errorName: e instanceof Error ? e.name : 'Unknown' });
        failures.push({ itemIdentifier: sequence });
      }
    }
    return { batchItemFailures: failures };
  };
}

/** Advisers' addresses by region, from ADVISER_EMAILS_JSON (e.g. {"South East": "se-advisers@example.org"}). */
export function adviserEmails(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Where each kind of recipient's email address lives: the peer item, the challenge's contact, the advisers' config. */
export function tableAddressBook(tableName: string, advisers: Record<string, string>) {
  const peers = new PeersRepository(tableName);
  const challenges = new ChallengesRepository(tableName);
  return async (r: Recipient, m: OutboxMessage): Promise<string | undefined> => {
    if (r.kind === 'peer') return (await peers.get(r.id))?.email;
    if (r.kind === 'council') {
      const c = await challenges.get(m.challengeId);
      return c && c.councilId === r.id ? c.contact.email : undefined;
    }
    return advisers[r.id];
  };
}

let ses: SESv2Client | undefined;

/** The Lambda entry: SES v2 from the verified identity in FROM_ADDRESS. */
export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const tableName = process.env.TABLE_NAME;
  const from = process.env.FROM_ADDRESS;
  if (!tableName || !from) throw new Error('missing environment variable TABLE_NAME or FROM_ADDRESS');
  ses ??= new SESv2Client({});
  const client = ses;
  return outboxSender({
    tableName,
    addressOf: tableAddressBook(tableName, adviserEmails(process.env.ADVISER_EMAILS_JSON)),
    send: async ({ to, subject, text }) => {
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: { Simple: { Subject: { Data: subject, Charset: 'UTF-8' }, Body: { Text: { Data: text, Charset: 'UTF-8' } } } },
        }),
      );
    },
  })(event);
};
