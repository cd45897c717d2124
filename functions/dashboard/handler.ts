import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { readPipeline, readTakeUp, readThemes } from '../../shared/data/aggregates.js';
import { DashboardRepository } from '../../shared/data/dashboard-repository.js';
import { readDigest } from '../../shared/data/pool-digest.js';
import { poolSummary, summarisePipeline, takeUp } from '../../shared/domain/dashboard.js';
import { financialYear, todayIso } from '../../shared/domain/dates.js';
import { addMonths } from '../../shared/domain/follow-up.js';
import { monthsOfFinancialYear } from '../../shared/domain/pipeline.js';
import { REGIONS, type Region } from '../../shared/domain/reference.js';
import type { Caller } from '../../shared/domain/user.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { forbidden } from '../../shared/http/errors.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
const dashboard = new DashboardRepository(tableName);

/** An adviser sees their region by default and may ask for all England. */
function regionsFor(caller: Caller, asked: string | undefined): Region[] {
  if (asked === 'all') return [...REGIONS];
  const region = (asked as Region | undefined) ?? caller.region;
  if (!region) throw forbidden('your account is not linked to a region; ask for region=all');
  return [region];
}

export const routes = {
  'GET /api/dashboard/pipeline': route(CONTRACT['GET /api/dashboard/pipeline'], async ({ caller, query }) => {
    const fy = query.fy ?? financialYear(todayIso());
    const regions = regionsFor(caller, query.region);
    const { from, to } = monthsOfFinancialYear(fy);
    const rows = (await Promise.all(regions.map((r) => readPipeline(tableName, r, from, to)))).flat();
    return {
      body: {
        financialYear: fy,
        region: query.region === 'all' ? 'all' : regions[0],
        ...summarisePipeline(rows),
        rows: rows.map(({ region, month, status, kind, count }) => ({ region, month, status, kind, count })),
      },
    };
  }),

  'GET /api/dashboard/take-up': route(CONTRACT['GET /api/dashboard/take-up'], async ({ caller, query }) => {
    const regions = regionsFor(caller, query.region);
    // The council "had one" if its last corporate/finance challenge ended on or after this date.
    const cutoff = addMonths(todayIso(), -12 * query.years);
    const [councils, counted] = await Promise.all([dashboard.councilsWithoutChallengeSince(cutoff), readTakeUp(tableName)]);
    // The take-up counts (kept on write) say which councils have an open corporate/finance
    // challenge and in which phase; one representative per (council, phase) is all takeUp() needs.
    // Data older than those counts falls back to reading the open challenges themselves.
    const open = counted
      ? counted.map((x) => ({ councilId: x.councilId, kind: 'corporate' as const, status: x.phase === 'booked' ? ('team-proposed' as const) : ('requested' as const) }))
      : await dashboard.challengesIn(regions, ['requested', 'scoping', 'team-proposed', 'team-confirmed']);
    const inRegions = councils.filter((c) => regions.includes(c.region));
    return { body: { years: query.years, region: query.region === 'all' ? 'all' : regions[0], ...takeUp(inRegions, open, cutoff) } };
  }),

  'GET /api/dashboard/pool': route(CONTRACT['GET /api/dashboard/pool'], async ({ query }) => {
    const fy = query.fy ?? financialYear(todayIso());
    const [peers, regionOf, demand] = await Promise.all([
      // The pool digest (16 items kept on write), not every peer record.
      readDigest(tableName, fy).then((all) => all.filter((p) => p.status === 'approved')),
      dashboard.councilRegions(),
      readThemes(tableName, 'DEMAND', fy),
    ]);
    return { body: { financialYear: fy, ...poolSummary(peers, (id) => (id ? (regionOf.get(id) ?? 'unknown') : 'outside local government'), demand) } };
  }),

  'GET /api/dashboard/themes': route(CONTRACT['GET /api/dashboard/themes'], async ({ query }) => {
    const fy = query.fy ?? financialYear(todayIso());
    const [challenges, recommendations] = await Promise.all([readThemes(tableName, 'DEMAND', fy), readThemes(tableName, 'RECOMMENDATIONS', fy)]);
    const sort = (xs: { theme: string; count: number }[]) => [...xs].sort((a, b) => b.count - a.count || a.theme.localeCompare(b.theme));
    return {
      body: {
        financialYear: fy,
        definition:
          'Challenges: requested challenges asking for each focus area, counted once per focus area, in the financial year of their on-site start. Recommendations: report recommendations by their core element or focus area, in the financial year the report was issued.',
        challenges: sort(challenges),
        recommendations: sort(recommendations),
        totals: { challengeFocusAreas: challenges.reduce((n, x) => n + x.count, 0), recommendations: recommendations.reduce((n, x) => n + x.count, 0) },
      },
    };
  }),
};

export const handler = apiHandler(routes);
