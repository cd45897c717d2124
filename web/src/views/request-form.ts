import { api, ApiError, type FieldError } from '../api.js';
import { addDays, expandWindow, formatWindow, isBankHoliday, isValidIsoDate, isWeekend, todayIso } from '../dates.js';
import { focusElement, h } from '../dom.js';
import { focusAreaName, kindName, sentence } from '../labels.js';
import { CHALLENGE_KINDS, CORE_ELEMENTS, FOCUS_AREAS } from '../../../shared/domain/reference.js';
import type { ChallengeRequest } from '../../../shared/domain/challenge.js';
import { heading, problemNotice, setFlash, type View } from './common.js';
import { errorSlot, fieldId, formErrors, group, hint } from '../forms.js';

const MAX_FOCUS_AREAS = 6;
const MAX_WINDOWS = 4;
const DAY_CHOICES = [3, 4, 5] as const;
const TITLE = 'Request a peer challenge';

interface WindowState {
  start: string;
  days: number;
}


export const requestFormView: View = async (ctx) => {
  const me = ctx.me!;
  if (!me.roles.includes('council'))
    return {
      title: TITLE,
      content: h('div', null, heading(TITLE), h('p', null, 'Only council officers can request a peer challenge for their council.'), h('p', null, h('a', { href: '#/' }, 'Go to your home page'))),
    };

  const summarySlot = h('div');
  const tomorrow = addDays(todayIso(), 1);
  let idempotencyKey = crypto.randomUUID();

  // --- Kind and core elements ---
  const kind = h(
    'select',
    { id: 'f-kind', name: 'kind' },
    CHALLENGE_KINDS.map((k) => h('option', { value: k }, kindName(k))),
  );
  const core = h(
    'div',
    { class: 'panel', id: 'core-elements' },
    h('h2', { class: 'h3' }, 'Always included in a corporate peer challenge'),
    h('p', null, 'Every corporate peer challenge covers these five core elements. Your focus areas come on top.'),
    h('ul', null, CORE_ELEMENTS.map((c) => h('li', null, sentence(c)))),
  );
  kind.addEventListener('change', () => (core.hidden = kind.value !== 'corporate'));

  // --- Focus areas ---
  const focusFieldset = h(
    'fieldset',
    { id: 'focus-areas', 'aria-describedby': 'focus-areas-hint' },
    h('legend', null, 'Focus areas'),
    hint('focus-areas-hint', `Choose up to ${MAX_FOCUS_AREAS} areas you want the team to look at.`),
    errorSlot(),
    h(
      'div',
      { class: 'checkboxes' },
      FOCUS_AREAS.map((f) =>
        h(
          'div',
          { class: 'checkbox' },
          h('input', { type: 'checkbox', id: fieldId(`focusAreas-${f}`), name: 'focusAreas', value: f }),
          h('label', { for: fieldId(`focusAreas-${f}`) }, focusAreaName(f)),
        ),
      ),
    ),
  );

  // --- Windows ---
  const windows: WindowState[] = [{ start: '', days: 3 }];
  const windowList = h('div', { id: 'windows' });
  const addWindow = h('button', { type: 'button', class: 'button button--secondary' }, 'Add another window');

  const readWindows = () => {
    windows.forEach((w, i) => {
      w.start = (document.getElementById(fieldId(`windows.${i}.start`)) as HTMLInputElement | null)?.value ?? w.start;
      w.days = Number((document.getElementById(fieldId(`windows.${i}.days`)) as HTMLSelectElement | null)?.value ?? w.days);
    });
  };
  const preview = (w: WindowState): string => {
    if (!isValidIsoDate(w.start)) return 'Choose the first day to see the working days.';
    if (isWeekend(w.start)) return 'The first day must be a working day (Monday to Friday).';
    if (isBankHoliday(w.start)) return 'The first day is a bank holiday; choose a working day.';
    return `Days: ${formatWindow(expandWindow(w.start, w.days))}`;
  };
  const renderWindows = () => {
    windowList.replaceChildren(
      ...windows.map((w, i) => {
        const n = i + 1;
        const startId = fieldId(`windows.${i}.start`);
        const daysId = fieldId(`windows.${i}.days`);
        const previewId = `window-${i}-preview`;
        const start = h('input', { type: 'date', id: startId, name: startId, value: w.start, min: tomorrow, 'aria-describedby': `${startId}-hint ${previewId}` });
        const days = h(
          'select',
          { id: daysId, name: daysId },
          DAY_CHOICES.map((d) => h('option', { value: d, selected: d === w.days }, `${d} days`)),
        );
        const out = h('p', { class: 'window__days hint', id: previewId, 'aria-live': 'polite' }, preview(w));
        const update = () => {
          w.start = start.value;
          w.days = Number(days.value);
          out.textContent = preview(w);
        };
        start.addEventListener('change', update);
        start.addEventListener('input', update);
        days.addEventListener('change', update);
        const fieldset = h(
          'fieldset',
          { class: 'window', id: `window-${i}` },
          h('legend', null, `Window ${n}`),
          errorSlot(),
          h(
            'div',
            { class: 'window__row' },
            h('div', { class: 'form-group' }, h('label', { for: startId }, 'First day'), hint(`${startId}-hint`, 'A working day after today'), start),
            h('div', { class: 'form-group' }, h('label', { for: daysId }, 'Working days on site'), days),
          ),
          out,
          windows.length > 1
            ? h(
                'button',
                {
                  type: 'button',
                  class: 'button button--secondary',
                  onclick: () => {
                    readWindows();
                    windows.splice(i, 1);
                    renderWindows();
                    focusElement(document.getElementById(fieldId(`windows.${Math.min(i, windows.length - 1)}.start`)));
                  },
                },
                `Remove window ${n}`,
              )
            : null,
        );
        // The fieldset is the group for 'windows.<i>' and anything below it (its days).
        fieldset.dataset.field = `windows.${i}`;
        fieldset.dataset.label = `Window ${n}`;
        fieldset.dataset.target = startId;
        fieldset.dataset.describe = startId;
        return fieldset;
      }),
    );
    addWindow.hidden = windows.length >= MAX_WINDOWS;
  };
  addWindow.addEventListener('click', () => {
    readWindows();
    if (windows.length >= MAX_WINDOWS) return;
    windows.push({ start: '', days: 3 });
    renderWindows();
    focusElement(document.getElementById(fieldId(`windows.${windows.length - 1}.start`)));
  });
  renderWindows();

  // --- Contact and notes ---
  const contactName = h('input', { type: 'text', id: 'f-contact-name', name: 'contact-name', autocomplete: 'name', value: me.name, maxlength: 120 });
  const contactEmail = h('input', { type: 'email', id: 'f-contact-email', name: 'contact-email', autocomplete: 'email', spellcheck: 'false', maxlength: 254 });
  const contactPhone = h('input', { type: 'tel', id: 'f-contact-phone', name: 'contact-phone', autocomplete: 'tel', maxlength: 30, 'aria-describedby': 'f-contact-phone-hint' });
  const notes = h('textarea', { id: 'f-notes', name: 'notes', rows: 6, maxlength: 4000, 'aria-describedby': 'f-notes-hint' });

  const submit = h('button', { type: 'submit', class: 'button' }, 'Send request');

  const form = h(
    'form',
    { novalidate: true, 'aria-labelledby': 'request-title' },
    group('kind', 'Kind of peer challenge', 'f-kind', 'f-kind', h('label', { for: 'f-kind' }, 'Kind of peer challenge'), errorSlot(), kind),
    core,
    group('focusAreas', 'Focus areas', fieldId('focusAreas-' + FOCUS_AREAS[0]), 'focus-areas', focusFieldset),
    group(
      'windows',
      'Preferred windows',
      fieldId('windows.0.start'),
      'windows-fieldset',
      h(
        'fieldset',
        { id: 'windows-fieldset', 'aria-describedby': 'windows-hint' },
        h('legend', null, 'When could the team come?'),
        hint('windows-hint', `Give 1 to ${MAX_WINDOWS} windows that would suit you. Each is 3 to 5 consecutive working days; weekends are skipped.`),
        errorSlot(),
        windowList,
        addWindow,
      ),
    ),
    group(
      'contact',
      'Contact',
      'f-contact-name',
      'contact-fieldset',
      h(
        'fieldset',
        { id: 'contact-fieldset' },
        h('legend', null, 'Who should the adviser contact?'),
        errorSlot(),
        group('contact.name', 'Contact name', 'f-contact-name', 'f-contact-name', h('label', { for: 'f-contact-name' }, 'Full name'), errorSlot(), contactName),
        group('contact.email', 'Contact email address', 'f-contact-email', 'f-contact-email', h('label', { for: 'f-contact-email' }, 'Email address'), errorSlot(), contactEmail),
        group(
          'contact.phone',
          'Contact phone number',
          'f-contact-phone',
          'f-contact-phone',
          h('label', { for: 'f-contact-phone' }, 'Phone number (optional)'),
          hint('f-contact-phone-hint', 'Digits, spaces and + ( ) - only'),
          errorSlot(),
          contactPhone,
        ),
      ),
    ),
    group(
      'notes',
      'Notes',
      'f-notes',
      'f-notes',
      h('label', { for: 'f-notes' }, 'Anything else the adviser should know (optional)'),
      hint('f-notes-hint', 'For example, what prompted the request, or dates to avoid.'),
      errorSlot(),
      notes,
    ),
    submit,
  );

  // --- Errors ---
  const { clear: clearErrors, show: showErrors } = formErrors(form, summarySlot, TITLE);

  // --- Submit ---
  const clientErrors = (): FieldError[] => {
    const errors: FieldError[] = [];
    const chosen = form.querySelectorAll('input[name="focusAreas"]:checked').length;
    if (chosen > MAX_FOCUS_AREAS) errors.push({ field: 'focusAreas', message: `choose at most ${MAX_FOCUS_AREAS} focus areas (you chose ${chosen})` });
    windows.forEach((w, i) => {
      if (!w.start) errors.push({ field: `windows.${i}`, message: 'enter the first day' });
      else if (!isValidIsoDate(w.start)) errors.push({ field: `windows.${i}`, message: 'enter the first day as a real date' });
      else if (isWeekend(w.start)) errors.push({ field: `windows.${i}`, message: 'the first day must be a working day (Monday to Friday)' });
      else if (isBankHoliday(w.start)) errors.push({ field: `windows.${i}`, message: 'the first day is a bank holiday; choose a working day' });
    });
    return errors;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    readWindows();
    const local = clientErrors();
    if (local.length) return showErrors(local);

    const phone = contactPhone.value.trim();
    const body: ChallengeRequest = {
      kind: kind.value as ChallengeRequest['kind'],
      focusAreas: [...form.querySelectorAll<HTMLInputElement>('input[name="focusAreas"]:checked')].map((c) => c.value as ChallengeRequest['focusAreas'][number]),
      windows: windows.map((w) => expandWindow(w.start, w.days)),
      contact: { name: contactName.value.trim(), email: contactEmail.value.trim(), ...(phone ? { phone } : {}) },
      notes: notes.value,
    };
    submit.disabled = true;
    submit.textContent = 'Sending…';
    try {
      const created = await api.requestChallenge(body, idempotencyKey);
      setFlash('Your request has been sent. Your adviser will be in touch to agree the scope and dates.');
      ctx.navigate(`#/challenges/${encodeURIComponent(created.id)}`);
    } catch (e) {
      submit.disabled = false;
      submit.textContent = 'Send request';
      // A retry after a lost answer must reuse the key; a corrected request is a new one.
      if (!(e instanceof ApiError) || e.status !== 0) idempotencyKey = crypto.randomUUID();
      if (e instanceof ApiError && e.status === 400 && e.errors.length) showErrors(e.errors);
      else {
        clearErrors();
        const notice = problemNotice(e);
        summarySlot.replaceChildren(notice);
        focusElement(notice);
      }
    }
  });

  return {
    title: TITLE,
    content: h(
      'div',
      null,
      summarySlot,
      h('h1', { id: 'request-title', tabindex: -1 }, h('span', { class: 'caption' }, me.council?.name ?? 'Your council'), TITLE),
      h('p', { class: 'lead' }, 'Tell us what kind of peer challenge you want and when the team could come. Your adviser will then agree the scope and dates with you.'),
      form,
    ),
  };
};
