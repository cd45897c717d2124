import type { Challenge } from './challenge.js';
import type { Council } from './council.js';
import type { Peer } from './peer.js';
import { phaseOf, PHASES, type Phase } from './pipeline.js';
import type { ChallengeKind, ChallengeStatus } from './reference.js';

/**
 * The advisers' dashboard: pure summaries over what the repositories read. Every table
 * carries the definition of what it counts, and each chart is drawn from the same rows as
 * its table, so their totals agree by construction (and a test checks it).
 */

export interface PipelineRow {
  month: string;
  status: ChallengeStatus;
  kind: ChallengeKind;
  count: number;
}

export const PIPELINE_DEFINITION =
  'Challenges, each counted once, in the month its on-site days start (agreed days once scoped, else the first day of the first preferred window). ' +
  'In discussion = requested or scoping; booked = team proposed or confirmed; delivered = on site or later; ended = withdrawn or cancelled. Financial years run April to March.';

export function summarisePipeline(rows: PipelineRow[]) {
  const byPhase = Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>;
  const byStatus: Partial<Record<ChallengeStatus, number>> = {};
  const byKind: Partial<Record<ChallengeKind, number>> = {};
  const months = new Map<string, Record<Phase, number>>();
  let total = 0;
  for (const r of rows) {
    const phase = phaseOf(r.status);
    byPhase[phase] += r.count;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + r.count;
    byKind[r.kind] = (byKind[r.kind] ?? 0) + r.count;
    const m = months.get(r.month) ?? (Object.fromEntries(PHASES.map((p) => [p, 0])) as Record<Phase, number>);
    m[phase] += r.count;
    months.set(r.month, m);
    total += r.count;
  }
  return {
    definition: PIPELINE_DEFINITION,
    total,
    byPhase,
    byStatus,
    byKind,
    byMonth: [...months].sort(([a], [b]) => a.localeCompare(b)).map(([month, counts]) => ({ month, ...counts })),
  };
}

export const TAKE_UP_DEFINITION =
  'Councils whose last corporate or finance peer challenge ended on site before the cut-off (or never had one), split by whether a corporate or finance challenge is booked (team proposed or confirmed), in discussion (requested or scoping), or neither.';

export type TakeUpState = 'booked' | 'in-discussion' | 'none';

export function takeUp(
  councils: Pick<Council, 'id' | 'name' | 'type' | 'region' | 'control' | 'lastCorporateChallenge'>[],
  open: Pick<Challenge, 'councilId' | 'kind' | 'status'>[],
  cutoff: string,
) {
  const stateOf = new Map<string, TakeUpState>();
  for (const c of open) {
    if (c.kind !== 'corporate' && c.kind !== 'finance') continue;
    const phase = phaseOf(c.status);
    if (phase === 'booked') stateOf.set(c.councilId, 'booked');
    else if (phase === 'in-discussion' && stateOf.get(c.councilId) !== 'booked') stateOf.set(c.councilId, 'in-discussion');
  }
  const rows = councils
    .filter((c) => (c.lastCorporateChallenge ?? '0000-00-00') < cutoff)
    .map((c) => ({ ...c, state: stateOf.get(c.id) ?? ('none' as TakeUpState) }))
    .sort((a, b) => (a.lastCorporateChallenge ?? '').localeCompare(b.lastCorporateChallenge ?? '') || a.name.localeCompare(b.name));
  const split = (key: 'type' | 'region' | 'control') => {
    const out = new Map<string, Record<TakeUpState, number>>();
    for (const r of rows) {
      const k = String(r[key]);
      const e = out.get(k) ?? { booked: 0, 'in-discussion': 0, none: 0 };
      e[r.state]++;
      out.set(k, e);
    }
    return [...out].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => ({ [key]: k, ...v }));
  };
  const totals = { booked: 0, 'in-discussion': 0, none: 0 };
  for (const r of rows) totals[r.state]++;
  return { definition: TAKE_UP_DEFINITION, cutoff, total: rows.length, totals, councils: rows, byType: split('type'), byRegion: split('region'), byControl: split('control') };
}

export const POOL_DEFINITION =
  'Approved peers. Challenges and peer-days are those accepted in the financial year (one peer-day = one peer booked on one on-site day). Over-used = at or above their own yearly limit. Never invited = no invitation on record. Supply of a skill = approved peers with it at level 2 or 3; demand = requested challenges asking for it as a focus area in the year.';

type PoolPeer = Pick<Peer, 'id' | 'kind' | 'group' | 'councilId' | 'maxLoad' | 'skills'> & { load: number; days: number; invited: boolean };

export function poolSummary(peers: PoolPeer[], regionOf: (councilId: string | null) => string, demand: { theme: string; count: number }[]) {
  const by = (key: (p: PoolPeer) => string) => {
    const out = new Map<string, { peers: number; challenges: number; peerDays: number }>();
    for (const p of peers) {
      const k = key(p);
      const e = out.get(k) ?? { peers: 0, challenges: 0, peerDays: 0 };
      e.peers++;
      e.challenges += p.load;
      e.peerDays += p.days;
      out.set(k, e);
    }
    return [...out].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => ({ key: k, ...v }));
  };
  const loadSpread = new Map<number, number>();
  for (const p of peers) loadSpread.set(p.load, (loadSpread.get(p.load) ?? 0) + 1);
  const supply = new Map<string, number>();
  for (const p of peers) for (const [area, level] of Object.entries(p.skills)) if ((level ?? 0) >= 2) supply.set(area, (supply.get(area) ?? 0) + 1);
  const demandOf = new Map(demand.map((d) => [d.theme, d.count]));
  const areas = [...new Set([...supply.keys(), ...demandOf.keys()])].sort();
  return {
    definition: POOL_DEFINITION,
    total: { peers: peers.length, challenges: peers.reduce((n, p) => n + p.load, 0), peerDays: peers.reduce((n, p) => n + p.days, 0) },
    byGroup: by((p) => p.group ?? (p.kind === 'member' ? 'none' : `(${p.kind})`)),
    byKind: by((p) => p.kind),
    byRegion: by((p) => regionOf(p.councilId)),
    loadSpread: [...loadSpread].sort(([a], [b]) => a - b).map(([load, peersWithLoad]) => ({ load, peers: peersWithLoad })),
    overUsed: peers.filter((p) => p.maxLoad > 0 && p.load >= p.maxLoad).length,
    neverInvited: peers.filter((p) => !p.invited).length,
    skills: areas.map((area) => {
      const s = supply.get(area) ?? 0;
      const d = demandOf.get(area) ?? 0;
      return { area, supply: s, demand: d, shortfall: d > s };
    }),
  };
}
