/**
 * Input schemas and output types of the team-matching solver.
 * The problem is defined in shared/domain/matching.md (§1 proposeTeam, §2 planSeason).
 */
import { z } from 'zod';
import { PEER_KINDS, TEAM_ROLES, type TeamRole } from '../domain/reference.js';
import { isoDate } from '../domain/dates.js';

export { TEAM_ROLES, type TeamRole };

/** ISO calendar day, YYYY-MM-DD, checked to be a real date (the domain's own schema). */
export const matchDay = isoDate;

/** A political group code (CON, LAB, LD, IND, GRN, REF, PC, ...). */
export const groupCode = z.string().min(1).max(10);
/** A focus area / skill area key (normally one of FOCUS_AREAS). */
export const areaKey = z.string().min(1).max(64);

export const teamRoleSchema = z.enum(TEAM_ROLES);

export const DEFAULT_POLICY = {
  leadMemberSameGroup: true,
  crossPartyMembers: true,
  onePerCouncil: true,
  excludeSameRegion: false,
  loadPenalty: 1,
} as const;

export const policySchema = z
  .object({
    leadMemberSameGroup: z.boolean().default(DEFAULT_POLICY.leadMemberSameGroup),
    crossPartyMembers: z.boolean().default(DEFAULT_POLICY.crossPartyMembers),
    onePerCouncil: z.boolean().default(DEFAULT_POLICY.onePerCouncil),
    excludeSameRegion: z.boolean().default(DEFAULT_POLICY.excludeSameRegion),
    loadPenalty: z.number().int().min(0).max(1000).default(DEFAULT_POLICY.loadPenalty),
  })
  .prefault({});
export type MatchPolicy = z.output<typeof policySchema>;
export type MatchPolicyInput = z.input<typeof policySchema>;

export const slotSchema = z.object({
  role: teamRoleSchema,
  count: z.number().int().min(0).max(12),
});

export const focusSchema = z
  .record(areaKey, z.number().int().min(1).max(5))
  .refine((f) => Object.keys(f).length <= 18, 'at most 18 focus areas');

export const skillsSchema = z.record(areaKey, z.number().int().min(1).max(3));

export const matchPeerSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(PEER_KINDS),
  group: groupCode.nullable(),
  councilId: z.string().min(1).nullable(),
  region: z.string().min(1),
  roles: z.array(teamRoleSchema).min(1),
  skills: skillsSchema,
  busy: z.array(matchDay).default([]),
  conflicts: z.array(z.string().min(1)).default([]),
  load: z.number().int().min(0),
  maxLoad: z.number().int().min(0),
});
export type MatchPeer = z.output<typeof matchPeerSchema>;
export type MatchPeerInput = z.input<typeof matchPeerSchema>;

const challengeBase = {
  id: z.string().min(1),
  councilId: z.string().min(1),
  region: z.string().min(1),
  /** A group code, or "NOC". */
  control: groupCode,
  focus: focusSchema,
  slots: z
    .array(slotSchema)
    .min(1)
    .refine((s) => s.reduce((a, x) => a + x.count, 0) <= 12, 'a team has at most 12 places'),
};

export const matchChallengeSchema = z.object({
  ...challengeBase,
  days: z.array(matchDay).min(1).max(10),
});
export type MatchChallenge = z.output<typeof matchChallengeSchema>;

export const seasonChallengeSchema = z.object({
  ...challengeBase,
  windows: z.array(z.array(matchDay).min(1).max(10)).min(1).max(8),
});
export type SeasonChallenge = z.output<typeof seasonChallengeSchema>;

function uniquePeerIds(peers: { id: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  peers.forEach((p, i) => {
    if (seen.has(p.id)) ctx.addIssue({ code: 'custom', message: `duplicate peer id ${p.id}`, path: ['peers', i, 'id'] });
    seen.add(p.id);
  });
}

export const pinSchema = z.object({ peerId: z.string().min(1), slot: teamRoleSchema.optional() });
export type Pin = z.output<typeof pinSchema>;

export const proposeOptionsSchema = z.object({
  k: z.number().int().min(1).max(50).optional(),
  pins: z.array(pinSchema).optional(),
  exclude: z.array(z.string().min(1)).optional(),
});
export type ProposeOptions = z.output<typeof proposeOptionsSchema>;

export const proposeTeamInputSchema = z
  .object({
    challenge: matchChallengeSchema,
    peers: z.array(matchPeerSchema),
    policy: policySchema,
    /** CLI only: options passed to proposeTeam. */
    options: proposeOptionsSchema.optional(),
  })
  .superRefine((v, ctx) => uniquePeerIds(v.peers, ctx));
/** Parsed (defaults applied). */
export type ProposeTeamInput = z.output<typeof proposeTeamInputSchema>;
/** What callers may pass: busy/conflicts/policy may be omitted. */
export type ProposeTeamInputRaw = z.input<typeof proposeTeamInputSchema>;

export const planSeasonInputSchema = z
  .object({
    challenges: z.array(seasonChallengeSchema).superRefine((cs, ctx) => {
      const seen = new Set<string>();
      cs.forEach((c, i) => {
        if (seen.has(c.id)) ctx.addIssue({ code: 'custom', message: `duplicate challenge id ${c.id}`, path: [i, 'id'] });
        seen.add(c.id);
      });
    }),
    peers: z.array(matchPeerSchema),
    policy: policySchema,
  })
  .superRefine((v, ctx) => uniquePeerIds(v.peers, ctx));
export type PlanSeasonInput = z.output<typeof planSeasonInputSchema>;
export type PlanSeasonInputRaw = z.input<typeof planSeasonInputSchema>;

// ---------------------------------------------------------------- outputs

export interface TeamPlace {
  slot: TeamRole;
  peerId: string;
}

export interface WhyEntry {
  peerId: string;
  covers: string[];
  notes: string;
}

/** Score split into its three parts: score = coverage + depth - loadPenalty * load. */
export interface ScoreParts {
  score: number;
  coverage: number;
  depth: number;
  /** Σ load of the team (before the penalty). */
  load: number;
  /** Best level per focus area, in the challenge's focus order. */
  best: Record<string, number>;
}

/** How one team compares with another (this minus that). */
export interface ScoreDiff {
  scoreDelta: number;
  coverageDelta: number;
  depthDelta: number;
  /** Penalised load difference (−loadPenalty · Δload); negative means more load. */
  loadDelta: number;
  /** Focus areas whose best expert level is lower in this team. */
  lost: string[];
  /** Focus areas whose best expert level is higher in this team. */
  gained: string[];
  added: TeamPlace[];
  removed: TeamPlace[];
}

export interface Alternative {
  score: number;
  team: TeamPlace[];
  /** This alternative compared with the returned best team. */
  diff: ScoreDiff;
}

export interface ProposeOptimal {
  status: 'optimal';
  score: number;
  team: TeamPlace[];
  why: WhyEntry[];
  parts: ScoreParts;
  alternatives?: Alternative[];
  /**
   * Present when pins or exclusions were given: this team compared with the optimum
   * without them (null when no team exists without them, which cannot happen when this one exists).
   */
  versusUnconstrained?: (ScoreDiff & { unconstrainedScore: number }) | null;
}

export interface ProposeInfeasible {
  status: 'infeasible';
  reason: string;
  rule: 2 | 3 | 4 | 5 | 6 | 7 | 8 | null;
  slot: TeamRole;
}

export type ProposeResult = ProposeOptimal | ProposeInfeasible;

export interface PlanEntryScheduled {
  challengeId: string;
  window: number;
  team: TeamPlace[];
  score: number;
}
export interface PlanEntryUnscheduled {
  challengeId: string;
  window: null;
  reason: string;
}
export type PlanEntry = PlanEntryScheduled | PlanEntryUnscheduled;

export interface SeasonResult {
  plan: PlanEntry[];
  upperBound: number;
  /** total score / upperBound (1 when the bound is 0). */
  ratio: number;
  totalScore: number;
  scheduled: number;
  unscheduled: number;
  /** Challenges that can be scheduled alone in at least one window. */
  schedulableAlone: number;
}
