/**
 * Score components of a team (matching.md §1):
 *   score = 10 · Σ_f weight_f · max_p skill_p(f)  (coverage)
 *         +      Σ_p Σ_f skill_p(f)               (depth)
 *         −      loadPenalty · Σ_p load_p          (load)
 * Used for explanations; the solver computes the same numbers on integer arrays.
 */
import type { ScoreDiff, ScoreParts, TeamPlace } from './types.js';

export interface ScorablePeer {
  id: string;
  skills: Record<string, number | undefined>;
  load: number;
}

export function scoreParts(
  focus: Record<string, number>,
  members: readonly ScorablePeer[],
  loadPenalty: number,
): ScoreParts {
  const best: Record<string, number> = {};
  let coverage = 0;
  let depth = 0;
  let load = 0;
  for (const [f, w] of Object.entries(focus)) {
    let m = 0;
    for (const p of members) {
      const s = p.skills[f] ?? 0;
      if (s > m) m = s;
      depth += s;
    }
    best[f] = m;
    coverage += 10 * w * m;
  }
  for (const p of members) load += p.load;
  return { score: coverage + depth - loadPenalty * load, coverage, depth, load, best };
}

function placeKey(p: TeamPlace): string {
  return `${p.slot}\u0000${p.peerId}`;
}

/** `a` compared with `b` (a minus b). */
export function diffParts(
  a: ScoreParts,
  b: ScoreParts,
  teamA: readonly TeamPlace[],
  teamB: readonly TeamPlace[],
  loadPenalty: number,
): ScoreDiff {
  const lost: string[] = [];
  const gained: string[] = [];
  for (const f of Object.keys(a.best)) {
    const la = a.best[f] ?? 0;
    const lb = b.best[f] ?? 0;
    if (la < lb) lost.push(f);
    else if (la > lb) gained.push(f);
  }
  const countB = new Map<string, number>();
  for (const p of teamB) countB.set(placeKey(p), (countB.get(placeKey(p)) ?? 0) + 1);
  const added: TeamPlace[] = [];
  for (const p of teamA) {
    const k = placeKey(p);
    const c = countB.get(k) ?? 0;
    if (c > 0) countB.set(k, c - 1);
    else added.push(p);
  }
  const countA = new Map<string, number>();
  for (const p of teamA) countA.set(placeKey(p), (countA.get(placeKey(p)) ?? 0) + 1);
  const removed: TeamPlace[] = [];
  for (const p of teamB) {
    const k = placeKey(p);
    const c = countA.get(k) ?? 0;
    if (c > 0) countA.set(k, c - 1);
    else removed.push(p);
  }
  return {
    scoreDelta: a.score - b.score,
    coverageDelta: a.coverage - b.coverage,
    depthDelta: a.depth - b.depth,
    loadDelta: -loadPenalty * (a.load - b.load),
    lost,
    gained,
    added,
    removed,
  };
}
