import { z } from 'zod';
import { addDays, financialYear, isoDate } from './dates.js';
import { windowSchema, type Challenge } from './challenge.js';
import { ACTION_STATUSES, CORE_ELEMENTS, FOCUS_AREAS, IMPACT_KINDS, type ActionStatus, type ChallengeKind } from './reference.js';
export { ACTION_STATUSES, IMPACT_KINDS, type ActionStatus };

/**
 * After the visit: the report and its recommendations, the council's publication record and
 * action plan, the six-month check-in, the progress review, outcomes and surveys. Pure rules
 * and schemas; the repository and handlers store and serve them.
 */

/** When follow-ups fall due, counted from the last on-site day (policy, per kind). */
export interface FollowUpPolicy {
  checkInMonths: number;
  /** The progress review is due in this window after on-site. */
  reviewMonths: { from: number; to: number };
  /** A follow-up is "due" this many days before its date, and "overdue" after it. */
  dueSoonDays: number;
}

export const DEFAULT_FOLLOW_UP_POLICY: FollowUpPolicy = { checkInMonths: 6, reviewMonths: { from: 9, to: 12 }, dueSoonDays: 30 };

export const FOLLOW_UP_POLICIES: Record<ChallengeKind, FollowUpPolicy> = {
  corporate: DEFAULT_FOLLOW_UP_POLICY,
  finance: DEFAULT_FOLLOW_UP_POLICY,
  // Service reviews move faster: check in after four months, review within the year.
  'childrens-safeguarding': { checkInMonths: 4, reviewMonths: { from: 8, to: 12 }, dueSoonDays: 30 },
  'adult-social-care': { checkInMonths: 4, reviewMonths: { from: 8, to: 12 }, dueSoonDays: 30 },
  planning: DEFAULT_FOLLOW_UP_POLICY,
  fire: DEFAULT_FOLLOW_UP_POLICY,
  other: DEFAULT_FOLLOW_UP_POLICY,
};

/** Calendar months later, clamped to the month's last day (31 Aug + 6 months = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export const FOLLOW_UP_KINDS = ['check-in', 'progress-review'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

export interface FollowUp {
  challengeId: string;
  kind: FollowUpKind;
  /** The date it is due by: the check-in date, or the end of the review window. */
  dueOn: string;
  /** For a progress review, the earliest sensible date. */
  notBefore?: string;
  status: 'open' | 'done';
  doneOn?: string;
}

/** The follow-ups created when the report is issued. */
export function followUpsFor(challengeId: string, kind: ChallengeKind, lastOnSiteDay: string, policy = FOLLOW_UP_POLICIES[kind]): FollowUp[] {
  return [
    { challengeId, kind: 'check-in', dueOn: addMonths(lastOnSiteDay, policy.checkInMonths), status: 'open' },
    {
      challengeId,
      kind: 'progress-review',
      notBefore: addMonths(lastOnSiteDay, policy.reviewMonths.from),
      dueOn: addMonths(lastOnSiteDay, policy.reviewMonths.to),
      status: 'open',
    },
  ];
}

export type FollowUpState = 'upcoming' | 'due' | 'overdue' | 'done';

/** Where a follow-up stands on `today`: due within `dueSoonDays`, overdue once its date has passed. */
export function followUpState(f: Pick<FollowUp, 'dueOn' | 'status'>, today: string, policy: FollowUpPolicy = DEFAULT_FOLLOW_UP_POLICY): FollowUpState {
  if (f.status === 'done') return 'done';
  if (f.dueOn < today) return 'overdue';
  if (f.dueOn <= addDays(today, policy.dueSoonDays)) return 'due';
  return 'upcoming';
}

/** What a recommendation is about: one of the five core elements, or a focus area. */
export const THEMES = [...CORE_ELEMENTS, ...FOCUS_AREAS] as const;
export type Theme = (typeof THEMES)[number];

export const recommendationSchema = z.strictObject({
  text: z.string().trim().min(3, 'write the recommendation').max(1000),
  theme: z.enum(THEMES),
});

export const reportSchema = z.strictObject({
  feedbackPresentedOn: isoDate,
  issuedOn: isoDate,
  recommendations: z.array(recommendationSchema).min(1, 'a report has at least one recommendation').max(40),
});
export type Report = z.infer<typeof reportSchema>;

/** The council's choice: the platform records it and never publishes for them. */
export const publicationSchema = z.strictObject({
  reportPublished: z.boolean(),
  reportPublishedOn: isoDate.optional(),
  actionPlanPublished: z.boolean(),
  actionPlanPublishedOn: isoDate.optional(),
  link: z.url({ protocol: /^https$/, message: 'must be an https:// link' }).max(500).optional(),
});


/** Red/amber/green as the LGA's own reports show progress. */
export function rag(status: ActionStatus): 'red' | 'amber' | 'green' | 'grey' {
  switch (status) {
    case 'off-track':
      return 'red';
    case 'at-risk':
      return 'amber';
    case 'on-track':
    case 'done':
      return 'green';
    case 'not-started':
      return 'grey';
  }
}

export const actionSchema = z.strictObject({
  /** Index of the recommendation in the report. */
  recommendation: z.number().int().min(0).max(39),
  action: z.string().trim().min(3, 'describe the action').max(1000),
  owner: z.string().trim().min(1, 'name an owner (a role is enough)').max(120),
  dueOn: isoDate,
  status: z.enum(ACTION_STATUSES),
});
export const actionPlanSchema = z.strictObject({ actions: z.array(actionSchema).max(200) });
export type ActionPlan = z.infer<typeof actionPlanSchema>;

export const positionStatementSchema = z.strictObject({
  progress: z
    .array(
      z.strictObject({
        recommendation: z.number().int().min(0).max(39),
        summary: z.string().trim().min(3, 'say what was done').max(2000),
        evidence: z.array(z.url({ protocol: /^https$/, message: 'must be an https:// link' }).max(500)).max(10).default([]),
      }),
    )
    .min(1, 'report progress on at least one recommendation'),
});


export const outcomesSchema = z.strictObject({
  impacts: z
    .array(z.strictObject({ kind: z.enum(IMPACT_KINDS), evidence: z.string().trim().min(3).max(2000) }))
    .min(1, 'record at least one kind of impact')
    .refine((xs) => new Set(xs.map((x) => x.kind)).size === xs.length, 'each kind of impact once'),
});

export const surveySchema = z.strictObject({
  rating: z.number().int().min(1, '1 (poor) to 5 (excellent)').max(5, '1 (poor) to 5 (excellent)'),
  comment: z.string().trim().max(2000).default(''),
});

/** A peer's feedback on a fellow team member: seen by advisers and that peer's group office only. */
export const peerFeedbackSchema = z.strictObject({
  aboutPeerId: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a peer id'),
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(''),
});

export class FollowUpRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FollowUpRuleError';
  }
}

/** A report comes after the on-site days, and its presentation on or after the first of them. */
export function checkReport(report: Report, onSiteDays: readonly string[], today: string): void {
  const first = onSiteDays[0]!;
  const last = onSiteDays[onSiteDays.length - 1]!;
  if (report.feedbackPresentedOn < first) throw new FollowUpRuleError('feedbackPresentedOn', `the feedback presentation cannot be before on-site began (${first})`);
  if (report.issuedOn < last) throw new FollowUpRuleError('issuedOn', `the report is issued after the last on-site day (${last})`);
  if (report.issuedOn > today) throw new FollowUpRuleError('issuedOn', 'the report cannot be issued in the future');
}

/** Every action must point at a recommendation of the report. */
export function checkActionPlan(plan: ActionPlan, recommendations: number): void {
  plan.actions.forEach((a, i) => {
    if (a.recommendation >= recommendations)
      throw new FollowUpRuleError(`actions.${i}.recommendation`, `the report has ${recommendations} recommendations (0 to ${recommendations - 1})`);
  });
}

/** The last on-site day: the agreed scope's, or the first window's when no scope was recorded. */
export function lastOnSiteDay(c: Pick<Challenge, 'scope' | 'windows'>): string {
  const days = onSiteDays(c);
  return days[days.length - 1]!;
}

export function onSiteDays(c: Pick<Challenge, 'scope' | 'windows'>): string[] {
  return c.scope?.days ?? c.windows[0] ?? [];
}

/** The policy of the kind with the longest "due soon" lead, for the daily job's one index query. */
export const MAX_DUE_SOON_DAYS = Math.max(...Object.values(FOLLOW_UP_POLICIES).map((p) => p.dueSoonDays));

/**
 * How the recommendation theme counts move when a report is recorded (`before` null) or
 * edited: per (financial year of issue, theme), the difference. Recording the same report
 * again moves nothing, so a replay cannot double-count.
 */
export function themeDelta(before: Pick<Report, 'issuedOn' | 'recommendations'> | null, after: Pick<Report, 'issuedOn' | 'recommendations'>): { fy: string; theme: string; n: number }[] {
  const counts = new Map<string, { fy: string; theme: string; n: number }>();
  const add = (r: Pick<Report, 'issuedOn' | 'recommendations'>, sign: 1 | -1) => {
    const fy = financialYear(r.issuedOn);
    for (const rec of r.recommendations) {
      const k = `${fy}#${rec.theme}`;
      counts.set(k, { fy, theme: rec.theme, n: (counts.get(k)?.n ?? 0) + sign });
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  return [...counts.values()].filter((d) => d.n !== 0).sort((a, b) => `${a.fy}#${a.theme}`.localeCompare(`${b.fy}#${b.theme}`));
}

/** Body of POST /api/challenges/{id}/check-in: the check-in the adviser held. */
export const checkInSchema = z.strictObject({
  heldOn: isoDate,
  notes: z.string().trim().max(4000).default(''),
});

export function checkCheckIn(heldOn: string, lastOnSite: string, today: string): void {
  if (heldOn <= lastOnSite) throw new FollowUpRuleError('heldOn', `the check-in comes after the last on-site day (${lastOnSite})`);
  if (heldOn > today) throw new FollowUpRuleError('heldOn', 'record a check-in once it has been held, not in advance');
}

/** Body of POST /api/challenges/{id}/progress-review: the windows the council would accept for the review visit. */
export const progressReviewBodySchema = z.strictObject({
  windows: z.array(windowSchema).min(1, 'give at least one preferred window').max(4, 'at most 4 windows'),
  notes: z.string().max(4000).default(''),
});

/**
 * The progress review, booked like a challenge: a new challenge of the same council and kind,
 * linked by `reviewOf`, starting in `scoping` (the request is the adviser's booking itself).
 */
export function reviewChallenge(parent: Challenge, body: z.infer<typeof progressReviewBodySchema>, id: string, now: Date): Challenge {
  const today = now.toISOString().slice(0, 10);
  body.windows.forEach((w, i) => {
    if (w[0]! <= today) throw new FollowUpRuleError(`windows.${i}.0`, `window ${i + 1} starts on ${w[0]}, which is not after today (${today})`);
  });
  const at = now.toISOString();
  return {
    id,
    councilId: parent.councilId,
    councilName: parent.councilName,
    region: parent.region,
    kind: parent.kind,
    focusAreas: parent.focusAreas,
    windows: body.windows,
    contact: parent.contact,
    notes: body.notes || `Progress review of challenge ${parent.id}.`,
    status: 'scoping',
    reviewOf: parent.id,
    createdAt: at,
    updatedAt: at,
  };
}

/** The council's publication record: dates only for what was published, none in the future or before the report. */
export function checkPublication(p: z.infer<typeof publicationSchema>, issuedOn: string, today: string): void {
  for (const [flag, field] of [
    ['reportPublished', 'reportPublishedOn'],
    ['actionPlanPublished', 'actionPlanPublishedOn'],
  ] as const) {
    const on = p[field];
    if (p[flag] && !on) throw new FollowUpRuleError(field, 'say when it was published');
    if (!p[flag] && on) throw new FollowUpRuleError(field, `a date only when ${flag} is true`);
    if (on && on > today) throw new FollowUpRuleError(field, 'cannot be in the future');
    if (on && on < issuedOn) throw new FollowUpRuleError(field, `cannot be before the report was issued (${issuedOn})`);
  }
}

/** Body of POST /api/challenges/{id}/survey: a rating and comment, and (peers only) feedback on fellow team members. */
export const surveyBodySchema = surveySchema.extend({
  peerFeedback: z.array(peerFeedbackSchema).max(8).default([]),
});
export type SurveyBody = z.infer<typeof surveyBodySchema>;

/** Feedback only from a team member, about other accepted members of the same team, once each. */
export function checkPeerFeedback(body: SurveyBody, respondent: { kind: 'council' } | { kind: 'peer'; peerId: string }, team: readonly string[]): void {
  if (respondent.kind === 'council' && body.peerFeedback.length > 0) throw new FollowUpRuleError('peerFeedback', 'only members of the team give feedback on each other');
  const seen = new Set<string>();
  body.peerFeedback.forEach((f, i) => {
    if (respondent.kind === 'peer' && f.aboutPeerId === respondent.peerId) throw new FollowUpRuleError(`peerFeedback.${i}.aboutPeerId`, 'feedback is about fellow team members, not yourself');
    if (!team.includes(f.aboutPeerId)) throw new FollowUpRuleError(`peerFeedback.${i}.aboutPeerId`, 'not a member of this team');
    if (seen.has(f.aboutPeerId)) throw new FollowUpRuleError(`peerFeedback.${i}.aboutPeerId`, 'one piece of feedback per peer');
    seen.add(f.aboutPeerId);
  });
}
