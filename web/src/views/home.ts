import { api, type Challenge, type Me, type Page } from '../api.js';
import { formatWindow, formatTimestamp } from '../dates.js';
import { h } from '../dom.js';
import { groupName, kindName, ROLE_ORDER } from '../labels.js';
import { errorPage, heading, problemNotice, statusTag, type View, type ViewResult } from './common.js';
import { peerHome } from './peer.js';

export const homeView: View = async (ctx) => {
  const me = ctx.me!;
  const role = ROLE_ORDER.find((r) => me.roles.includes(r));
  switch (role) {
    case 'council':
      return councilHome(me);
    case 'adviser':
      return adviserHome(me);
    case 'peer':
      return peerHome(me);
    case 'group-office':
      return groupOfficeHome(me);
    default:
      return {
        title: 'No access yet',
        content: h('div', null, heading('No access yet'), h('p', null, 'Your account has no role in this service yet. Ask your adviser to set it up.')),
      };
  }
};

function challengeLink(c: Challenge, text: string): HTMLElement {
  return h('a', { href: `#/challenges/${encodeURIComponent(c.id)}` }, text);
}

/** A table of challenges with a "Show more" button that follows the page cursor. */
function challengeTable(first: Page<Challenge>, caption: string, columns: 'council' | 'adviser'): HTMLElement {
  const tbody = h('tbody');
  const more = h('div');
  const addRows = (items: Challenge[]) => {
    for (const c of items) {
      tbody.append(
        h(
          'tr',
          null,
          columns === 'adviser' ? h('td', null, challengeLink(c, c.councilName)) : null,
          h('td', null, columns === 'council' ? challengeLink(c, kindName(c.kind)) : kindName(c.kind)),
          h('td', null, statusTag(c.status)),
          h('td', null, c.windows[0] ? formatWindow(c.windows[0]) : '—'),
          h('td', null, formatTimestamp(c.createdAt)),
        ),
      );
    }
  };
  const showMore = (cursor: string | undefined) => {
    more.replaceChildren();
    if (!cursor) return;
    const button = h('button', { type: 'button', class: 'button button--secondary' }, 'Show more');
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        const page = await api.challenges(cursor);
        addRows(page.items);
        showMore(page.cursor);
      } catch (e) {
        more.replaceChildren(problemNotice(e));
      }
    });
    more.append(button);
  };
  addRows(first.items);
  showMore(first.cursor);
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { 'data-testid': 'challenges' },
        h('caption', { class: 'visually-hidden' }, caption),
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            columns === 'adviser' ? h('th', { scope: 'col' }, 'Council') : null,
            h('th', { scope: 'col' }, 'Kind'),
            h('th', { scope: 'col' }, 'Status'),
            h('th', { scope: 'col' }, 'First preferred window'),
            h('th', { scope: 'col' }, 'Requested'),
          ),
        ),
        tbody,
      ),
    ),
    more,
  );
}

async function councilHome(me: Me): Promise<ViewResult> {
  let page: Page<Challenge>;
  try {
    page = await api.challenges();
  } catch (e) {
    return errorPage(e);
  }
  const councilName = me.council?.name ?? 'Your council';
  return {
    title: councilName,
    content: h(
      'div',
      null,
      heading(councilName, 'Peer challenges for'),
      h('p', { class: 'lead' }, 'A peer challenge brings councillors and officers from other councils to spend a few days with you as critical friends. It is free to your council.'),
      h('a', { href: '#/request', class: 'button button--start' }, 'Request a peer challenge'),
      h('h2', { id: 'your-challenges' }, "Your council's peer challenges"),
      page.items.length
        ? challengeTable(page, "Your council's peer challenges", 'council')
        : h('p', null, 'Your council has not requested a peer challenge yet.'),
    ),
  };
}

async function adviserHome(me: Me): Promise<ViewResult> {
  let page: Page<Challenge>;
  try {
    page = await api.challenges();
  } catch (e) {
    return errorPage(e);
  }
  const region = me.region ?? 'your region';
  return {
    title: `Requests in ${region}`,
    content: h(
      'div',
      null,
      heading(`Peer challenges in ${region}`, 'Adviser'),
      h('p', { class: 'lead' }, "Your region's councils' peer challenges, newest request first."),
      h('p', null, h('a', { href: '#/pipeline' }, 'See them by stage on the pipeline board'), ' · ', h('a', { href: '#/approvals' }, 'Peers waiting for approval')),
      page.items.length
        ? challengeTable(page, `Peer challenges in ${region}, newest first`, 'adviser')
        : h('p', null, 'No council in your region has requested a peer challenge yet.'),
    ),
  };
}

async function groupOfficeHome(me: Me): Promise<ViewResult> {
  const group = me.group ? `${groupName(me.group)} group office` : 'Group office';
  return {
    title: group,
    content: h(
      'div',
      null,
      heading(`Welcome, ${me.name}`, group),
      h(
        'ul',
        { class: 'tiles' },
        h('li', { class: 'tile' }, h('h2', null, h('a', { href: '#/approvals' }, 'Approvals')), h('p', null, "Approve your group's member peers for the pool and accredit lead member peers.")),
      ),
    ),
  };
}
