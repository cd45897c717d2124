import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Challenge } from '../domain/challenge.js';
import { bucketOf, financialYear, sameBucket, type PipelineBucket } from '../domain/pipeline.js';
import type { Region } from '../domain/reference.js';
import { documentClient } from './client.js';
import type { TransactItem } from './transact.js';

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

type Counted = Pick<Challenge, 'region' | 'status' | 'kind' | 'scope' | 'windows'>;

/** The aggregate moves for a challenge going from `before` to `after` (null = not there). */
export function pipelineMoves(tableName: string, before: Counted | null, after: Counted | null): { label: string; item: TransactItem }[] {
  const from = before ? bucketOf(before) : null;
  const to = after ? bucketOf(after) : null;
  if (from && to && sameBucket(from, to)) return [];
  return [...(from ? [add(tableName, from, -1)] : []), ...(to ? [add(tableName, to, 1)] : [])];
}

/** Aggregate items for a whole set of challenges (the demo seed, a rebuild). */
export function pipelineItems(challenges: Counted[]): Record<string, unknown>[] {
  const counts = new Map<string, { b: PipelineBucket; n: number }>();
  for (const c of challenges) {
    const b = bucketOf(c);
    const k = JSON.stringify(pipelineKey(b));
    counts.set(k, { b, n: (counts.get(k)?.n ?? 0) + 1 });
  }
  return [...counts.values()].map(({ b, n }) => ({ ...pipelineKey(b), entity: 'PipelineCount', count: n, ...b }));
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
  const out: PipelineCount[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const res = await documentClient().send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': `AGG#PIPELINE#${region}`, ':from': `${from}#`, ':to': `${to}#~` },
        ExclusiveStartKey,
      }),
    );
    for (const i of res.Items ?? []) if (Number(i.count) !== 0) out.push({ region: i.region, month: i.month, status: i.status, kind: i.kind, count: Number(i.count) });
    ExclusiveStartKey = res.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}
