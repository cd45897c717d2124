import { call } from '../api.js';
import { formatTimestamp } from '../dates.js';
import { h } from '../dom.js';
import { errorPage, heading, type View } from './common.js';

type Message = Record<string, unknown>;
const text = (m: Message, ...keys: string[]) => keys.map((k) => m[k]).find((v): v is string => typeof v === 'string') ?? '';

/** GET /api/mailbox (shown only when the API has it): the messages the platform sent. */
export const mailboxView: View = async () => {
  let items: Message[];
  try {
    const body = await call<{ items?: Message[] } | Message[]>('GET', '/api/mailbox');
    items = Array.isArray(body) ? body : (body.items ?? []);
  } catch (e) {
    return errorPage(e);
  }
  return {
    title: 'Mailbox',
    content: h(
      'div',
      null,
      heading('Mailbox'),
      h('p', { class: 'lead' }, 'Messages the service has sent you.'),
      items.length
        ? h(
            'ul',
            { class: 'cards plain-list', 'data-testid': 'mailbox' },
            items.map((m) => {
              const at = text(m, 'sentAt', 'at', 'createdAt');
              return h(
                'li',
                { class: 'card' },
                h('h2', { class: 'h3' }, text(m, 'subject', 'title') || 'Message'),
                at ? h('p', { class: 'muted' }, formatTimestamp(at)) : null,
                h('p', { class: 'notes' }, text(m, 'body', 'text', 'message')),
              );
            }),
          )
        : h('p', null, 'No messages.'),
    ),
  };
};
