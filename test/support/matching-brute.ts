/**
 * Brute-force enumerator for tiny §1 instances (≤ 12 peers, ≤ 4 slots).
 *
 * It enumerates every assignment that satisfies rule 1 structurally (each slot
 * place gets a distinct peer whose roles include the slot role; places of the
 * same role are filled by an increasing sequence of peers so that a team is
 * produced once), then asks the independent checker for rules 2–8 and the score.
 * Nothing here knows how the solver works.
 */
import {
  checkTeam,
  scoreTeam,
  slotDemand,
  type CkProposeInput,
  type CkTeamMember,
} from './matching-checker.js';

export interface BruteTeam {
  team: CkTeamMember[];
  score: number;
}

export interface BruteResult {
  status: 'optimal' | 'infeasible';
  /** Best score (optimal only). */
  score?: number;
  /** One best team (optimal only). */
  team?: CkTeamMember[];
  /** Every feasible team, best first. */
  all: BruteTeam[];
  /** For infeasible: lowest rule 2–8 that, relaxed alone, makes a team possible; null if none. */
  rule?: number | null;
}

export interface BruteOptions {
  ignoreRules?: readonly number[];
  /** Skip computing `rule` for infeasible instances. */
  skipRule?: boolean;
  /** Safety valve: refuse instances with more structural candidates than this. */
  maxCandidates?: number;
}

/** Every structurally valid (rule 1) team, calling `visit` on each. */
export function enumerateStructural(input: CkProposeInput, visit: (team: CkTeamMember[]) => void): void {
  const demand = [...slotDemand(input.challenge)].filter(([, n]) => n > 0);
  const peers = input.peers;
  const used = new Array<boolean>(peers.length).fill(false);
  const team: CkTeamMember[] = [];

  const fillRole = (ri: number, need: number, from: number): void => {
    if (ri === demand.length) {
      visit(team.slice());
      return;
    }
    const entry = demand[ri]!;
    const role = entry[0];
    if (need === 0) {
      const next = demand[ri + 1];
      fillRole(ri + 1, next ? next[1] : 0, 0);
      return;
    }
    for (let i = from; i < peers.length; i++) {
      const p = peers[i]!;
      if (used[i] || !p.roles.includes(role)) continue;
      used[i] = true;
      team.push({ slot: role, peerId: p.id });
      fillRole(ri, need - 1, i + 1);
      team.pop();
      used[i] = false;
    }
  };
  if (demand.length === 0) {
    visit([]);
    return;
  }
  fillRole(0, demand[0]![1], 0);
}

export function bruteForce(input: CkProposeInput, opts: BruteOptions = {}): BruteResult {
  const total = input.challenge.slots.reduce((a, s) => a + s.count, 0);
  if (input.peers.length > (opts.maxCandidates ?? 14) || total > 6) {
    throw new Error(`bruteForce: instance too large (${input.peers.length} peers, ${total} slot places)`);
  }
  const all: BruteTeam[] = [];
  enumerateStructural(input, (team) => {
    if (checkTeam(input, team, { ignoreRules: opts.ignoreRules }).length === 0) {
      all.push({ team, score: scoreTeam(input, team) });
    }
  });
  all.sort((a, b) => b.score - a.score);
  const best = all[0];
  if (best) return { status: 'optimal', score: best.score, team: best.team, all };
  let rule: number | null = null;
  if (!opts.skipRule) {
    for (const r of [2, 3, 4, 5, 6, 7, 8]) {
      const relaxed = bruteForce(input, { ...opts, ignoreRules: [...(opts.ignoreRules ?? []), r], skipRule: true });
      if (relaxed.status === 'optimal') {
        rule = r;
        break;
      }
    }
  }
  return { status: 'infeasible', all, rule };
}
