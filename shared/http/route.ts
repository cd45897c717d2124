import type { z } from 'zod';
import type { IdempotencyClaim } from '../data/idempotency.js';
import type { UserRole } from '../domain/reference.js';
import type { Caller } from '../domain/user.js';

export interface RouteInput<B, Q, P> {
  caller: Caller;
  body: B;
  query: Q;
  params: P;
  requestId: string;
  /** Present on idempotent routes when the client sent an Idempotency-Key. */
  idempotency?: IdempotencyClaim;
  /** The request's headers, lower-case names (e.g. host, to build absolute URLs). */
  headers?: Record<string, string | undefined>;
}

export interface RouteResult {
  statusCode?: number;
  /** Sent as JSON, unless `contentType` is set: then it must be a string and is sent as it is. */
  body: unknown;
  headers?: Record<string, string>;
  /** A non-JSON response (e.g. 'text/csv; charset=utf-8', 'text/calendar'). */
  contentType?: string;
}

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteSpec<BS extends z.ZodType | undefined, QS extends z.ZodType | undefined, PS extends z.ZodType | undefined> {
  /** Roles allowed to call; 'public' routes need no token at all. */
  roles: readonly UserRole[] | 'public';
  body?: BS;
  query?: QS;
  params?: PS;
  /** POSTs that create or change state honour Idempotency-Key. */
  idempotent?: boolean;
  /** A body in this media type (e.g. 'text/csv') instead of JSON; the route gets it as a string. */
  bodyType?: string;
  /** A larger body limit than the default 64 KB, for this route only (at most 6 MB, Lambda's limit). */
  maxBodyBytes?: number;
}

export interface Route {
  spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;
  run: (input: RouteInput<unknown, unknown, unknown>) => Promise<RouteResult>;
  /**
   * Runs when an Idempotency-Key replays a stored response instead of `run`: finishes a
   * follow-up step that may have failed after the guarded transaction committed (the
   * client got a 503 and retried with the same key).
   */
  afterReplay?: (input: RouteInput<unknown, unknown, unknown>) => Promise<void>;
}

/** Declares one route: what it accepts and who may call it, and the work it does. */
export function route<
  BS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<BS, QS, PS>, run: (input: RouteInput<Out<BS>, Out<QS>, Out<PS>>) => Promise<RouteResult>): Route {
  return { spec, run: run as Route['run'] };
}
