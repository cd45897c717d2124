import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { PeerChangedError, PeersRepository } from '../../shared/data/peers-repository.js';
import type { Peer } from '../../shared/domain/peer.js';
import { applyProfileUpdate, approve, ApprovalForbidden, approverOf, newPeer, PoolRuleError, queueOf, signUpPeerId } from '../../shared/domain/peer-pool.js';
import type { Caller } from '../../shared/domain/user.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { badRequest, conflict, forbidden, notFound } from '../../shared/http/errors.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
const peers = new PeersRepository(tableName);

function withoutVersion<T extends { version?: number }>({ version: _v, ...rest }: T): Omit<T, 'version'> {
  return rest;
}

/** A demo or imported peer is linked by a claim; one who signed up, by their sign-in subject. */
const ownPeerId = (caller: Caller) => caller.peerId ?? signUpPeerId(caller.sub);

async function ownProfile(caller: Caller) {
  const peer = await peers.get(ownPeerId(caller));
  if (!peer) throw notFound('you have not joined the pool yet: POST /api/peers/me with your profile');
  return peer;
}

/** Domain refusals become 4xx that name the field; a lost race is a 409 to reload. */
async function applying(work: () => Promise<Peer>): Promise<Peer> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof PoolRuleError) throw badRequest(`invalid body: ${e.field}: ${e.message}`, [{ field: e.field, message: e.message }]);
    if (e instanceof ApprovalForbidden) throw forbidden(e.message);
    if (e instanceof PeerChangedError) throw conflict('the profile changed meanwhile; reload and try again');
    throw e;
  }
}

export const routes = {
  'GET /api/peers/me': route(CONTRACT['GET /api/peers/me'], async ({ caller }) => ({ body: withoutVersion(await ownProfile(caller)) })),

  'POST /api/peers/me': route(CONTRACT['POST /api/peers/me'], async ({ caller, body }) => {
    const peer = await applying(async () => newPeer(ownPeerId(caller), body));
    if (!(await peers.create(peer))) throw conflict('you are already in the pool; edit your profile with PUT /api/peers/me');
    return { statusCode: 201, body: peer };
  }),

  'PUT /api/peers/me': route(CONTRACT['PUT /api/peers/me'], async ({ caller, body }) => {
    const before = await ownProfile(caller);
    const saved = await applying(() => peers.save(before, applyProfileUpdate(before, body)));
    return { body: withoutVersion(saved as Peer & { version?: number }) };
  }),

  'GET /api/approvals': route(CONTRACT['GET /api/approvals'], async ({ caller, query }) => {
    const approver = approverOf(caller);
    if (!approver) throw forbidden('your account is not linked to a group office');
    return { body: await peers.approvalQueue(queueOf(approver), query.limit, query.cursor) };
  }),

  'GET /api/group/peers': route(CONTRACT['GET /api/group/peers'], async ({ caller }) => {
    if (!caller.group) throw forbidden('your account is not linked to a group office');
    return { body: { items: await peers.groupMembers(caller.group) } };
  }),

  'POST /api/peers/{id}/approval': route(CONTRACT['POST /api/peers/{id}/approval'], async ({ caller, params, body, idempotency }) => {
    const approver = approverOf(caller);
    if (!approver) throw forbidden('your account is not linked to a group office');
    const before = await peers.get(params.id);
    if (!before) throw notFound('no such peer');
    const saved = await applying(() => peers.save(before, approve(before, approver, body), idempotency));
    return { body: withoutVersion(saved as Peer & { version?: number }) };
  }),
};

export const handler = apiHandler(routes);
