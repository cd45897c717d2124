import { ApiError, type FieldError, type Me } from '../api.js';
import type { WebConfig } from '../auth.js';
import { focusElement, h } from '../dom.js';
import { statusName } from '../labels.js';

export interface ViewContext {
  params: string[];
  config: WebConfig;
  me: Me | null;
  navigate(hash: string): void;
}

export interface ViewResult {
  title: string;
  content: Node;
}

export type View = (ctx: ViewContext) => Promise<ViewResult>;

export function statusTag(status: string): HTMLElement {
  return h('strong', { class: `tag tag--${status.replace(/[^a-z-]/g, '')}` }, statusName(status));
}

export function heading(text: string, caption?: string): HTMLElement {
  return h('h1', { tabindex: -1 }, caption ? h('span', { class: 'caption' }, caption) : null, text);
}

/**
 * The "There is a problem" box: one link per error, each to the field it is about.
 * `target` maps an API field path to the id of the element to focus (null: no link).
 */
export function errorSummary(items: { text: string; targetId: string | null }[], title = 'There is a problem'): HTMLElement {
  const box = h(
    'div',
    { class: 'error-summary', role: 'alert', 'aria-labelledby': 'error-summary-title', tabindex: -1 },
    h('h2', { id: 'error-summary-title' }, title),
    h(
      'ul',
      null,
      items.map(({ text, targetId }) =>
        h(
          'li',
          null,
          targetId
            ? h(
                'a',
                {
                  href: `#${targetId}`,
                  // The router owns the hash: move focus without navigating.
                  onclick: (e: MouseEvent) => {
                    e.preventDefault();
                    const target = document.getElementById(targetId);
                    target?.scrollIntoView({ block: 'center' });
                    focusElement(target);
                  },
                },
                text,
              )
            : text,
        ),
      ),
    ),
  );
  return box;
}

/** A failed call shown as a page notice: what went wrong and a reference to quote. */
export function problemNotice(error: unknown): HTMLElement {
  const e = error instanceof ApiError ? error : null;
  const message = e?.message ?? (error instanceof Error ? error.message : 'Something went wrong.');
  return h(
    'div',
    { class: 'notice notice--error', role: 'alert' },
    h('h2', null, e?.status === 0 ? 'The service is not available' : 'Sorry, there is a problem'),
    h('p', null, message),
    e?.errors.length ? h('ul', null, e.errors.map((f: FieldError) => h('li', null, `${f.field}: ${f.message}`))) : null,
    e?.requestId ? h('p', { class: 'muted' }, `If you contact support, quote reference ${e.requestId}.`) : null,
  );
}

export function errorPage(error: unknown): ViewResult {
  return { title: 'Sorry, there is a problem', content: h('div', null, heading('Sorry, there is a problem'), problemNotice(error), h('p', null, h('a', { href: '#/' }, 'Go to your home page'))) };
}

export function notFoundPage(what = 'Page'): ViewResult {
  return {
    title: `${what} not found`,
    content: h(
      'div',
      null,
      heading(`${what} not found`),
      h('p', null, 'Check the address. It may be mistyped, or you may not have access to it.'),
      h('p', null, h('a', { href: '#/' }, 'Go to your home page')),
    ),
  };
}

export const SERVICE_NAME = 'Peer challenge';
export function setPageTitle(title: string): void {
  document.title = `${title} – ${SERVICE_NAME}`;
}

let flash: string | null = null;
/** A one-off success message for the next page (e.g. "Your request has been sent"). */
export function setFlash(message: string): void {
  flash = message;
}
export function takeFlash(): string | null {
  const f = flash;
  flash = null;
  return f;
}
