import { api, ApiError, call, type Challenge, type FieldError, type Me, type TeamMember } from '../api.js';
import { addDays, expandWindow, formatDate, formatTimestamp, formatWindow, isBankHoliday, isValidIsoDate, isWeekend, todayIso } from '../dates.js';
import { focusElement, h } from '../dom.js';
import { busy, errorSlot, formErrors, group, hint } from '../forms.js';
import { focusAreaName, kindName, sentence } from '../labels.js';
import { ACTION_STATUSES, CORE_ELEMENTS, FOCUS_AREAS, IMPACT_KINDS } from '../../../shared/domain/reference.js';
import { errorPage, heading, notFoundPage, problemNotice, setFlash, type View, type ViewContext } from './common.js';

/**
 * After the visit, on the challenge pages: the report and its recommendations, the council's
 * publication record, action plan (red/amber/green, in words too) and position statement, the
 * follow-ups with their state, outcomes and the survey. Who sees which form depends on the role
 * and the status; the API decides in the end (a 403/409 is shown, never hidden).
 */

// ------------------------------------------------------------------ API shapes and calls

export interface Recommendation {
  text: string;
  theme: string;
}
export interface ReportView {
  feedbackPresentedOn: string;
  issuedOn: string;
  recommendations: Recommendation[];
  version: number;
  recordedAt: string;
}
export interface ActionView {
  recommendation: number;
  action: string;
  owner: string;
  dueOn: string;
  status: string;
  rag?: string;
}
export interface FollowUpItem {
  challengeId: string;
  kind: 'check-in' | 'progress-review';
  dueOn: string;
  notBefore?: string;
  status: 'open' | 'done';
  doneOn?: string;
  heldOn?: string;
  notes?: string;
  reviewChallengeId?: string;
  state: 'upcoming' | 'due' | 'overdue' | 'done';
}
export interface FollowUpView {
  challengeId: string;
  status: string;
  kind: string;
  councilName: string;
  reviewOf?: string;
  report?: ReportView;
  publication?: { reportPublished: boolean; reportPublishedOn?: string; actionPlanPublished: boolean; actionPlanPublishedOn?: string; link?: string; updatedAt?: string };
  actionPlan?: { actions: ActionView[]; updatedAt: string };
  followUps: FollowUpItem[];
  positionStatement?: { progress: { recommendation: number; summary: string; evidence: string[] }[]; updatedAt: string };
  outcomes?: { impacts: { kind: string; evidence: string }[]; recordedAt: string };
}
interface SurveysView {
  surveys: { respondent: { kind: string; id: string }; rating: number; comment: string; submittedAt: string }[];
  peerFeedback: { aboutPeerId: string; fromPeerId?: string; rating: number; comment: string; submittedAt: string }[];
}

const enc = encodeURIComponent;
export const followUpApi = {
  view: (id: string) => call<FollowUpView>('GET', `/api/challenges/${enc(id)}/follow-up`),
  report: (id: string, body: unknown) => call<ReportView>('PUT', `/api/challenges/${enc(id)}/report`, { body }),
  publication: (id: string, body: unknown) => call<unknown>('PUT', `/api/challenges/${enc(id)}/publication`, { body }),
  actionPlan: (id: string, body: unknown) => call<unknown>('PUT', `/api/challenges/${enc(id)}/action-plan`, { body }),
  positionStatement: (id: string, body: unknown) => call<unknown>('PUT', `/api/challenges/${enc(id)}/position-statement`, { body }),
  checkIn: (id: string, body: unknown) => call<Challenge>('POST', `/api/challenges/${enc(id)}/check-in`, { body }),
  progressReview: (id: string, body: unknown) => call<Challenge>('POST', `/api/challenges/${enc(id)}/progress-review`, { body }),
  outcomes: (id: string, body: unknown) => call<Challenge>('POST', `/api/challenges/${enc(id)}/outcomes`, { body }),
  survey: (id: string, body: unknown) => call<unknown>('POST', `/api/challenges/${enc(id)}/survey`, { body }),
  surveys: (id: string) => call<SurveysView>('GET', `/api/challenges/${enc(id)}/surveys`),
  feedbackAbout: (peerId: string) => call<{ items: { challengeId: string; rating: number; comment: string; submittedAt: string; fromPeerId?: string }[] }>('GET', `/api/peers/${enc(peerId)}/feedback`),
};

export const AFTER_REPORT = ['report-issued', 'check-in', 'progress-review', 'closed'];

// ------------------------------------------------------------------ labels

const CORE = new Set<string>(CORE_ELEMENTS);
export const themeName = (t: string) => (CORE.has(t) ? `${sentence(t)} (core element)` : focusAreaName(t));
const ACTION_STATUS_NAMES: Record<string, string> = { 'not-started': 'Not started', 'on-track': 'On track', 'at-risk': 'At risk', 'off-track': 'Off track', done: 'Done' };
const RAG_NAMES: Record<string, string> = { red: 'red', amber: 'amber', green: 'green', grey: 'not started' };
const RAG_OF: Record<string, string> = { 'not-started': 'grey', 'on-track': 'green', 'at-risk': 'amber', 'off-track': 'red', done: 'green' };
const STATE_NAMES: Record<string, string> = { upcoming: 'Upcoming', due: 'Due soon', overdue: 'Overdue', done: 'Done' };
const FOLLOW_UP_NAMES: Record<string, string> = { 'check-in': 'Check-in', 'progress-review': 'Progress review' };
const IMPACT_NAMES: Record<string, string> = {
  'self-awareness': 'Self-awareness',
  'external-reputation': 'External reputation',
  'behaviour-change': 'Behaviour change',
  'organisational-change': 'Organisational change',
  'service-transformation': 'Service transformation',
};

/** Status as a tag in words, with the red/amber/green colour as a second cue only. */
export function ragTag(status: string, rag = RAG_OF[status] ?? 'grey'): HTMLElement {
  return h('strong', { class: `tag rag rag--${rag.replace(/[^a-z]/g, '')}`, 'data-rag': rag }, `${ACTION_STATUS_NAMES[status] ?? sentence(status)} (${RAG_NAMES[rag] ?? rag})`);
}
export const stateTag = (state: string) => h('strong', { class: `tag tag--fu-${state.replace(/[^a-z]/g, '')}`, 'data-state': state }, STATE_NAMES[state] ?? sentence(state));

/** Field ids, unique per form: ('report', 'recommendations.0.text') → 'f-report-recommendations-0-text'. */
const fid = (form: string, field: string) => `f-${form}-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;

function themeSelect(id: string, value: string, describedBy?: string): HTMLSelectElement {
  return h(
    'select',
    { id, 'aria-describedby': describedBy ?? null },
    h('option', { value: '' }, 'Choose a theme'),
    h('optgroup', { label: 'Core elements' }, CORE_ELEMENTS.map((t) => h('option', { value: t, selected: t === value }, sentence(t)))),
    h('optgroup', { label: 'Focus areas' }, FOCUS_AREAS.map((t) => h('option', { value: t, selected: t === value }, focusAreaName(t)))),
  );
}

const row = (k: string, ...v: (Node | string | null)[]) => h('div', { class: 'summary-list__row' }, h('dt', null, k), h('dd', null, ...v));

/** A failed save: field errors in the summary, anything else as a notice. */
function showFailure(err: unknown, errors: ReturnType<typeof formErrors>, summarySlot: HTMLElement, fallbackField?: string): void {
  if (err instanceof ApiError && err.status === 400 && err.errors.length) return errors.show(err.errors);
  if (err instanceof ApiError && err.status === 409 && fallbackField) return errors.show([{ field: fallbackField, message: err.message }], 'This cannot be done now');
  const n = problemNotice(err);
  summarySlot.replaceChildren(n);
  focusElement(n);
}

// ------------------------------------------------------------------ read-only parts

export function followUpsTable(items: FollowUpItem[]): HTMLElement {
  if (!items.length) return h('p', null, 'The check-in and progress review are set when the report is issued.');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-testid': 'follow-ups' },
      h('caption', null, 'Follow-ups'),
      h('thead', null, h('tr', null, ['Follow-up', 'Due', 'State', 'Done'].map((t) => h('th', { scope: 'col' }, t)))),
      h(
        'tbody',
        null,
        items.map((f) =>
          h(
            'tr',
            { 'data-kind': f.kind, 'data-state': f.state, class: f.state === 'overdue' ? 'row--alert' : null },
            h('th', { scope: 'row' }, FOLLOW_UP_NAMES[f.kind] ?? sentence(f.kind)),
            h('td', null, f.notBefore ? `${formatDate(f.notBefore)} to ${formatDate(f.dueOn)}` : `By ${formatDate(f.dueOn)}`),
            h('td', null, stateTag(f.state)),
            h(
              'td',
              null,
              f.status === 'done' ? [f.heldOn ? `Held ${formatDate(f.heldOn)}` : `Done ${formatDate(f.doneOn ?? f.dueOn)}`, f.notes ? h('p', { class: 'muted' }, f.notes) : null] : f.reviewChallengeId ? h('a', { href: `#/challenges/${enc(f.reviewChallengeId)}` }, 'Review booked') : '—',
            ),
          ),
        ),
      ),
    ),
  );
}

function reportBlock(r: ReportView): HTMLElement {
  return h(
    'div',
    { 'data-testid': 'report' },
    h('dl', { class: 'summary-list' }, row('Feedback presentation', formatDate(r.feedbackPresentedOn)), row('Report issued', formatDate(r.issuedOn))),
    h('h3', null, 'Recommendations'),
    h(
      'ol',
      { class: 'recommendations', 'data-testid': 'recommendations' },
      r.recommendations.map((x) => h('li', null, h('p', null, x.text), h('p', { class: 'muted' }, 'Theme: ', themeName(x.theme)))),
    ),
  );
}

function publicationBlock(p: FollowUpView['publication']): HTMLElement {
  if (!p) return h('p', { 'data-testid': 'publication' }, 'The council has not recorded publication yet. Publishing is the council’s choice.');
  return h(
    'dl',
    { class: 'summary-list', 'data-testid': 'publication' },
    row('Report', p.reportPublished ? `Published ${formatDate(p.reportPublishedOn ?? '')}` : 'Not published'),
    row('Action plan', p.actionPlanPublished ? `Published ${formatDate(p.actionPlanPublishedOn ?? '')}` : 'Not published'),
    p.link ? row('Link', h('a', { href: p.link, rel: 'noopener noreferrer' }, p.link)) : null,
  );
}

function actionPlanTable(report: ReportView, actions: ActionView[]): HTMLElement {
  if (!actions.length) return h('p', { 'data-testid': 'action-plan' }, 'No action plan has been recorded yet.');
  return h(
    'div',
    { 'data-testid': 'action-plan' },
    report.recommendations.map((rec, i) => {
      const mine = actions.filter((a) => a.recommendation === i);
      return h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          null,
          h('caption', null, `Recommendation ${i + 1}: ${rec.text}`),
          h('thead', null, h('tr', null, ['Action', 'Owner', 'Due', 'Status'].map((t) => h('th', { scope: 'col' }, t)))),
          h(
            'tbody',
            null,
            mine.length
              ? mine.map((a) => h('tr', { 'data-rag': a.rag ?? RAG_OF[a.status] ?? 'grey' }, h('td', null, a.action), h('td', null, a.owner), h('td', null, formatDate(a.dueOn)), h('td', null, ragTag(a.status, a.rag))))
              : h('tr', null, h('td', { colspan: 4 }, 'No actions yet.')),
          ),
        ),
      );
    }),
  );
}

function positionBlock(report: ReportView, p: FollowUpView['positionStatement']): HTMLElement {
  if (!p) return h('p', { 'data-testid': 'position-statement' }, 'No position statement yet. The council submits it before the progress review.');
  return h(
    'ol',
    { 'data-testid': 'position-statement' },
    p.progress.map((x) =>
      h(
        'li',
        null,
        h('p', null, h('strong', null, `Recommendation ${x.recommendation + 1}: `), report.recommendations[x.recommendation]?.text ?? ''),
        h('p', null, x.summary),
        x.evidence.length ? h('ul', null, x.evidence.map((u) => h('li', null, h('a', { href: u, rel: 'noopener noreferrer' }, u)))) : null,
      ),
    ),
  );
}

function outcomesBlock(o: FollowUpView['outcomes']): HTMLElement | null {
  if (!o) return null;
  return h('dl', { class: 'summary-list', 'data-testid': 'outcomes' }, o.impacts.map((i) => row(IMPACT_NAMES[i.kind] ?? sentence(i.kind), i.evidence)));
}

// ------------------------------------------------------------------ adviser forms

function reportForm(c: Challenge, v: FollowUpView, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): HTMLElement {
  const F = 'report';
  const last = c.scope?.days.at(-1) ?? c.windows[0]?.at(-1) ?? '';
  const recs: Recommendation[] = v.report?.recommendations.map((r) => ({ ...r })) ?? [{ text: '', theme: '' }];
  const presented = h('input', { type: 'date', id: fid(F, 'feedbackPresentedOn'), value: v.report?.feedbackPresentedOn ?? c.scope?.presentationDay ?? last, 'aria-describedby': `${fid(F, 'feedbackPresentedOn')}-hint` });
  const issued = h('input', { type: 'date', id: fid(F, 'issuedOn'), value: v.report?.issuedOn ?? '', max: todayIso(), 'aria-describedby': `${fid(F, 'issuedOn')}-hint` });
  const list = h('div', { id: 'recommendation-list' });
  const sync = () =>
    recs.forEach((r, i) => {
      r.text = (document.getElementById(fid(F, `recommendations.${i}.text`)) as HTMLTextAreaElement | null)?.value ?? r.text;
      r.theme = (document.getElementById(fid(F, `recommendations.${i}.theme`)) as HTMLSelectElement | null)?.value ?? r.theme;
    });
  const renderRecs = () => {
    list.replaceChildren(
      ...recs.map((r, i) => {
        const textId = fid(F, `recommendations.${i}.text`);
        const themeId = fid(F, `recommendations.${i}.theme`);
        const remove = h('button', { type: 'button', class: 'button button--secondary button--small' }, `Remove recommendation ${i + 1}`);
        remove.addEventListener('click', () => {
          sync();
          recs.splice(i, 1);
          renderRecs();
          focusElement(document.getElementById(fid(F, `recommendations.${Math.max(0, i - 1)}.text`)));
        });
        return h(
          'fieldset',
          { class: 'window', id: `recommendation-${i}` },
          h('legend', null, `Recommendation ${i + 1}`),
          group(`recommendations.${i}.text`, `Recommendation ${i + 1} text`, textId, textId, h('label', { for: textId }, 'What the team recommends'), errorSlot(), h('textarea', { id: textId, rows: 3, maxlength: 1000 }, r.text)),
          group(`recommendations.${i}.theme`, `Recommendation ${i + 1} theme`, themeId, themeId, h('label', { for: themeId }, 'Theme (core element or focus area)'), errorSlot(), themeSelect(themeId, r.theme)),
          recs.length > 1 ? remove : null,
        );
      }),
    );
  };
  renderRecs();
  const add = h('button', { type: 'button', class: 'button button--secondary' }, 'Add a recommendation');
  add.addEventListener('click', () => {
    sync();
    recs.push({ text: '', theme: '' });
    renderRecs();
    focusElement(document.getElementById(fid(F, `recommendations.${recs.length - 1}.text`)));
  });
  const submit = h('button', { type: 'submit', class: 'button' }, v.report ? 'Save the corrected report' : 'Record the report');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'report-form-title', id: 'report-form' },
    h('h2', { id: 'report-form-title' }, v.report ? 'Correct the report' : 'Record the feedback presentation and report'),
    h('p', null, v.report ? 'While the report is issued and before the check-in, you can correct it; the theme counts move by the difference.' : 'Recording the report issues it, and sets the check-in and progress review by the policy for this kind of challenge.'),
    group('feedbackPresentedOn', 'Feedback presentation', presented.id, presented.id, h('label', { for: presented.id }, 'Feedback presentation'), hint(`${presented.id}-hint`, 'The day the team presented its feedback, on or after the first on-site day.'), errorSlot(), presented),
    group('issuedOn', 'Report issued', issued.id, issued.id, h('label', { for: issued.id }, 'Report issued'), hint(`${issued.id}-hint`, `After the last on-site day (${last ? formatDate(last) : '—'}), and not in the future.`), errorSlot(), issued),
    group('recommendations', 'Recommendations', fid(F, 'recommendations.0.text'), 'recommendation-list', h('h3', null, 'Recommendations'), errorSlot(), list),
    h('p', null, add),
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    sync();
    const local: FieldError[] = [];
    if (!isValidIsoDate(presented.value)) local.push({ field: 'feedbackPresentedOn', message: 'enter the day of the feedback presentation' });
    if (!isValidIsoDate(issued.value)) local.push({ field: 'issuedOn', message: 'enter the day the report was issued' });
    recs.forEach((r, i) => {
      if (r.text.trim().length < 3) local.push({ field: `recommendations.${i}.text`, message: 'write the recommendation' });
      if (!r.theme) local.push({ field: `recommendations.${i}.theme`, message: 'choose the core element or focus area it is about' });
    });
    if (local.length) return errors.show(local);
    try {
      await busy(submit, 'Saving…', () => followUpApi.report(c.id, { feedbackPresentedOn: presented.value, issuedOn: issued.value, recommendations: recs.map((r) => ({ text: r.text.trim(), theme: r.theme })) }));
      setFlash(v.report ? 'Report corrected.' : 'Report recorded: the challenge is now report issued, with its check-in and progress review set.');
      ctx.navigate(`#/challenges/${enc(c.id)}/manage`);
    } catch (err) {
      showFailure(err, errors, summarySlot, 'issuedOn');
    }
  });
  return form;
}

function checkInForm(c: Challenge, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): HTMLElement {
  const F = 'checkin';
  const held = h('input', { type: 'date', id: fid(F, 'heldOn'), max: todayIso(), value: todayIso(), 'aria-describedby': `${fid(F, 'heldOn')}-hint` });
  const notes = h('textarea', { id: fid(F, 'notes'), rows: 4, maxlength: 4000 });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Record the check-in');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'checkin-title', id: 'checkin-form' },
    h('h2', { id: 'checkin-title' }, 'Record the check-in'),
    group('heldOn', 'Check-in held on', held.id, held.id, h('label', { for: held.id }, 'Held on'), hint(`${held.id}-hint`, 'Record it once it has been held: not in the future.'), errorSlot(), held),
    group('notes', 'Notes', notes.id, notes.id, h('label', { for: notes.id }, 'Notes (optional)'), errorSlot(), notes),
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!isValidIsoDate(held.value)) return errors.show([{ field: 'heldOn', message: 'enter the day the check-in was held' }]);
    try {
      await busy(submit, 'Saving…', () => followUpApi.checkIn(c.id, { heldOn: held.value, notes: notes.value.trim() }));
      setFlash('Check-in recorded.');
      ctx.navigate(`#/challenges/${enc(c.id)}/manage`);
    } catch (err) {
      showFailure(err, errors, summarySlot, 'heldOn');
    }
  });
  return form;
}

function reviewForm(c: Challenge, v: FollowUpView, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): HTMLElement {
  const F = 'review';
  const fu = v.followUps.find((f) => f.kind === 'progress-review');
  const windows: { start: string; days: number }[] = [{ start: '', days: 3 }];
  const list = h('div', { id: 'review-windows' });
  const sync = () =>
    windows.forEach((w, i) => {
      w.start = (document.getElementById(fid(F, `windows.${i}.start`)) as HTMLInputElement | null)?.value ?? w.start;
      w.days = Number((document.getElementById(fid(F, `windows.${i}.days`)) as HTMLSelectElement | null)?.value ?? w.days);
    });
  const render = () =>
    list.replaceChildren(
      ...windows.map((w, i) => {
        const startId = fid(F, `windows.${i}.start`);
        const daysId = fid(F, `windows.${i}.days`);
        const preview = h('p', { class: 'hint', id: `${startId}-preview`, 'aria-live': 'polite' });
        const start = h('input', { type: 'date', id: startId, min: addDays(todayIso(), 1), value: w.start, 'aria-describedby': `${startId}-preview` });
        const days = h('select', { id: daysId }, [3, 4, 5].map((n) => h('option', { value: n, selected: n === w.days }, `${n} working days`)));
        const update = () => {
          preview.textContent = isValidIsoDate(start.value) && !isWeekend(start.value) && !isBankHoliday(start.value) ? `Days: ${formatWindow(expandWindow(start.value, Number(days.value)))}.` : 'Choose a working day to start.';
        };
        start.addEventListener('change', update);
        start.addEventListener('input', update);
        days.addEventListener('change', update);
        update();
        const remove = h('button', { type: 'button', class: 'button button--secondary button--small' }, `Remove window ${i + 1}`);
        remove.addEventListener('click', () => {
          sync();
          windows.splice(i, 1);
          render();
        });
        const fs = h(
          'fieldset',
          { class: 'window', id: `review-window-${i}` },
          h('legend', null, `Window ${i + 1}`),
          errorSlot(),
          h('div', { class: 'window__row' }, h('div', { class: 'form-group' }, h('label', { for: startId }, 'First day'), start), h('div', { class: 'form-group' }, h('label', { for: daysId }, 'Length'), days)),
          preview,
          windows.length > 1 ? remove : null,
        );
        return group(`windows.${i}`, `Window ${i + 1}`, startId, startId, fs);
      }),
    );
  render();
  const add = h('button', { type: 'button', class: 'button button--secondary' }, 'Add another window');
  add.addEventListener('click', () => {
    if (windows.length >= 4) return;
    sync();
    windows.push({ start: '', days: 3 });
    render();
    focusElement(document.getElementById(fid(F, `windows.${windows.length - 1}.start`)));
  });
  const notes = h('textarea', { id: fid(F, 'notes'), rows: 3, maxlength: 4000 });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Book the progress review');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'review-title', id: 'review-form' },
    h('h2', { id: 'review-title' }, 'Book the progress review'),
    h('p', null, fu ? `Due between ${formatDate(fu.notBefore ?? fu.dueOn)} and ${formatDate(fu.dueOn)}. ` : '', 'The review is booked like a challenge: it starts in scoping, and the original team is invited first.'),
    group('windows', 'Preferred windows', fid(F, 'windows.0.start'), 'review-windows', h('h3', null, 'Preferred windows'), hint('review-windows-hint', 'Up to 4 windows of 3 to 5 working days, after today.'), errorSlot(), list),
    h('p', null, add),
    group('notes', 'Notes', notes.id, notes.id, h('label', { for: notes.id }, 'Notes (optional)'), errorSlot(), notes),
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    sync();
    const local: FieldError[] = [];
    windows.forEach((w, i) => {
      if (!isValidIsoDate(w.start)) local.push({ field: `windows.${i}`, message: 'enter the first day' });
      else if (isWeekend(w.start) || isBankHoliday(w.start)) local.push({ field: `windows.${i}`, message: 'the first day must be a working day' });
      else if (w.start <= todayIso()) local.push({ field: `windows.${i}`, message: 'the first day must be after today' });
    });
    if (local.length) return errors.show(local);
    try {
      const review = await busy(submit, 'Booking…', () => followUpApi.progressReview(c.id, { windows: windows.map((w) => expandWindow(w.start, w.days)), notes: notes.value.trim() }));
      setFlash(`Progress review booked as a new challenge in scoping (${formatWindow(review.windows[0] ?? [])}).`);
      ctx.navigate(`#/challenges/${enc(c.id)}/manage`);
    } catch (err) {
      showFailure(err, errors, summarySlot, 'windows');
    }
  });
  return form;
}

function outcomesForm(c: Challenge, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): HTMLElement {
  const F = 'outcomes';
  const rows = IMPACT_KINDS.map((kind) => {
    const boxId = fid(F, `kind-${kind}`);
    const evId = fid(F, `evidence-${kind}`);
    const box = h('input', { type: 'checkbox', id: boxId, value: kind });
    const evidence = h('textarea', { id: evId, rows: 2, maxlength: 2000 });
    const g = group(`impact-${kind}`, `${IMPACT_NAMES[kind]} evidence`, evId, evId, h('div', { class: 'checkbox' }, box, h('label', { for: boxId }, IMPACT_NAMES[kind])), h('label', { for: evId }, `Evidence of ${IMPACT_NAMES[kind]!.toLowerCase()}`), errorSlot(), evidence);
    return { kind, box, evidence, g };
  });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Record outcomes and close');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'outcomes-title', id: 'outcomes-form' },
    h('h2', { id: 'outcomes-title' }, 'Record outcomes and close'),
    group('impacts', 'Impact', fid(F, `kind-${IMPACT_KINDS[0]}`), 'impacts-fieldset', h('fieldset', { id: 'impacts-fieldset', 'aria-describedby': 'impacts-hint' }, h('legend', null, 'Impact found at the progress review'), hint('impacts-hint', 'Tick each kind of impact found, and say what shows it.'), errorSlot(), rows.map((r) => r.g))),
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = rows.filter((r) => r.box.checked);
    // The API's impacts.<n> is the n-th ticked kind: point each group at its index.
    rows.forEach((r) => (r.g.dataset.field = `impact-${r.kind}`));
    chosen.forEach((r, n) => (r.g.dataset.field = `impacts.${n}`));
    const local: FieldError[] = [];
    if (!chosen.length) local.push({ field: 'impacts', message: 'tick at least one kind of impact' });
    chosen.forEach((r, n) => {
      if (r.evidence.value.trim().length < 3) local.push({ field: `impacts.${n}.evidence`, message: 'say what shows this impact' });
    });
    if (local.length) return errors.show(local);
    try {
      await busy(submit, 'Saving…', () => followUpApi.outcomes(c.id, { impacts: chosen.map((r) => ({ kind: r.kind, evidence: r.evidence.value.trim() })) }));
      setFlash('Outcomes recorded; the challenge is closed.');
      ctx.navigate(`#/challenges/${enc(c.id)}/manage`);
    } catch (err) {
      showFailure(err, errors, summarySlot, 'impacts');
    }
  });
  return form;
}

// ------------------------------------------------------------------ council forms

function publicationForm(c: Challenge, v: FollowUpView, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): HTMLElement {
  const F = 'pub';
  const p = v.publication;
  const yesNo = (name: string, legend: string, value: boolean | undefined, dateField: string, dateValue: string | undefined) => {
    const yes = h('input', { type: 'radio', name: `${F}-${name}`, id: fid(F, `${name}-yes`), value: 'yes', checked: value === true });
    const no = h('input', { type: 'radio', name: `${F}-${name}`, id: fid(F, `${name}-no`), value: 'no', checked: value !== true });
    const date = h('input', { type: 'date', id: fid(F, dateField), value: dateValue ?? '', max: todayIso() });
    return {
      yes,
      date,
      el: h(
        'div',
        null,
        group(name, legend, yes.id, `${F}-${name}-fs`, h('fieldset', { class: 'radios', id: `${F}-${name}-fs` }, h('legend', null, legend), errorSlot(), h('div', { class: 'radio' }, yes, h('label', { for: yes.id }, 'Yes')), h('div', { class: 'radio' }, no, h('label', { for: no.id }, 'No')))),
        group(dateField, `${legend}: date`, date.id, date.id, h('label', { for: date.id }, 'Published on (if yes)'), errorSlot(), date),
      ),
    };
  };
  const report = yesNo('reportPublished', 'Has the council published the report?', p?.reportPublished, 'reportPublishedOn', p?.reportPublishedOn);
  const plan = yesNo('actionPlanPublished', 'Has the council published its action plan?', p?.actionPlanPublished, 'actionPlanPublishedOn', p?.actionPlanPublishedOn);
  const link = h('input', { type: 'url', id: fid(F, 'link'), value: p?.link ?? '', 'aria-describedby': `${fid(F, 'link')}-hint`, spellcheck: false, autocomplete: 'url' });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Save the publication record');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'pub-title', id: 'publication-form' },
    h('h3', { id: 'pub-title' }, 'Record publication'),
    h('p', null, 'Publishing is your council’s choice. The platform only records what you tell it; it never publishes anything for you.'),
    report.el,
    plan.el,
    group('link', 'Link', link.id, link.id, h('label', { for: link.id }, 'Link to the published report or action plan (optional)'), hint(`${link.id}-hint`, 'An https:// address.'), errorSlot(), link),
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const local: FieldError[] = [];
    const body: Record<string, unknown> = { reportPublished: report.yes.checked, actionPlanPublished: plan.yes.checked };
    for (const [x, f] of [
      [report, 'reportPublishedOn'],
      [plan, 'actionPlanPublishedOn'],
    ] as const) {
      if (x.yes.checked) {
        if (!isValidIsoDate(x.date.value)) local.push({ field: f, message: 'say when it was published' });
        else body[f] = x.date.value;
      }
    }
    const url = link.value.trim();
    if (url) {
      if (!/^https:\/\/\S+$/.test(url)) local.push({ field: 'link', message: 'must be an https:// link' });
      else body.link = url;
    }
    if (local.length) return errors.show(local);
    try {
      await busy(submit, 'Saving…', () => followUpApi.publication(c.id, body));
      setFlash('Publication record saved.');
      ctx.navigate(`#/challenges/${enc(c.id)}`);
    } catch (err) {
      showFailure(err, errors, summarySlot, 'reportPublished');
    }
  });
  return form;
}

function actionPlanForm(c: Challenge, v: FollowUpView, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): HTMLElement {
  const F = 'plan';
  const report = v.report!;
  const actions: ActionView[] = (v.actionPlan?.actions ?? []).map((a) => ({ ...a }));
  if (!actions.length) report.recommendations.forEach((_, i) => actions.push({ recommendation: i, action: '', owner: '', dueOn: '', status: 'not-started' }));
  const host = h('div', { id: 'plan-editor' });
  const read = (i: number, k: string) => (document.getElementById(fid(F, `actions.${i}.${k}`)) as HTMLInputElement | null)?.value;
  const sync = () =>
    actions.forEach((a, i) => {
      a.action = read(i, 'action') ?? a.action;
      a.owner = read(i, 'owner') ?? a.owner;
      a.dueOn = read(i, 'dueOn') ?? a.dueOn;
      a.status = read(i, 'status') ?? a.status;
    });
  const render = () => {
    host.replaceChildren(
      ...report.recommendations.map((rec, r) => {
        const add = h('button', { type: 'button', class: 'button button--secondary button--small' }, `Add an action to recommendation ${r + 1}`);
        add.addEventListener('click', () => {
          sync();
          // Keep actions grouped by recommendation: insert after this recommendation's last one.
          let at = actions.length;
          for (let i = actions.length - 1; i >= 0; i--) if (actions[i]!.recommendation <= r) { at = i + 1; break; }
          if (!actions.some((a) => a.recommendation <= r)) at = 0;
          actions.splice(at, 0, { recommendation: r, action: '', owner: '', dueOn: '', status: 'not-started' });
          render();
          focusElement(document.getElementById(fid(F, `actions.${at}.action`)));
        });
        const rows = actions.map((a, i) => ({ a, i })).filter(({ a }) => a.recommendation === r);
        return h(
          'fieldset',
          { class: 'window', id: `plan-rec-${r}` },
          h('legend', null, `Recommendation ${r + 1}: ${rec.text}`),
          rows.length ? null : h('p', { class: 'muted' }, 'No actions yet.'),
          rows.map(({ a, i }) => {
            const id = (k: string) => fid(F, `actions.${i}.${k}`);
            const n = rows.findIndex((x) => x.i === i) + 1;
            const status = h('select', { id: id('status') }, ACTION_STATUSES.map((s) => h('option', { value: s, selected: s === a.status }, `${ACTION_STATUS_NAMES[s]} (${RAG_NAMES[RAG_OF[s]!]})`)));
            const tagSlot = h('span', { 'aria-hidden': 'true' }, ragTag(a.status));
            status.addEventListener('change', () => tagSlot.replaceChildren(ragTag(status.value)));
            const remove = h('button', { type: 'button', class: 'button button--secondary button--small' }, `Remove action ${n} of recommendation ${r + 1}`);
            remove.addEventListener('click', () => {
              sync();
              actions.splice(i, 1);
              render();
              focusElement(document.getElementById(`plan-rec-${r}`)?.querySelector<HTMLElement>('button') ?? null);
            });
            return h(
              'div',
              { class: 'panel plan-action', 'data-action': i },
              h('h4', null, `Action ${n}`),
              group(`actions.${i}.action`, `Recommendation ${r + 1}, action ${n}`, id('action'), id('action'), h('label', { for: id('action') }, 'Action'), errorSlot(), h('textarea', { id: id('action'), rows: 2, maxlength: 1000 }, a.action)),
              group(`actions.${i}.owner`, `Recommendation ${r + 1}, action ${n}: owner`, id('owner'), id('owner'), h('label', { for: id('owner') }, 'Owner (a role is enough)'), errorSlot(), h('input', { type: 'text', id: id('owner'), value: a.owner, maxlength: 120 })),
              group(`actions.${i}.dueOn`, `Recommendation ${r + 1}, action ${n}: due date`, id('dueOn'), id('dueOn'), h('label', { for: id('dueOn') }, 'Due date'), errorSlot(), h('input', { type: 'date', id: id('dueOn'), value: a.dueOn })),
              group(`actions.${i}.status`, `Recommendation ${r + 1}, action ${n}: status`, id('status'), id('status'), h('label', { for: id('status') }, 'Status'), errorSlot(), h('div', { class: 'rag-row' }, status, ' ', tagSlot)),
              remove,
            );
          }),
          add,
        );
      }),
    );
  };
  render();
  const submit = h('button', { type: 'submit', class: 'button' }, 'Save the action plan');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'plan-title', id: 'action-plan-form' },
    h('h3', { id: 'plan-title' }, 'Edit the action plan'),
    h('p', null, 'For each recommendation, the actions your council will take, who owns them, when they are due and how they are going. Status is shown in words and as red, amber or green.'),
    group('actions', 'Action plan', 'plan-editor', 'plan-editor', errorSlot(), host),
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    sync();
    const local: FieldError[] = [];
    actions.forEach((a, i) => {
      if (a.action.trim().length < 3) local.push({ field: `actions.${i}.action`, message: 'describe the action' });
      if (!a.owner.trim()) local.push({ field: `actions.${i}.owner`, message: 'name an owner (a role is enough)' });
      if (!isValidIsoDate(a.dueOn)) local.push({ field: `actions.${i}.dueOn`, message: 'enter the date it is due' });
    });
    if (local.length) return errors.show(local);
    try {
      await busy(submit, 'Saving…', () => followUpApi.actionPlan(c.id, { actions: actions.map((a) => ({ recommendation: a.recommendation, action: a.action.trim(), owner: a.owner.trim(), dueOn: a.dueOn, status: a.status })) }));
      setFlash('Action plan saved.');
      ctx.navigate(`#/challenges/${enc(c.id)}`);
    } catch (err) {
      showFailure(err, errors, summarySlot, 'actions');
    }
  });
  return form;
}

function positionForm(c: Challenge, v: FollowUpView, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): HTMLElement {
  const F = 'pos';
  const report = v.report!;
  const before = new Map((v.positionStatement?.progress ?? []).map((p) => [p.recommendation, p]));
  const rows = report.recommendations.map((rec, i) => {
    const sId = fid(F, `rec-${i}-summary`);
    const eId = fid(F, `rec-${i}-evidence`);
    const summary = h('textarea', { id: sId, rows: 3, maxlength: 2000 }, before.get(i)?.summary ?? '');
    const evidence = h('textarea', { id: eId, rows: 2, 'aria-describedby': `${eId}-hint`, spellcheck: false }, (before.get(i)?.evidence ?? []).join('\n'));
    const gS = group(`rec-${i}`, `Recommendation ${i + 1}: progress`, sId, sId, h('label', { for: sId }, 'Progress so far'), errorSlot(), summary);
    const gE = group(`rec-${i}-ev`, `Recommendation ${i + 1}: evidence links`, eId, eId, h('label', { for: eId }, 'Evidence links (optional)'), hint(`${eId}-hint`, 'One https:// link per line, up to 10.'), errorSlot(), evidence);
    return { i, summary, evidence, gS, gE, el: h('fieldset', { class: 'window' }, h('legend', null, `Recommendation ${i + 1}: ${rec.text}`), gS, gE) };
  });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Submit the position statement');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'pos-title', id: 'position-form' },
    h('h3', { id: 'pos-title' }, 'Position statement'),
    h('p', null, 'Before the progress review, say what progress has been made on each recommendation. Leave a recommendation blank to leave it out.'),
    group('progress', 'Position statement', rows[0]?.summary.id ?? '', 'position-form', errorSlot()),
    rows.map((r) => r.el),
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const included = rows.filter((r) => r.summary.value.trim() || r.evidence.value.trim());
    rows.forEach((r) => {
      r.gS.dataset.field = `rec-${r.i}`;
      r.gE.dataset.field = `rec-${r.i}-ev`;
    });
    // The API's progress.<n> is the n-th included recommendation: point each group at its index.
    included.forEach((r, n) => {
      r.gS.dataset.field = `progress.${n}`;
      r.gE.dataset.field = `progress.${n}.evidence`;
    });
    const local: FieldError[] = [];
    if (!included.length) local.push({ field: 'progress', message: 'report progress on at least one recommendation' });
    const body = included.map((r, n) => {
      const links = r.evidence.value.split(/\s+/).map((s) => s.trim()).filter(Boolean);
      if (r.summary.value.trim().length < 3) local.push({ field: `progress.${n}`, message: 'say what was done' });
      if (links.some((l) => !/^https:\/\/\S+$/.test(l))) local.push({ field: `progress.${n}.evidence`, message: 'each link must start https://' });
      if (links.length > 10) local.push({ field: `progress.${n}.evidence`, message: 'at most 10 links' });
      return { recommendation: r.i, summary: r.summary.value.trim(), evidence: links };
    });
    if (local.length) return errors.show(local);
    try {
      await busy(submit, 'Submitting…', () => followUpApi.positionStatement(c.id, { progress: body }));
      setFlash('Position statement submitted.');
      ctx.navigate(`#/challenges/${enc(c.id)}`);
    } catch (err) {
      showFailure(err, errors, summarySlot, 'progress');
    }
  });
  return form;
}

/** The satisfaction survey (council, or a peer of the team with optional feedback on fellow members). */
export function surveyForm(challengeId: string, summarySlot: HTMLElement, pageTitle: string, fellows: { peerId: string; name: string }[], done: (message: string) => void): HTMLElement {
  const F = 'survey';
  const radios = [1, 2, 3, 4, 5].map((n) => {
    const input = h('input', { type: 'radio', name: 'survey-rating', id: fid(F, `rating-${n}`), value: n });
    return h('div', { class: 'radio' }, input, h('label', { for: input.id }, `${n}${n === 1 ? ' (poor)' : n === 5 ? ' (excellent)' : ''}`));
  });
  const comment = h('textarea', { id: fid(F, 'comment'), rows: 3, maxlength: 2000 });
  const fellowRows = fellows.map((p, i) => {
    const rId = fid(F, `fellow-${i}-rating`);
    const cId = fid(F, `fellow-${i}-comment`);
    const rating = h('select', { id: rId }, h('option', { value: '' }, 'No feedback'), [1, 2, 3, 4, 5].map((n) => h('option', { value: n }, String(n))));
    const text = h('textarea', { id: cId, rows: 2, maxlength: 2000 });
    const g = group(`fellow-${i}`, `Feedback on ${p.name}`, rId, rId, h('label', { for: rId }, `Rating for ${p.name} (1 to 5)`), errorSlot(), rating, h('label', { for: cId }, `Comment on ${p.name} (optional)`), text);
    return { p, rating, text, g };
  });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Send the survey');
  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'survey-title', id: 'survey-form' },
    h('h2', { id: 'survey-title' }, 'How did it go?'),
    group('rating', 'Rating', fid(F, 'rating-1'), 'survey-rating-fs', h('fieldset', { class: 'radios', id: 'survey-rating-fs' }, h('legend', null, 'Overall, how satisfied are you with the peer challenge?'), errorSlot(), radios)),
    group('comment', 'Comment', comment.id, comment.id, h('label', { for: comment.id }, 'Comment (optional)'), errorSlot(), comment),
    fellowRows.length
      ? h('fieldset', { class: 'window' }, h('legend', null, 'Feedback on fellow team members (optional)'), h('p', { class: 'hint' }, 'Seen only by advisers and the peer’s group office, never by the peer or the council.'), fellowRows.map((r) => r.g))
      : null,
    submit,
  );
  const errors = formErrors(form, summarySlot, pageTitle);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const chosen = form.querySelector<HTMLInputElement>('input[name="survey-rating"]:checked');
    if (!chosen) return errors.show([{ field: 'rating', message: 'choose a rating from 1 (poor) to 5 (excellent)' }]);
    const given = fellowRows.filter((r) => r.rating.value);
    fellowRows.forEach((r, i) => (r.g.dataset.field = `fellow-${i}`));
    given.forEach((r, n) => (r.g.dataset.field = `peerFeedback.${n}`));
    try {
      await busy(submit, 'Sending…', () =>
        followUpApi.survey(challengeId, {
          rating: Number(chosen.value),
          comment: comment.value.trim(),
          peerFeedback: given.map((r) => ({ aboutPeerId: r.p.peerId, rating: Number(r.rating.value), comment: r.text.value.trim() })),
        }),
      );
      done('Thank you: your survey has been sent.');
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) return done('You have already answered the survey for this peer challenge.');
      showFailure(err, errors, summarySlot, 'rating');
    }
  });
  return form;
}

// ------------------------------------------------------------------ page sections

async function loadView(c: Challenge): Promise<FollowUpView | null> {
  try {
    return await followUpApi.view(c.id);
  } catch (e) {
    if (e instanceof ApiError && (e.status === 404 || e.status === 403)) return null;
    throw e;
  }
}

/** The council's (or reading adviser's) "After the visit" section of the challenge page. */
export async function councilFollowUpSection(c: Challenge, me: Me | null, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): Promise<HTMLElement | null> {
  if (!AFTER_REPORT.includes(c.status)) return null;
  const v = await loadView(c);
  if (!v) return null;
  const council = !!me?.roles.includes('council') && me.councilId === c.councilId;
  let surveyBlock: HTMLElement | null = null;
  if (council) {
    const mine = await followUpApi.surveys(c.id).catch(() => ({ surveys: [], peerFeedback: [] }) as SurveysView);
    const answered = mine.surveys.find((s) => s.respondent.kind === 'council');
    const slot = h('div', { 'data-testid': 'survey' });
    const thanks = (text: string) => {
      const n = h('div', { class: 'notice notice--success', role: 'status', tabindex: -1 }, h('h2', null, 'Survey'), h('p', null, text));
      slot.replaceChildren(n);
      focusElement(n);
    };
    if (answered) slot.replaceChildren(h('div', { class: 'notice notice--success' }, h('h2', null, 'Survey'), h('p', null, `You rated this peer challenge ${answered.rating} out of 5 on ${formatTimestamp(answered.submittedAt)}.`), answered.comment ? h('p', null, answered.comment) : null));
    else slot.replaceChildren(surveyForm(c.id, summarySlot, pageTitle, [], thanks));
    surveyBlock = slot;
  }
  const r = v.report;
  return h(
    'section',
    { 'aria-labelledby': 'after-visit', 'data-testid': 'after-visit' },
    h('h2', { id: 'after-visit' }, 'After the visit'),
    followUpsTable(v.followUps),
    r ? [h('h2', { id: 'report-title' }, 'Report'), reportBlock(r)] : h('p', null, 'The report has not been recorded yet.'),
    r
      ? [
          h('h2', null, 'Publication'),
          publicationBlock(v.publication),
          council ? h('details', { class: 'details' }, h('summary', null, v.publication ? 'Change the publication record' : 'Record publication'), publicationForm(c, v, summarySlot, ctx, pageTitle)) : null,
          h('h2', null, 'Action plan'),
          actionPlanTable(r, v.actionPlan?.actions ?? []),
          council ? h('details', { class: 'details', open: !v.actionPlan }, h('summary', null, v.actionPlan ? 'Edit the action plan' : 'Write the action plan'), actionPlanForm(c, v, summarySlot, ctx, pageTitle)) : null,
          h('h2', null, 'Position statement'),
          positionBlock(r, v.positionStatement),
          council && ['report-issued', 'check-in', 'progress-review'].includes(c.status)
            ? h('details', { class: 'details' }, h('summary', null, v.positionStatement ? 'Update the position statement' : 'Write the position statement'), positionForm(c, v, summarySlot, ctx, pageTitle))
            : null,
        ]
      : null,
    v.outcomes ? [h('h2', null, 'Outcomes'), outcomesBlock(v.outcomes)] : null,
    surveyBlock,
  );
}

/** The adviser's manage page: the records read-only, and the form for the next step of the status. */
export async function adviserFollowUpSection(c: Challenge, summarySlot: HTMLElement, ctx: ViewContext, pageTitle: string): Promise<HTMLElement | null> {
  if (!['on-site', ...AFTER_REPORT].includes(c.status)) return null;
  const v = await loadView(c);
  if (!v) return null;
  const r = v.report;
  const next =
    c.status === 'on-site' || c.status === 'report-issued'
      ? reportForm(c, v, summarySlot, ctx, pageTitle)
      : c.status === 'check-in'
        ? reviewForm(c, v, summarySlot, ctx, pageTitle)
        : c.status === 'progress-review'
          ? outcomesForm(c, summarySlot, ctx, pageTitle)
          : null;
  const surveys = AFTER_REPORT.includes(c.status) ? await followUpApi.surveys(c.id).catch(() => null) : null;
  return h(
    'section',
    { 'aria-labelledby': 'after-visit', 'data-testid': 'after-visit' },
    h('h2', { id: 'after-visit' }, 'After the visit'),
    followUpsTable(v.followUps),
    c.status === 'report-issued' ? checkInForm(c, summarySlot, ctx, pageTitle) : null,
    next,
    r
      ? [
          h('h2', null, 'Report'),
          reportBlock(r),
          h('h2', null, 'Publication (the council’s record)'),
          publicationBlock(v.publication),
          h('h2', null, 'Action plan (the council’s)'),
          actionPlanTable(r, v.actionPlan?.actions ?? []),
          h('h2', null, 'Position statement'),
          positionBlock(r, v.positionStatement),
        ]
      : null,
    v.outcomes ? [h('h2', null, 'Outcomes'), outcomesBlock(v.outcomes)] : null,
    surveys && (surveys.surveys.length || surveys.peerFeedback.length)
      ? [
          h('h2', null, 'Surveys'),
          h('ul', { 'data-testid': 'surveys' }, surveys.surveys.map((s) => h('li', null, `${s.respondent.kind === 'council' ? 'The council' : `Peer ${s.respondent.id}`}: ${s.rating} out of 5`, s.comment ? ` — ${s.comment}` : ''))),
          surveys.peerFeedback.length ? h('p', null, `${surveys.peerFeedback.length} piece${surveys.peerFeedback.length === 1 ? '' : 's'} of feedback between team members (see each peer’s feedback page).`) : null,
        ]
      : null,
  );
}

// ------------------------------------------------------------------ pages for peers and group offices

/** '#/challenges/<id>/survey' for a peer of the team: rating, comment, and feedback on fellow members when the team is visible. */
export const peerSurveyView: View = async (ctx) => {
  const id = ctx.params[0] ?? '';
  const TITLE = 'Survey';
  if (!ctx.me?.roles.includes('peer') || !ctx.me.peerId) return notFoundPage('Peer challenge');
  let invitation;
  try {
    invitation = (await api.invitations()).items.find((i) => i.challengeId === id && i.status === 'accepted');
  } catch (e) {
    return errorPage(e);
  }
  if (!invitation) return notFoundPage('Peer challenge');
  // Fellow members, when the API lets a peer see the team (older APIs do not: no feedback part then).
  let fellows: { peerId: string; name: string }[] = [];
  try {
    const doc = await call<{ paths?: Record<string, { get?: { description?: string } }> }>('GET', '/api/openapi.json', { anonymous: true });
    const roles = doc.paths?.['/api/challenges/{id}/team']?.get?.description ?? '';
    if (!/Roles:.*\bpeer\b/.test(roles)) throw new Error('peers cannot see the team');
    fellows = (await call<{ items: TeamMember[] }>('GET', `/api/challenges/${enc(id)}/team`)).items.filter((m) => m.status === 'accepted' && m.peerId !== ctx.me!.peerId).map((m) => ({ peerId: m.peerId, name: m.peerName }));
  } catch {
    fellows = [];
  }
  const summarySlot = h('div');
  const slot = h('div');
  const title = `${TITLE}: ${invitation.councilName}`;
  slot.replaceChildren(
    surveyForm(id, summarySlot, title, fellows, (text) => {
      const n = h('div', { class: 'notice notice--success', role: 'status', tabindex: -1 }, h('h2', null, 'Survey'), h('p', null, text));
      slot.replaceChildren(n);
      focusElement(n);
    }),
  );
  return {
    title,
    content: h(
      'div',
      null,
      summarySlot,
      heading(TITLE, `${kindName(invitation.kind)} for ${invitation.councilName}`),
      h('p', null, `On site ${formatWindow(invitation.days)}. Your answers help the LGA improve peer challenges.`),
      slot,
      h('p', null, h('a', { href: '#/my-challenges' }, 'Back to your peer challenges')),
    ),
  };
};

/** '#/peers/<id>/feedback' (and '#/feedback' to choose a peer): feedback about one peer, for advisers and the peer's group office. */
export const peerFeedbackView: View = async (ctx) => {
  const TITLE = 'Feedback about a peer';
  const me = ctx.me;
  if (!me?.roles.includes('group-office') && !me?.roles.includes('adviser')) return notFoundPage('Page');
  const peerId = ctx.params[0] ?? '';
  // A group office chooses from its own peers; an adviser (whose pool is everyone) types an id.
  const members = me.roles.includes('group-office') ? await call<{ items: { id: string; name: string }[] }>('GET', '/api/group/peers').then((r) => r.items, () => null) : null;
  const input: HTMLInputElement | HTMLSelectElement = members
    ? h(
        'select',
        { id: 'f-feedback-peer', 'aria-describedby': 'f-feedback-peer-hint' },
        h('option', { value: '' }, 'Choose a peer'),
        [...members].sort((a, b) => a.name.localeCompare(b.name)).map((m) => h('option', { value: m.id, ...(m.id === peerId ? { selected: 'selected' } : {}) }, `${m.name} (${m.id})`)),
      )
    : h('input', { type: 'text', id: 'f-feedback-peer', value: peerId, spellcheck: false, 'aria-describedby': 'f-feedback-peer-hint' });
  const chooser = h(
    'form',
    {
      novalidate: true,
      'aria-labelledby': 'feedback-choose',
      onsubmit: (e: SubmitEvent) => {
        e.preventDefault();
        if (input.value.trim()) ctx.navigate(`#/peers/${enc(input.value.trim())}/feedback`);
      },
    },
    h('h2', { id: 'feedback-choose', class: 'h3' }, 'Choose a peer'),
    h(
      'div',
      { class: 'form-group' },
      h('label', { for: input.id }, members ? 'Peer' : 'Peer id'),
      hint('f-feedback-peer-hint', members ? 'The accredited member peers of your group.' : 'As shown on the approvals page, for example peer-042.'),
      input,
    ),
    h('button', { type: 'submit', class: 'button button--secondary' }, 'Show feedback'),
  );
  let body: HTMLElement;
  if (!peerId) body = h('p', null, 'Choose a peer to see what fellow team members said about them.');
  else {
    try {
      const { items } = await followUpApi.feedbackAbout(peerId);
      body = items.length
        ? h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { 'data-testid': 'peer-feedback' },
              h('caption', null, `Feedback about ${peerId}`),
              h('thead', null, h('tr', null, ['Challenge', 'Rating', 'Comment', 'Given'].map((t) => h('th', { scope: 'col' }, t)))),
              h('tbody', null, items.map((f) => h('tr', null, h('td', null, f.challengeId), h('td', null, `${f.rating} out of 5`), h('td', null, f.comment || '—'), h('td', null, formatTimestamp(f.submittedAt))))),
            ),
          )
        : h('p', { 'data-testid': 'peer-feedback' }, 'No feedback about this peer yet.');
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || e.status === 400)) body = h('p', { role: 'status' }, 'No peer with that id in your group.');
      else return errorPage(e);
    }
  }
  return {
    title: TITLE,
    content: h('div', null, heading(TITLE, me.roles.includes('adviser') ? 'Adviser' : 'Group office'), h('p', null, 'What fellow team members said after a peer challenge. The peer does not see it; the group office does not see who said it.'), chooser, body),
  };
};
