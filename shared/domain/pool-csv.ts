import { peerSchema, type Peer } from './peer.js';
import { ROLES_BY_KIND } from './peer-pool.js';
import { FOCUS_AREAS } from './reference.js';

/**
 * The peer pool as a CSV file (RFC 4180): one row per peer, approved and pending alike.
 * Pure: parsing, validation and writing, no I/O. Lists inside a cell are separated by
 * semicolons; skills are `area:level` pairs (`finance:3;governance:2`).
 *
 * Ids: a row with an empty `id` is a new peer and gets a fresh id from `newId` (so
 * importing the same file twice creates such peers twice); a row with an id creates that
 * peer or replaces it wholesale.
 */
export const POOL_CSV_COLUMNS = [
  'id',
  'name',
  'email',
  'kind',
  'group',
  'councilId',
  'title',
  'roles',
  'requestedRoles',
  'skills',
  'blackouts',
  'maxLoad',
  'conflicts',
  'status',
] as const;
export type PoolCsvColumn = (typeof POOL_CSV_COLUMNS)[number];

/** One problem with one row: the physical line the row starts on, the column, what is wrong. */
export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface PoolCsvResult {
  /** Valid rows, in file order, with the line each started on. */
  peers: { line: number; peer: Peer; assignedId: boolean }[];
  errors: RowError[];
  /** Data rows in the file (valid or not). */
  rows: number;
}

const ID_PATTERN = /^[A-Za-z0-9-]{1,40}$/;

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * RFC 4180 records: fields separated by commas, records by CRLF or LF; a field in double
 * quotes may hold commas, line breaks and doubled quotes (""). Each record comes with the
 * line it starts on. Blank lines are skipped.
 */
export function parseCsv(text: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a byte-order mark from spreadsheets
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text[i] === '"') {
        // Quoted field.
        i++;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(start, 'a quoted field is not closed');
          const c = text[i]!;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n') line++;
          field += c;
          i++;
        }
        const after = text[i];
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r')
          throw new CsvSyntaxError(line, 'text after a closing quote; double the quote ("") to put one inside a field');
      } else {
        const begin = i;
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          if (text[i] === '"') throw new CsvSyntaxError(line, 'a quote inside an unquoted field; quote the whole field and double the quote');
          i++;
        }
        field = text.slice(begin, i);
      }
      fields.push(field);
      field = '';
      const c = text[i];
      if (c === ',') i++;
      else {
        if (c === '\r') i++;
        if (text[i] === '\n') i++;
        line++;
        endOfRecord = true;
      }
    }
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    // Skip further blank lines.
    while (i < n && (text[i] === '\n' || text[i] === '\r')) {
      if (text[i] === '\n') line++;
      i++;
    }
  }
  return out;
}

const list = (cell: string) =>
  cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Validates every row of a pool file and reports every problem at once. A bad header makes
 * the whole file bad (line 1 errors, no peers).
 */
export function parsePoolCsv(text: string, newId: () => string): PoolCsvResult {
  let records: { line: number; fields: string[] }[];
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { peers: [], errors: [{ line: e.line, field: 'file', message: e.message }], rows: 0 };
    throw e;
  }
  const [header, ...rows] = records;
  if (!header) return { peers: [], errors: [{ line: 1, field: 'header', message: `the file is empty; the first line must be ${POOL_CSV_COLUMNS.join(',')}` }], rows: 0 };
  const headerErrors = checkHeader(header.fields, header.line);
  if (headerErrors.length > 0) return { peers: [], errors: headerErrors, rows: rows.length };
  const index = new Map(header.fields.map((h, i) => [h.trim() as PoolCsvColumn, i]));

  const peers: PoolCsvResult['peers'] = [];
  const errors: RowError[] = [];
  const firstLineOfId = new Map<string, number>();
  for (const { line, fields } of rows) {
    if (fields.length !== header.fields.length) {
      errors.push({ line, field: 'row', message: `has ${fields.length} fields; the header has ${header.fields.length}` });
      continue;
    }
    const cell = (c: PoolCsvColumn) => undefuse(fields[index.get(c)!]!.trim());
    const rowErrors: RowError[] = [];
    const bad = (field: PoolCsvColumn, message: string) => rowErrors.push({ line, field, message });

    const skills: Record<string, number> = {};
    for (const pair of list(cell('skills'))) {
      const m = pair.match(/^([a-z-]+):([0-9]+)$/);
      if (!m) bad('skills', `"${pair}" is not area:level (e.g. finance:3)`);
      else if (!(FOCUS_AREAS as readonly string[]).includes(m[1]!)) bad('skills', `"${m[1]}" is not a focus area`);
      else if (m[1]! in skills) bad('skills', `"${m[1]}" is listed twice`);
      else if (!['1', '2', '3'].includes(m[2]!)) bad('skills', `"${pair}": the level must be 1, 2 or 3`);
      else skills[m[1]!] = Number(m[2]);
    }
    const maxLoadCell = cell('maxLoad');
    if (!/^-?[0-9]+$/.test(maxLoadCell)) bad('maxLoad', 'must be a whole number from 0 to 12');

    const id = cell('id');
    if (id !== '' && !ID_PATTERN.test(id)) bad('id', 'must be 1 to 40 letters, digits or hyphens (or empty for a new peer)');
    const councilId = cell('councilId');
    if (councilId !== '' && !ID_PATTERN.test(councilId)) bad('councilId', 'must be a council id');
    const conflicts = list(cell('conflicts'));
    if (conflicts.some((c) => !ID_PATTERN.test(c))) bad('conflicts', 'must be council ids separated by ;');
    const blackouts = list(cell('blackouts'));
    if (new Set(blackouts).size !== blackouts.length) bad('blackouts', 'dates must not repeat');

    const candidate = {
      id: id === '' ? 'new' : id,
      name: cell('name'),
      email: cell('email'),
      kind: cell('kind'),
      group: cell('group') === '' ? null : cell('group'),
      councilId: councilId === '' ? null : councilId,
      title: cell('title'),
      roles: list(cell('roles')),
      requestedRoles: list(cell('requestedRoles')),
      skills,
      blackouts,
      maxLoad: Number(maxLoadCell),
      conflicts,
      status: cell('status'),
    };
    const parsed = peerSchema.safeParse(candidate);
    if (!parsed.success) {
      const seen = new Set(rowErrors.map((e) => e.field));
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? 'row');
        if (seen.has(field)) continue; // one message per column is enough
        seen.add(field);
        const at = issue.path.length > 1 && typeof issue.path[1] === 'number' ? ` (item ${issue.path[1] + 1})` : '';
        rowErrors.push({ line, field, message: `${issue.message}${at}` });
      }
    } else {
      // Rules beyond the shape: group by kind, roles the kind may take.
      const p = parsed.data;
      if (p.kind === 'member' && p.group === null) bad('group', 'a member peer needs a political group');
      if (p.kind !== 'member' && p.group !== null) bad('group', `a ${p.kind} peer has no political group; leave it empty`);
      const allowed = ROLES_BY_KIND[p.kind];
      const wrong = [...p.roles, ...p.requestedRoles].filter((r) => !allowed.includes(r));
      if (wrong.length > 0) bad(p.roles.some((r) => !allowed.includes(r)) ? 'roles' : 'requestedRoles', `a ${p.kind} peer may take only ${allowed.join(', ')}; not ${[...new Set(wrong)].join(', ')}`);
      if (new Set(p.roles).size !== p.roles.length) bad('roles', 'roles must not repeat');
    }
    if (id !== '') {
      const first = firstLineOfId.get(id);
      if (first !== undefined) bad('id', `duplicate id: already on line ${first}`);
      else firstLineOfId.set(id, line);
    }
    if (rowErrors.length > 0 || !parsed.success) {
      errors.push(...rowErrors);
      continue;
    }
    const peer = { ...parsed.data, id: id === '' ? newId() : id };
    peers.push({ line, peer, assignedId: id === '' });
  }
  return { peers, errors, rows: rows.length };
}

function checkHeader(fields: string[], line: number): RowError[] {
  const names = fields.map((f) => f.trim());
  const errors: RowError[] = [];
  const missing = POOL_CSV_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(POOL_CSV_COLUMNS as readonly string[]).includes(n));
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  for (const c of missing) errors.push({ line, field: c, message: 'column is missing from the header' });
  for (const c of unknown) errors.push({ line, field: c || '(empty)', message: `is not a column; the columns are ${POOL_CSV_COLUMNS.join(',')}` });
  for (const c of new Set(repeated)) errors.push({ line, field: c, message: 'column appears twice in the header' });
  return errors;
}

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula. The export
 * prefixes such a cell with an apostrophe, which spreadsheets show as text, and the import
 * drops that apostrophe again, so a round trip keeps the value exactly.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const defuse = (v: string) => (FORMULA_START.test(v) ? `'${v}` : v);
const undefuse = (v: string) => (v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v);

/** Quotes a field when it must be (comma, quote, line break, or leading/trailing space). */
function quote(value: string): string {
  const v = defuse(value);
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** The pool as CSV text, header first, CRLF line ends (RFC 4180), skills in vocabulary order. */
export function poolToCsv(peers: readonly Peer[]): string {
  const lines = [POOL_CSV_COLUMNS.join(',')];
  for (const p of peers) {
    const skills = FOCUS_AREAS.filter((a) => p.skills[a] !== undefined).map((a) => `${a}:${p.skills[a]}`);
    const row: Record<PoolCsvColumn, string> = {
      id: p.id,
      name: p.name,
      email: p.email,
      kind: p.kind,
      group: p.group ?? '',
      councilId: p.councilId ?? '',
      title: p.title ?? '',
      roles: p.roles.join(';'),
      requestedRoles: (p.requestedRoles ?? []).join(';'),
      skills: skills.join(';'),
      blackouts: (p.blackouts ?? []).join(';'),
      maxLoad: String(p.maxLoad),
      conflicts: (p.conflicts ?? []).join(';'),
      status: p.status,
    };
    lines.push(POOL_CSV_COLUMNS.map((c) => quote(row[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

