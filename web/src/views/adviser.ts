import { api, ApiError, call, hasRoute, type Challenge, type Me, type Page, type Proposal, type Scope, type TeamMember } from '../api.js';
import { addDays, expandWindow, formatDate, formatWindow, isBankHoliday, isValidIsoDate, isWeekend, todayIso } from '../dates.js';
import { focusElement, h } from '../dom.js';
import { busy, errorSlot, fieldId, formErrors, group, hint } from '../forms.js';
import { focusAreaName, kindName, roleName, statusName } from '../labels.js';
import { MAX_TEAM, ON_SITE_DAYS, TEAM_TEMPLATES } from '../../../shared/domain/policy.js';
import { allowedTransitions } from '../../../shared/domain/lifecycle.js';
import { CHALLENGE_STATUSES, FOCUS_AREAS, TEAM_ROLES, type ChallengeStatus, type FocusArea, type TeamRole } from '../../../shared/domain/reference.js';
import { errorPage, heading, notFoundPage, problemNotice, setFlash, statusTag, takeFlash, type View } from './common.js';
import { auditTimeline, teamTable } from './challenge-parts.js';
import { adviserFollowUpSection } from './follow-up.js';

const isAdviserOf = (me: Me | null, c: Pick<Challenge, 'region'>) => !!me?.roles.includes('adviser') && me.region === c.region;
const manageHref = (id: string) => `#/challenges/${encodeURIComponent(id)}/manage`;

// ------------------------------------------------------------------ pipeline board

interface Column {
  status: string;
  count: number;
  items: { id: string; councilName: string; kind: string; updatedAt?: string }[];
}

/** GET /api/pipeline in whichever of the likely shapes it comes; null when it is not understood. */
function columnsFrom(body: unknown): Column[] | null {
  const list: unknown = Array.isArray(body) ? body : ((body as { columns?: unknown; items?: unknown; statuses?: unknown })?.columns ?? (body as { items?: unknown })?.items ?? (body as { statuses?: unknown })?.statuses);
  const asItems = (x: unknown) => (Array.isArray(x) ? (x as Column['items']).filter((c) => typeof c?.id === 'string') : []);
  if (Array.isArray(list)) {
    const cols = list
      .filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && typeof (c as { status?: unknown }).status === 'string')
      .map((c) => {
        const items = asItems(c.items ?? c.challenges);
        return { status: c.status as string, count: typeof c.count === 'number' ? c.count : items.length, items };
      });
    return cols.length ? cols : null;
  }
  if (body && typeof body === 'object') {
    const obj = ((body as { byStatus?: unknown }).byStatus ?? body) as Record<string, unknown>;
    const cols = CHALLENGE_STATUSES.filter((s) => s in obj).map((s) => {
      const v = obj[s] as { count?: unknown; items?: unknown; challenges?: unknown } | number | unknown[];
      if (typeof v === 'number') return { status: s, count: v, items: [] };
      const items = asItems(Array.isArray(v) ? v : (v?.items ?? v?.challenges));
      return { status: s, count: typeof (v as { count?: unknown })?.count === 'number' ? ((v as { count: number }).count) : items.length, items };
    });
    return cols.length ? cols : null;
  }
  return null;
}

/** Every challenge of the region, following the cursor (the board's fallback). */
async function allChallenges(): Promise<Challenge[]> {
  const out: Challenge[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page: Page<Challenge> = await call('GET', `/api/challenges?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...page.items);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return out;
}

export const pipelineView: View = async (ctx) => {
  const me = ctx.me!;
  const TITLE = 'Pipeline';
  if (!me.roles.includes('adviser')) return notFoundPage('Page');
  let columns: Column[] | null = null;
  let source = 'challenges';
  try {
    if (await hasRoute('GET /api/pipeline')) {
      columns = columnsFrom(await call('GET', '/api/pipeline'));
      if (columns) source = 'pipeline';
    }
    if (!columns) {
      const all = await allChallenges();
      columns = CHALLENGE_STATUSES.map((s) => {
        const items = all.filter((c) => c.status === s);
        return { status: s, count: items.length, items };
      });
    }
  } catch (e) {
    return errorPage(e);
  }
  const order = (s: string) => {
    const i = CHALLENGE_STATUSES.indexOf(s as ChallengeStatus);
    return i < 0 ? 99 : i;
  };
  columns.sort((a, b) => order(a.status) - order(b.status));
  const total = columns.reduce((n, c) => n + c.count, 0);
  return {
    title: TITLE,
    content: h(
      'div',
      null,
      heading(`Pipeline in ${me.region ?? 'your region'}`, 'Adviser'),
      h('p', { class: 'lead' }, `${total} peer challenge${total === 1 ? '' : 's'} by stage. Choose one to scope it, propose a team or move it on.`),
      h(
        'ul',
        { class: 'board', 'data-testid': 'pipeline', 'data-source': source },
        columns.map((col) => {
          const id = `col-${col.status}`;
          return h(
            'li',
            { class: `board__col board__col--${col.status.replace(/[^a-z-]/g, '')}`, 'data-status': col.status },
            h('section', { 'aria-labelledby': id }, h('h2', { id, class: 'board__title' }, statusName(col.status), ' ', h('span', { class: 'board__count', 'data-count': col.count }, `(${col.count})`)),
              col.items.length
                ? [
                    h('ul', { class: 'board__items' }, col.items.map((c) => h('li', null, h('a', { href: manageHref(c.id) }, c.councilName), h('span', { class: 'board__kind' }, kindName(c.kind))))),
                    col.count > col.items.length ? h('p', { class: 'muted' }, `and ${col.count - col.items.length} more`) : null,
                  ]
                : col.count
                  ? null
                  : h('p', { class: 'muted' }, 'None'),
            ),
          );
        }),
      ),
    ),
  };
};

// ------------------------------------------------------------------ manage one challenge

function summaryRows(c: Challenge): HTMLElement {
  const row = (k: string, v: Node | string) => h('div', { class: 'summary-list__row' }, h('dt', null, k), h('dd', null, v));
  return h(
    'dl',
    { class: 'summary-list' },
    row('Council', `${c.councilName} (${c.region})`),
    row('Status', statusTag(c.status)),
    row('Focus areas asked for', c.focusAreas.length ? c.focusAreas.map(focusAreaName).join(', ') : 'None'),
    row('Preferred windows', h('ol', null, c.windows.map((w) => h('li', null, formatWindow(w))))),
    c.scope ? row('On-site days', formatWindow(c.scope.days)) : null,
    c.scope ? row('Team places', c.scope.slots.map((s) => `${s.count} × ${roleName(s.role).toLowerCase()}`).join(', ')) : null,
    c.scope ? row('Feedback presentation', formatDate(c.scope.presentationDay)) : null,
    c.scope ? row('Report due', formatDate(c.scope.reportDue)) : null,
    row('Contact', `${c.contact.name}, ${c.contact.email}`),
  );
}

function statusForm(c: Challenge, summarySlot: HTMLElement, ctx: Parameters<View>[0]): HTMLElement {
  const likely = allowedTransitions(c.status, 'adviser');
  const to = h(
    'select',
    { id: 'f-to', 'aria-describedby': 'f-to-hint' },
    CHALLENGE_STATUSES.filter((s) => s !== c.status).map((s) => h('option', { value: s, selected: s === likely[0] }, statusName(s))),
  );
  const why = h('input', { type: 'text', id: 'f-why', maxlength: 1000, 'aria-describedby': 'f-why-hint' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Move');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'status-title', class: 'status-form' },
    h('h2', { id: 'status-title' }, 'Move to another stage'),
    group('to', 'New status', 'f-to', 'f-to', h('label', { for: 'f-to' }, 'New status'), hint('f-to-hint', likely.length ? `From ${statusName(c.status).toLowerCase()} you can move it to: ${likely.map((s) => statusName(s).toLowerCase()).join(', ')}.` : 'Nothing further is allowed from here.'), errorSlot(), to),
    group('why', 'Reason', 'f-why', 'f-why', h('label', { for: 'f-why' }, 'Why (kept in the status history)'), hint('f-why-hint', 'For example: scoping call held with the chief executive.'), errorSlot(), why),
    submit,
  );
  const errors = formErrors(form, summarySlot, `Manage: ${c.councilName}`);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!why.value.trim()) return errors.show([{ field: 'why', message: 'say why, for the status history' }]);
    try {
      const moved = await busy(submit, 'Moving…', () => api.moveStatus(c.id, to.value as ChallengeStatus, why.value.trim()));
      setFlash(`Moved to ${statusName(moved.status).toLowerCase()}.`);
      ctx.navigate(manageHref(c.id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        const allowed = Array.isArray(err.details.allowed) ? (err.details.allowed as string[]) : null;
        errors.show([
          {
            field: 'to',
            message: allowed
              ? allowed.length
                ? `a ${statusName(c.status).toLowerCase()} challenge cannot move to ${statusName(to.value).toLowerCase()}; allowed: ${allowed.map((s) => statusName(s).toLowerCase()).join(', ')}`
                : `nothing further is allowed from ${statusName(c.status).toLowerCase()}`
              : err.message,
          },
        ], 'This move is not allowed');
      } else if (err instanceof ApiError && err.status === 400 && err.errors.length) errors.show(err.errors);
      else {
        const n = problemNotice(err);
        summarySlot.replaceChildren(n);
        focusElement(n);
      }
    }
  });
  return form;
}

/** The scoping form: places per role (from the kind's template), focus weights, on-site days, presentation, report. */
function scopeForm(c: Challenge, summarySlot: HTMLElement, ctx: Parameters<View>[0]): HTMLElement {
  const slots = new Map<TeamRole, number>((c.scope?.slots ?? TEAM_TEMPLATES[c.kind]).map((s) => [s.role, s.count]));
  const focus: Partial<Record<FocusArea, number>> = c.scope?.focus ?? Object.fromEntries(c.focusAreas.map((f) => [f, 3]));
  const firstWindow = c.windows.find((w) => (w[0] ?? '') > todayIso());
  const start0 = c.scope?.days[0] ?? firstWindow?.[0] ?? '';
  const len0 = c.scope?.days.length ?? firstWindow?.length ?? 3;

  const slotInputs = TEAM_ROLES.map((r) => {
    const id = fieldId(`slots-${r}`);
    return h('div', { class: 'slot-row' }, h('label', { for: id }, roleName(r)), h('input', { type: 'number', id, name: 'slots', 'data-role': r, min: 0, max: 4, step: 1, inputmode: 'numeric', value: slots.get(r) ?? 0, class: 'input--short' }));
  });
  const focusSelects = FOCUS_AREAS.map((f) => {
    const id = fieldId(`focus.${f}`);
    return h(
      'div',
      { class: 'skill-row' },
      h('label', { for: id }, focusAreaName(f)),
      h('select', { id, name: 'focus', 'data-area': f }, h('option', { value: '' }, 'Not a focus'), [1, 2, 3, 4, 5].map((n) => h('option', { value: n, selected: focus[f] === n }, `Weight ${n}${n === 1 ? ' (light)' : n === 5 ? ' (most important)' : ''}`))),
    );
  });
  const start = h('input', { type: 'date', id: 'f-days-start', min: addDays(todayIso(), 1), value: start0, 'aria-describedby': 'f-days-hint days-preview' });
  const length = h('select', { id: 'f-days-length' }, [3, 4, 5].map((n) => h('option', { value: n, selected: n === len0 }, `${n} working days`)));
  const preview = h('p', { class: 'hint', id: 'days-preview', 'aria-live': 'polite' });
  const presentation = h('input', { type: 'date', id: 'f-presentationDay', value: c.scope?.presentationDay ?? '', 'aria-describedby': 'f-presentationDay-hint' });
  const report = h('input', { type: 'date', id: 'f-reportDue', value: c.scope?.reportDue ?? '', 'aria-describedby': 'f-reportDue-hint' });
  const days = (): string[] | null => (isValidIsoDate(start.value) && !isWeekend(start.value) && !isBankHoliday(start.value) ? expandWindow(start.value, Number(length.value)) : null);
  const update = () => {
    const d = days();
    preview.textContent = !start.value
      ? 'Choose the first day to see the working days.'
      : d
        ? `Days: ${formatWindow(d)}. Weekends and bank holidays are skipped.`
        : 'The first day must be a working day (not a weekend or bank holiday).';
    // Suggest the presentation on the last day and the report three weeks later, until the adviser sets them.
    if (d && !presentation.dataset.touched) presentation.value = d.at(-1)!;
    if (d && !report.dataset.touched) report.value = addDays(d.at(-1)!, 21);
  };
  start.addEventListener('input', update);
  start.addEventListener('change', update);
  length.addEventListener('change', update);
  presentation.addEventListener('input', () => (presentation.dataset.touched = '1'));
  report.addEventListener('input', () => (report.dataset.touched = '1'));
  if (c.scope) {
    presentation.dataset.touched = '1';
    report.dataset.touched = '1';
  }
  update();

  const submit = h('button', { type: 'submit', class: 'button' }, 'Save scope');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'scope-title', id: 'scope-form' },
    h('h2', { id: 'scope-title' }, 'Scope'),
    h('p', null, `Places start from the ${kindName(c.kind).toLowerCase()} template; change them as agreed with the council.`),
    group('slots', 'Team places', fieldId(`slots-${TEAM_ROLES[0]}`), 'slots-fieldset', h('fieldset', { id: 'slots-fieldset', 'aria-describedby': 'slots-hint' }, h('legend', null, 'Team places'), hint('slots-hint', `How many peers of each role, 0 to 4; at most ${MAX_TEAM} in all.`), errorSlot(), h('div', { class: 'slot-grid' }, slotInputs))),
    group('focus', 'Focus weights', fieldId(`focus.${FOCUS_AREAS[0]}`), 'focus-fieldset', h('fieldset', { id: 'focus-fieldset', 'aria-describedby': 'focus-hint' }, h('legend', null, 'Focus weights'), hint('focus-hint', 'Up to 6 areas, each weighted 1 to 5. The team is matched to these.'), errorSlot(), h('div', { class: 'skill-grid' }, focusSelects))),
    group(
      'days',
      'On-site days',
      'f-days-start',
      'f-days-start',
      h(
        'fieldset',
        { id: 'days-fieldset' },
        h('legend', null, 'On-site days'),
        hint('f-days-hint', `${ON_SITE_DAYS.min} to ${ON_SITE_DAYS.max} consecutive working days, starting after today.`),
        errorSlot(),
        h('div', { class: 'window__row' }, h('div', { class: 'form-group' }, h('label', { for: 'f-days-start' }, 'First day'), start), h('div', { class: 'form-group' }, h('label', { for: 'f-days-length' }, 'Length'), length)),
        preview,
      ),
    ),
    group('presentationDay', 'Feedback presentation', 'f-presentationDay', 'f-presentationDay', h('label', { for: 'f-presentationDay' }, 'Feedback presentation'), hint('f-presentationDay-hint', 'On site, or within four weeks of the last day.'), errorSlot(), presentation),
    group('reportDue', 'Report due', 'f-reportDue', 'f-reportDue', h('label', { for: 'f-reportDue' }, 'Report due'), hint('f-reportDue-hint', 'After the last on-site day.'), errorSlot(), report),
    submit,
  );
  const errors = formErrors(form, summarySlot, `Manage: ${c.councilName}`);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const local: { field: string; message: string }[] = [];
    const chosenSlots = [...form.querySelectorAll<HTMLInputElement>('input[name="slots"]')].map((i) => ({ role: i.dataset.role as TeamRole, raw: i.value.trim() }));
    const bad = chosenSlots.find((s) => !/^\d$/.test(s.raw) || Number(s.raw) > 4);
    const slotList = chosenSlots.filter((s) => Number(s.raw) > 0).map((s) => ({ role: s.role, count: Number(s.raw) }));
    if (bad) local.push({ field: 'slots', message: `${roleName(bad.role).toLowerCase()}: enter a whole number from 0 to 4` });
    else if (!slotList.length) local.push({ field: 'slots', message: 'a team has at least one place' });
    else if (slotList.reduce((n, s) => n + s.count, 0) > MAX_TEAM) local.push({ field: 'slots', message: `a team has at most ${MAX_TEAM} peers` });
    const focusOut: Partial<Record<FocusArea, number>> = {};
    for (const s of form.querySelectorAll<HTMLSelectElement>('select[name="focus"]')) if (s.value) focusOut[s.dataset.area as FocusArea] = Number(s.value);
    if (Object.keys(focusOut).length > 6) local.push({ field: 'focus', message: 'choose at most 6 focus areas' });
    const d = days();
    if (!d) local.push({ field: 'days', message: start.value ? 'the first day must be a working day (not a weekend or bank holiday)' : 'enter the first on-site day' });
    if (!isValidIsoDate(presentation.value)) local.push({ field: 'presentationDay', message: 'enter the day of the feedback presentation' });
    if (!isValidIsoDate(report.value)) local.push({ field: 'reportDue', message: 'enter the date the report is due' });
    if (local.length) return errors.show(local);
    const scope: Scope = { slots: slotList, focus: focusOut, days: d!, presentationDay: presentation.value, reportDue: report.value };
    try {
      await busy(submit, 'Saving…', () => api.saveScope(c.id, scope));
      setFlash(`Scope saved: ${formatWindow(d!)}. You can now propose a team.`);
      ctx.navigate(manageHref(c.id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.errors.length) errors.show(err.errors);
      else {
        const n = problemNotice(err);
        summarySlot.replaceChildren(n);
        focusElement(n);
      }
    }
  });
  return form;
}

/** The proposal panel: ask for the best team, swap people, invite the team. */
function proposalPanel(c: Challenge, team: TeamMember[], summarySlot: HTMLElement, ctx: Parameters<View>[0]): HTMLElement {
  const out = h('div', { id: 'proposal', 'aria-live': 'polite' });
  const excluded = new Set<string>();
  let baseline: number | null = null;
  const holding = new Set(team.filter((m) => m.status === 'invited' || m.status === 'accepted').map((m) => m.peerId));
  const canInvite = c.status === 'scoping' || c.status === 'team-proposed';

  const run = async (body: { pins?: { peerId: string; slot?: TeamRole }[]; exclude?: string[] }, button: HTMLButtonElement, swapped?: string) => {
    let p: Proposal;
    try {
      p = await busy(button, 'Finding the best team…', () => api.propose(c.id, body));
    } catch (e) {
      const n = problemNotice(e);
      out.replaceChildren(n);
      focusElement(n);
      return;
    }
    render(p, swapped);
  };

  const render = (p: Proposal, swapped?: string) => {
    if (p.status === 'infeasible') {
      const n = h(
        'div',
        { class: 'notice notice--error', role: 'alert', tabindex: -1, 'data-testid': 'infeasible' },
        h('h3', null, 'No team keeps every rule'),
        h('p', null, `${p.reason.charAt(0).toUpperCase()}${p.reason.slice(1)}.`),
        h('p', null, `Place that cannot be filled: ${roleName(p.slot).toLowerCase()}.`, p.rule !== null ? ` Matching rule ${p.rule}.` : ''),
        h('p', null, `Searched ${p.poolSize} approved peers.`),
      );
      out.replaceChildren(n);
      focusElement(n);
      return;
    }
    baseline ??= p.versusUnconstrained ? p.versusUnconstrained.unconstrainedScore : p.score;
    const whyOf = new Map(p.why.map((w) => [w.peerId, w]));
    const tbody = h('tbody');
    for (const m of p.team) {
      const why = whyOf.get(m.peerId);
      const held = holding.has(m.peerId);
      const swap = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-swap': m.peerId }, 'Swap', h('span', { class: 'visually-hidden' }, ` ${m.name}`));
      swap.addEventListener('click', () => {
        excluded.add(m.peerId);
        const pins = p.team.filter((o) => o.peerId !== m.peerId).map((o) => ({ peerId: o.peerId, slot: o.slot }));
        void run({ pins, exclude: [...excluded] }, swap, m.name);
      });
      tbody.append(
        h(
          'tr',
          { 'data-peer': m.peerId },
          h('td', null, roleName(m.slot)),
          h('th', { scope: 'row' }, m.name, held ? h('span', { class: 'muted' }, ' (holds a place)') : null),
          h('td', { class: 'why' }, why ? [why.covers.length ? `Covers ${why.covers.map(focusAreaName).join(', ')}. ` : '', why.notes ? `${why.notes.charAt(0).toUpperCase()}${why.notes.slice(1)}.` : ''] : '—'),
          h('td', null, held ? '' : swap),
        ),
      );
    }
    const diff = p.versusUnconstrained;
    const toInvite = p.team.filter((m) => !holding.has(m.peerId));
    const invite = h('button', { type: 'button', class: 'button', id: 'invite-team' }, toInvite.length === p.team.length ? 'Invite this team' : `Invite ${toInvite.length} new peer${toInvite.length === 1 ? '' : 's'}`);
    invite.addEventListener('click', async () => {
      try {
        await busy(invite, 'Inviting…', () => api.invite(c.id, toInvite.map((m) => ({ role: m.slot, peerId: m.peerId }))));
        setFlash(`Invited ${toInvite.map((m) => m.name).join(', ')}. They have ${10} days to answer.`);
        ctx.navigate(manageHref(c.id));
      } catch (e) {
        const n = problemNotice(e);
        summarySlot.replaceChildren(n);
        focusElement(n);
      }
    });
    out.replaceChildren(
      h(
        'div',
        { class: 'panel', 'data-testid': 'proposal-result' },
        swapped ? h('p', { role: 'status' }, `${swapped} swapped out.`) : null,
        h('p', null, h('strong', null, `Score ${p.score}`), ` (coverage ${p.parts.coverage}, depth ${p.parts.depth}, load ${p.parts.load}); the best of ${p.poolSize} approved peers, found in ${p.elapsedMs} ms.`),
        diff
          ? h('p', { 'data-testid': 'score-diff' }, diff.scoreDelta === 0 ? 'As good as the best team without your changes.' : `${Math.abs(diff.scoreDelta)} ${diff.scoreDelta < 0 ? 'below' : 'above'} the best team without your changes (${diff.unconstrainedScore}).`, diff.lost.length ? ` Weaker on ${diff.lost.map(focusAreaName).join(', ')}.` : '', diff.gained.length ? ` Stronger on ${diff.gained.map(focusAreaName).join(', ')}.` : '')
          : null,
        h('div', { class: 'table-wrap' }, h('table', { 'data-testid': 'proposed-team' }, h('caption', null, 'Proposed team'), h('thead', null, h('tr', null, ['Place', 'Peer', 'Why', 'Action'].map((t) => h('th', { scope: 'col' }, t)))), tbody)),
        canInvite && toInvite.length ? invite : null,
      ),
    );
  };

  const ask = h('button', { type: 'button', class: 'button', id: 'propose' }, team.some((m) => m.status === 'declined') ? 'Find the best replacement' : 'Propose a team');
  ask.addEventListener('click', () => {
    excluded.clear();
    baseline = null;
    void run({}, ask);
  });
  return h(
    'section',
    { 'aria-labelledby': 'proposal-title' },
    h('h2', { id: 'proposal-title' }, 'Team proposal'),
    c.scope
      ? h('p', null, 'The best team from the approved pool for the focus and days in the scope. Anyone holding a place stays; swap people to see the next best.')
      : h('p', null, 'Save the scope first.'),
    c.scope && canInvite ? ask : null,
    out,
  );
}

export const manageView: View = async (ctx) => {
  const id = ctx.params[0] ?? '';
  let c: Challenge;
  try {
    c = await api.challenge(id);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return notFoundPage('Peer challenge');
    return errorPage(e);
  }
  if (!isAdviserOf(ctx.me, c)) {
    ctx.navigate(`#/challenges/${encodeURIComponent(id)}`);
    return { title: c.councilName, content: h('p', null, 'Opening the peer challenge…') };
  }
  let team: TeamMember[] = [];
  let audit: Awaited<ReturnType<typeof api.audit>>['items'] = [];
  try {
    [{ items: team }, { items: audit }] = await Promise.all([api.team(id), api.audit(id)]);
  } catch (e) {
    return errorPage(e);
  }
  const flash = takeFlash();
  const summarySlot = h('div');
  const title = `Manage: ${c.councilName}`;
  let afterVisit: HTMLElement | null = null;
  try {
    afterVisit = await adviserFollowUpSection(c, summarySlot, ctx, title);
  } catch (e) {
    return errorPage(e);
  }
  return {
    title,
    content: h(
      'div',
      null,
      flash ? h('div', { class: 'notice notice--success', role: 'status' }, h('h2', null, 'Done'), h('p', null, flash)) : null,
      summarySlot,
      heading(c.councilName, kindName(c.kind)),
      h('p', null, 'Status: ', statusTag(c.status), ' · ', h('a', { href: `#/challenges/${encodeURIComponent(id)}` }, 'What the council sees'), ' · ', h('a', { href: '#/pipeline' }, 'Pipeline')),
      summaryRows(c),
      statusForm(c, summarySlot, ctx),
      c.status === 'scoping' ? scopeForm(c, summarySlot, ctx) : null,
      afterVisit,
      afterVisit ? null : proposalPanel(c, team, summarySlot, ctx),
      h('h2', null, 'Invitations'),
      team.length ? teamTable(team, 'adviser') : h('p', null, 'Nobody has been invited yet.'),
      h('h2', null, 'Status history'),
      auditTimeline(audit),
    ),
  };
};
