import { api, ApiError, type Challenge } from '../api.js';
import { formatTimestamp, formatWindow } from '../dates.js';
import { h } from '../dom.js';
import { focusAreaName, kindName, sentence } from '../labels.js';
import { CORE_ELEMENTS } from '../../../shared/domain/reference.js';
import { errorPage, heading, notFoundPage, statusTag, takeFlash, type View } from './common.js';

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
  return {
    title,
    content: h(
      'div',
      null,
      flash ? h('div', { class: 'notice notice--success', role: 'status' }, h('h2', null, 'Request sent'), h('p', null, flash)) : null,
      heading(kindName(c.kind), c.councilName),
      h('p', null, 'Status: ', statusTag(c.status)),
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
      h('p', null, h('a', { href: '#/' }, ctx.me?.roles.includes('adviser') ? 'Back to your region’s peer challenges' : 'Back to your council’s peer challenges')),
    ),
  };
};
