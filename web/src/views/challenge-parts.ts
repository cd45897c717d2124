import type { AuditEntry, TeamMember } from '../api.js';
import { formatTimestamp, formatWindow } from '../dates.js';
import { h } from '../dom.js';
import { invitationStatusName, roleName, statusName } from '../labels.js';

const BY: Record<string, string> = { council: 'the council', adviser: 'the adviser', system: 'the platform', 'group-office': 'the group office', peer: 'a peer' };

/** Status history, oldest first, as an ordered list. */
export function auditTimeline(items: AuditEntry[]): HTMLElement {
  if (!items.length) return h('p', null, 'No changes yet.');
  return h(
    'ol',
    { class: 'timeline', 'data-testid': 'timeline' },
    items.map((a) =>
      h(
        'li',
        null,
        h('strong', null, statusName(a.to)),
        h('span', { class: 'muted' }, ` — ${formatTimestamp(a.at)}, by ${BY[a.byRole] ?? a.byRole}`),
        a.why ? h('p', { class: 'timeline__why' }, a.why) : null,
      ),
    ),
  );
}

/** The invitations of a challenge: everyone for the adviser; the council sees who is on the team. */
export function teamTable(items: TeamMember[], audience: 'adviser' | 'council'): HTMLElement {
  const rows = audience === 'council' ? items.filter((m) => m.status === 'accepted' || m.status === 'invited') : items;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { 'data-testid': 'team' },
      h('caption', { class: 'visually-hidden' }, audience === 'adviser' ? 'Invitations and answers' : 'The team'),
      h(
        'thead',
        null,
        h('tr', null, h('th', { scope: 'col' }, 'Peer'), h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Answer'), audience === 'adviser' ? h('th', { scope: 'col' }, 'Reason') : null, audience === 'adviser' ? h('th', { scope: 'col' }, 'Invited') : null),
      ),
      h(
        'tbody',
        null,
        rows.map((m) =>
          h(
            'tr',
            { 'data-peer': m.peerId, 'data-status': m.status },
            h('th', { scope: 'row' }, m.peerName, audience === 'adviser' ? h('span', { class: 'hint' }, ` (${m.peerId})`) : null),
            h('td', null, roleName(m.role)),
            h('td', null, h('span', { class: `tag tag--inv-${m.status}` }, audience === 'council' && m.status === 'invited' ? 'Invited' : invitationStatusName(m.status))),
            audience === 'adviser' ? h('td', null, m.reason ?? '') : null,
            audience === 'adviser' ? h('td', null, formatTimestamp(m.invitedAt)) : null,
          ),
        ),
      ),
    ),
  );
}

export const windowText = formatWindow;
