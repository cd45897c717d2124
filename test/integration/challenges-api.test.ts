import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPair, SignJWT } from 'jose';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { LOCAL_AUDIENCE } from '../../infra/local/local-auth.js';
import { apiClient, futureWindow, validRequest, workingWindow } from '../support/api-client.js';
import { demoUsers } from '../support/users.js';
import { addDays } from '../../shared/domain/dates.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let who: ReturnType<typeof demoUsers>;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  who = demoUsers(platform.users);
  tokens.council = await api.signIn(who.council);
  tokens.otherCouncil = await api.signIn(who.otherCouncil);
  tokens.peer = await api.signIn(who.peer);
  tokens.adviser = await api.signIn(who.adviserOf(who.council.region ?? '') ?? platform.users.find((u) => u.roles.includes('adviser'))!);
});

afterAll(async () => {
  await platform?.stop();
});

describe('sign-in and tokens', () => {
  it('lists the demo users of every role', async () => {
    const r = await api.call('GET', '/local/users');
    expect(r.status).toBe(200);
    const roles = new Set((r.body as { roles: string[] }[]).flatMap((u) => u.roles));
    expect([...roles].sort()).toEqual(['adviser', 'council', 'group-office', 'peer']);
  });

  it('signs in as any peer of the pool with peer:<id>, locally', async () => {
    const r = await api.call('POST', '/local/sign-in', { body: { user: 'peer:peer-050' } });
    expect(r.status).toBe(200);
    const me = await api.call('GET', '/api/peers/me', { token: r.body.token });
    expect(me.status).toBe(200);
    expect(me.body.id).toBe('peer-050');
    expect((await api.call('POST', '/local/sign-in', { body: { user: 'peer:peer-999' } })).status).toBe(404);
    expect((await api.call('POST', '/local/sign-in', { body: { user: 'peer:../x' } })).status).toBe(404);
  });

  it('rejects sign-in as someone who is not a demo user', async () => {
    const r = await api.call('POST', '/local/sign-in', { body: { user: 'nobody' } });
    expect(r.status).toBe(404);
    expect(r.body.errors[0].field).toBe('user');
  });

  it('issues a token with the claims of a Cognito ID token', async () => {
    const [, payload] = tokens.council!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: who.council.sub, token_use: 'id', 'cognito:groups': ['council'], 'custom:councilId': who.council.councilId, aud: LOCAL_AUDIENCE });
    expect(claims.iss).toBe(`${platform.url}/local`);
  });

  it('answers /api/me from the verified token', async () => {
    const r = await api.call('GET', '/api/me', { token: tokens.council });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sub: who.council.sub, roles: ['council'], councilId: who.council.councilId });
    expect(r.body.council.id).toBe(who.council.councilId);
  });

  it('401 without a token, with a malformed one, a forged one, an expired one, or one for another audience', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ token_use: 'id', 'cognito:groups': ['adviser'], 'custom:region': 'London' })
      .setProtectedHeader({ alg: 'RS256', kid: platform.issuer.jwks.keys[0]!.kid! })
      .setIssuer(platform.issuer.issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject('intruder')
      .setExpirationTime('1h')
      .sign(privateKey);
    const expired = await platform.issuer.sign(who.council, { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const wrongAudience = await platform.issuer.sign(who.council, { audience: 'someone-else' });
    for (const token of [undefined, 'not-a-jwt', forged, expired, wrongAudience]) {
      const r = await api.call('GET', '/api/challenges', { token });
      expect(r.status, `token ${String(token).slice(0, 12)}`).toBe(401);
      expect(r.body.message).toMatch(/sign[- ]in/);
      expect(r.headers.get('www-authenticate')).toBe('Bearer');
    }
  });

  it('403 when the role may not use the route', async () => {
    const r = await api.call('POST', '/api/challenges', { token: tokens.peer, body: validRequest() });
    expect(r.status).toBe(403);
    expect((await api.call('GET', '/api/councils', { token: tokens.council })).status).toBe(403);
  });
});

describe('requesting a peer challenge', () => {
  let created: { id: string; councilId: string; status: string; region: string };

  beforeAll(async () => {
    const r = await api.call('POST', '/api/challenges', { token: tokens.council, body: validRequest() });
    expect(r.status).toBe(201);
    created = r.body;
  });

  it('creates the challenge as requested, for the caller’s own council', async () => {
    expect(created.status).toBe('requested');
    expect(created.councilId).toBe(who.council.councilId);
    expect(created.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('shows it to its council, newest first, and by id', async () => {
    const list = await api.call('GET', '/api/challenges', { token: tokens.council });
    expect(list.status).toBe(200);
    expect(list.body.items[0].id).toBe(created.id);
    expect(list.body.items.every((c: { councilId: string }) => c.councilId === who.council.councilId)).toBe(true);
    const ids = list.body.items.map((c: { id: string }) => c.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const one = await api.call('GET', `/api/challenges/${created.id}`, { token: tokens.council });
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(created.id);
  });

  it('hides it from another council: not listed, and 404 by id', async () => {
    const list = await api.call('GET', '/api/challenges', { token: tokens.otherCouncil });
    expect(list.body.items.some((c: { id: string }) => c.id === created.id)).toBe(false);
    const one = await api.call('GET', `/api/challenges/${created.id}`, { token: tokens.otherCouncil });
    expect(one.status).toBe(404);
    const missing = await api.call('GET', `/api/challenges/01ARZ3NDEKTSV4RRFFQ69G5FAV`, { token: tokens.otherCouncil });
    expect(one.body.message).toBe(missing.body.message);
  });

  it('shows it to the adviser of its region, not to another region’s', async () => {
    const adviser = who.adviserOf(created.region);
    expect(adviser, 'seed has an adviser for the first council’s region').toBeDefined();
    const list = await api.call('GET', '/api/challenges', { token: await api.signIn(adviser!) });
    expect(list.body.items.some((c: { id: string }) => c.id === created.id)).toBe(true);
    expect(list.body.items.every((c: { region: string }) => c.region === created.region)).toBe(true);
    const other = await api.signIn(who.adviserNotOf(created.region));
    expect((await api.call('GET', `/api/challenges/${created.id}`, { token: other })).status).toBe(404);
  });

  it('pages with a cursor and rejects a cursor from another list', async () => {
    const first = await api.call('GET', '/api/challenges?limit=1', { token: tokens.council });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.cursor).toBeTypeOf('string');
    const second = await api.call('GET', `/api/challenges?limit=1&cursor=${first.body.cursor}`, { token: tokens.council });
    expect(second.status).toBe(200);
    expect(second.body.items[0].id < first.body.items[0].id).toBe(true);
    const foreign = await api.call('GET', `/api/challenges?limit=1&cursor=${first.body.cursor}`, { token: tokens.otherCouncil });
    expect(foreign.status).toBe(400);
    expect(foreign.body.errors[0].field).toBe('query.cursor');
  });

  it('keeps an audit entry of the request', async () => {
    const { ChallengesRepository } = await import('../../shared/data/challenges-repository.js');
    const audit = await new ChallengesRepository(platform.tableName).audit(created.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ from: null, to: 'requested', by: who.council.sub });
  });
});

describe('bad input gets a 4xx that names the field', () => {
  const post = (body: unknown, extra: { raw?: string; headers?: Record<string, string> } = {}) =>
    api.call('POST', '/api/challenges', { token: tokens.council, ...(extra.raw !== undefined ? { raw: extra.raw } : { body }), headers: extra.headers });
  const fields = (r: { body: { errors?: { field: string }[] } }) => (r.body.errors ?? []).map((e) => e.field);

  it('malformed JSON is a 400, not a 500', async () => {
    const r = await post(undefined, { raw: '{"kind": "corporate",' });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/not valid JSON/);
  });

  it('unknown fields are rejected by name', async () => {
    const r = await post(validRequest({ status: 'team-confirmed' }));
    expect(r.status).toBe(400);
    expect(fields(r)).toContain('status');
    const nested = await post(validRequest({ contact: { name: 'A', email: 'a@b.example.org', role: 'x' } }));
    expect(fields(nested)).toContain('contact.role');
  });

  it('names each bad field', async () => {
    const r = await post({ kind: 'inspection', focusAreas: ['finance', 'finance'], windows: [], contact: { name: '', email: 'nope' } });
    expect(r.status).toBe(400);
    expect(fields(r)).toEqual(expect.arrayContaining(['kind', 'focusAreas', 'windows', 'contact.name', 'contact.email']));
    expect(r.body.message).toMatch(/kind/);
  });

  it('dates in the wrong format, not real, on a weekend, not consecutive', async () => {
    const w = futureWindow(8);
    const cases: [unknown, string][] = [
      [[['09/03/2027', w[1], w[2]]], 'windows.0.0'],
      [[['2027-02-30', w[1], w[2]]], 'windows.0.0'],
      [[[w[0], w[1], addDays(w[2]!, 7)]], 'windows.0.2'],
    ];
    for (const [windows, field] of cases) {
      const r = await post(validRequest({ windows }));
      expect(r.status, JSON.stringify(windows)).toBe(400);
      expect(fields(r)).toContain(field);
    }
    let saturday = futureWindow(8)[0]!;
    while (new Date(`${saturday}T00:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
    const weekend = await post(validRequest({ windows: [[saturday, addDays(saturday, 1), addDays(saturday, 2)]] }));
    expect(fields(weekend)).toContain('windows.0.0');
  });

  it('windows in the past, too short, or too many', async () => {
    const past = await post(validRequest({ windows: [workingWindow('2024-03-04')] }));
    expect(past.status).toBe(400);
    expect(fields(past)).toContain('windows.0.0');
    expect(past.body.message).toMatch(/not after today/);
    const short = await post(validRequest({ windows: [futureWindow(8, 2)] }));
    expect(fields(short)).toContain('windows.0');
    const many = await post(validRequest({ windows: [1, 2, 3, 4, 5].map((n) => futureWindow(5 + n)) }));
    expect(fields(many)).toContain('windows');
  });

  it('a body over 64 KB is a 413', async () => {
    const r = await post(validRequest({ notes: 'x'.repeat(70 * 1024) }));
    expect(r.status).toBe(413);
  });

  it('a non-JSON content type is a 415', async () => {
    const r = await post(undefined, { raw: 'kind=corporate', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(r.status).toBe(415);
  });

  it('bad path and query parameters are named', async () => {
    const id = await api.call('GET', '/api/challenges/not-an-id', { token: tokens.council });
    expect(id.status).toBe(400);
    expect(fields(id)).toContain('path.id');
    const limit = await api.call('GET', '/api/challenges?limit=1000&colour=red', { token: tokens.council });
    expect(limit.status).toBe(400);
    expect(fields(limit)).toEqual(expect.arrayContaining(['query.limit', 'query.colour']));
  });

  it('errors carry a request id and never a stack trace', async () => {
    const r = await post(undefined, { raw: '[' });
    expect(r.body.requestId).toMatch(/[0-9a-f-]{36}/);
    expect(r.headers.get('x-request-id')).toBe(r.body.requestId);
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('a request that fails validation writes nothing', async () => {
    const before = await api.call('GET', '/api/challenges?limit=100', { token: tokens.council });
    await post(validRequest({ windows: [workingWindow('2024-03-04')] }));
    const after = await api.call('GET', '/api/challenges?limit=100', { token: tokens.council });
    expect(after.body.items.length).toBe(before.body.items.length);
  });
});

describe('Idempotency-Key', () => {
  const count = async () => (await api.call('GET', '/api/challenges?limit=100', { token: tokens.council })).body.items.length as number;

  it('a replay returns the first result and writes nothing new', async () => {
    const key = `replay-${Date.now()}`;
    const before = await count();
    const body = validRequest({ notes: 'idempotent one' });
    const first = await api.call('POST', '/api/challenges', { token: tokens.council, body, headers: { 'idempotency-key': key } });
    const again = await api.call('POST', '/api/challenges', { token: tokens.council, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await count()).toBe(before + 1);
  });

  it('concurrent requests with one key create one challenge', async () => {
    const key = `race-${Date.now()}`;
    const before = await count();
    const body = validRequest({ notes: 'raced' });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => api.call('POST', '/api/challenges', { token: tokens.council, body, headers: { 'idempotency-key': key } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await count()).toBe(before + 1);
  });

  it('the same key with a different body is refused', async () => {
    const key = `mismatch-${Date.now()}`;
    await api.call('POST', '/api/challenges', { token: tokens.council, body: validRequest(), headers: { 'idempotency-key': key } });
    const r = await api.call('POST', '/api/challenges', { token: tokens.council, body: validRequest({ notes: 'changed' }), headers: { 'idempotency-key': key } });
    expect(r.status).toBe(422);
  });

  it('a key is scoped to its user', async () => {
    const key = `scoped-${Date.now()}`;
    const a = await api.call('POST', '/api/challenges', { token: tokens.council, body: validRequest(), headers: { 'idempotency-key': key } });
    const b = await api.call('POST', '/api/challenges', { token: tokens.otherCouncil, body: validRequest(), headers: { 'idempotency-key': key } });
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.body.councilId).toBe(who.otherCouncil.councilId);
  });

  it('a malformed key is named', async () => {
    const r = await api.call('POST', '/api/challenges', { token: tokens.council, body: validRequest(), headers: { 'idempotency-key': 'x' } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].field).toBe('Idempotency-Key');
  });
});

describe('health and OpenAPI', () => {
  it('health reports the API and the table without a token', async () => {
    const r = await api.call('GET', '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', table: 'ok' });
  });

  it('the OpenAPI document covers every route', async () => {
    const { ROUTES } = await import('../../infra/routes.js');
    const r = await api.call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toBe('3.1.0');
    for (const route of ROUTES) expect(r.body.paths[route.path]?.[route.method.toLowerCase()], `${route.method} ${route.path}`).toBeDefined();
    const post = r.body.paths['/api/challenges'].post;
    expect(Object.keys(post.requestBody.content['application/json'].schema.properties)).toEqual(
      expect.arrayContaining(['kind', 'focusAreas', 'windows', 'contact', 'notes']),
    );
    expect(post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });

  it('unknown API paths are a 404', async () => {
    expect((await api.call('GET', '/api/nothing-here')).status).toBe(404);
  });
});
