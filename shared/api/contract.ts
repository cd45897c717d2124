import { z } from 'zod';
import { challengeRequestSchema, challengeSchema } from '../domain/challenge.js';
import { councilSchema } from '../domain/council.js';
import { peerSchema } from '../domain/peer.js';
import { approvalSchema, profileUpdateSchema, signUpSchema } from '../domain/peer-pool.js';
import { declineBodySchema, invitationSchema, inviteBodySchema } from '../domain/invitation.js';
import { scopeSchema } from '../domain/scope.js';
import { outboxMessageSchema } from '../domain/notifications.js';
import { proposalBodySchema } from '../domain/team-proposal.js';
import {
  actionPlanSchema,
  checkInSchema,
  outcomesSchema,
  positionStatementSchema,
  progressReviewBodySchema,
  publicationSchema,
  reportSchema,
  surveyBodySchema,
} from '../domain/follow-up.js';
import { CHALLENGE_STATUSES, CONTROL, REGIONS, POLITICAL_GROUPS, USER_ROLES } from '../domain/reference.js';
import type { UserRole } from '../domain/reference.js';

/**
 * The API's contract: for every route, who may call it and the shape of what goes in and
 * comes out. Handlers take their validation from here and the OpenAPI document is
 * generated from here, so the two cannot disagree.
 */
export interface RouteContract {
  summary: string;
  roles: readonly UserRole[] | 'public';
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  idempotent?: boolean;
  /** A body in this media type instead of JSON (the route gets a string), e.g. 'text/csv'. */
  bodyType?: string;
  /** This route's body limit when larger than the default 64 KB (at most 6 MB). */
  maxBodyBytes?: number;
  /** contentType: a non-JSON response (the schema then describes a string). */
  response: { status: number; schema: z.ZodType; contentType?: string };
}

export const listQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(2048).optional(),
});
export const challengeIdParams = z.strictObject({ id: z.ulid('must be a challenge id') });
export const peerIdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a peer id') });
export const councilIdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9-]{1,40}$/, 'must be a council id') });

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().optional() });

export const meSchema = z.object({
  sub: z.string(),
  name: z.string(),
  roles: z.array(z.enum(USER_ROLES)),
  councilId: z.string().optional(),
  council: councilSchema.optional(),
  peerId: z.string().optional(),
  region: z.enum(REGIONS).optional(),
  group: z.enum(POLITICAL_GROUPS).optional(),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  table: z.enum(['ok', 'unavailable']),
  tableLatencyMs: z.number().optional(),
  time: z.string(),
});

export const errorSchema = z.object({
  message: z.string(),
  requestId: z.string(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});

export const statusChangeSchema = z.strictObject({
  to: z.enum(CHALLENGE_STATUSES),
  why: z.string().trim().min(1, 'say why, for the audit trail').max(1000),
});

export const auditEntrySchema = z.object({
  at: z.string(),
  by: z.string(),
  byRole: z.string(),
  from: z.enum(CHALLENGE_STATUSES).nullable(),
  to: z.enum(CHALLENGE_STATUSES),
  why: z.string(),
});

export const poolImportQuerySchema = z.strictObject({
  /** all-or-nothing (default): any bad row and nothing is written; valid-only: write the good rows. */
  mode: z.enum(['all-or-nothing', 'valid-only']).default('all-or-nothing'),
});
export const rowErrorSchema = z.object({ line: z.number(), field: z.string(), message: z.string() });

export const councilControlSchema = z.strictObject({
  control: z.enum(CONTROL),
  why: z.string().trim().min(1, 'say why, for the audit trail').max(1000),
});

export const pipelineQuerySchema = z.strictObject({
  /** Challenges per column (newest first). */
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** 'all': every region of England and Wales (one query per region and status). */
  region: z.literal('all').optional(),
});

const financialYearParam = z.string().regex(/^\d{4}\/\d{2}$/, 'a financial year such as 2026/27').refine((fy) => (Number(fy.slice(0, 4)) + 1) % 100 === Number(fy.slice(5)), 'the second year must follow the first');
const regionParam = z.union([z.enum(REGIONS), z.literal('all')]);
export const dashboardQuerySchema = z.strictObject({ fy: financialYearParam.optional(), region: regionParam.optional() });
export const takeUpQuerySchema = z.strictObject({ years: z.coerce.number().int().min(1).max(10).default(5), region: regionParam.optional() });

export const followUpsQuerySchema = z.strictObject({ region: z.literal('all').optional() });
const followUpView = z.object({ challengeId: z.string(), status: z.enum(CHALLENGE_STATUSES), followUps: z.array(z.object({ kind: z.string(), dueOn: z.string(), state: z.string() }).loose()) }).loose();

export const CONTRACT = {
  'GET /api/health': {
    summary: 'Whether the API and its table answer',
    roles: 'public',
    response: { status: 200, schema: healthSchema },
  },
  'GET /api/openapi.json': {
    summary: 'This document',
    roles: 'public',
    response: { status: 200, schema: z.object({ openapi: z.string() }).loose() },
  },
  'GET /api/me': {
    summary: 'The signed-in user, with their council when they belong to one',
    roles: ['council', 'peer', 'adviser', 'group-office'],
    response: { status: 200, schema: meSchema },
  },
  'GET /api/councils': {
    summary: "The councils of the adviser's region",
    roles: ['adviser'],
    response: { status: 200, schema: page(councilSchema) },
  },
  'GET /api/councils/{id}': {
    summary: "One council (a council officer sees their own; an adviser their region's)",
    roles: ['council', 'adviser'],
    params: councilIdParams,
    response: { status: 200, schema: councilSchema },
  },
  'PUT /api/councils/{id}/control': {
    summary: "Record a change of a council's political control (adviser of its region); audited; proposals use it at once",
    roles: ['adviser'],
    params: councilIdParams,
    body: councilControlSchema,
    response: { status: 200, schema: councilSchema },
  },
  'GET /api/pipeline': {
    summary: "The adviser's pipeline board: per status, the count and the newest challenges (region=all: every region)",
    roles: ['adviser'],
    query: pipelineQuerySchema,
    response: {
      status: 200,
      schema: z.object({
        region: z.string(),
        total: z.number(),
        columns: z.array(z.object({ status: z.enum(CHALLENGE_STATUSES), count: z.number(), items: z.array(challengeSchema), cursor: z.string().optional() })),
      }),
    },
  },
  'GET /api/pool.csv': {
    summary: 'The whole peer pool (approved and pending) as CSV, one row per peer, semicolon-separated lists',
    roles: ['adviser'],
    response: { status: 200, schema: z.string(), contentType: 'text/csv; charset=utf-8' },
  },
  'POST /api/pool/import': {
    summary:
      'Create or replace peers from a CSV file (up to 6 MB); every row is checked first; all-or-nothing answers 422 with every bad row and writes nothing',
    roles: ['adviser'],
    query: poolImportQuerySchema,
    body: z.string().min(1, 'send the CSV file as the body'),
    bodyType: 'text/csv',
    maxBodyBytes: 6 * 1024 * 1024,
    response: {
      status: 200,
      schema: z.object({
        imported: z.number(),
        created: z.array(z.object({ line: z.number(), id: z.string() })),
        rejected: z.array(rowErrorSchema),
      }),
    },
  },
  'POST /api/challenges': {
    summary: "Request a peer challenge for the caller's council",
    roles: ['council'],
    body: challengeRequestSchema,
    idempotent: true,
    response: { status: 201, schema: challengeSchema },
  },
  'GET /api/challenges': {
    summary: "Challenges the caller may see, newest first: their council's, or their region's for an adviser",
    roles: ['council', 'adviser'],
    query: listQuerySchema,
    response: { status: 200, schema: page(challengeSchema) },
  },
  'GET /api/challenges/{id}': {
    summary: 'One challenge; 404 when it does not exist or the caller may not see it',
    roles: ['council', 'adviser'],
    params: challengeIdParams,
    response: { status: 200, schema: challengeSchema },
  },
  'POST /api/challenges/{id}/status': {
    summary: 'Move a challenge to its next status; 409 names the statuses allowed from here',
    roles: ['council', 'adviser'],
    params: challengeIdParams,
    body: statusChangeSchema,
    idempotent: true,
    response: { status: 200, schema: challengeSchema },
  },
  'GET /api/challenges/{id}/audit': {
    summary: 'Every status change of a challenge: who, when, from, to and why, oldest first',
    roles: ['council', 'adviser'],
    params: challengeIdParams,
    response: { status: 200, schema: z.object({ items: z.array(auditEntrySchema) }) },
  },
  'GET /api/peers/me': {
    summary: "The signed-in peer's own profile",
    roles: ['peer'],
    response: { status: 200, schema: peerSchema },
  },
  'POST /api/peers/me': {
    summary: 'Join the pool: a new peer profile, pending approval by the group office (member peers) or an adviser',
    roles: ['peer'],
    body: signUpSchema,
    response: { status: 201, schema: peerSchema },
  },
  'PUT /api/peers/me': {
    summary: 'Replace the signed-in peer’s profile; lead roles not yet accredited become requests',
    roles: ['peer'],
    body: profileUpdateSchema,
    response: { status: 200, schema: peerSchema },
  },
  'GET /api/approvals': {
    summary: "Peers waiting for the caller's approval: a group office's member peers, or officer and other peers for an adviser",
    roles: ['group-office', 'adviser'],
    query: listQuerySchema,
    response: { status: 200, schema: page(peerSchema) },
  },
  'GET /api/group/peers': {
    summary: "The group office's accredited member peers (id and name), to choose whose feedback to read",
    roles: ['group-office'],
    response: { status: 200, schema: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }) },
  },
  'POST /api/peers/{id}/approval': {
    summary: 'Approve a peer for the pool and accredit (or turn down) the lead roles they asked for',
    roles: ['group-office', 'adviser'],
    params: peerIdParams,
    body: approvalSchema,
    idempotent: true,
    response: { status: 200, schema: peerSchema },
  },
  'PUT /api/challenges/{id}/scope': {
    summary: 'Record the agreed scope: team slots, focus weights, on-site days, feedback presentation and report due date',
    roles: ['adviser'],
    params: challengeIdParams,
    body: scopeSchema,
    response: { status: 200, schema: challengeSchema },
  },
  'POST /api/challenges/{id}/invitations': {
    summary: 'Invite peers into open places of the team; the first invitations move a scoped challenge to team-proposed',
    roles: ['adviser'],
    params: challengeIdParams,
    body: inviteBodySchema,
    idempotent: true,
    response: { status: 201, schema: z.object({ items: z.array(invitationSchema) }) },
  },
  'POST /api/challenges/{id}/proposal': {
    summary:
      'The best team from the live pool (provably optimal), keeping everyone who holds a place; pins and exclusions swap people; infeasible names the rule and slot',
    roles: ['adviser'],
    params: challengeIdParams,
    body: proposalBodySchema,
    response: {
      status: 200,
      schema: z
        .object({
          status: z.enum(['optimal', 'infeasible']),
          poolSize: z.number(),
          elapsedMs: z.number(),
          score: z.number().optional(),
          team: z.array(z.object({ slot: z.string(), peerId: z.string(), name: z.string() })).optional(),
          reason: z.string().optional(),
          rule: z.number().nullable().optional(),
          slot: z.string().optional(),
        })
        .loose(),
    },
  },
  'GET /api/challenges/{id}/team': {
    summary: 'The invitations of a challenge and their answers, with each peer’s name; a peer on the team sees the accepted members only',
    roles: ['council', 'adviser', 'peer'],
    params: challengeIdParams,
    response: { status: 200, schema: z.object({ items: z.array(invitationSchema.extend({ peerName: z.string() })) }) },
  },
  'GET /api/invitations': {
    summary: "The signed-in peer's invitations, newest first",
    roles: ['peer'],
    response: { status: 200, schema: z.object({ items: z.array(invitationSchema) }) },
  },
  'POST /api/invitations/{id}/accept': {
    summary: 'Accept an invitation: books every on-site day at once, or 409 naming the day that is taken',
    roles: ['peer'],
    params: challengeIdParams,
    idempotent: true,
    response: { status: 200, schema: invitationSchema },
  },
  'POST /api/invitations/{id}/decline': {
    summary: 'Decline an invitation, with a reason for the adviser',
    roles: ['peer'],
    params: challengeIdParams,
    body: declineBodySchema,
    idempotent: true,
    response: { status: 200, schema: invitationSchema },
  },
  'POST /api/invitations/{id}/withdraw': {
    summary: 'Leave a team after accepting: frees the booked days; a confirmed team reopens',
    roles: ['peer'],
    params: challengeIdParams,
    response: { status: 200, schema: invitationSchema },
  },
  'GET /api/mailbox': {
    summary: "The caller's messages, newest first (a peer's, their council's, or their region's advisers'); locally this stands in for email",
    roles: ['council', 'peer', 'adviser', 'group-office'],
    response: { status: 200, schema: z.object({ items: z.array(outboxMessageSchema) }) },
  },
  'GET /api/calendar.ics': {
    summary: "iCalendar (text/calendar) of the caller's confirmed on-site days: a peer's accepted places, or a council's confirmed challenges",
    roles: ['peer', 'council'],
    response: { status: 200, schema: z.string(), contentType: 'text/calendar; charset=utf-8' },
  },
  'GET /api/calendar/feed-url': {
    summary: 'A private subscription URL for the same calendar (anyone holding it can read it; it carries no sign-in)',
    roles: ['peer', 'council'],
    response: { status: 200, schema: z.object({ url: z.string(), path: z.string() }) },
  },
  'GET /api/calendar/feed/{file}': {
    summary: 'The calendar behind a subscription URL (text/calendar); 404 for an unknown token',
    roles: 'public',
    params: z.strictObject({ file: z.string().regex(/^[A-Za-z0-9_-]{4,120}\.[A-Za-z0-9_-]{43}\.ics$/, 'must be a calendar feed file') }),
    response: { status: 200, schema: z.string(), contentType: 'text/calendar; charset=utf-8' },
  },
  'GET /api/dashboard/pipeline': {
    summary: 'Challenges by status, phase, kind and month for a financial year, from pre-computed counts; definition included',
    roles: ['adviser'],
    query: dashboardQuerySchema,
    response: { status: 200, schema: z.object({ definition: z.string(), total: z.number() }).loose() },
  },
  'GET /api/dashboard/take-up': {
    summary: 'Councils with no corporate or finance peer challenge in the last N years, split into booked / in discussion / none',
    roles: ['adviser'],
    query: takeUpQuerySchema,
    response: { status: 200, schema: z.object({ definition: z.string(), total: z.number() }).loose() },
  },
  'GET /api/dashboard/pool': {
    summary: 'The pool: peers, challenges and peer-days by group, kind and region; load spread; never invited; skills supply against demand',
    roles: ['adviser'],
    query: dashboardQuerySchema,
    response: { status: 200, schema: z.object({ definition: z.string() }).loose() },
  },
  'GET /api/dashboard/themes': {
    summary: 'Challenges by focus area and recommendations by core element or focus area, for a financial year',
    roles: ['adviser'],
    query: dashboardQuerySchema,
    response: { status: 200, schema: z.object({ definition: z.string() }).loose() },
  },
  'PUT /api/challenges/{id}/report': {
    summary:
      "Record the feedback presentation and the report's recommendations (adviser); the first report of an on-site challenge issues it, creates the check-in and progress review and counts the themes; later edits (while report-issued) move counts by the difference",
    roles: ['adviser'],
    params: challengeIdParams,
    body: reportSchema,
    idempotent: true,
    response: { status: 200, schema: reportSchema.extend({ challengeId: z.string(), version: z.number(), recordedAt: z.string() }).loose() },
  },
  'GET /api/challenges/{id}/follow-up': {
    summary: 'After the visit: report, publication, action plan (RAG per action), follow-ups with their state, position statement, outcomes',
    roles: ['council', 'adviser'],
    params: challengeIdParams,
    response: { status: 200, schema: followUpView },
  },
  'PUT /api/challenges/{id}/publication': {
    summary: 'The council records whether and when it published its report and action plan (the platform never publishes for it)',
    roles: ['council'],
    params: challengeIdParams,
    body: publicationSchema,
    response: { status: 200, schema: publicationSchema.extend({ updatedAt: z.string() }).loose() },
  },
  'PUT /api/challenges/{id}/action-plan': {
    summary: "The council's action plan: per recommendation, actions with owner, due date and status (shown red/amber/green)",
    roles: ['council'],
    params: challengeIdParams,
    body: actionPlanSchema,
    response: { status: 200, schema: z.object({ actions: z.array(z.object({ rag: z.string() }).loose()), updatedAt: z.string() }).loose() },
  },
  'PUT /api/challenges/{id}/position-statement': {
    summary: "The council's position statement before the progress review: progress per recommendation, evidence links",
    roles: ['council'],
    params: challengeIdParams,
    body: positionStatementSchema,
    response: { status: 200, schema: z.object({ updatedAt: z.string() }).loose() },
  },
  'POST /api/challenges/{id}/check-in': {
    summary: 'Record the check-in held (adviser): marks it done and moves report-issued → check-in',
    roles: ['adviser'],
    params: challengeIdParams,
    body: checkInSchema,
    idempotent: true,
    response: { status: 200, schema: challengeSchema },
  },
  'POST /api/challenges/{id}/progress-review': {
    summary: 'Book the progress review (adviser, challenge in check-in): a linked review challenge in scoping (reviewOf), booked like any challenge with the original team invited first',
    roles: ['adviser'],
    params: challengeIdParams,
    body: progressReviewBodySchema,
    idempotent: true,
    response: { status: 201, schema: challengeSchema },
  },
  'POST /api/challenges/{id}/outcomes': {
    summary: 'Record the impact found at the progress review (adviser) and close the challenge',
    roles: ['adviser'],
    params: challengeIdParams,
    body: outcomesSchema,
    idempotent: true,
    response: { status: 200, schema: challengeSchema },
  },
  'POST /api/challenges/{id}/survey': {
    summary: "A satisfaction survey, once per respondent: the council, or a peer of the team (with optional feedback on fellow members, seen only by advisers and that peer's group office)",
    roles: ['council', 'peer'],
    params: challengeIdParams,
    body: surveyBodySchema,
    response: { status: 201, schema: z.object({ rating: z.number(), comment: z.string() }).loose() },
  },
  'GET /api/challenges/{id}/surveys': {
    summary: "Surveys of a challenge as the caller may see them: advisers all; a council its own; a peer their own rating; a group office only feedback about its group's peers",
    roles: ['council', 'adviser', 'group-office', 'peer'],
    params: challengeIdParams,
    response: { status: 200, schema: z.object({ surveys: z.array(z.object({}).loose()), peerFeedback: z.array(z.object({}).loose()) }) },
  },
  'GET /api/peers/{id}/feedback': {
    summary: "Feedback about one peer from fellow team members (advisers, and the peer's group office)",
    roles: ['adviser', 'group-office'],
    params: peerIdParams,
    response: { status: 200, schema: z.object({ items: z.array(z.object({}).loose()) }) },
  },
  'GET /api/follow-ups': {
    summary: "Open follow-ups of the adviser's region (region=all: every region), by due date, each with its state and the challenge to open",
    roles: ['adviser'],
    query: followUpsQuerySchema,
    response: { status: 200, schema: z.object({ items: z.array(z.object({ challengeId: z.string(), councilName: z.string(), kind: z.string(), dueOn: z.string(), state: z.string() }).loose()) }) },
  },
} as const satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof CONTRACT;
