import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditItem, challengeItem } from '../../shared/data/challenges-repository.js';
import { documentClient } from '../../shared/data/client.js';
import { councilItem } from '../../shared/data/councils-repository.js';
import { putAll } from '../../shared/data/batch-write.js';
import { pipelineItems, themeItems } from '../../shared/data/aggregates.js';
import { digestItems } from '../../shared/data/pool-digest.js';
import { councilRecordItem, followUpItem, outcomesItem, reportItem } from '../../shared/data/follow-up-repository.js';
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
    // The pool digest the dashboard reads (peers' profiles; no bookings in the seed).
    ...digestItems(data.peers),
    ...themeItems('DEMAND', data.challenges.map((c) => ({ start: c.windows[0]![0]!, themes: c.focusAreas }))),
    // After the visit: reports, follow-ups (open ones on the FOLLOWUP#OPEN index), council records, outcomes.
    ...data.afterVisit.flatMap((a) => [
      reportItem(a.report),
      ...a.followUps.map(followUpItem),
      ...(a.publication ? [councilRecordItem(a.challengeId, 'publication', a.publication)] : []),
      ...(a.actionPlan ? [councilRecordItem(a.challengeId, 'actionPlan', a.actionPlan)] : []),
      ...(a.outcomes ? [outcomesItem(a.challengeId, a.outcomes)] : []),
    ]),
    // Recommendation themes, counted in the financial year each report was issued (as issuing one does).
    ...themeItems('RECOMMENDATIONS', data.afterVisit.map((a) => ({ start: a.report.issuedOn, themes: a.report.recommendations.map((r) => r.theme) }))),
  ];
  await putAll(tableName, items);
  // Written last: a seed interrupted half-way is redone in full on the next start.
  await documentClient().send(
    new PutCommand({ TableName: tableName, Item: { ...SEED_MARKER, entity: 'SeedMarker', users: data.users, at: new Date().toISOString() } }),
  );
  return { seeded: true, users: data.users, counts };
}
