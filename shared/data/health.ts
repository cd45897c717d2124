import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client.js';
import { HEALTH_KEY } from './keys.js';

/** One cheap keyed read proves the table exists and answers. */
export async function probeTable(tableName: string): Promise<{ ok: boolean; latencyMs: number }> {
  const started = performance.now();
  try {
    await documentClient().send(new GetCommand({ TableName: tableName, Key: HEALTH_KEY }));
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { ok: false, latencyMs: Math.round(performance.now() - started) };
  }
}
