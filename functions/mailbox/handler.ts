import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { OutboxRepository } from '../../shared/data/outbox-repository.js';
import type { Recipient } from '../../shared/domain/notifications.js';
import type { Caller } from '../../shared/domain/user.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
const outbox = new OutboxRepository(tableName);

/** The mailboxes a caller reads: their peer's, their council's, their region's advisers'. */
export function mailboxesOf(caller: Caller): Recipient[] {
  const out: Recipient[] = [];
  if (caller.roles.includes('peer') && caller.peerId) out.push({ kind: 'peer', id: caller.peerId });
  if (caller.roles.includes('council') && caller.councilId) out.push({ kind: 'council', id: caller.councilId });
  if (caller.roles.includes('adviser') && caller.region) out.push({ kind: 'region', id: caller.region });
  return out;
}

export const routes = {
  'GET /api/mailbox': route(CONTRACT['GET /api/mailbox'], async ({ caller }) => {
    const boxes = await Promise.all(mailboxesOf(caller).map((r) => outbox.mailbox(r, 50)));
    // Ids are ULIDs: sorting them descending is newest first across mailboxes.
    const items = boxes.flat().sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).slice(0, 50);
    return { body: { items } };
  }),
};

export const handler = apiHandler(routes);
