import { api, ApiError, call, type AuditEntry, type Challenge, type TeamMember } from '../api.js';
import { formatDate, formatTimestamp, formatWindow } from '../dates.js';
import { h } from '../dom.js';
import { focusAreaName, kindName, roleName, sentence } from '../labels.js';
import { auditTimeline, teamTable } from './challenge-parts.js';
import { CORE_ELEMENTS } from '../../../shared/domain/reference.js';
import { errorPage, heading, notFoundPage, statusTag, takeFlash, type View } from './common.js';
import { councilFollowUpSection } from './follow-up.js';
import { calendarDownload } from './calendar-download.js';

function row(key: string, ...value: (Node | string | null)[]): HTMLElement {
  return h('div', { class: 'summary-list__row' }, h('dt', null, key), h('dd', null, ...value));
}

export const challengeDetailView: View = async (ctx) => {
  const id = ctx.params[0] ?? '';
  const flash = takeFlash();
  let c: Challenge;
  try {
    c = await api.challenge(id);
  } catch (e) {
    // 404 also covers a challenge the caller may not see (its existence is not revealed); 400 an id that is not one.
    if (e instanceof ApiError && (e.status === 404 || e.status === 400)) return notFoundPage('Peer challenge');
    return errorPage(e);
  }
  const title = `${kindName(c.kind)} for ${c.councilName}`;
  const adviser = !!ctx.me?.roles.includes('adviser') && ctx.me.region === c.region;
  let audit: AuditEntry[] = [];
  let team: TeamMember[] = [];
  let calendar: HTMLElement | null = null;
  let afterVisit: HTMLElement | null = null;
  const summarySlot = h('div');
  try {
    [{ items: audit }, { items: team }] = await Promise.all([api.audit(id), c.scope ? api.team(id) : Promise.resolve({ items: [] as TeamMember[] })]);
    if (c.scope) calendar = await calendarLink(c);
    afterVisit = await councilFollowUpSection(c, ctx.me, summarySlot, ctx, title);
  } catch (e) {
    return errorPage(e);
  }
  const accepted = team.filter((m) => m.status === 'accepted');
  const places = c.scope ? c.scope.slots.reduce((n, s) => n + s.count, 0) : 0;
  return {
    title,
    content: h(
      'div',
      null,
      flash ? h('div', { class: 'notice notice--success', role: 'status' }, h('h2', null, flash.startsWith('Your request') || !afterVisit ? 'Request sent' : 'Saved'), h('p', null, flash)) : null,
      summarySlot,
      heading(kindName(c.kind), c.councilName),
      h('p', null, 'Status: ', statusTag(c.status)),
      adviser ? h('p', null, h('a', { href: `#/challenges/${encodeURIComponent(c.id)}/manage`, class: 'button button--secondary' }, 'Manage this peer challenge')) : null,
      c.scope
        ? h(
            'section',
            { 'aria-labelledby': 'team-dates', 'data-testid': 'team-and-dates' },
            h('h2', { id: 'team-dates' }, 'Team and dates'),
            h(
              'dl',
              { class: 'summary-list' },
              row('On-site days', formatWindow(c.scope.days)),
              row('Feedback presentation', formatDate(c.scope.presentationDay)),
              row('Report due', formatDate(c.scope.reportDue)),
              row('Places', c.scope.slots.map((s) => `${s.count} × ${roleName(s.role).toLowerCase()}`).join(', ')),
              row('Confirmed', `${accepted.length} of ${places} places accepted`),
            ),
            team.length ? teamTable(team, adviser ? 'adviser' : 'council') : h('p', null, 'The adviser has not invited the team yet.'),
            calendar,
          )
        : null,
      afterVisit,
      h(
        'dl',
        { class: 'summary-list' },
        row('Council', `${c.councilName} (${c.region})`),
        row('Kind', kindName(c.kind)),
        row('Status', statusTag(c.status)),
        c.kind === 'corporate' ? row('Core elements', h('ul', null, CORE_ELEMENTS.map((e) => h('li', null, sentence(e))))) : null,
        row('Focus areas', c.focusAreas.length ? h('ul', null, c.focusAreas.map((f) => h('li', null, focusAreaName(f)))) : 'None chosen'),
        row('Preferred windows', h('ol', null, c.windows.map((w) => h('li', null, formatWindow(w))))),
        row(
          'Contact',
          h('span', null, c.contact.name),
          h('br'),
          h('a', { href: `mailto:${c.contact.email}` }, c.contact.email),
          c.contact.phone ? h('br') : null,
          c.contact.phone ? c.contact.phone : null,
        ),
        row('Notes', c.notes ? h('p', { class: 'notes' }, c.notes) : 'None'),
        row('Requested', formatTimestamp(c.createdAt)),
        c.updatedAt !== c.createdAt ? row('Last updated', formatTimestamp(c.updatedAt)) : null,
      ),
      h('h2', null, 'Status history'),
      auditTimeline(audit),
      h('p', null, h('a', { href: '#/' }, ctx.me?.roles.includes('adviser') ? 'Back to your region’s peer challenges' : 'Back to your council’s peer challenges')),
    ),
  };
};

/** A calendar file of the on-site days, when the API offers GET /api/calendar.ics (shown only then). */
async function calendarLink(c: Challenge): Promise<HTMLElement | null> {
  const params = (await apiParameters('/api/calendar.ics')).filter((p) => p.in === 'query').map((p) => p.name);
  const key = params.find((n) => /challenge/i.test(n)) ?? params.find((n) => n === 'id');
  const href = `/api/calendar.ics${key ? `?${encodeURIComponent(key)}=${encodeURIComponent(c.id)}` : ''}`;
  return calendarDownload(href, `peer-challenge-${c.id}.ics`, 'Add the on-site days to your calendar (.ics file)');
}

async function apiParameters(path: string): Promise<{ name: string; in: string }[]> {
  try {
    const doc = await call<{ paths?: Record<string, { get?: { parameters?: { name: string; in: string }[] } }> }>('GET', '/api/openapi.json', { anonymous: true });
    return doc.paths?.[path]?.get?.parameters ?? [];
  } catch {
    return [];
  }
}
