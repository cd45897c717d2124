import { apiRoutes, call, getTokenForDownload } from '../api.js';
import { h } from '../dom.js';

/**
 * Calendar files of confirmed on-site days. The file needs the bearer token, so it is fetched
 * and handed over as a download; the subscription address carries its own private token.
 */
export async function calendarDownload(href: string, filename: string, label: string): Promise<HTMLElement | null> {
  if (!(await apiRoutes()).has('GET /api/calendar.ics')) return null;
  const link = h('a', { href, download: filename, 'data-testid': 'calendar-link' }, label);
  link.addEventListener('click', async (e: MouseEvent) => {
    e.preventDefault();
    const res = await fetch(href, { headers: { authorization: `Bearer ${getTokenForDownload() ?? ''}`, accept: 'text/calendar' } });
    if (!res.ok) {
      link.after(h('p', { class: 'field-error', role: 'alert' }, `The calendar file could not be made (${res.status}).`));
      return;
    }
    const url = URL.createObjectURL(await res.blob());
    const a = h('a', { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });
  return h('p', null, link);
}

/** A button that reveals the private address a calendar app can subscribe to. */
export async function calendarSubscription(): Promise<HTMLElement | null> {
  if (!(await apiRoutes()).has('GET /api/calendar/feed-url')) return null;
  const out = h('div', { 'data-testid': 'calendar-feed' });
  const button = h('button', { type: 'button', class: 'button button--secondary' }, 'Show my calendar subscription address');
  button.addEventListener('click', async () => {
    try {
      const { url } = await call<{ url: string }>('GET', '/api/calendar/feed-url');
      const id = 'calendar-feed-url';
      out.replaceChildren(
        h('label', { for: id }, 'Subscription address (private: anyone with it can see your booked days)'),
        h('input', { id, type: 'text', readonly: 'readonly', value: url, class: 'input input--wide' }),
      );
    } catch {
      out.append(h('p', { class: 'field-error', role: 'alert' }, 'The address could not be made; try again.'));
    }
  });
  out.append(button);
  return out;
}
