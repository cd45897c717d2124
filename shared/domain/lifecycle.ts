import type { Challenge } from './challenge.js';
import type { ChallengeStatus, UserRole } from './reference.js';

/**
 * The life of a challenge as a state machine. Each transition names who may make it;
 * 'system' is the platform itself (all invitations accepted, the daily job).
 */
export type Actor = UserRole | 'system';

interface Transition {
  from: ChallengeStatus;
  to: ChallengeStatus;
  by: readonly Actor[];
}

const BEFORE_ON_SITE = ['requested', 'scoping', 'team-proposed', 'team-confirmed'] as const;

export const TRANSITIONS: readonly Transition[] = [
  { from: 'requested', to: 'scoping', by: ['adviser'] },
  { from: 'scoping', to: 'team-proposed', by: ['adviser', 'system'] },
  // The adviser and council may need to revisit scope once they see who is free.
  { from: 'team-proposed', to: 'scoping', by: ['adviser'] },
  { from: 'team-proposed', to: 'team-confirmed', by: ['adviser', 'system'] },
  // A peer who withdraws after confirmation reopens the team.
  { from: 'team-confirmed', to: 'team-proposed', by: ['adviser', 'system'] },
  { from: 'team-confirmed', to: 'on-site', by: ['adviser', 'system'] },
  { from: 'on-site', to: 'report-issued', by: ['adviser'] },
  { from: 'report-issued', to: 'check-in', by: ['adviser', 'system'] },
  { from: 'check-in', to: 'progress-review', by: ['adviser', 'system'] },
  { from: 'progress-review', to: 'closed', by: ['adviser'] },
  // The council owns its request: it may withdraw until the team arrives.
  ...BEFORE_ON_SITE.map((from) => ({ from, to: 'withdrawn' as const, by: ['council'] as const })),
  ...BEFORE_ON_SITE.map((from) => ({ from, to: 'cancelled' as const, by: ['adviser'] as const })),
];

/**
 * Steps that carry a record of their own, so they are taken only through their own route:
 * a bare status change would skip the report, the follow-ups and their counts.
 */
export const DEDICATED_STEPS: Partial<Record<ChallengeStatus, string>> = {
  'report-issued': 'PUT /api/challenges/{id}/report',
  'check-in': 'POST /api/challenges/{id}/check-in',
  'progress-review': 'POST /api/challenges/{id}/progress-review',
  closed: 'POST /api/challenges/{id}/outcomes',
};

export const FINAL_STATUSES: readonly ChallengeStatus[] = ['closed', 'withdrawn', 'cancelled'];

/** Statuses in which accepting an invitation may book a peer's days. */
export const BOOKABLE_STATUSES: readonly ChallengeStatus[] = ['team-proposed', 'team-confirmed'];

export function allowedTransitions(from: ChallengeStatus, actor?: Actor): ChallengeStatus[] {
  return TRANSITIONS.filter((t) => t.from === from && (actor === undefined || t.by.includes(actor))).map((t) => t.to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ChallengeStatus,
    readonly to: ChallengeStatus,
    /** What this actor may do from `from` instead. */
    readonly allowed: ChallengeStatus[],
  ) {
    super(
      allowed.length > 0
        ? `a challenge that is ${from} cannot move to ${to}; allowed: ${allowed.join(', ')}`
        : `a challenge that is ${from} cannot move to ${to}; nothing further is allowed from ${from}`,
    );
    this.name = 'IllegalTransitionError';
  }
}

export interface StatusChange {
  challenge: Challenge;
  audit: { at: string; by: string; byRole: Actor; from: ChallengeStatus; to: ChallengeStatus; why: string };
}

/**
 * Checks one step of the life of a challenge and returns the challenge after it, with the
 * audit entry that records it. Pure: the repository writes both, conditionally on `from`.
 */
export function changeStatus(
  challenge: Challenge,
  to: ChallengeStatus,
  actor: { id: string; role: Actor },
  why: string,
  now: Date,
): StatusChange {
  const from = challenge.status;
  const allowed = allowedTransitions(from, actor.role);
  if (!allowed.includes(to)) throw new IllegalTransitionError(from, to, allowed);
  const at = now.toISOString();
  return {
    challenge: { ...challenge, status: to, updatedAt: at },
    audit: { at, by: actor.id, byRole: actor.role, from, to, why },
  };
}
