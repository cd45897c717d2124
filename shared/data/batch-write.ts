import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client.js';

/** Puts many items, 25 a call, retrying what DynamoDB leaves unprocessed. For loading data, not for requests. */
export async function putAll(tableName: string, items: Record<string, unknown>[]): Promise<number> {
  let calls = 0;
  for (let i = 0; i < items.length; i += 25) {
    let requests: { PutRequest: { Item: Record<string, unknown> } }[] | undefined = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests && requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
      const res: BatchWriteCommandOutput = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      calls++;
      requests = res.UnprocessedItems?.[tableName] as typeof requests;
    }
  }
  return calls;
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/**
 * Puts and deletes many items, 25 a call, up to `concurrency` calls at once, retrying what
 * DynamoDB leaves unprocessed. Not atomic: for bulk loads (the pool import), not for
 * booking. No two requests may name the same item.
 */
export async function writeAll(
  tableName: string,
  writes: { puts?: Record<string, unknown>[]; deletes?: Record<string, unknown>[] },
  concurrency = 8,
): Promise<number> {
  const all: WriteRequest[] = [
    ...(writes.puts ?? []).map((Item) => ({ PutRequest: { Item } })),
    ...(writes.deletes ?? []).map((Key) => ({ DeleteRequest: { Key } })),
  ];
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < all.length; i += 25) batches.push(all.slice(i, i + 25));
  let calls = 0;
  let next = 0;
  async function worker() {
    while (next < batches.length) {
      let requests: WriteRequest[] | undefined = batches[next++];
      for (let attempt = 0; requests && requests.length > 0; attempt++) {
        if (attempt > 10) throw new Error(`DynamoDB left ${requests.length} writes unprocessed after ${attempt} tries`);
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** attempt)));
        const res: BatchWriteCommandOutput = await documentClient().send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        calls++;
        requests = res.UnprocessedItems?.[tableName] as WriteRequest[] | undefined;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, batches.length) }, worker));
  return calls;
}
