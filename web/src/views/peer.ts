import { api, ApiError, type Invitation, type Me, type Peer } from '../api.js';
import { addDays, formatDate, formatWindow, isValidIsoDate, todayIso } from '../dates.js';
import { focusElement, h } from '../dom.js';
import { busy, errorSlot, fieldId, formErrors, group, hint } from '../forms.js';
import { focusAreaName, groupName, invitationStatusName, kindName, roleName } from '../labels.js';
import { LEAD_ROLES, ROLES_BY_KIND } from '../../../shared/domain/policy.js';
import { FOCUS_AREAS, POLITICAL_GROUPS, type TeamRole } from '../../../shared/domain/reference.js';
import type { ProfileUpdate } from '../../../shared/domain/peer-pool.js';
import { calendarDownload, calendarSubscription } from './calendar-download.js';
import { errorPage, heading, problemNotice, setFlash, takeFlash, type View, type ViewResult } from './common.js';

function notAPeer(title: string): ViewResult {
  return { title, content: h('div', null, heading(title), h('p', null, 'This page is for peers. Your account is not linked to a peer profile.'), h('p', null, h('a', { href: '#/' }, 'Go to your home page'))) };
}
const isPeer = (me: Me | null) => !!me?.roles.includes('peer') && !!me.peerId;

function flashNotice(flash: string | null, title = 'Done'): HTMLElement | null {
  return flash ? h('div', { class: 'notice notice--success', role: 'status' }, h('h2', null, title), h('p', null, flash)) : null;
}

const SKILL_LEVELS: { value: string; text: string }[] = [
  { value: '', text: 'Not a skill' },
  { value: '1', text: '1 – working knowledge' },
  { value: '2', text: '2 – experienced' },
  { value: '3', text: '3 – expert' },
];

// ------------------------------------------------------------------ profile

const PROFILE_TITLE = 'Your profile';

export const profileView: View = async (ctx) => {
  if (!isPeer(ctx.me)) return notAPeer(PROFILE_TITLE);
  let peer: Peer;
  try {
    peer = await api.myProfile();
  } catch (e) {
    return errorPage(e);
  }
  const flash = takeFlash();
  const summarySlot = h('div');

  const name = h('input', { type: 'text', id: 'f-name', autocomplete: 'name', value: peer.name, maxlength: 120 });
  const title = h('input', { type: 'text', id: 'f-title', value: peer.title, maxlength: 200, 'aria-describedby': 'f-title-hint' });
  const groupSelect =
    peer.kind === 'member'
      ? h(
          'select',
          { id: 'f-group', 'aria-describedby': 'f-group-hint' },
          POLITICAL_GROUPS.map((g) => h('option', { value: g, selected: g === peer.group }, groupName(g))),
        )
      : null;

  // Roles: accredited ones are ticked; a lead role ticked but not accredited becomes a request.
  const allowed = ROLES_BY_KIND[peer.kind];
  const roleBoxes = allowed.map((r) => {
    const id = fieldId(`roles-${r}`);
    const state = peer.roles.includes(r) ? 'accredited' : peer.requestedRoles.includes(r) ? 'requested' : null;
    const note =
      LEAD_ROLES.includes(r) && state === 'requested'
        ? ' (asked for; waiting for accreditation)'
        : LEAD_ROLES.includes(r) && state === 'accredited'
          ? ' (accredited)'
          : LEAD_ROLES.includes(r)
            ? ` (ask to be accredited by ${peer.kind === 'member' ? 'your group office' : 'an adviser'})`
            : '';
    return h('div', { class: 'checkbox' }, h('input', { type: 'checkbox', id, name: 'roles', value: r, checked: state !== null }), h('label', { for: id }, roleName(r), note));
  });

  const skillRows = FOCUS_AREAS.map((f) => {
    const id = fieldId(`skills.${f}`);
    const level = peer.skills[f];
    return h(
      'div',
      { class: 'skill-row' },
      h('label', { for: id }, focusAreaName(f)),
      h('select', { id, name: 'skills', 'data-area': f }, SKILL_LEVELS.map((l) => h('option', { value: l.value, selected: String(level ?? '') === l.value }, l.text))),
    );
  });

  // Blackout dates: a list with remove buttons, and a date input to add one.
  const blackouts = [...peer.blackouts].sort();
  const blackoutList = h('ul', { class: 'date-list', id: 'blackout-list', 'aria-live': 'polite' });
  const newBlackout = h('input', { type: 'date', id: 'f-blackouts', min: addDays(todayIso(), 1), 'aria-describedby': 'f-blackouts-hint' });
  const renderBlackouts = () => {
    blackoutList.replaceChildren(
      ...(blackouts.length
        ? blackouts.map((d, i) =>
            h(
              'li',
              null,
              h('span', null, formatDate(d)),
              h(
                'button',
                {
                  type: 'button',
                  class: 'button--link',
                  onclick: () => {
                    blackouts.splice(i, 1);
                    renderBlackouts();
                    focusElement(newBlackout);
                  },
                },
                'Remove',
                h('span', { class: 'visually-hidden' }, ` ${formatDate(d)}`),
              ),
            ),
          )
        : [h('li', { class: 'muted' }, 'No dates yet.')]),
    );
  };
  renderBlackouts();
  const addBlackout = h('button', { type: 'button', class: 'button button--secondary', id: 'add-blackout' }, 'Add date');
  addBlackout.addEventListener('click', () => {
    const d = newBlackout.value;
    if (!isValidIsoDate(d)) {
      errors.show([{ field: 'blackouts', message: 'enter the date you cannot do as a real date' }]);
      return;
    }
    if (!blackouts.includes(d)) blackouts.push(d);
    blackouts.sort();
    newBlackout.value = '';
    renderBlackouts();
  });

  const maxLoad = h('input', { type: 'number', id: 'f-maxLoad', min: 0, max: 12, step: 1, inputmode: 'numeric', value: peer.maxLoad, class: 'input--short', 'aria-describedby': 'f-maxLoad-hint' });
  const conflicts = h('textarea', { id: 'f-conflicts', rows: 3, 'aria-describedby': 'f-conflicts-hint' });
  conflicts.value = peer.conflicts.join('\n');

  const submit = h('button', { type: 'submit', class: 'button' }, 'Save profile');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'profile-title' },
    group('name', 'Name', 'f-name', 'f-name', h('label', { for: 'f-name' }, 'Name'), errorSlot(), name),
    group('title', 'Job title', 'f-title', 'f-title', h('label', { for: 'f-title' }, 'Job title or organisation'), hint('f-title-hint', 'For example, Leader of the council, or Director of finance.'), errorSlot(), title),
    groupSelect ? group('group', 'Political group', 'f-group', 'f-group', h('label', { for: 'f-group' }, 'Political group'), hint('f-group-hint', 'Changing group sends your accreditation back to the new group office.'), errorSlot(), groupSelect) : null,
    group(
      'roles',
      'Roles',
      fieldId(`roles-${allowed[0]}`),
      'roles-fieldset',
      h('fieldset', { id: 'roles-fieldset', 'aria-describedby': 'roles-hint' }, h('legend', null, 'Roles you can take on a team'), hint('roles-hint', 'Lead roles need accreditation. Tick one to ask for it; you keep your other roles meanwhile.'), errorSlot(), h('div', { class: 'checkboxes' }, roleBoxes)),
    ),
    group(
      'skills',
      'Skills',
      fieldId(`skills.${FOCUS_AREAS[0]}`),
      'skills-fieldset',
      h('fieldset', { id: 'skills-fieldset', 'aria-describedby': 'skills-hint' }, h('legend', null, 'Skills'), hint('skills-hint', 'How well you know each area: 1 working knowledge, 2 experienced, 3 expert. Teams are matched to the focus of each challenge.'), errorSlot(), h('div', { class: 'skill-grid' }, skillRows)),
    ),
    group(
      'blackouts',
      'Dates you cannot do',
      'f-blackouts',
      'f-blackouts',
      h(
        'fieldset',
        { id: 'blackouts-fieldset' },
        h('legend', null, 'Dates you cannot do'),
        hint('f-blackouts-hint', 'You will not be proposed for a team on these days.'),
        errorSlot(),
        blackoutList,
        h('div', { class: 'inline-add' }, h('div', null, h('label', { for: 'f-blackouts' }, 'Add a date'), newBlackout), addBlackout),
      ),
    ),
    group('maxLoad', 'Challenges a year', 'f-maxLoad', 'f-maxLoad', h('label', { for: 'f-maxLoad' }, 'How many peer challenges you can give a year'), hint('f-maxLoad-hint', 'A whole number from 0 to 12. 0 pauses new invitations.'), errorSlot(), maxLoad),
    group(
      'conflicts',
      'Conflicts of interest',
      'f-conflicts',
      'f-conflicts',
      h('label', { for: 'f-conflicts' }, 'Councils you must not be matched to (optional)'),
      hint('f-conflicts-hint', 'One council id a line, for example a council where a close relative works. Your own council is never matched to you.'),
      errorSlot(),
      conflicts,
    ),
    submit,
  );
  const errors = formErrors(form, summarySlot, PROFILE_TITLE);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const load = maxLoad.value.trim();
    if (!/^\d+$/.test(load) || Number(load) > 12) return errors.show([{ field: 'maxLoad', message: 'enter a whole number from 0 to 12' }]);
    const roles = [...form.querySelectorAll<HTMLInputElement>('input[name="roles"]:checked')].map((c) => c.value as TeamRole);
    if (!roles.length) return errors.show([{ field: 'roles', message: 'choose at least one role' }]);
    const skills: ProfileUpdate['skills'] = {};
    for (const s of form.querySelectorAll<HTMLSelectElement>('select[name="skills"]'))
      if (s.value) skills[s.dataset.area as keyof ProfileUpdate['skills']] = Number(s.value) as 1 | 2 | 3;
    const update: ProfileUpdate = {
      name: name.value.trim(),
      title: title.value.trim(),
      group: groupSelect ? (groupSelect.value as ProfileUpdate['group']) : null,
      councilId: peer.councilId,
      roles,
      skills,
      blackouts,
      maxLoad: Number(load),
      conflicts: conflicts.value.split(/[\s,]+/).map((c) => c.trim()).filter(Boolean),
    };
    try {
      const saved = await busy(submit, 'Saving…', () => api.saveProfile(update));
      const asked = saved.requestedRoles.length ? ` You asked to be accredited as ${saved.requestedRoles.map(roleName).join(' and ')}; you will hear when it is decided.` : '';
      setFlash(`Your profile has been saved.${asked}`);
      ctx.navigate('#/profile');
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.errors.length) errors.show(e.errors);
      else {
        errors.clear();
        const notice = problemNotice(e);
        summarySlot.replaceChildren(notice);
        focusElement(notice);
      }
    }
  });

  return {
    title: PROFILE_TITLE,
    content: h(
      'div',
      null,
      flashNotice(flash, 'Profile saved'),
      summarySlot,
      h('h1', { id: 'profile-title', tabindex: -1 }, h('span', { class: 'caption' }, peer.kind === 'member' ? `Member peer${peer.group ? `, ${groupName(peer.group)}` : ''}` : peer.kind === 'officer' ? 'Officer peer' : 'Peer'), PROFILE_TITLE),
      h(
        'p',
        null,
        peer.status === 'approved' ? 'You are approved for the peer pool.' : 'You are waiting to be approved for the peer pool.',
        peer.councilId ? ` Home council: ${peer.councilId}.` : '',
      ),
      form,
    ),
  };
};

// ------------------------------------------------------------------ calendar

const MONTHS = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

function monthOf(day: string): string {
  return day.slice(0, 7);
}
function shiftMonth(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

interface DayMark {
  booked?: string;
  blackout?: boolean;
}

/** A month as a table: one row a week, Monday first; each day says in words whether it is booked or blocked. */
function monthGrid(month: string, marks: Map<string, DayMark>): HTMLElement {
  const first = `${month}-01`;
  const offset = (new Date(`${first}T00:00:00Z`).getUTCDay() + 6) % 7;
  const days: (string | null)[] = Array.from({ length: offset }, () => null);
  for (let d = first; monthOf(d) === month; d = addDays(d, 1)) days.push(d);
  while (days.length % 7) days.push(null);
  const today = todayIso();
  const rows: HTMLElement[] = [];
  for (let i = 0; i < days.length; i += 7) {
    rows.push(
      h(
        'tr',
        null,
        days.slice(i, i + 7).map((d) => {
          if (!d) return h('td', { class: 'cal__empty' });
          const mark = marks.get(d);
          const cls = ['cal__day', mark?.booked ? 'cal__day--booked' : '', mark?.blackout ? 'cal__day--blackout' : '', d === today ? 'cal__day--today' : ''].filter(Boolean).join(' ');
          return h(
            'td',
            { class: cls, 'data-day': d },
            h('span', { class: 'cal__num' }, Number(d.slice(8)), d === today ? h('span', { class: 'visually-hidden' }, ' (today)') : null),
            mark?.booked ? h('span', { class: 'cal__tag cal__tag--booked' }, 'Booked', h('span', { class: 'cal__what' }, `: ${mark.booked}`)) : null,
            mark?.blackout ? h('span', { class: 'cal__tag cal__tag--blackout' }, 'Unavailable') : null,
          );
        }),
      ),
    );
  }
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'cal', 'data-testid': 'calendar' },
      h('caption', null, MONTHS.format(new Date(`${first}T00:00:00Z`))),
      h('thead', null, h('tr', null, WEEKDAYS.map((w) => h('th', { scope: 'col', abbr: w }, h('span', { 'aria-hidden': 'true' }, w.slice(0, 3)), h('span', { class: 'visually-hidden' }, w))))),
      h('tbody', null, rows),
    ),
  );
}

export const calendarView: View = async (ctx) => {
  const TITLE = 'Your availability';
  if (!isPeer(ctx.me)) return notAPeer(TITLE);
  let peer: Peer;
  let invitations: Invitation[];
  try {
    [peer, { items: invitations }] = await Promise.all([api.myProfile(), api.invitations()]);
  } catch (e) {
    return errorPage(e);
  }
  const accepted = invitations.filter((i) => i.status === 'accepted');
  const marks = new Map<string, DayMark>();
  for (const d of peer.blackouts) marks.set(d, { blackout: true });
  for (const inv of accepted) for (const d of inv.days) marks.set(d, { ...marks.get(d), booked: inv.councilName });
  const requested = ctx.params[0];
  const month = requested && /^\d{4}-\d{2}$/.test(requested) ? requested : monthOf(todayIso());
  const upcoming = accepted.filter((i) => (i.days.at(-1) ?? '') >= todayIso()).sort((a, b) => (a.days[0]! < b.days[0]! ? -1 : 1));
  const blackoutsAhead = peer.blackouts.filter((d) => d >= todayIso());
  const [download, subscription] = await Promise.all([
    calendarDownload('/api/calendar.ics', 'peer-challenge-days.ics', 'Download your confirmed on-site days (.ics file)'),
    calendarSubscription(),
  ]);
  return {
    title: `${TITLE}: ${MONTHS.format(new Date(`${month}-01T00:00:00Z`))}`,
    content: h(
      'div',
      null,
      heading(TITLE, 'Peer'),
      h('p', { class: 'lead' }, 'Days you are booked on a peer challenge, and days you told us you cannot do.'),
      h(
        'ul',
        { class: 'cal-key' },
        h('li', null, h('span', { class: 'cal__tag cal__tag--booked' }, 'Booked'), ' a day on site with a team you joined'),
        h('li', null, h('span', { class: 'cal__tag cal__tag--blackout' }, 'Unavailable'), ' a date you cannot do (change these in ', h('a', { href: '#/profile' }, 'your profile'), ')'),
      ),
      h(
        'nav',
        { class: 'cal-nav', 'aria-label': 'Months' },
        h('a', { href: `#/calendar/${shiftMonth(month, -1)}` }, '‹ Previous month'),
        h('a', { href: `#/calendar/${monthOf(todayIso())}` }, 'This month'),
        h('a', { href: `#/calendar/${shiftMonth(month, 1)}` }, 'Next month ›'),
      ),
      monthGrid(month, marks),
      h('h2', null, 'Coming up'),
      upcoming.length
        ? h(
            'ul',
            { class: 'plain-list', 'data-testid': 'upcoming' },
            upcoming.map((i) => h('li', null, h('a', { href: `#/calendar/${monthOf(i.days[0]!)}` }, `${kindName(i.kind)} at ${i.councilName}`), `: ${formatWindow(i.days)}, as ${roleName(i.role).toLowerCase()}`)),
          )
        : h('p', null, 'You are not booked on any peer challenge yet.'),
      blackoutsAhead.length ? h('p', null, `You have ${blackoutsAhead.length} date${blackoutsAhead.length === 1 ? '' : 's'} ahead marked as unavailable.`) : null,
      download || subscription ? h('h2', null, 'In your own calendar') : null,
      download,
      subscription,
    ),
  };
};

// ------------------------------------------------------------------ invitations

function invitationFacts(inv: Invitation): HTMLElement {
  const row = (k: string, v: Node | string) => h('div', { class: 'summary-list__row' }, h('dt', null, k), h('dd', null, v));
  return h(
    'dl',
    { class: 'summary-list summary-list--compact' },
    row('Council', inv.councilName),
    row('Kind', kindName(inv.kind)),
    row('Your role', roleName(inv.role)),
    row('On-site days', formatWindow(inv.days)),
    row('Focus', inv.focusAreas.length ? inv.focusAreas.map(focusAreaName).join(', ') : 'The core elements'),
    inv.status === 'invited' ? row('Answer by', formatDate(inv.expiresOn)) : row('Status', invitationStatusName(inv.status)),
    inv.reason ? row('Your reason', inv.reason) : null,
  );
}

/** A 409 from accepting, in words: which day clashes, or why it can no longer be answered. */
function refusalNotice(e: ApiError): HTMLElement {
  const day = typeof e.details.day === 'string' ? e.details.day : null;
  const text =
    e.details.reason === 'day-taken' && day
      ? `You are already booked on ${formatDate(day)}, which is one of this challenge's on-site days. Nothing has been booked. Decline this invitation, or ask your adviser.`
      : e.details.reason === 'over-load'
        ? 'Accepting would take you over the number of peer challenges you give a year. Raise it in your profile first, or decline.'
        : `${e.message.charAt(0).toUpperCase()}${e.message.slice(1)}.`;
  return h('div', { class: 'notice notice--error', role: 'alert', tabindex: -1, 'data-testid': 'refusal' }, h('h3', null, day ? `You cannot accept: ${formatDate(day)} is taken` : 'You cannot accept this invitation'), h('p', null, text));
}

function invitationCard(inv: Invitation, ctx: Parameters<View>[0]): HTMLElement {
  const id = inv.challengeId;
  const headingId = `inv-${id}`;
  const slot = h('div');
  const card = h('article', { class: 'card', 'aria-labelledby': headingId, 'data-invitation': id }, slot, h('h3', { id: headingId }, `${kindName(inv.kind)} at ${inv.councilName}`), invitationFacts(inv));
  if (inv.status !== 'invited') return card;

  const accept = h('button', { type: 'button', class: 'button' }, 'Accept', h('span', { class: 'visually-hidden' }, ` the invitation from ${inv.councilName}`));
  accept.addEventListener('click', async () => {
    slot.replaceChildren();
    try {
      await busy(accept, 'Accepting…', () => api.accept(id));
      setFlash(`You have joined the team for ${inv.councilName} on ${formatWindow(inv.days)}. Your days are booked.`);
      ctx.navigate('#/invitations');
    } catch (e) {
      const notice = e instanceof ApiError && e.status === 409 ? refusalNotice(e) : problemNotice(e);
      slot.replaceChildren(notice);
      focusElement(notice);
    }
  });

  const reasonId = `f-reason-${id}`;
  const reason = h('textarea', { id: reasonId, rows: 3, maxlength: 1000, 'aria-describedby': `${reasonId}-hint` });
  const decline = h('button', { type: 'submit', class: 'button button--secondary' }, 'Decline', h('span', { class: 'visually-hidden' }, ` the invitation from ${inv.councilName}`));
  const form = h(
    'form',
    { novalidate: true, class: 'decline-form' },
    group('reason', 'Reason for declining', reasonId, reasonId, h('label', { for: reasonId }, 'If you decline, say why'), hint(`${reasonId}-hint`, 'Your adviser reads this to find someone else.'), errorSlot(), reason),
    decline,
  );
  const errors = formErrors(form, slot, 'Your invitations');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!reason.value.trim()) return errors.show([{ field: 'reason', message: 'say why you are declining, so the adviser can find a replacement' }]);
    try {
      await busy(decline, 'Declining…', () => api.decline(id, reason.value.trim()));
      setFlash(`You have declined the invitation from ${inv.councilName}. Thank you for letting us know.`);
      ctx.navigate('#/invitations');
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.errors.length) errors.show(e.errors);
      else {
        const notice = problemNotice(e);
        slot.replaceChildren(notice);
        focusElement(notice);
      }
    }
  });
  card.append(h('div', { class: 'card__actions' }, accept), form);
  return card;
}

export const invitationsView: View = async (ctx) => {
  const TITLE = 'Your invitations';
  if (!isPeer(ctx.me)) return notAPeer(TITLE);
  let invitations: Invitation[];
  try {
    ({ items: invitations } = await api.invitations());
  } catch (e) {
    return errorPage(e);
  }
  const flash = takeFlash();
  const waiting = invitations.filter((i) => i.status === 'invited');
  const answered = invitations.filter((i) => i.status !== 'invited');
  return {
    title: TITLE,
    content: h(
      'div',
      null,
      flashNotice(flash, 'Answer sent'),
      heading(TITLE, 'Peer'),
      h('h2', null, `Waiting for your answer (${waiting.length})`),
      waiting.length ? h('div', { class: 'cards', 'data-testid': 'waiting' }, waiting.map((i) => invitationCard(i, ctx))) : h('p', null, 'No invitations are waiting for your answer.'),
      h('h2', null, 'Answered'),
      answered.length ? h('div', { class: 'cards', 'data-testid': 'answered' }, answered.map((i) => invitationCard(i, ctx))) : h('p', null, 'None yet.'),
    ),
  };
};

// ------------------------------------------------------------------ my challenges

export const myChallengesView: View = async (ctx) => {
  const TITLE = 'Your peer challenges';
  if (!isPeer(ctx.me)) return notAPeer(TITLE);
  let invitations: Invitation[];
  try {
    ({ items: invitations } = await api.invitations());
  } catch (e) {
    return errorPage(e);
  }
  const accepted = invitations.filter((i) => i.status === 'accepted').sort((a, b) => (a.days[0]! < b.days[0]! ? -1 : 1));
  return {
    title: TITLE,
    content: h(
      'div',
      null,
      heading(TITLE, 'Peer'),
      h('p', { class: 'lead' }, 'The teams you have joined.'),
      accepted.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { 'data-testid': 'my-challenges' },
              h('caption', { class: 'visually-hidden' }, TITLE),
              h('thead', null, h('tr', null, ['Council', 'Kind', 'Your role', 'On-site days', 'Survey'].map((t) => h('th', { scope: 'col' }, t)))),
              h(
                'tbody',
                null,
                accepted.map((i) =>
                  h(
                    'tr',
                    null,
                    h('td', null, i.councilName),
                    h('td', null, kindName(i.kind)),
                    h('td', null, roleName(i.role)),
                    h('td', null, h('a', { href: `#/calendar/${monthOf(i.days[0]!)}` }, formatWindow(i.days))),
                    // After the visit (the API opens it once the report is issued).
                    h('td', null, (i.days.at(-1) ?? '') < new Date().toISOString().slice(0, 10) ? h('a', { href: `#/challenges/${encodeURIComponent(i.challengeId)}/survey` }, 'Answer the survey', h('span', { class: 'visually-hidden' }, ` for ${i.councilName}`)) : '—'),
                  ),
                ),
              ),
            ),
          )
        : h('p', null, 'You have not joined a team yet. ', h('a', { href: '#/invitations' }, 'See your invitations'), '.'),
    ),
  };
};

/** The peer's home: what needs an answer, what is coming up, and where to keep the profile. */
export async function peerHome(me: Me): Promise<ViewResult> {
  let invitations: Invitation[] = [];
  let problem: HTMLElement | null = null;
  try {
    if (me.peerId) ({ items: invitations } = await api.invitations());
  } catch (e) {
    problem = problemNotice(e);
  }
  const waiting = invitations.filter((i) => i.status === 'invited').length;
  const next = invitations
    .filter((i) => i.status === 'accepted' && (i.days.at(-1) ?? '') >= todayIso())
    .sort((a, b) => (a.days[0]! < b.days[0]! ? -1 : 1))[0];
  return {
    title: 'Your peer work',
    content: h(
      'div',
      null,
      heading(`Welcome, ${me.name}`, 'Peer'),
      h('p', { class: 'lead' }, 'Thank you for being part of the peer network.'),
      problem,
      h(
        'ul',
        { class: 'tiles' },
        h('li', { class: 'tile' }, h('h2', null, h('a', { href: '#/invitations' }, 'Invitations')), h('p', null, waiting ? `${waiting} waiting for your answer.` : 'Nothing waiting for your answer.')),
        h('li', { class: 'tile' }, h('h2', null, h('a', { href: '#/my-challenges' }, 'Your peer challenges')), h('p', null, next ? `Next: ${next.councilName}, ${formatWindow(next.days)}.` : 'You are not booked on a team yet.')),
        h('li', { class: 'tile' }, h('h2', null, h('a', { href: '#/calendar' }, 'Availability calendar')), h('p', null, 'Your booked days and the dates you cannot do.')),
        h('li', { class: 'tile' }, h('h2', null, h('a', { href: '#/profile' }, 'Your profile')), h('p', null, 'Skills, roles, dates you cannot do and how many challenges a year.')),
      ),
    ),
  };
}
