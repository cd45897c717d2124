import { z } from 'zod';
import { challengeRequestSchema, challengeSchema } from '../domain/challenge.js';
import { councilSchema } from '../domain/council.js';
import { peerSchema } from '../domain/peer.js';
import { approvalSchema, profileUpdateSchema, signUpSchema } from '../domain/peer-pool.js';
import { declineBodySchema, invitationSchema, inviteBodySchema } from '../domain/invitation.js';
import { scopeSchema } from '../domain/scope.js';
import { proposalBodySchema } from '../domain/team-proposal.js';
import { CHALLENGE_STATUSES, REGIONS, POLITICAL_GROUPS, USER_ROLES } from '../domain/reference.js';
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
  response: { status: number; schema: z.ZodType };
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
    summary: 'The invitations of a challenge and their answers, with each peer’s name',
    roles: ['council', 'adviser'],
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
} as const satisfies Record<string, RouteContract>;

export type RouteKey = keyof typeof CONTRACT;
