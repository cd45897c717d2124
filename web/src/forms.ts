import type { FieldError } from './api.js';
import { focusElement, h } from './dom.js';
import { errorSummary, setPageTitle } from './views/common.js';

/** Turns an API field path into an element id: 'slots.0.count' → 'f-slots-0-count'. */
export const fieldId = (field: string) => `f-${field.replace(/[^A-Za-z0-9]+/g, '-')}`;

export const errorSlot = () => h('div', { class: 'error-slot' });
export const hint = (id: string, text: string) => h('p', { class: 'hint', id }, text);

/**
 * A form group answering for the API field path `field`: `label` names it in the error summary,
 * `targetId` is focused from the summary, `describeId` gets the inline error in aria-describedby.
 * Put an errorSlot() as a direct child (or a direct child of its fieldset).
 */
export function group(field: string, label: string, targetId: string, describeId: string, ...children: (Node | null)[]): HTMLElement {
  return h('div', { class: 'form-group', 'data-field': field, 'data-label': label, 'data-target': targetId, 'data-describe': describeId }, ...children);
}

/**
 * Error display for a form made of group()s, as the request form does it: a summary at the
 * top linking to each field, an inline message by the field, aria-invalid, and "Error: " in the title.
 */
let summaries = 0;
export function formErrors(form: HTMLElement, summarySlot: HTMLElement, pageTitle: string) {
  const groups = () => [...form.querySelectorAll<HTMLElement>('[data-field]')];
  const slotOf = (g: HTMLElement) => g.querySelector(':scope > .error-slot, :scope > fieldset > .error-slot');
  const clear = () => {
    summarySlot.replaceChildren();
    setPageTitle(pageTitle);
    for (const g of groups()) {
      g.classList.remove('form-group--error');
      slotOf(g)?.replaceChildren();
      const described = document.getElementById(g.dataset.describe ?? '');
      if (described) {
        const ids = (described.getAttribute('aria-describedby') ?? '').split(/\s+/).filter((id) => id && !id.endsWith('-error'));
        if (ids.length) described.setAttribute('aria-describedby', ids.join(' '));
        else described.removeAttribute('aria-describedby');
        described.removeAttribute('aria-invalid');
      }
    }
  };
  const findGroup = (field: string): HTMLElement | undefined => {
    const parts = field.split('.');
    for (let n = parts.length; n > 0; n--) {
      const key = parts.slice(0, n).join('.');
      const g = groups().find((el) => el.dataset.field === key);
      if (g) return g;
    }
    return undefined;
  };
  const show = (errors: FieldError[], title = 'There is a problem') => {
    clear();
    const items: { text: string; targetId: string | null }[] = [];
    const inline = new Map<HTMLElement, string[]>();
    for (const e of errors) {
      const g = findGroup(e.field);
      const message = e.message.charAt(0).toUpperCase() + e.message.slice(1);
      if (!g) {
        items.push({ text: `${e.field}: ${message}`, targetId: null });
        continue;
      }
      items.push({ text: `${g.dataset.label}: ${e.message}`, targetId: g.dataset.target ?? null });
      inline.set(g, [...(inline.get(g) ?? []), message]);
    }
    for (const [g, messages] of inline) {
      g.classList.add('form-group--error');
      const errorId = `${g.dataset.describe}-error`;
      slotOf(g)?.replaceChildren(h('p', { class: 'field-error', id: errorId }, h('span', { class: 'visually-hidden' }, 'Error: '), [...new Set(messages)].join('. ')));
      const described = document.getElementById(g.dataset.describe ?? '');
      if (described) {
        described.setAttribute('aria-describedby', [described.getAttribute('aria-describedby'), errorId].filter(Boolean).join(' '));
        if (!(described instanceof HTMLFieldSetElement)) described.setAttribute('aria-invalid', 'true');
      }
    }
    const summary = errorSummary(items, title);
    // Several forms on one page may each show a summary: keep its heading's id unique.
    const titleId = `error-summary-title-${++summaries}`;
    summary.querySelector('h2')?.setAttribute('id', titleId);
    summary.setAttribute('aria-labelledby', titleId);
    summarySlot.replaceChildren(summary);
    setPageTitle(`Error: ${pageTitle}`);
    focusElement(summary);
  };
  return { clear, show };
}

/** Disables a button while `work` runs, with a busy label; gives it back afterwards. */
export async function busy<T>(button: HTMLButtonElement, label: string, work: () => Promise<T>): Promise<T> {
  const before = button.textContent;
  button.disabled = true;
  button.textContent = label;
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = before;
  }
}
