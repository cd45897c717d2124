import type { z } from 'zod';
import type { Challenge } from '../../shared/domain/challenge.js';
import type { ChallengeRequest } from '../../shared/domain/challenge.js';
import type { Council } from '../../shared/domain/council.js';
import type { meSchema } from '../../shared/api/contract.js';
import { clearToken, getToken } from './session.js';

export type Me = z.infer<typeof meSchema>;
export type { Challenge, Council };
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

export async function call<T>(method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<T> {
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
  throw new ApiError(res.status, message, errors, requestId);
}

export const api = {
  me: () => call<Me>('GET', '/api/me'),
  council: (id: string) => call<Council>('GET', `/api/councils/${encodeURIComponent(id)}`),
  challenges: (cursor?: string) => call<Page<Challenge>>('GET', `/api/challenges?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  challenge: (id: string) => call<Challenge>('GET', `/api/challenges/${encodeURIComponent(id)}`),
  requestChallenge: (body: ChallengeRequest, idempotencyKey: string) => call<Challenge>('POST', '/api/challenges', { body, idempotencyKey }),
};
