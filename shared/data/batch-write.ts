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
