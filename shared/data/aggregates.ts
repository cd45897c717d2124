import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Challenge } from '../domain/challenge.js';
import { bucketOf, financialYear, phaseOf, sameBucket, type PipelineBucket } from '../domain/pipeline.js';
import type { Region } from '../domain/reference.js';
import { documentClient } from './client.js';
import type { TransactItem } from './transact.js';
import { queryAll } from './query.js';

/**
 * Pre-computed counts for the advisers' dashboard, kept exact by moving them in the same
 * transaction as the write they count (ADD is atomic, so racing writes cannot lose a count).
 * A dashboard request then reads a few hundred small items instead of every challenge.
 */
export function pipelineKey(b: PipelineBucket) {
  return { PK: `AGG#PIPELINE#${b.region}`, SK: `${b.month}#${b.status}#${b.kind}` };
}

function add(tableName: string, b: PipelineBucket, n: 1 | -1): { label: string; item: TransactItem } {
  return {
    label: `aggregate:${n > 0 ? 'in' : 'out'}`,
    item: {
      Update: {
        TableName: tableName,
        Key: pipelineKey(b),
        UpdateExpression: 'ADD #count :n SET entity = :e, #region = :region, #month = :month, #status = :status, #kind = :kind',
        ExpressionAttributeNames: { '#count': 'count', '#region': 'region', '#month': 'month', '#status': 'status', '#kind': 'kind' },
        ExpressionAttributeValues: { ':n': n, ':e': 'PipelineCount', ':region': b.region, ':month': b.month, ':status': b.status, ':kind': b.kind },
      },
    },
  };
}

type Counted = Pick<Challenge, 'councilId' | 'region' | 'status' | 'kind' | 'scope' | 'windows'>;

/**
 * Take-up: per council, how many corporate/finance challenges are open and in which phase
 * ("in-discussion" or "booked"). Moved with the pipeline counts, so the take-up table reads
 * one small partition instead of every open challenge.
 */
export function takeUpKey(councilId: string, phase: TakeUpPhase) {
  return { PK: 'AGG#TAKEUP', SK: `${councilId}#${phase}` };
}
/** Written with every full build of the counts: without it (data older than these counts) readers fall back. */
export const TAKE_UP_BUILT_KEY = { PK: 'AGG#TAKEUP', SK: '~BUILT' } as const;

type TakeUpPhase = 'in-discussion' | 'booked';

function takeUpPhase(c: Counted): TakeUpPhase | null {
  if (c.kind !== 'corporate' && c.kind !== 'finance') return null;
  const phase = phaseOf(c.status);
  return phase === 'in-discussion' || phase === 'booked' ? phase : null;
}

function addTakeUp(tableName: string, councilId: string, phase: TakeUpPhase, n: 1 | -1): { label: string; item: TransactItem } {
  return {
    label: `aggregate:take-up:${n > 0 ? 'in' : 'out'}`,
    item: {
      Update: {
        TableName: tableName,
        Key: takeUpKey(councilId, phase),
        UpdateExpression: 'ADD #count :n SET entity = :e, councilId = :c, phase = :p',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':n': n, ':e': 'TakeUpCount', ':c': councilId, ':p': phase },
      },
    },
  };
}

/** The aggregate moves for a challenge going from `before` to `after` (null = not there). */
export function pipelineMoves(tableName: string, before: Counted | null, after: Counted | null): { label: string; item: TransactItem }[] {
  const from = before ? bucketOf(before) : null;
  const to = after ? bucketOf(after) : null;
  if (from && to && sameBucket(from, to)) return [];
  const wasOpen = before ? takeUpPhase(before) : null;
  const isOpen = after ? takeUpPhase(after) : null;
  const takeUp =
    wasOpen === isOpen && before?.councilId === after?.councilId
      ? []
      : [...(before && wasOpen ? [addTakeUp(tableName, before.councilId, wasOpen, -1)] : []), ...(after && isOpen ? [addTakeUp(tableName, after.councilId, isOpen, 1)] : [])];
  return [...(from ? [add(tableName, from, -1)] : []), ...(to ? [add(tableName, to, 1)] : []), ...takeUp];
}

/** Aggregate items for a whole set of challenges (the demo seed, a rebuild). */
export function pipelineItems(challenges: Counted[]): Record<string, unknown>[] {
  const counts = new Map<string, { b: PipelineBucket; n: number }>();
  for (const c of challenges) {
    const b = bucketOf(c);
    const k = JSON.stringify(pipelineKey(b));
    counts.set(k, { b, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  const takeUp = new Map<string, { councilId: string; phase: TakeUpPhase; n: number }>();
  for (const c of challenges) {
    const phase = takeUpPhase(c);
    if (!phase) continue;
    const k = `${c.councilId}#${phase}`;
    takeUp.set(k, { councilId: c.councilId, phase, n: (takeUp.get(k)?.n ?? 0) + 1 });
  }
  return [
    ...[...counts.values()].map(({ b, n }) => ({ ...pipelineKey(b), entity: 'PipelineCount', count: n, ...b })),
    ...[...takeUp.values()].map(({ councilId, phase, n }) => ({ ...takeUpKey(councilId, phase), entity: 'TakeUpCount', councilId, phase, count: n })),
    { ...TAKE_UP_BUILT_KEY, entity: 'TakeUpBuilt' },
  ];
}

/**
 * Councils with an open corporate/finance challenge and its phase, from the take-up counts
 * (one Query); `undefined` when the counts were never built (data older than them).
 */
export async function readTakeUp(tableName: string): Promise<{ councilId: string; phase: TakeUpPhase; count: number }[] | undefined> {
  const items = await queryAll({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'AGG#TAKEUP' } });
  if (!items.some((i) => i.SK === TAKE_UP_BUILT_KEY.SK)) return undefined;
  return items
    .filter((i) => i.SK !== TAKE_UP_BUILT_KEY.SK && Number(i.count) > 0)
    .map((i) => ({ councilId: String(i.councilId), phase: i.phase as TakeUpPhase, count: Number(i.count) }));
}

/**
 * Demand for skills: each requested challenge counts once per focus area it asks for, in the
 * financial year of its on-site start as requested. Themes of reports count per recommendation.
 */
export function themeKey(series: 'DEMAND' | 'RECOMMENDATIONS', fy: string, theme: string) {
  return { PK: `AGG#${series}`, SK: `${fy}#${theme}` };
}

export function themeAdds(tableName: string, series: 'DEMAND' | 'RECOMMENDATIONS', fy: string, themes: readonly string[]): { label: string; item: TransactItem }[] {
  const counts = new Map<string, number>();
  for (const t of themes) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([theme, n]) => ({
    label: `aggregate:${series}:${theme}`,
    item: {
      Update: {
        TableName: tableName,
        Key: themeKey(series, fy, theme),
        UpdateExpression: 'ADD #count :n SET entity = :e, fy = :fy, theme = :theme',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':n': n, ':e': 'ThemeCount', ':fy': fy, ':theme': theme },
      },
    },
  }));
}

/** Signed theme moves, e.g. the difference an edited report makes ({fy, theme, n}; n may be negative). */
export function themeDeltas(tableName: string, series: 'DEMAND' | 'RECOMMENDATIONS', deltas: readonly { fy: string; theme: string; n: number }[]): { label: string; item: TransactItem }[] {
  return deltas
    .filter((d) => d.n !== 0)
    .map((d) => ({
      label: `aggregate:${series}:${d.fy}:${d.theme}`,
      item: {
        Update: {
          TableName: tableName,
          Key: themeKey(series, d.fy, d.theme),
          UpdateExpression: 'ADD #count :n SET entity = :e, fy = :fy, theme = :theme',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':n': d.n, ':e': 'ThemeCount', ':fy': d.fy, ':theme': d.theme },
        },
      },
    }));
}

/** Theme counts for a whole set of records (the demo seed, a rebuild). */
export function themeItems(series: 'DEMAND' | 'RECOMMENDATIONS', records: { start: string; themes: readonly string[] }[]): Record<string, unknown>[] {
  const counts = new Map<string, { fy: string; theme: string; n: number }>();
  for (const r of records) {
    const fy = financialYear(r.start);
    for (const theme of r.themes) {
      const k = `${fy}#${theme}`;
      counts.set(k, { fy, theme, n: (counts.get(k)?.n ?? 0) + 1 });
    }
  }
  return [...counts.values()].map(({ fy, theme, n }) => ({ ...themeKey(series, fy, theme), entity: 'ThemeCount', fy, theme, count: n }));
}

export async function readThemes(tableName: string, series: 'DEMAND' | 'RECOMMENDATIONS', fy: string): Promise<{ theme: string; count: number }[]> {
  const res = await documentClient().send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :fy)',
      ExpressionAttributeValues: { ':pk': `AGG#${series}`, ':fy': `${fy}#` },
    }),
  );
  return (res.Items ?? []).map((i) => ({ theme: String(i.theme), count: Number(i.count) })).filter((x) => x.count !== 0);
}

export interface PipelineCount extends PipelineBucket {
  count: number;
}

/** One region's counts for months `from`..`to` (YYYY-MM), one Query. */
export async function readPipeline(tableName: string, region: Region, from: string, to: string): Promise<PipelineCount[]> {
  const items = await queryAll({
    TableName: tableName,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': `AGG#PIPELINE#${region}`, ':from': `${from}#`, ':to': `${to}#~` },
  });
  return items.filter((i) => Number(i.count) !== 0).map((i) => ({ region: i.region, month: i.month, status: i.status, kind: i.kind, count: Number(i.count) }));
}
