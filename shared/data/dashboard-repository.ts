import type { Challenge } from '../domain/challenge.js';
import type { Council } from '../domain/council.js';
import type { ChallengeStatus, Region } from '../domain/reference.js';
import { stripKeys } from './items.js';
import { queryAll } from './query.js';

/** Reads for the advisers’ dashboard: index queries and aggregates only, never the whole table. */
export class DashboardRepository {
  constructor(private readonly tableName: string) {}

  /** Councils whose last corporate/finance challenge is before `cutoff` (never = first). */
  async councilsWithoutChallengeSince(cutoff: string): Promise<Council[]> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk AND GSI2SK < :cutoff',
      ExpressionAttributeValues: { ':pk': 'TAKEUP#CORPORATE', ':cutoff': cutoff },
    });
    return items.map((i) => stripKeys<Council>(i));
  }

  /** Challenges of these regions in these statuses: one query per (region, status), in parallel. */
  async challengesIn(regions: readonly Region[], statuses: readonly ChallengeStatus[]): Promise<Pick<Challenge, 'id' | 'councilId' | 'kind' | 'status' | 'region'>[]> {
    const pages = await Promise.all(
      regions.flatMap((region) =>
        statuses.map((status) =>
          queryAll({
            TableName: this.tableName,
            IndexName: 'GSI3',
            KeyConditionExpression: 'GSI3PK = :pk',
            ExpressionAttributeValues: { ':pk': `REGION#${region}#STATUS#${status}` },
            ProjectionExpression: 'id, councilId, kind, #status, #region',
            ExpressionAttributeNames: { '#status': 'status', '#region': 'region' },
          }),
        ),
      ),
    );
    return pages.flat() as Pick<Challenge, 'id' | 'councilId' | 'kind' | 'status' | 'region'>[];
  }

  /** Every council's region: one query of the take-up index (every council is on it), two attributes each. */
  async councilRegions(): Promise<Map<string, Region>> {
    const items = await queryAll({
      TableName: this.tableName,
      IndexName: 'GSI2',
      KeyConditionExpression: 'GSI2PK = :pk',
      ExpressionAttributeValues: { ':pk': 'TAKEUP#CORPORATE' },
      ProjectionExpression: 'id, #region',
      ExpressionAttributeNames: { '#region': 'region' },
    });
    return new Map(items.map((i) => [String(i.id), i.region as Region]));
  }

  /** Every council (one query per region) — reference data, about 400 items at most. */
  async councils(regions: readonly Region[]): Promise<Council[]> {
    const pages = await Promise.all(
      regions.map((region) =>
        queryAll({ TableName: this.tableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `REGION#${region}#COUNCILS` } }),
      ),
    );
    return pages.flat().map((i) => stripKeys<Council>(i));
  }
}
