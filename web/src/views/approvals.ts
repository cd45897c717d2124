import { api, ApiError, type Peer } from '../api.js';
import { focusElement, h } from '../dom.js';
import { busy } from '../forms.js';
import { focusAreaName, groupName, roleName } from '../labels.js';
import { errorPage, heading, problemNotice, type View } from './common.js';

type LeadRole = 'lead-member' | 'lead-officer';

function peerCard(p: Peer, live: HTMLElement): HTMLElement {
  const headingId = `peer-${p.id}`;
  const slot = h('div');
  const approveId = `f-approve-${p.id}`;
  const approveBox = p.status === 'pending' ? h('input', { type: 'checkbox', id: approveId, checked: true }) : null;
  const decisions = p.requestedRoles.map((r) => {
    const name = `role-${p.id}-${r}`;
    const opt = (value: string, text: string, checked = false) =>
      h('div', { class: 'radio' }, h('input', { type: 'radio', id: `${name}-${value}`, name, value, checked }), h('label', { for: `${name}-${value}` }, text));
    return {
      role: r as LeadRole,
      name,
      el: h('fieldset', { class: 'radios' }, h('legend', null, `Asked to be ${roleName(r).toLowerCase()}`), opt('accredit', 'Accredit'), opt('decline', 'Turn down'), opt('later', 'Decide later', true)),
    };
  });
  const submit = h('button', { type: 'submit', class: 'button' }, 'Save decision', h('span', { class: 'visually-hidden' }, ` for ${p.name}`));
  const form = h(
    'form',
    { novalidate: true },
    approveBox ? h('div', { class: 'checkbox' }, approveBox, h('label', { for: approveId }, 'Approve for the peer pool')) : h('p', null, 'Already approved for the pool.'),
    decisions.map((d) => d.el),
    submit,
  );
  const card = h(
    'article',
    { class: 'card', 'aria-labelledby': headingId, 'data-peer': p.id },
    slot,
    h('h2', { id: headingId, class: 'h3' }, p.name),
    h(
      'p',
      { class: 'muted' },
      [p.kind === 'member' ? `Member peer${p.group ? `, ${groupName(p.group)}` : ''}` : p.kind === 'officer' ? 'Officer peer' : 'Other peer', p.title, p.councilId ? `council ${p.councilId}` : null].filter(Boolean).join(' · '),
    ),
    h('p', null, 'Status: ', h('strong', null, p.status === 'pending' ? 'waiting for approval' : 'approved'), p.requestedRoles.length ? `; asks for ${p.requestedRoles.map((r) => roleName(r).toLowerCase()).join(' and ')}` : ''),
    Object.keys(p.skills).length ? h('p', null, 'Skills: ', Object.entries(p.skills).map(([f, l]) => `${focusAreaName(f)} (${l})`).join(', ')) : null,
    form,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const pick = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value;
    const accreditRoles = decisions.filter((d) => pick(d.name) === 'accredit').map((d) => d.role);
    const declineRoles = decisions.filter((d) => pick(d.name) === 'decline').map((d) => d.role);
    try {
      const saved = await busy(submit, 'Saving…', () => api.approve(p.id, { approve: approveBox ? approveBox.checked : false, accreditRoles, declineRoles }));
      const still = saved.status === 'pending' || saved.requestedRoles.length > 0;
      const text = `${saved.name}: ${saved.status === 'approved' ? 'approved' : 'still waiting for approval'}${accreditRoles.length ? `, accredited as ${accreditRoles.map((r) => roleName(r).toLowerCase()).join(' and ')}` : ''}${declineRoles.length ? `, turned down for ${declineRoles.map((r) => roleName(r).toLowerCase()).join(' and ')}` : ''}.`;
      live.textContent = text;
      if (still) slot.replaceChildren(h('p', { class: 'notice notice--success' }, text));
      else {
        const next = card.nextElementSibling ?? card.previousElementSibling;
        card.remove();
        focusElement((next?.querySelector('h2') as HTMLElement | null) ?? document.querySelector<HTMLElement>('main h1'));
      }
    } catch (err) {
      const n = err instanceof ApiError && err.status === 403 ? h('div', { class: 'notice notice--error', role: 'alert' }, h('p', null, `${err.message.charAt(0).toUpperCase()}${err.message.slice(1)}.`)) : problemNotice(err);
      slot.replaceChildren(n);
      focusElement(n);
    }
  });
  return card;
}

export const approvalsView: View = async (ctx) => {
  const me = ctx.me!;
  const TITLE = 'Approvals';
  if (!me.roles.includes('group-office') && !me.roles.includes('adviser'))
    return { title: TITLE, content: h('div', null, heading(TITLE), h('p', null, 'Approvals are for group offices and advisers.')) };
  let peers: Peer[];
  let cursor: string | undefined;
  try {
    ({ items: peers, cursor } = await api.approvals());
  } catch (e) {
    return errorPage(e);
  }
  const live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'cards', 'data-testid': 'approvals' }, peers.map((p) => peerCard(p, live)));
  const more = h('div');
  const showMore = (c: string | undefined) => {
    more.replaceChildren();
    if (!c) return;
    const b = h('button', { type: 'button', class: 'button button--secondary' }, 'Show more');
    b.addEventListener('click', async () => {
      try {
        const page = await busy(b, 'Loading…', () => api.approvals(c));
        list.append(...page.items.map((p) => peerCard(p, live)));
        showMore(page.cursor);
      } catch (e) {
        more.replaceChildren(problemNotice(e));
      }
    });
    more.append(b);
  };
  showMore(cursor);
  const who = me.roles.includes('group-office') && me.group ? `${groupName(me.group)} group office` : 'Adviser';
  return {
    title: TITLE,
    content: h(
      'div',
      null,
      heading('Peers waiting for you', who),
      h('p', { class: 'lead' }, me.roles.includes('group-office') ? "Approve your group's member peers for the pool, and accredit the lead member peers." : 'Approve officer and other peers for the pool, and accredit lead officer peers.'),
      live,
      peers.length ? list : h('p', null, 'Nobody is waiting for a decision.'),
      more,
    ),
  };
};
