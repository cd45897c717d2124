import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { FUNCTION_TIMEOUT_SECONDS, type FunctionName, type RouteDefinition } from '../routes.js';

export type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway's own payload limit; the handlers enforce their smaller one. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

interface CompiledRoute {
  route: RouteDefinition;
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(routes: RouteDefinition[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((part) => {
        const m = part.match(/^\{(\w+)\}$/);
        if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]!);
        return '([^/]+)';
      })
      .join('/');
    return { route, pattern: new RegExp(`^${source}$`), names };
  });
}

export function matchRoute(compiled: CompiledRoute[], method: string, path: string) {
  for (const c of compiled) {
    if (c.route.method !== method) continue;
    const m = path.match(c.pattern);
    if (!m) continue;
    const pathParameters: Record<string, string> = {};
    c.names.forEach((n, i) => {
      try {
        pathParameters[n] = decodeURIComponent(m[i + 1]!);
      } catch {
        pathParameters[n] = m[i + 1]!;
      }
    });
    return { route: c.route, pathParameters };
  }
  return undefined;
}

async function readRaw(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).byteLength;
    if (size > GATEWAY_MAX_BODY) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Like API Gateway: text bodies as they are, anything else base64-encoded. */
function bodyOf(body: Buffer, contentType: string | undefined) {
  if (!body.byteLength) return { isBase64Encoded: false };
  const isText = !contentType || /json|text|xml|urlencoded|javascript/i.test(contentType);
  return isText ? { body: body.toString('utf8'), isBase64Encoded: false } : { body: body.toString('base64'), isBase64Encoded: true };
}

/** The event API Gateway (HTTP API, payload format 2.0) would hand the function. */
export function toEvent(req: IncomingMessage, url: URL, body: Buffer, route: RouteDefinition, pathParameters: Record<string, string>): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const routeKey = `${route.method} ${route.path}`;
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    ...(headers.cookie ? { cookies: headers.cookie.split(/;\s*/) } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method: route.method, path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...bodyOf(body, headers['content-type']),
  };
}

function lambdaContext(functionName: string, requestId: string): Context {
  // The same time limit as the deployed function (middy aborts the handler at the deadline).
  const deadline = Date.now() + (FUNCTION_TIMEOUT_SECONDS[functionName as FunctionName] ?? 10) * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** Serves one HTTP request by invoking the route's Lambda handler as API Gateway would. */
export async function invokeRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  matched: { route: RouteDefinition; pathParameters: Record<string, string> },
  handler: LambdaHandler,
): Promise<void> {
  const body = await readRaw(req);
  if (body === 'too-large') {
    res.writeHead(413, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Request Entity Too Large' }));
    return;
  }
  const event = toEvent(req, url, body, matched.route, matched.pathParameters);
  let result: APIGatewayProxyStructuredResultV2;
  try {
    result = await handler(event, lambdaContext(matched.route.fn, event.requestContext.requestId));
  } catch {
    // API Gateway answers a crashed function with a bare 500.
    res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Internal Server Error' }));
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const payload = result.body ? Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
  res.writeHead(result.statusCode ?? 200, headers).end(payload);
}
