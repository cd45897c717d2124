import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { resetDocumentClient } from '../../shared/data/client.js';
import { PeersRepository } from '../../shared/data/peers-repository.js';
import type { DemoUser } from '../../shared/domain/user.js';
import { FUNCTION_ENTRIES, ROUTES, type FunctionName } from '../routes.js';
import { startDynamoDbLocal, LocalStartError, type RunningDynamoDb } from './dynamodb-local.js';
import { compileRoutes, invokeRoute, matchRoute, type LambdaHandler } from './lambda-adapter.js';
import { LOCAL_AUDIENCE, localIssuer, type LocalIssuer } from './local-auth.js';
import { localCalendarSecret } from './calendar-secret.js';
import { seedIfEmpty } from './seed-table.js';
import { serveStatic } from './static-files.js';
import { ensureTable } from './table.js';

export { LocalStartError };

export const TABLE_NAME = 'peer-challenge';
const ROOT = resolve(import.meta.dirname, '../..');

export interface PlatformOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where DynamoDB Local keeps its data; null keeps it in memory (tests). */
  dataDir: string | null;
  seed: boolean;
  quiet?: boolean;
  /** Build the web front end before serving it (off for API-only tests). */
  web?: boolean;
}

export interface Platform {
  url: string;
  tableName: string;
  dynamoEndpoint: string;
  users: DemoUser[];
  /** True when this start loaded the demo data into an empty table. */
  seeded: boolean;
  /** The local stand-in for Cognito (tests sign unusual tokens with it). */
  issuer: LocalIssuer;
  stop(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE')
        reject(new LocalStartError(`Port ${port} is already in use: stop what is using it, or choose another with PORT=${port + 1} npm start.`));
      else reject(e);
    });
    server.listen(port, '127.0.0.1', () => {
      const a = server.address();
      resolvePort(typeof a === 'object' && a ? a.port : port);
    });
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).byteLength;
    if (size > 4096) return undefined;
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * `peer:<id>` signs in as any peer of the pool, so a demo can follow an invitation to
 * whoever the matching engine chose (local only, like the rest of these routes).
 */
async function anyPeer(user: string): Promise<DemoUser | undefined> {
  const m = /^peer:([A-Za-z0-9-]{1,40})$/.exec(user);
  if (!m) return undefined;
  const peer = await new PeersRepository(TABLE_NAME).get(m[1]!);
  if (!peer) return undefined;
  return { id: user, sub: `local-peer-${peer.id}`, name: peer.name, roles: ['peer'], peerId: peer.id, description: `Peer ${peer.id}` };
}

/** The routes that stand in for Cognito's hosted sign-in; they exist only in the local runtime. */
async function serveLocalAuth(req: IncomingMessage, res: ServerResponse, path: string, issuer: LocalIssuer, users: DemoUser[]) {
  if (req.method === 'GET' && path === '/local/.well-known/jwks.json') return sendJson(res, 200, issuer.jwks);
  if (req.method === 'GET' && path === '/local/users')
    return sendJson(res, 200, users.map(({ id, name, roles, description, councilId, peerId, region, group }) => ({ id, name, roles, description, councilId, peerId, region, group })));
  if (req.method === 'POST' && path === '/local/sign-in') {
    const body = (await readJson(req)) as { user?: unknown } | undefined;
    if (!body || typeof body.user !== 'string') return sendJson(res, 400, { message: 'send {"user": "<id>"}', errors: [{ field: 'user', message: 'is required' }] });
    const user = users.find((u) => u.id === body.user) ?? (await anyPeer(body.user));
    if (!user) return sendJson(res, 404, { message: `no demo user ${body.user}`, errors: [{ field: 'user', message: 'is not a demo user' }] });
    return sendJson(res, 200, { token: await issuer.sign(user) });
  }
  return sendJson(res, 404, { message: 'not found' });
}

/**
 * Runs the platform on this machine: DynamoDB Local, the table from the shared definition,
 * demo data, the same Lambda handlers behind an HTTP server, and the web front end.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const log = (line: string) => void (options.quiet ? undefined : console.log(line));
  let dynamo: RunningDynamoDb | undefined;
  const server = createServer();
  try {
    const port = await listen(server, options.port);
    const url = `http://localhost:${port}`;
    dynamo = await startDynamoDbLocal({ dataDir: options.dataDir ? resolve(options.dataDir, 'dynamodb') : null });

    const issuer = await localIssuer(`${url}/local`, options.dataDir);
    // The handlers read these at import, exactly as a Lambda reads its environment.
    Object.assign(process.env, {
      TABLE_NAME,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: process.env.AWS_REGION ?? 'eu-west-2',
      AUTH_ISSUER: issuer.issuer,
      AUTH_AUDIENCE: LOCAL_AUDIENCE,
      AUTH_JWKS_URL: `http://127.0.0.1:${port}/local/.well-known/jwks.json`,
      POWERTOOLS_SERVICE_NAME: 'peer-challenge-local',
      CALENDAR_SECRET: process.env.CALENDAR_SECRET || localCalendarSecret(options.dataDir),
      LOG_LEVEL: process.env.LOG_LEVEL ?? (options.quiet ? 'WARN' : 'INFO'),
    });
    resetDocumentClient();

    const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await ensureTable(admin, TABLE_NAME);
    admin.destroy();
    const seeded = options.seed ? await seedIfEmpty(TABLE_NAME) : { users: [] as DemoUser[], seeded: false };

    const handlers = new Map<FunctionName, LambdaHandler>();
    for (const fn of Object.keys(FUNCTION_ENTRIES) as FunctionName[]) {
      const mod = (await import(resolve(ROOT, FUNCTION_ENTRIES[fn]))) as { handler: LambdaHandler };
      handlers.set(fn, mod.handler);
    }
    const compiled = compileRoutes(ROUTES);

    let webRoot = resolve(ROOT, 'web/dist');
    if (options.web !== false) {
      const { buildWeb } = (await import(resolve(ROOT, 'web/build.ts'))) as { buildWeb: (o?: { outDir?: string }) => Promise<{ outDir: string }> };
      webRoot = (await buildWeb({ outDir: webRoot })).outDir;
    }
    const webConfig = { auth: 'local' };

    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const u = new URL(req.url ?? '/', url);
      const path = u.pathname;
      const done = (p: Promise<void> | void) =>
        Promise.resolve(p).catch(() => {
          if (!res.headersSent) sendJson(res, 500, { message: 'local runtime error' });
        });
      if (path.startsWith('/api/')) {
        const m = matchRoute(compiled, req.method ?? 'GET', path);
        if (!m) return done(sendJson(res, 404, { message: 'Not Found' }));
        return done(invokeRoute(req, res, u, m, handlers.get(m.route.fn)!));
      }
      if (path.startsWith('/local/')) return done(serveLocalAuth(req, res, path, issuer, seeded.users));
      if (path === '/config.json') return done(sendJson(res, 200, webConfig));
      return done(serveStatic(webRoot, path, res));
    });

    const d = dynamo;
    return {
      url,
      tableName: TABLE_NAME,
      dynamoEndpoint: d.endpoint,
      users: seeded.users,
      seeded: seeded.seeded,
      issuer,
      stop: async () => {
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        await d.stop();
      },
    };
  } catch (e) {
    server.close();
    await dynamo?.stop();
    throw e;
  }
}
