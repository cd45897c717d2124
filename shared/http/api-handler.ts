import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { z } from 'zod';
import { tokenVerifier, InvalidTokenError } from '../auth/verify-token.js';
import { readConfig } from '../config.js';
import type { Caller } from '../domain/user.js';
import { findStoredResponse, requestHash, type IdempotencyClaim } from '../data/idempotency.js';
import { InvalidCursorError } from '../data/items.js';
import { TransactionConditionFailed } from '../data/transact.js';
import { badRequest, forbidden, HttpError, payloadTooLarge, serviceUnavailable, unauthorized } from './errors.js';
import { logger } from './logger.js';
import type { Route, RouteResult } from './route.js';
import { parseOrThrow } from './validation.js';

export const MAX_BODY_BYTES = 64 * 1024;
/** Lambda's synchronous payload limit: no route may raise its body limit above it. */
export const LAMBDA_MAX_BODY_BYTES = 6 * 1024 * 1024;

type Event = APIGatewayProxyEventV2;
type Result = APIGatewayProxyStructuredResultV2;

const idempotencyKeyHeader = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8 to 128 letters, digits or _ . : -');

/** DynamoDB errors that mean "busy, come back": the client gets a 503 with Retry-After. */
const RETRYABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionInProgressException',
  'TransactionConflict',
]);

let verify: ((token: string) => Promise<Caller>) | undefined;
function verifier() {
  if (!verify) {
    const c = readConfig();
    verify = tokenVerifier({ issuer: c.authIssuer, audience: c.authAudience, jwksUrl: c.authJwksUrl });
  }
  return verify;
}

function json(statusCode: number, body: unknown, requestId: string, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-request-id': requestId, ...headers },
    body: JSON.stringify(body),
  };
}

/** A non-JSON response: the route chose the content type and gives the body as text. */
function text(statusCode: number, contentType: string, body: string, requestId: string, headers: Record<string, string> = {}): Result {
  return {
    statusCode,
    headers: { 'content-type': contentType, 'cache-control': 'no-store', 'x-request-id': requestId, ...headers },
    body,
  };
}

async function authenticate(event: Event): Promise<Caller> {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  if (!match) throw unauthorized();
  try {
    return await verifier()(match[1]!);
  } catch (e) {
    if (e instanceof InvalidTokenError) throw unauthorized('your sign-in is not valid or has expired');
    throw e;
  }
}

function readBody(event: Event, spec: Route['spec']): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
  const limit = Math.min(spec.maxBodyBytes ?? MAX_BODY_BYTES, LAMBDA_MAX_BODY_BYTES);
  if (raw.byteLength > limit) throw payloadTooLarge(limit);
  const type = (event.headers?.['content-type'] ?? 'application/json').toLowerCase();
  // Routes that declare another media type get the body as text.
  if (spec.bodyType) {
    if (!type.startsWith(spec.bodyType)) throw new HttpError(415, `send the body as ${spec.bodyType}`);
    return raw.toString('utf8');
  }
  if (!type.startsWith('application/json')) throw new HttpError(415, 'send the body as application/json');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('body is not valid JSON', [{ field: 'body', message: 'is not valid JSON' }]);
  }
}

function idempotencyClaim(event: Event, caller: Caller, body: unknown): IdempotencyClaim | undefined {
  const key = event.headers?.['idempotency-key'];
  if (key === undefined) return undefined;
  const parsed = idempotencyKeyHeader.safeParse(key);
  if (!parsed.success)
    throw badRequest(`invalid header Idempotency-Key: ${parsed.error.issues[0]?.message}`, [
      { field: 'Idempotency-Key', message: parsed.error.issues[0]?.message ?? 'invalid' },
    ]);
  // Scoped by caller and route: one user's key can never replay another's response.
  // The hash covers the path too: one key reused to accept two different invitations is a 422, not a replay.
  return {
    scope: `${caller.sub}#${event.routeKey}`,
    key: parsed.data,
    requestHash: requestHash([event.routeKey, event.rawPath ?? '', JSON.stringify(body ?? null)]),
  };
}

async function replay(claim: IdempotencyClaim): Promise<RouteResult | undefined> {
  const stored = await findStoredResponse(readConfig().tableName, claim);
  if (!stored.found) return undefined;
  if (!stored.sameRequest)
    throw new HttpError(422, 'this Idempotency-Key was already used for a different request; use a new key');
  return { statusCode: stored.response.statusCode, body: stored.response.body, headers: { 'idempotent-replayed': 'true' } };
}

async function dispatch(routes: Record<string, Route>, event: Event): Promise<RouteResult> {
  const route = routes[event.routeKey];
  if (!route) throw new HttpError(404, `no route ${event.routeKey}`);
  const { spec } = route;
  const caller: Caller =
    spec.roles === 'public' ? { sub: 'anonymous', name: '', roles: [] } : await authenticate(event);
  if (spec.roles !== 'public' && !spec.roles.some((r) => caller.roles.includes(r))) throw forbidden();

  const rawBody = readBody(event, spec);
  if (!spec.body && rawBody !== undefined) throw badRequest('this route takes no body', [{ field: 'body', message: 'must be empty' }]);
  const body = spec.body ? parseOrThrow(spec.body, rawBody ?? {}, 'body') : undefined;
  const query = spec.query ? parseOrThrow(spec.query, event.queryStringParameters ?? {}, 'query') : undefined;
  const params = spec.params ? parseOrThrow(spec.params, event.pathParameters ?? {}, 'path') : undefined;

  const claim = spec.idempotent ? idempotencyClaim(event, caller, rawBody) : undefined;
  const input = { caller, body, query, params, requestId: event.requestContext.requestId, headers: event.headers ?? {}, ...(claim ? { idempotency: claim } : {}) };
  if (claim) {
    const earlier = await replay(claim);
    if (earlier) {
      await route.afterReplay?.(input);
      return earlier;
    }
  }
  try {
    return await route.run(input);
  } catch (e) {
    // Two identical requests raced: the other one won and wrote its response; return it.
    if (claim && e instanceof TransactionConditionFailed && e.labels.includes('idempotency')) {
      const earlier = await replay(claim);
      if (earlier) return earlier;
    }
    throw e;
  }
}

function toErrorResult(e: unknown, requestId: string): Result {
  if (e instanceof HttpError) return json(e.statusCode, { message: e.message, requestId, ...e.details }, requestId, e.headers);
  if (e instanceof InvalidCursorError) return json(400, { message: `invalid query: cursor: ${e.message}`, requestId, errors: [{ field: 'query.cursor', message: e.message }] }, requestId);
  const name = e instanceof Error ? e.name : 'Unknown';
  if (RETRYABLE.has(name)) {
    const busy = serviceUnavailable(1);
    return json(busy.statusCode, { message: busy.message, requestId }, requestId, busy.headers);
  }
  logger.error('unhandled error', { requestId, errorName: name, errorMessage: e instanceof Error ? e.message : String(e) });
  return json(500, { message: 'something went wrong on our side; it has been logged', requestId }, requestId);
}

const requestIdOf = (event: Event) => event.requestContext?.requestId ?? 'unknown';

/** Turns any error into a JSON response that carries the request id and never a stack trace. */
const errorResponder = (): middy.MiddlewareObj<Event, Result> => ({
  onError: async (request) => {
    request.response = toErrorResult(request.error, requestIdOf(request.event));
  },
});

/** One structured line per request: route, status and time only, no personal data. */
const accessLog = (): middy.MiddlewareObj<Event, Result> => {
  const started = new WeakMap<object, number>();
  const log = async (request: middy.Request<Event, Result>) => {
    logger.info('request', {
      requestId: requestIdOf(request.event),
      route: request.event.routeKey,
      status: request.response?.statusCode,
      ms: Date.now() - (started.get(request) ?? Date.now()),
    });
  };
  return { before: async (request) => void started.set(request, Date.now()), after: log, onError: log };
};

/**
 * A Lambda handler for one route group. Middy wraps it with the conventions every route
 * shares; each route declares its roles and schemas, so the route bodies stay thin.
 */
export function apiHandler(routes: Record<string, Route>) {
  return middy<Event, Result>()
    .use(accessLog())
    .use(errorResponder())
    .handler(async (event: Event) => {
      const r = await dispatch(routes, event);
      if (r.contentType !== undefined) return text(r.statusCode ?? 200, r.contentType, String(r.body), requestIdOf(event), r.headers);
      return json(r.statusCode ?? 200, r.body, requestIdOf(event), r.headers);
    });
}
