import type { z } from 'zod';
import type { Challenge } from '../../shared/domain/challenge.js';
import type { ChallengeRequest } from '../../shared/domain/challenge.js';
import type { Council } from '../../shared/domain/council.js';
import type { meSchema } from '../../shared/api/contract.js';
import type { Invitation } from '../../shared/domain/invitation.js';
import type { Peer } from '../../shared/domain/peer.js';
import type { ProfileUpdate, Approval } from '../../shared/domain/peer-pool.js';
import type { Scope } from '../../shared/domain/scope.js';
import type { ChallengeStatus, TeamRole } from '../../shared/domain/reference.js';
import type { ProposeInfeasible, ScoreDiff, ScoreParts, WhyEntry } from '../../shared/matching/types.js';
import { clearToken, getToken } from './session.js';

export type Me = z.infer<typeof meSchema>;
export type { Challenge, Council, Invitation, Peer, Scope };

export interface AuditEntry {
  at: string;
  by: string;
  byRole: string;
  from: ChallengeStatus | null;
  to: ChallengeStatus;
  why: string;
}
export type TeamMember = Invitation & { peerName: string };
export interface NamedPlace {
  slot: TeamRole;
  peerId: string;
  name: string;
}
/** POST /api/challenges/{id}/proposal */
export type Proposal =
  | {
      status: 'optimal';
      poolSize: number;
      elapsedMs: number;
      score: number;
      team: NamedPlace[];
      why: WhyEntry[];
      parts: ScoreParts;
      versusUnconstrained?: (ScoreDiff & { unconstrainedScore: number }) | null;
    }
  | (ProposeInfeasible & { poolSize: number; elapsedMs: number });
export interface Page<T> {
  items: T[];
  cursor?: string;
}
export interface FieldError {
  field: string;
  message: string;
}

/** A failed call: the HTTP status (0 when the service could not be reached) and the API's error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    readonly requestId?: string,
    /** Everything else the error body said (a 409's `allowed` statuses, the `day` that is taken). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorizedHandler: () => void = () => undefined;
/** Called when the API answers 401: the token has expired or been revoked. */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as Idempotency-Key; POSTs get a fresh one when none is given. */
  idempotencyKey?: string;
  /** Calls that need no token (sign-in) set this. */
  anonymous?: boolean;
}

export async function call<T>(method: 'GET' | 'POST' | 'PUT', path: string, options: CallOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (!options.anonymous) {
    const token = getToken();
    if (token) headers.authorization = `Bearer ${token}`;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST' && path.startsWith('/api/')) headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();

  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  } catch {
    throw new ApiError(0, 'The service could not be reached. Check your connection and try again.');
  }
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  if (res.ok) return body as T;

  const err = (body ?? {}) as { message?: unknown; errors?: unknown; requestId?: unknown };
  const errors = Array.isArray(err.errors)
    ? err.errors.filter((e): e is FieldError => typeof e?.field === 'string' && typeof e?.message === 'string')
    : [];
  const message = typeof err.message === 'string' ? err.message : `The service answered ${res.status} ${res.statusText}`.trim();
  const requestId = typeof err.requestId === 'string' ? err.requestId : (res.headers.get('x-request-id') ?? undefined);
  if (res.status === 401 && !options.anonymous) {
    clearToken();
    unauthorizedHandler();
  }
  throw new ApiError(res.status, message, errors, requestId, typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
}

export const api = {
  me: () => call<Me>('GET', '/api/me'),
  council: (id: string) => call<Council>('GET', `/api/councils/${encodeURIComponent(id)}`),
  challenges: (cursor?: string) => call<Page<Challenge>>('GET', `/api/challenges?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  challenge: (id: string) => call<Challenge>('GET', `/api/challenges/${encodeURIComponent(id)}`),
  requestChallenge: (body: ChallengeRequest, idempotencyKey: string) => call<Challenge>('POST', '/api/challenges', { body, idempotencyKey }),
  moveStatus: (id: string, to: ChallengeStatus, why: string) => call<Challenge>('POST', `/api/challenges/${encodeURIComponent(id)}/status`, { body: { to, why } }),
  audit: (id: string) => call<{ items: AuditEntry[] }>('GET', `/api/challenges/${encodeURIComponent(id)}/audit`),
  team: (id: string) => call<{ items: TeamMember[] }>('GET', `/api/challenges/${encodeURIComponent(id)}/team`),
  saveScope: (id: string, scope: Scope) => call<Challenge>('PUT', `/api/challenges/${encodeURIComponent(id)}/scope`, { body: scope }),
  propose: (id: string, body: { pins?: { peerId: string; slot?: TeamRole }[]; exclude?: string[] } = {}) =>
    call<Proposal>('POST', `/api/challenges/${encodeURIComponent(id)}/proposal`, { body }),
  invite: (id: string, team: { role: TeamRole; peerId: string }[], idempotencyKey?: string) =>
    call<{ items: Invitation[] }>('POST', `/api/challenges/${encodeURIComponent(id)}/invitations`, { body: { team }, idempotencyKey }),
  invitations: () => call<{ items: Invitation[] }>('GET', '/api/invitations'),
  accept: (challengeId: string) => call<Invitation>('POST', `/api/invitations/${encodeURIComponent(challengeId)}/accept`),
  decline: (challengeId: string, reason: string) => call<Invitation>('POST', `/api/invitations/${encodeURIComponent(challengeId)}/decline`, { body: { reason } }),
  myProfile: () => call<Peer>('GET', '/api/peers/me'),
  saveProfile: (update: ProfileUpdate) => call<Peer>('PUT', '/api/peers/me', { body: update }),
  approvals: (cursor?: string) => call<Page<Peer>>('GET', `/api/approvals?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  approve: (peerId: string, decision: Approval) => call<Peer>('POST', `/api/peers/${encodeURIComponent(peerId)}/approval`, { body: decision }),
};

let routes: Promise<Set<string>> | null = null;
/**
 * The API's routes ("GET /api/pipeline"), from its OpenAPI document, asked once: pages offer
 * what the API has, so a route another release adds appears without breaking older ones.
 */
export function apiRoutes(): Promise<Set<string>> {
  routes ??= call<{ paths?: Record<string, Record<string, unknown>> }>('GET', '/api/openapi.json', { anonymous: true })
    .then((doc) => new Set(Object.entries(doc.paths ?? {}).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))))
    .catch(() => {
      routes = null;
      return new Set<string>();
    });
  return routes;
}
/** The bearer token, for the rare download that cannot go through call(). */
export const getTokenForDownload = getToken;
export async function hasRoute(route: string): Promise<boolean> {
  return (await apiRoutes()).has(route);
}
