import type { Challenge } from './challenge.js';
import { financialYear } from './dates.js';
import type { ChallengeKind, ChallengeStatus, Region } from './reference.js';

/**
 * The advisers' pipeline, defined once so that every figure adds up.
 *
 * - A challenge is counted once, in the month of its on-site start: the agreed first on-site
 *   day once scoped, else the first day of its first preferred window.
 * - Its financial year (April–March) is that month's.
 * - Phase: "in discussion" = requested or scoping; "booked" = team proposed or confirmed;
 *   "delivered" = on site or later (report, check-in, review, closed); "ended" = withdrawn or
 *   cancelled (shown apart, never in the other three).
 */
export const PHASES = ['in-discussion', 'booked', 'delivered', 'ended'] as const;
export type Phase = (typeof PHASES)[number];

export function phaseOf(status: ChallengeStatus): Phase {
  switch (status) {
    case 'requested':
    case 'scoping':
      return 'in-discussion';
    case 'team-proposed':
    case 'team-confirmed':
      return 'booked';
    case 'withdrawn':
    case 'cancelled':
      return 'ended';
    default:
      return 'delivered';
  }
}

export function onSiteStart(c: Pick<Challenge, 'scope' | 'windows'>): string {
  return c.scope?.days[0] ?? c.windows[0]?.[0] ?? '0000-01-01';
}

/** The one bucket a challenge is counted in. */
export interface PipelineBucket {
  region: Region;
  month: string;
  status: ChallengeStatus;
  kind: ChallengeKind;
}

export function bucketOf(c: Pick<Challenge, 'region' | 'status' | 'kind' | 'scope' | 'windows'>): PipelineBucket {
  return { region: c.region, month: onSiteStart(c).slice(0, 7), status: c.status, kind: c.kind };
}

export function sameBucket(a: PipelineBucket, b: PipelineBucket): boolean {
  return a.region === b.region && a.month === b.month && a.status === b.status && a.kind === b.kind;
}

/** Financial years ("2026/27") span April to March: the months of one, as YYYY-MM. */
export function monthsOfFinancialYear(fy: string): { from: string; to: string } {
  const start = Number(fy.slice(0, 4));
  return { from: `${start}-04`, to: `${start + 1}-03` };
}

export { financialYear };
