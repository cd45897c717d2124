import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Thrown when a named condition of a transaction failed; `labels` say which. */
export class TransactionConditionFailed extends Error {
  constructor(readonly labels: string[]) {
    super(`condition failed: ${labels.join(', ')}`);
    this.name = 'TransactionConditionFailed';
  }
}

/** Another transaction held one of the items: nothing was written and a retry may succeed. */
export class TransactionConflict extends Error {
  constructor() {
    super('another transaction was writing the same items');
    this.name = 'TransactionConflict';
  }
}

/**
 * Writes all items or none. Each item has a label so that a cancelled transaction can say
 * which of its conditions failed (e.g. 'idempotency' or 'day:2027-03-09').
 */
export async function transactWrite(items: { label: string; item: TransactItem }[], clientRequestToken?: string): Promise<void> {
  // A conflict means another transaction held an item for a moment and nothing was written,
  // so trying again is safe; hot items (the dashboard's counters) make this common enough.
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: items.map((i) => i.item),
          ...(clientRequestToken ? { ClientRequestToken: clientRequestToken } : {}),
        }),
      );
      return;
    } catch (e) {
      if (e instanceof TransactionCanceledException) {
        const reasons = e.CancellationReasons ?? [];
        const failed = reasons
          .map((r, i) => (r.Code === 'ConditionalCheckFailed' ? items[i]?.label : undefined))
          .filter((l): l is string => l !== undefined);
        if (failed.length > 0) throw new TransactionConditionFailed(failed);
        if (reasons.some((r) => r.Code === 'TransactionConflict')) {
          if (attempt < CONFLICT_ATTEMPTS) {
            await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
            continue;
          }
          throw new TransactionConflict();
        }
      }
      throw e;
    }
  }
}

const CONFLICT_ATTEMPTS = 4;
