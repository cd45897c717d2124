import { ApiError, call, hasRoute, type Me } from '../api.js';
import { barChart } from '../charts.js';
import { csvFileName, downloadCsv, toCsv, type Cell } from '../csv.js';
import { formatDate, todayIso } from '../dates.js';
import { h, type Child } from '../dom.js';
import { focusAreaName, groupName, kindName, sentence, statusName } from '../labels.js';
import { CHALLENGE_KINDS, CHALLENGE_STATUSES } from '../../../shared/domain/reference.js';
import { heading, notFoundPage, problemNotice, type View } from './common.js';
import { financialYear } from '../../../shared/domain/days.js';

/**
 * The advisers' dashboard (#/dashboard?fy=2026/27&region=mine&years=5): pipeline, follow-ups
 * (when the API has them), take-up, the pool and themes. Every section shows the API's
 * definition of what it counts and its total; every chart is drawn from the same rows as the
 * table under it, and every table can be downloaded as CSV.
 */

// ------------------------------------------------------------------ API shapes

type Phase = 'in-discussion' | 'booked' | 'delivered' | 'ended';
const PHASES: { key: Phase; label: string; color: string }[] = [
  { key: 'in-discussion', label: 'In discussion', color: '#b35900' },
  { key: 'booked', label: 'Booked', color: '#1d70b8' },
  { key: 'delivered', label: 'Delivered', color: '#00703c' },
  { key: 'ended', label: 'Ended (withdrawn or cancelled)', color: '#6f777b' },
];

interface PipelineBody {
  financialYear: string;
  region: string;
  definition: string;
  total: number;
  byPhase: Record<Phase, number>;
  byMonth: ({ month: string } & Record<Phase, number>)[];
  rows: { region: string; month: string; status: string; kind: string; count: number }[];
}

type TakeUpState = 'booked' | 'in-discussion' | 'none';
type TakeUpSplit = Record<string, string | number> & Record<TakeUpState, number>;
interface TakeUpBody {
  years: number;
  region: string;
  definition: string;
  cutoff: string;
  total: number;
  totals: Record<TakeUpState, number>;
  councils: { id: string; name: string; type: string; region: string; control: string; lastCorporateChallenge?: string | null; state: TakeUpState }[];
  byType: TakeUpSplit[];
  byRegion: TakeUpSplit[];
  byControl: TakeUpSplit[];
}
const TAKE_UP_STATES: { key: TakeUpState; label: string; color: string }[] = [
  { key: 'booked', label: 'Booked', color: '#1d70b8' },
  { key: 'in-discussion', label: 'In discussion', color: '#b35900' },
  { key: 'none', label: 'None', color: '#6f777b' },
];

interface PoolRow {
  key: string;
  peers: number;
  challenges: number;
  peerDays: number;
}
interface PoolBody {
  financialYear: string;
  definition: string;
  total: { peers: number; challenges: number; peerDays: number };
  byGroup: PoolRow[];
  byKind: PoolRow[];
  byRegion: PoolRow[];
  loadSpread: { load: number; peers: number }[];
  overUsed: number;
  neverInvited: number;
  skills: { area: string; supply: number; demand: number; shortfall: boolean }[];
}

interface ThemesBody {
  financialYear: string;
  definition: string;
  challenges: { theme: string; count: number }[];
  recommendations: { theme: string; count: number }[];
  totals: { challengeFocusAreas: number; recommendations: number };
}

interface FollowUpRow {
  challengeId: string;
  kind: string;
  dueOn: string;
  state: string;
  councilName: string;
}

// ------------------------------------------------------------------ filters in the hash


export interface DashboardFilters {
  fy: string;
  region: 'mine' | 'all';
  years: number;
}

export function financialYearOptions(today = todayIso()): string[] {
  const current = Number(financialYear(today).slice(0, 4));
  const fy = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
  return [-3, -2, -1, 0, 1, 2].map((d) => fy(current + d));
}

export function readFilters(hash: string, today = todayIso()): DashboardFilters {
  const q = new URLSearchParams(hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '');
  const fy = q.get('fy') ?? '';
  const years = Number(q.get('years'));
  return {
    fy: financialYearOptions(today).includes(fy) ? fy : financialYear(today),
    region: q.get('region') === 'all' ? 'all' : 'mine',
    years: Number.isInteger(years) && years >= 1 && years <= 10 ? years : 5,
  };
}

export function filtersHash(f: DashboardFilters): string {
  return `#/dashboard?fy=${encodeURIComponent(f.fy)}&region=${f.region}&years=${f.years}`;
}

// ------------------------------------------------------------------ building blocks

interface Column<R> {
  label: string;
  value: (r: R) => Cell;
  /** How the cell shows (defaults to the value). */
  show?: (r: R) => Child;
  numeric?: boolean;
  /** Summed in the table's total row. */
  sum?: boolean;
}

interface TableSpec<R> {
  id: string;
  caption: string;
  columns: Column<R>[];
  rows: R[];
  /** What one row adds to the table's total (data-total, checked against the chart and the API). */
  count: (r: R) => number;
  fileName: string;
  rowClass?: (r: R) => string | null;
  empty?: string;
}

/** A table with a total row and a "Download CSV" button; the CSV holds exactly its body rows. */
function dataTable<R>(spec: TableSpec<R>): HTMLElement {
  const total = spec.rows.reduce((n, r) => n + spec.count(r), 0);
  const anySum = spec.columns.some((c) => c.sum);
  const table = h(
    'table',
    { id: spec.id, 'data-total': total },
    h('caption', null, spec.caption),
    h('thead', null, h('tr', null, spec.columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))),
    h(
      'tbody',
      null,
      spec.rows.map((r) =>
        h(
          'tr',
          { class: spec.rowClass?.(r) ?? null },
          spec.columns.map((c, i) => {
            const content = c.show ? c.show(r) : String(c.value(r) ?? '');
            return i === 0 ? h('th', { scope: 'row' }, content) : h('td', { class: c.numeric ? 'num' : null }, content);
          }),
        ),
      ),
    ),
    anySum && spec.rows.length
      ? h(
          'tfoot',
          null,
          h(
            'tr',
            null,
            spec.columns.map((c, i) =>
              i === 0
                ? h('th', { scope: 'row' }, 'Total')
                : h('td', { class: c.numeric ? 'num' : null }, c.sum ? String(spec.rows.reduce((n, r) => n + Number(c.value(r) ?? 0), 0)) : ''),
            ),
          ),
        )
      : null,
  );
  const button = h(
    'button',
    {
      type: 'button',
      class: 'button button--secondary button--small',
      'data-csv': spec.id,
      onclick: () =>
        downloadCsv(
          spec.fileName,
          toCsv(
            spec.columns.map((c) => c.label),
            spec.rows.map((r) => spec.columns.map((c) => c.value(r))),
          ),
        ),
    },
    'Download CSV',
    h('span', { class: 'visually-hidden' }, ` of ${spec.caption.toLowerCase()}`),
  );
  return h(
    'div',
    { class: 'data-table' },
    h('div', { class: 'table-wrap' }, table),
    spec.rows.length ? null : h('p', { class: 'muted' }, spec.empty ?? 'Nothing to show.'),
    h('p', { class: 'data-table__actions' }, button, h('span', { class: 'muted' }, ` ${spec.rows.length} ${spec.rows.length === 1 ? 'row' : 'rows'}, file ${spec.fileName}`)),
  );
}

function stats(items: [string, number, string?][]): HTMLElement {
  return h(
    'dl',
    { class: 'stats' },
    items.map(([label, value, key]) => h('div', { class: 'stats__item', 'data-stat': key ?? null }, h('dt', null, label), h('dd', null, String(value)))),
  );
}

function section(id: string, title: string, definition: string | null, total: { value: number; text: string } | null, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'dash-section', id, 'aria-labelledby': `${id}-title`, 'data-section': id, 'data-total': total?.value ?? null },
    h('h2', { id: `${id}-title` }, title),
    definition ? h('p', { class: 'definition' }, h('strong', null, 'Definition: '), definition) : null,
    total ? h('p', { class: 'dash-total' }, total.text) : null,
    children,
  );
}

function failed(id: string, title: string, error: unknown): HTMLElement {
  return section(id, title, null, null, problemNotice(error));
}

const monthName = (ym: string) => new Date(`${ym}-01T00:00:00Z`).toLocaleString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });

function fyMonths(fy: string): string[] {
  const start = Number(fy.slice(0, 4));
  return Array.from({ length: 12 }, (_, i) => {
    const m = ((3 + i) % 12) + 1;
    return `${m >= 4 ? start : start + 1}-${String(m).padStart(2, '0')}`;
  });
}

const controlName = (v: string) => (v === 'NOC' ? 'No overall control' : groupName(v));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ------------------------------------------------------------------ sections

function pipelineSection(p: PipelineBody, where: string, regionSlug: string): HTMLElement {
  const months = fyMonths(p.financialYear);
  const byMonth = new Map(p.byMonth.map((m) => [m.month, m]));
  // Months outside the year cannot be in the answer, but keep any that are (so nothing is lost).
  const allMonths = [...new Set([...months, ...p.byMonth.map((m) => m.month)])].sort();
  const monthRows = allMonths.map((month) => {
    const m = byMonth.get(month);
    const counts = Object.fromEntries(PHASES.map(({ key }) => [key, m?.[key] ?? 0])) as Record<Phase, number>;
    return { month, ...counts, total: PHASES.reduce((n, { key }) => n + counts[key], 0) };
  });
  const fySlug = p.financialYear;
  const chart = barChart({
    tableId: 'pipeline-months',
    labels: monthRows.map((r) => monthName(r.month)),
    series: PHASES.map(({ key, label, color }) => ({ label, color, values: monthRows.map((r) => r[key]) })),
    stacked: true,
    description: `Stacked bar chart of challenges per month of ${p.financialYear} in ${where}, by phase.`,
  });
  const monthTable = dataTable({
    id: 'pipeline-months',
    caption: `Challenges by month of on-site start and phase, ${p.financialYear}`,
    rows: monthRows,
    count: (r) => r.total,
    fileName: csvFileName('pipeline', fySlug, regionSlug),
    columns: [
      { label: 'Month', value: (r) => r.month, show: (r) => monthName(r.month) },
      ...PHASES.map(({ key, label }) => ({ label, value: (r: (typeof monthRows)[number]) => r[key], numeric: true, sum: true })),
      { label: 'Total', value: (r) => r.total, numeric: true, sum: true },
    ],
  });

  // Status × kind, from the same rows.
  const kinds = CHALLENGE_KINDS.filter((k) => p.rows.some((r) => r.kind === k));
  const statuses = CHALLENGE_STATUSES.filter((s) => p.rows.some((r) => r.status === s));
  const cell = new Map<string, number>();
  for (const r of p.rows) cell.set(`${r.status}|${r.kind}`, (cell.get(`${r.status}|${r.kind}`) ?? 0) + r.count);
  const statusRows = statuses.map((status) => {
    const byKind = Object.fromEntries(kinds.map((k) => [k, cell.get(`${status}|${k}`) ?? 0]));
    return { status, byKind, total: kinds.reduce((n, k) => n + (byKind[k] ?? 0), 0) };
  });
  const statusTable = dataTable({
    id: 'pipeline-status-kind',
    caption: `Challenges by status and kind, ${p.financialYear}`,
    rows: statusRows,
    count: (r) => r.total,
    fileName: csvFileName('pipeline-by-status-and-kind', fySlug, regionSlug),
    empty: 'No challenges in this year.',
    columns: [
      { label: 'Status', value: (r) => statusName(r.status) },
      ...kinds.map((k) => ({ label: kindName(k), value: (r: (typeof statusRows)[number]) => r.byKind[k] ?? 0, numeric: true, sum: true })),
      { label: 'Total', value: (r) => r.total, numeric: true, sum: true },
    ],
  });

  return section(
    'pipeline',
    'Pipeline',
    p.definition,
    { value: p.total, text: `${plural(p.total, 'challenge')} with on-site days starting in ${p.financialYear}, ${where}.` },
    stats([
      ['In discussion', p.byPhase['in-discussion'] ?? 0, 'in-discussion'],
      ['Booked', p.byPhase.booked ?? 0, 'booked'],
      ['Delivered', p.byPhase.delivered ?? 0, 'delivered'],
      ['Ended', p.byPhase.ended ?? 0, 'ended'],
    ]),
    h('h3', null, 'By month'),
    chart,
    monthTable,
    h('h3', null, 'By status and kind'),
    statusTable,
  );
}

function followUpsFrom(body: unknown): FollowUpRow[] {
  const list: unknown = Array.isArray(body) ? body : (body as { items?: unknown })?.items;
  if (!Array.isArray(list)) return [];
  return list
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && typeof (x as { challengeId?: unknown }).challengeId === 'string')
    .map((x) => ({
      challengeId: x.challengeId as string,
      kind: String(x.kind ?? x.type ?? ''),
      dueOn: String(x.dueOn ?? x.due ?? x.dueDate ?? ''),
      state: String(x.state ?? x.status ?? ''),
      councilName: String(x.councilName ?? (x.council as { name?: unknown } | undefined)?.name ?? x.councilId ?? ''),
    }))
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.challengeId.localeCompare(b.challengeId));
}

function followUpsSection(rows: FollowUpRow[], regionSlug: string, definition: string | null): HTMLElement {
  const overdue = rows.filter((r) => r.state === 'overdue').length;
  return section(
    'follow-ups',
    'Follow-ups due and overdue',
    definition ?? 'Open check-ins and progress reviews that are due soon or past their date, earliest first.',
    { value: rows.length, text: `${plural(rows.length, 'follow-up')}, ${overdue} overdue.` },
    dataTable({
      id: 'follow-ups-table',
      caption: 'Follow-ups due and overdue',
      rows,
      count: () => 1,
      fileName: csvFileName('follow-ups', todayIso(), regionSlug),
      empty: 'No follow-ups are due.',
      rowClass: (r) => (r.state === 'overdue' ? 'row--alert' : null),
      columns: [
        { label: 'Due', value: (r) => r.dueOn, show: (r) => (r.dueOn ? formatDate(r.dueOn) : '') },
        { label: 'Council', value: (r) => r.councilName, show: (r) => h('a', { href: `#/challenges/${encodeURIComponent(r.challengeId)}` }, r.councilName || r.challengeId) },
        { label: 'Follow-up', value: (r) => sentence(r.kind) },
        { label: 'State', value: (r) => sentence(r.state), show: (r) => (r.state === 'overdue' ? h('strong', { class: 'tag tag--overdue' }, 'Overdue') : sentence(r.state)) },
      ],
    }),
  );
}

function takeUpSection(t: TakeUpBody, where: string, regionSlug: string): HTMLElement {
  const slug = (...more: string[]) => csvFileName('take-up', `${t.years}-years`, regionSlug, ...more);
  const splitTable = (id: string, key: 'type' | 'region' | 'control', label: string, rows: TakeUpSplit[], show: (v: string) => string) =>
    dataTable({
      id,
      caption: `Councils without a corporate or finance challenge in ${plural(t.years, 'year')}, by ${label.toLowerCase()}`,
      rows,
      count: (r) => r.booked + r['in-discussion'] + r.none,
      fileName: slug(`by-${key}`),
      empty: 'No councils.',
      columns: [
        { label, value: (r) => show(String(r[key])) },
        ...TAKE_UP_STATES.map(({ key: s, label: l }) => ({ label: l, value: (r: TakeUpSplit) => r[s], numeric: true, sum: true })),
        { label: 'Total', value: (r) => r.booked + r['in-discussion'] + r.none, numeric: true, sum: true },
      ],
    });
  const chart = barChart({
    tableId: 'take-up-type',
    labels: t.byType.map((r) => sentence(String(r.type))),
    series: TAKE_UP_STATES.map(({ key, label, color }) => ({ label, color, values: t.byType.map((r) => r[key]) })),
    stacked: true,
    horizontal: true,
    description: `Stacked bar chart of councils without a corporate or finance challenge in ${plural(t.years, 'year')}, ${where}, by council type and whether one is booked, in discussion or neither.`,
  });
  const stateName = (s: TakeUpState) => TAKE_UP_STATES.find((x) => x.key === s)?.label ?? s;
  return section(
    'take-up',
    'Take-up',
    `${t.definition} Cut-off: ${formatDate(t.cutoff)} (${plural(t.years, 'year')}).`,
    { value: t.total, text: `${plural(t.total, 'council')} ${where} with no corporate or finance peer challenge in the last ${plural(t.years, 'year')}.` },
    stats([
      ['Booked', t.totals.booked, 'booked'],
      ['In discussion', t.totals['in-discussion'], 'in-discussion'],
      ['None', t.totals.none, 'none'],
    ]),
    h('h3', null, 'By type of council'),
    t.byType.length ? chart : null,
    splitTable('take-up-type', 'type', 'Type', t.byType, sentence),
    h('h3', null, 'By region'),
    splitTable('take-up-region', 'region', 'Region', t.byRegion, String),
    h('h3', null, 'By political control'),
    splitTable('take-up-control', 'control', 'Control', t.byControl, controlName),
    h('h3', null, 'The councils'),
    dataTable({
      id: 'take-up-councils',
      caption: `Councils without a corporate or finance challenge since ${formatDate(t.cutoff)}`,
      rows: t.councils,
      count: () => 1,
      fileName: slug('councils'),
      empty: 'Every council has had one.',
      columns: [
        { label: 'Council', value: (r) => r.name },
        { label: 'Type', value: (r) => sentence(r.type) },
        { label: 'Region', value: (r) => r.region },
        { label: 'Control', value: (r) => controlName(r.control) },
        { label: 'Last corporate or finance challenge', value: (r) => r.lastCorporateChallenge ?? '', show: (r) => (r.lastCorporateChallenge ? formatDate(r.lastCorporateChallenge) : 'Never') },
        { label: 'Now', value: (r) => stateName(r.state) },
      ],
    }),
  );
}

function poolSection(p: PoolBody): HTMLElement {
  const poolTable = (id: string, label: string, rows: PoolRow[], show: (k: string) => string, what: string) =>
    dataTable({
      id,
      caption: `Approved peers, challenges and peer-days by ${what}, ${p.financialYear}`,
      rows,
      count: (r) => r.peers,
      fileName: csvFileName('pool', `by-${what}`, p.financialYear),
      columns: [
        { label, value: (r) => show(r.key) },
        { label: 'Peers', value: (r) => r.peers, numeric: true, sum: true },
        { label: 'Challenges', value: (r) => r.challenges, numeric: true, sum: true },
        { label: 'Peer-days', value: (r) => r.peerDays, numeric: true, sum: true },
      ],
    });
  const groupLabel = (k: string) => (k === 'none' ? 'No group' : k.startsWith('(') ? `${sentence(k.slice(1, -1))} peers (no group)` : groupName(k));
  const shortfalls = p.skills.filter((s) => s.shortfall);
  return section(
    'pool',
    'The pool',
    `${p.definition} The pool is national: the region filter does not apply to it.`,
    { value: p.total.peers, text: `${plural(p.total.peers, 'approved peer')}: ${plural(p.total.challenges, 'challenge')} and ${plural(p.total.peerDays, 'peer-day')} accepted in ${p.financialYear}.` },
    stats([
      ['Approved peers', p.total.peers, 'peers'],
      ['Peer-days', p.total.peerDays, 'peer-days'],
      ['Over-used', p.overUsed, 'over-used'],
      ['Never invited', p.neverInvited, 'never-invited'],
      ['Skills in short supply', shortfalls.length, 'shortfalls'],
    ]),
    h('h3', null, 'By political group'),
    barChart({
      tableId: 'pool-group',
      labels: p.byGroup.map((r) => groupLabel(r.key)),
      series: [{ label: 'Peers', color: '#1d70b8', values: p.byGroup.map((r) => r.peers) }],
      horizontal: true,
      description: 'Bar chart of approved peers by political group.',
    }),
    poolTable('pool-group', 'Group', p.byGroup, groupLabel, 'group'),
    h('h3', null, 'By kind and region'),
    poolTable('pool-kind', 'Kind', p.byKind, sentence, 'kind'),
    poolTable('pool-region', 'Region (of their council)', p.byRegion, String, 'region'),
    h('h3', null, 'Load spread'),
    h('p', null, `${plural(p.overUsed, 'peer is', 'peers are')} at or above their own yearly limit; ${plural(p.neverInvited, 'peer has', 'peers have')} never been invited.`),
    barChart({
      tableId: 'pool-load',
      labels: p.loadSpread.map((r) => String(r.load)),
      series: [{ label: 'Peers', color: '#4c2c92', values: p.loadSpread.map((r) => r.peers) }],
      height: 240,
      description: `Bar chart of how many peers took part in each number of challenges in ${p.financialYear}.`,
    }),
    dataTable({
      id: 'pool-load',
      caption: `Peers by number of challenges accepted in ${p.financialYear}`,
      rows: p.loadSpread,
      count: (r) => r.peers,
      fileName: csvFileName('pool-load-spread', p.financialYear),
      columns: [
        { label: 'Challenges', value: (r) => r.load },
        { label: 'Peers', value: (r) => r.peers, numeric: true, sum: true },
      ],
    }),
    h('h3', null, 'Skills: supply against demand'),
    shortfalls.length
      ? h('p', null, `Short supply (more challenges ask for it than peers offer it): ${shortfalls.map((s) => focusAreaName(s.area)).join(', ')}.`)
      : h('p', null, 'No skill is in short supply this year.'),
    barChart({
      tableId: 'pool-skills',
      labels: p.skills.map((s) => focusAreaName(s.area)),
      series: [
        { label: 'Supply (peers at level 2 or 3)', color: '#1d70b8', values: p.skills.map((s) => s.supply) },
        { label: 'Demand (challenges asking for it)', color: '#b35900', values: p.skills.map((s) => s.demand) },
      ],
      horizontal: true,
      description: `Bar chart of each skill's supply (approved peers) against demand (requested challenges) in ${p.financialYear}.`,
    }),
    dataTable({
      id: 'pool-skills',
      caption: `Skills: supply against demand, ${p.financialYear}`,
      rows: p.skills,
      count: (r) => r.supply + r.demand,
      fileName: csvFileName('pool-skills', p.financialYear),
      rowClass: (r) => (r.shortfall ? 'row--alert' : null),
      columns: [
        { label: 'Skill', value: (r) => focusAreaName(r.area) },
        { label: 'Supply', value: (r) => r.supply, numeric: true, sum: true },
        { label: 'Demand', value: (r) => r.demand, numeric: true, sum: true },
        { label: 'Shortfall', value: (r) => (r.shortfall ? 'yes' : 'no'), show: (r) => (r.shortfall ? h('strong', { class: 'tag tag--overdue' }, 'Shortfall') : 'No') },
      ],
    }),
  );
}

function themesSection(t: ThemesBody): HTMLElement {
  const themeTable = (id: string, caption: string, rows: { theme: string; count: number }[], label: string, file: string, empty: string) =>
    dataTable({
      id,
      caption,
      rows,
      count: (r) => r.count,
      fileName: csvFileName(file, t.financialYear),
      empty,
      columns: [
        { label, value: (r) => focusAreaName(r.theme) },
        { label: 'Count', value: (r) => r.count, numeric: true, sum: true },
      ],
    });
  const themeChart = (id: string, rows: { theme: string; count: number }[], color: string, description: string) =>
    rows.length
      ? barChart({ tableId: id, labels: rows.map((r) => focusAreaName(r.theme)), series: [{ label: 'Count', color, values: rows.map((r) => r.count) }], horizontal: true, description })
      : null;
  return section(
    'themes',
    'Themes',
    `${t.definition} Themes are national: the region filter does not apply to them.`,
    {
      value: t.totals.challengeFocusAreas,
      text: `${plural(t.totals.challengeFocusAreas, 'focus area')} asked for by challenges, and ${plural(t.totals.recommendations, 'recommendation')}, in ${t.financialYear}.`,
    },
    h('h3', null, 'Challenges by focus area'),
    themeChart('themes-challenges', t.challenges, '#005ea5', `Bar chart of challenges by focus area asked for, ${t.financialYear}.`),
    themeTable('themes-challenges', `Challenges by focus area, ${t.financialYear}`, t.challenges, 'Focus area', 'themes-challenges', 'No challenges in this year.'),
    h('h3', null, 'Recommendations by core element or focus area'),
    themeChart('themes-recommendations', t.recommendations, '#4c2c92', `Bar chart of report recommendations by core element or focus area, ${t.financialYear}.`),
    themeTable('themes-recommendations', `Recommendations by core element or focus area, ${t.financialYear}`, t.recommendations, 'Core element or focus area', 'themes-recommendations', 'No report recommendations recorded in this year yet.'),
  );
}

// ------------------------------------------------------------------ the page

function filtersForm(f: DashboardFilters, me: Me, navigate: (hash: string) => void): HTMLElement {
  const select = (id: string, label: string, value: string, options: [string, string][]) =>
    h(
      'div',
      { class: 'form-group' },
      h('label', { for: id }, label),
      h('select', { id, name: id }, options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))),
    );
  return h(
    'form',
    {
      class: 'dash-filters',
      'aria-label': 'Dashboard filters',
      onsubmit: (e: SubmitEvent) => {
        e.preventDefault();
        const form = e.currentTarget as HTMLFormElement;
        const get = (name: string) => (form.elements.namedItem(name) as HTMLSelectElement).value;
        navigate(filtersHash({ fy: get('dash-fy'), region: get('dash-region') === 'all' ? 'all' : 'mine', years: Number(get('dash-years')) }));
      },
    },
    select('dash-fy', 'Financial year', f.fy, financialYearOptions().map((y) => [y, `${y} (April to March)`])),
    select('dash-region', 'Region', f.region, [
      ['mine', me.region ? `Your region (${me.region})` : 'Your region'],
      ['all', 'All England and Wales'],
    ]),
    select('dash-years', 'Take-up: no challenge in the last', String(f.years), Array.from({ length: 10 }, (_, i) => [String(i + 1), plural(i + 1, 'year')])),
    h('div', { class: 'form-group' }, h('button', { type: 'submit', class: 'button' }, 'Apply filters')),
  );
}

export const dashboardView: View = async (ctx) => {
  const me = ctx.me!;
  if (!me.roles.includes('adviser')) return notFoundPage('Page');
  const f = readFilters(location.hash);
  const regionParam = f.region === 'all' ? 'all' : (me.region ?? 'all');
  const where = regionParam === 'all' ? 'across England and Wales' : `in ${regionParam}`;
  const regionSlug = regionParam === 'all' ? 'all-regions' : regionParam;
  const fy = encodeURIComponent(f.fy);
  const region = encodeURIComponent(regionParam);
  const withFollowUps = await hasRoute('GET /api/follow-ups');
  const [pipeline, takeUp, pool, themes, followUps] = await Promise.allSettled([
    call<PipelineBody>('GET', `/api/dashboard/pipeline?fy=${fy}&region=${region}`),
    call<TakeUpBody>('GET', `/api/dashboard/take-up?years=${f.years}&region=${region}`),
    call<PoolBody>('GET', `/api/dashboard/pool?fy=${fy}`),
    call<ThemesBody>('GET', `/api/dashboard/themes?fy=${fy}`),
    withFollowUps ? call<unknown>('GET', `/api/follow-ups${regionParam === 'all' ? '?region=all' : ''}`) : Promise.resolve(null),
  ]);
  // A 401 signs the user out: let the router show the sign-in page.
  for (const r of [pipeline, takeUp, pool, themes])
    if (r.status === 'rejected' && r.reason instanceof ApiError && r.reason.status === 401) throw r.reason;

  const sections: HTMLElement[] = [];
  const build = <T>(r: PromiseSettledResult<T>, id: string, title: string, make: (v: T) => HTMLElement) => {
    try {
      sections.push(r.status === 'fulfilled' ? make(r.value) : failed(id, title, r.reason));
    } catch (e) {
      sections.push(failed(id, title, e));
    }
  };
  build(pipeline, 'pipeline', 'Pipeline', (p) => pipelineSection(p, where, regionSlug));
  if (withFollowUps) build(followUps, 'follow-ups', 'Follow-ups due and overdue', (b) => followUpsSection(followUpsFrom(b), regionSlug, typeof (b as { definition?: unknown })?.definition === 'string' ? (b as { definition: string }).definition : null));
  build(takeUp, 'take-up', 'Take-up', (t) => takeUpSection(t, where, regionSlug));
  build(pool, 'pool', 'The pool', poolSection);
  build(themes, 'themes', 'Themes', themesSection);

  const contents = h(
    'nav',
    { class: 'dash-contents', 'aria-label': 'Dashboard sections' },
    h(
      'ul',
      null,
      sections.map((s) => {
        const title = s.querySelector('h2')?.textContent ?? s.id;
        return h(
          'li',
          null,
          h(
            'a',
            {
              href: `#${s.id}`,
              // The router owns the hash: scroll without navigating.
              onclick: (e: MouseEvent) => {
                e.preventDefault();
                document.getElementById(s.id)?.scrollIntoView();
              },
            },
            title,
          ),
        );
      }),
    ),
  );
  return {
    title: `Dashboard ${f.fy}`,
    content: h(
      'div',
      { class: 'dashboard', 'data-fy': f.fy, 'data-region': regionParam, 'data-years': f.years },
      heading('Dashboard', `Advisers’ view, ${f.fy}, ${regionParam === 'all' ? 'all regions' : regionParam}`),
      filtersForm(f, me, ctx.navigate),
      contents,
      sections,
    ),
  };
};
