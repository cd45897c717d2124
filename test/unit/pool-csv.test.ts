import { describe, expect, it } from 'vitest';
import type { Peer } from '../../shared/domain/peer.js';
import { parseCsv, parsePoolCsv, poolToCsv, POOL_CSV_COLUMNS } from '../../shared/domain/pool-csv.js';

const HEADER = POOL_CSV_COLUMNS.join(',');
let n = 0;
const newId = () => `peer-new-${++n}`;

const member: Peer = {
  id: 'p-1',
  name: 'Cllr Ann "Nan" Smith, OBE',
  email: 'ann@example.org',
  kind: 'member',
  group: 'LAB',
  councilId: 'E07000111',
  title: 'Leader of the Council\nand chair',
  roles: ['lead-member', 'member'],
  requestedRoles: [],
  skills: { finance: 3, governance: 2 },
  blackouts: ['2027-03-09', '2027-03-10'],
  maxLoad: 3,
  conflicts: ['E07000112'],
  status: 'approved',
};
const officer: Peer = {
  id: 'p-2',
  name: 'Bo Jones',
  email: 'bo@example.org',
  kind: 'officer',
  group: null,
  councilId: null,
  title: '',
  roles: ['officer'],
  requestedRoles: ['lead-officer'],
  skills: {},
  blackouts: [],
  maxLoad: 0,
  conflicts: [],
  status: 'pending',
};

/** A data row from column values (unquoted, so keep commas out). */
function row(over: Partial<Record<(typeof POOL_CSV_COLUMNS)[number], string>> = {}): string {
  const base = {
    id: 'p-9',
    name: 'Cy Brown',
    email: 'cy@example.org',
    kind: 'member',
    group: 'CON',
    councilId: 'E06000001',
    title: 'Councillor',
    roles: 'member',
    requestedRoles: '',
    skills: 'housing:2',
    blackouts: '',
    maxLoad: '2',
    conflicts: '',
    status: 'approved',
    ...over,
  };
  return POOL_CSV_COLUMNS.map((c) => base[c]).join(',');
}
const file = (...rows: string[]) => [HEADER, ...rows].join('\n') + '\n';

describe('RFC 4180 parsing', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and says where each record starts', () => {
    const recs = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\n\nlast,,\n');
    expect(recs).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\nlines'] },
      { line: 5, fields: ['last', '', ''] },
    ]);
  });

  it('rejects an unclosed quote and a stray quote, naming the line', () => {
    expect(parsePoolCsv(`${HEADER}\n"open,`, newId).errors[0]).toMatchObject({ line: 2, field: 'file' });
    expect(parsePoolCsv(`${HEADER}\nab"c,d`, newId).errors[0]).toMatchObject({ line: 2, field: 'file' });
  });
});

describe('pool file validation', () => {
  it('round-trips peers through CSV, quoting where needed', () => {
    const csv = poolToCsv([member, officer]);
    expect(csv.split('\r\n')[0]).toBe(HEADER);
    expect(csv).toContain('"Cllr Ann ""Nan"" Smith, OBE"');
    const r = parsePoolCsv(csv, newId);
    expect(r.errors).toEqual([]);
    expect(r.peers.map((p) => p.peer)).toEqual([member, officer]);
    expect(poolToCsv(r.peers.map((p) => p.peer))).toBe(csv);
  });

  it('defuses spreadsheet formulas on export and restores the value on import', () => {
    const sneaky: Peer = { ...officer, id: 'p-3', name: '=HYPERLINK("http://x.example","click")', title: '@SUM(A1)' };
    const csv = poolToCsv([sneaky]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""click"")"`);
    expect(csv).toContain(`'@SUM(A1)`);
    expect(parsePoolCsv(csv, newId).peers[0]!.peer).toEqual(sneaky);
  });

  it('accepts a good row and gives a row with an empty id a new id', () => {
    const r = parsePoolCsv(file(row(), row({ id: '' })), newId);
    expect(r.errors).toEqual([]);
    expect(r.peers[0]!.peer).toMatchObject({ id: 'p-9', kind: 'member', group: 'CON', skills: { housing: 2 }, maxLoad: 2 });
    expect(r.peers[1]).toMatchObject({ line: 3, assignedId: true });
    expect(r.peers[1]!.peer.id).toMatch(/^peer-new-/);
  });

  it('names the line and the column of a bad date, an unknown kind and a member without a group', () => {
    const r = parsePoolCsv(file(row({ id: 'a', blackouts: '2027-02-30' }), row({ id: 'b', kind: 'wizard' }), row({ id: 'c', group: '' })), newId);
    expect(r.peers).toEqual([]);
    expect(r.errors).toEqual([
      { line: 2, field: 'blackouts', message: expect.stringContaining('not a real calendar date') },
      { line: 3, field: 'kind', message: expect.any(String) },
      { line: 4, field: 'group', message: 'a member peer needs a political group' },
    ]);
  });

  it('reports every bad row, not only the first, and keeps the good ones apart', () => {
    const r = parsePoolCsv(file(row({ id: 'ok-1' }), row({ id: 'x', email: 'nope' }), row({ id: 'ok-2' }), row({ id: 'y', maxLoad: 'lots', skills: 'finance:5' })), newId);
    expect(r.peers.map((p) => p.peer.id)).toEqual(['ok-1', 'ok-2']);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'email'],
      [5, 'skills'],
      [5, 'maxLoad'],
    ]);
    expect(r.rows).toBe(4);
  });

  it('rejects a repeated id on the later line, naming the first', () => {
    const r = parsePoolCsv(file(row({ id: 'dup' }), row({ id: 'dup' })), newId);
    expect(r.peers.map((p) => p.line)).toEqual([2]);
    expect(r.errors).toEqual([{ line: 3, field: 'id', message: 'duplicate id: already on line 2' }]);
  });

  it('rejects roles the kind of peer cannot take, a group on an officer, and an unknown skill', () => {
    const r = parsePoolCsv(file(row({ id: 'o', kind: 'officer', group: 'LAB', roles: 'lead-member' }), row({ id: 's', skills: 'knitting:2' })), newId);
    expect(r.errors.map((e) => [e.line, e.field])).toEqual([
      [2, 'group'],
      [2, 'roles'],
      [3, 'skills'],
    ]);
  });

  it('rejects a wrong header as a whole: missing, unknown and repeated columns, and reads no rows', () => {
    const bad = HEADER.replace('email', 'e-mail') + ',status';
    const r = parsePoolCsv(`${bad}\n${row()}\n`, newId);
    expect(r.peers).toEqual([]);
    expect(r.errors).toEqual([
      { line: 1, field: 'email', message: 'column is missing from the header' },
      { line: 1, field: 'e-mail', message: expect.stringContaining('is not a column') },
      { line: 1, field: 'status', message: 'column appears twice in the header' },
    ]);
    expect(parsePoolCsv('', newId).errors[0]).toMatchObject({ line: 1, field: 'header' });
  });

  it('accepts the columns in any order and rejects a row with the wrong number of fields', () => {
    const cols = [...POOL_CSV_COLUMNS].reverse();
    const r = parsePoolCsv(`${cols.join(',')}\n${row().split(',').reverse().join(',')}\nonly,three,fields\n`, newId);
    expect(r.peers.map((p) => p.peer.id)).toEqual(['p-9']);
    expect(r.errors).toEqual([{ line: 3, field: 'row', message: 'has 3 fields; the header has 14' }]);
  });
});
