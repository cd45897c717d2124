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
}

export interface RouteResult {
  statusCode?: number;
  body: unknown;
  headers?: Record<string, string>;
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
}

export interface Route {
  spec: RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;
  run: (input: RouteInput<unknown, unknown, unknown>) => Promise<RouteResult>;
}

/** Declares one route: what it accepts and who may call it, and the work it does. */
export function route<
  BS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  PS extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<BS, QS, PS>, run: (input: RouteInput<Out<BS>, Out<QS>, Out<PS>>) => Promise<RouteResult>): Route {
  return { spec, run: run as Route['run'] };
}
