import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type Platform } from '../../infra/local/platform.js';
import { documentClient } from '../../shared/data/client.js';
import { parsePoolCsv, POOL_CSV_COLUMNS } from '../../shared/domain/pool-csv.js';
import { apiClient } from '../support/api-client.js';
import { demoUsers } from '../support/users.js';

let platform: Platform;
let api: ReturnType<typeof apiClient>;
let adviser: string;
let council: string;

beforeAll(async () => {
  platform = await startPlatform({ port: 0, dataDir: null, seed: true, quiet: true, web: false });
  api = apiClient(platform.url);
  const who = demoUsers(platform.users);
  adviser = await api.signIn(who.adviserOf('South East')!);
  council = await api.signIn(who.council);
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countPoolCalls' },
  );
});
const calls: string[] = [];

afterAll(async () => {
  await platform?.stop();
});

const exportCsv = async () => {
  const r = await api.call('GET', '/api/pool.csv', { token: adviser });
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
  return r.body as string;
};
const importCsv = (csv: string, mode?: string) =>
  api.call('POST', `/api/pool/import${mode ? `?mode=${mode}` : ''}`, { token: adviser, raw: csv, headers: { 'content-type': 'text/csv' } });
const lines = (csv: string) => csv.trimEnd().split('\r\n');
const rawPeer = async (id: string) => (await documentClient().send(new GetCommand({ TableName: platform.tableName, Key: { PK: `PEER#${id}`, SK: 'PEER' }, ConsistentRead: true }))).Item;
const skillItems = async (id: string) =>
  (
    await documentClient().send(
      new QueryCommand({ TableName: platform.tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :s)', ExpressionAttributeValues: { ':pk': `PEER#${id}`, ':s': 'SKILL#' }, ConsistentRead: true }),
    )
  ).Items ?? [];

/** A data row from column values (the test's own values contain no commas). */
function row(values: Partial<Record<(typeof POOL_CSV_COLUMNS)[number], string>>): string {
  const base = { id: '', name: 'Dee New', email: 'dee@example.org', kind: 'officer', group: '', councilId: '', title: 'Director', roles: 'officer', requestedRoles: '', skills: 'finance:2', blackouts: '', maxLoad: '2', conflicts: '', status: 'approved', ...values };
  return POOL_CSV_COLUMNS.map((c) => base[c]).join(',');
}

describe('pool CSV export and import', () => {
  it('exports every peer, approved and pending, as CSV; only advisers may', async () => {
    const csv = await exportCsv();
    const parsed = parsePoolCsv(csv, () => 'x');
    expect(parsed.errors).toEqual([]);
    expect(parsed.peers).toHaveLength(300);
    expect(new Set(parsed.peers.map((p) => p.peer.status))).toEqual(new Set(['approved', 'pending']));
    // Six index queries (kind × status), nothing else.
    calls.length = 0;
    await exportCsv();
    expect(calls).toEqual(Array(6).fill('QueryCommand'));
    expect((await api.call('GET', '/api/pool.csv', { token: council })).status).toBe(403);
    expect((await api.call('POST', '/api/pool/import', { token: council, raw: csv, headers: { 'content-type': 'text/csv' } })).status).toBe(403);
  });

  it('round-trips: importing the export changes nothing a second export can see', async () => {
    const before = await exportCsv();
    const r = await importCsv(before);
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).toBe(200);
    expect(r.body).toEqual({ imported: 300, created: [], rejected: [] });
    expect(await exportCsv()).toBe(before);
  });

  it('replaces a peer by id: new skills, removed skill items deleted, version bumped, load counters kept', async () => {
    const csv = await exportCsv();
    const [header, ...rows] = lines(csv);
    const target = parsePoolCsv(csv, () => 'x').peers.find((p) => Object.keys(p.peer.skills).length >= 2)!.peer;
    await documentClient().send(
      new UpdateCommand({ TableName: platform.tableName, Key: { PK: `PEER#${target.id}`, SK: 'PEER' }, UpdateExpression: 'SET load_2099_00 = :n', ExpressionAttributeValues: { ':n': 2 } }),
    );
    const versionBefore = (await rawPeer(target.id))!.version as number;
    const changed = rows.map((l) => (l.startsWith(`${target.id},`) ? l.replace(/,([a-z-]+:[1-3](;[a-z-]+:[1-3])*),/, ',climate-and-environment:3,') : l));
    expect(changed).not.toEqual(rows);
    const r = await importCsv([header, ...changed].join('\r\n'));
    expect(r.status).toBe(200);
    const after = await rawPeer(target.id);
    expect(after!.skills).toEqual({ 'climate-and-environment': 3 });
    expect(after!.version).toBe(versionBefore + 1);
    expect(after!.load_2099_00).toBe(2);
    expect((await skillItems(target.id)).map((i) => i.SK)).toEqual(['SKILL#climate-and-environment']);
  });

  it('all-or-nothing: one bad row and nothing is written; every bad row is reported with line and field', async () => {
    const before = await exportCsv();
    const [header, ...rows] = lines(before);
    const file = [header, row({ id: 'peer-aon-1' }), ...rows.slice(0, 5), row({ id: 'peer-aon-2', kind: 'wizard' }), row({ id: 'peer-aon-3', blackouts: '2027-13-01' })].join('\r\n');
    const r = await importCsv(file);
    expect(r.status).toBe(422);
    expect(r.body.imported).toBe(0);
    expect(r.body.errors).toEqual([
      { line: 8, field: 'kind', message: expect.any(String) },
      { line: 9, field: 'blackouts', message: expect.any(String) },
    ]);
    expect(await rawPeer('peer-aon-1')).toBeUndefined();
    expect(await exportCsv()).toBe(before);
  });

  it('valid-only: writes the good rows, reports the bad ones, and gives id-less rows new ids', async () => {
    const [header] = lines(await exportCsv());
    const file = [header, row({ id: 'peer-vo-1' }), row({ id: 'peer-vo-2', kind: 'member', group: '', roles: 'member' }), row({ id: '', name: 'Ed Fresh' }), row({ id: 'peer-vo-1' })].join('\r\n') + '\r\n';
    const r = await importCsv(file, 'valid-only');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.imported).toBe(2);
    expect(r.body.rejected).toEqual([
      { line: 3, field: 'group', message: 'a member peer needs a political group' },
      { line: 5, field: 'id', message: 'duplicate id: already on line 2' },
    ]);
    expect(r.body.created).toEqual([{ line: 4, id: expect.stringMatching(/^peer-[0-9a-z]{26}$/) }]);
    expect(await rawPeer('peer-vo-1')).toMatchObject({ kind: 'officer', status: 'approved', GSI1PK: 'PEERS#officer#approved' });
    expect(await rawPeer('peer-vo-2')).toBeUndefined();
    expect(await rawPeer(r.body.created[0].id)).toMatchObject({ name: 'Ed Fresh' });
    const csv = await exportCsv();
    expect(parsePoolCsv(csv, () => 'x').peers).toHaveLength(302);
  });

  it('rejects a wrong header in either mode, a JSON body, and a bad mode', async () => {
    const bad = await importCsv(`id,name\n${row({ id: 'peer-h-1' })}\n`, 'valid-only');
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toMatchObject({ line: 1, field: 'email' });
    expect(await rawPeer('peer-h-1')).toBeUndefined();
    expect((await api.call('POST', '/api/pool/import', { token: adviser, body: { rows: [] } })).status).toBe(415);
    const mode = await importCsv('x', 'some');
    expect(mode.status).toBe(400);
    expect(mode.body.errors[0].field).toBe('query.mode');
  });

  it('takes bodies over 64 KB on this route but not over 6 MB', async () => {
    const [header] = lines(await exportCsv());
    const many = [header, ...Array.from({ length: 800 }, (_, i) => row({ id: `peer-big-${i}` }))].join('\r\n');
    expect(many.length).toBeGreaterThan(64 * 1024);
    const r = await importCsv(many);
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(800);
    const huge = await importCsv(`${header}\r\n${'x'.repeat(6 * 1024 * 1024 + 10)}`);
    expect(huge.status).toBe(413);
  });
});
