import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem, challengeItem } from '../../shared/data/challenges-repository.js';
import { documentClient } from '../../shared/data/client.js';
import { councilItem } from '../../shared/data/councils-repository.js';
import { putAll } from '../../shared/data/batch-write.js';
import { pipelineItems, themeItems } from '../../shared/data/aggregates.js';
import { peerItems } from '../../shared/data/peers-repository.js';
import type { DemoUser } from '../../shared/domain/user.js';
import { buildDemoData } from './seed/demo-data.js';

const SEED_MARKER = { PK: 'SEED', SK: 'DEMO' };

export interface SeedResult {
  seeded: boolean;
  users: DemoUser[];
  counts: { councils: number; peers: number; challenges: number };
}

/**
 * Loads the demo data once: a marker item records that the table was seeded, so a restart
 * keeps whatever users did since. Demo users are derived from the same seed every time.
 */
export async function seedIfEmpty(tableName: string, today?: string): Promise<SeedResult> {
  const data = buildDemoData(today ? { today } : {});
  const counts = { councils: data.councils.length, peers: data.peers.length, challenges: data.challenges.length };
  const { Item } = await documentClient().send(new GetCommand({ TableName: tableName, Key: SEED_MARKER, ConsistentRead: true }));
  if (Item) return { seeded: false, users: (Item.users as DemoUser[]) ?? data.users, counts };

  const items: Record<string, unknown>[] = [
    ...data.councils.map(councilItem),
    ...data.peers.flatMap(peerItems),
    ...data.challenges.flatMap((c) => [
      challengeItem(c),
      auditItem(c.id, { at: c.createdAt, by: 'demo-seed', byRole: 'council', from: null, to: 'requested', why: 'requested by the council' }),
      ...(c.status === 'requested'
        ? []
        : [auditItem(c.id, { at: c.updatedAt, by: 'demo-seed', byRole: 'adviser', from: 'requested', to: c.status, why: 'demo data' })]),
    ]),
    // The dashboard's counts start out equal to what was seeded.
    ...pipelineItems(data.challenges),
    ...themeItems('DEMAND', data.challenges.map((c) => ({ start: c.windows[0]![0]!, themes: c.focusAreas }))),
  ];
  await putAll(tableName, items);
  // Written last: a seed interrupted half-way is redone in full on the next start.
  await documentClient().send(
    new PutCommand({ TableName: tableName, Item: { ...SEED_MARKER, entity: 'SeedMarker', users: data.users, at: new Date().toISOString() } }),
  );
  return { seeded: true, users: data.users, counts };
}
