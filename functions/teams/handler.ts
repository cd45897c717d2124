import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { PeersRepository } from '../../shared/data/peers-repository.js';
import { BookingRefused, TeamRepository, type BookingRefusal } from '../../shared/data/team-repository.js';
import { TransactionConditionFailed } from '../../shared/data/transact.js';
import { newInvitations, teamComplete, TeamRuleError, type Invitation } from '../../shared/domain/invitation.js';
import { acceptedMessage, declinedMessage, invitationMessage, teamConfirmedMessages, withdrewMessage } from '../../shared/domain/notifications.js';
import { BOOKABLE_STATUSES, changeStatus } from '../../shared/domain/lifecycle.js';
import { checkScopeDates, ScopeRuleError } from '../../shared/domain/scope.js';
import { matchingInput } from '../../shared/domain/team-proposal.js';
import { financialYear } from '../../shared/domain/dates.js';
import { loadAttribute } from '../../shared/data/keys.js';
import { CouncilsRepository } from '../../shared/data/councils-repository.js';
import { proposeTeam } from '../../shared/matching/index.js';
import type { Caller } from '../../shared/domain/user.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { badRequest, conflict, forbidden, notFound } from '../../shared/http/errors.js';
import { logger } from '../../shared/http/logger.js';
import { route, type RouteInput } from '../../shared/http/route.js';
import { challengeAccess } from '../../shared/http/challenge-access.js';

const { tableName } = readConfig();
const challenges = new ChallengesRepository(tableName);
const peers = new PeersRepository(tableName);
const team = new TeamRepository(tableName);
const councils = new CouncilsRepository(tableName);

const { visible: visibleChallenge, asAdviser: advisersChallenge } = challengeAccess(challenges);

/** A peer's own invitation; someone else's is a 404, so invitations cannot be probed. */
async function ownInvitation(caller: Caller, challengeId: string): Promise<Invitation> {
  if (!caller.peerId) throw forbidden('your account is not linked to a peer profile');
  const inv = await team.invitation(challengeId, caller.peerId);
  if (!inv) throw notFound('no such invitation');
  return inv;
}

function refusal(r: BookingRefusal, peerId: string) {
  switch (r.reason) {
    case 'invitation-closed':
      return conflict(`this invitation is ${r.status ?? 'gone'}, so it cannot be answered now`, { reason: r.reason, invitationStatus: r.status });
    case 'challenge-closed':
      return conflict(`the challenge is ${r.status ?? 'gone'} and no longer takes bookings`, { reason: r.reason, challengeStatus: r.status });
    case 'day-taken':
      // The other booking is the peer's own, so naming its challenge reveals nothing new to them.
      return conflict(`you are already booked on ${r.day}${r.otherChallengeId ? ` for challenge ${r.otherChallengeId}` : ''}`, {
        reason: r.reason,
        day: r.day,
        otherChallengeId: r.otherChallengeId,
        peerId,
      });
    case 'over-load':
      return conflict('accepting would take you over the number of challenges you give a year; raise it in your profile first', { reason: r.reason });
  }
}

/** When every place is accepted, the challenge moves to team-confirmed; a lost race means someone else did it. */
async function confirmIfComplete(challengeId: string): Promise<void> {
  const challenge = await challenges.get(challengeId);
  if (!challenge?.scope || challenge.status !== 'team-proposed') return;
  const invitations = await team.invitations(challengeId);
  if (!teamComplete(challenge.scope, invitations)) return;
  try {
    // The council and every accepted peer hear of it, in the same transaction as the change.
    await team.changeStatus(
      changeStatus(challenge, 'team-confirmed', { id: 'platform', role: 'system' }, 'every place accepted', new Date()),
      teamConfirmedMessages(challenge, invitations),
    );
  } catch (e) {
    if (!(e instanceof TransactionConditionFailed)) throw e;
  }
}

export const routes = {
  'PUT /api/challenges/{id}/scope': route(CONTRACT['PUT /api/challenges/{id}/scope'], async ({ caller, params, body }) => {
    const challenge = await advisersChallenge(caller, params.id);
    if (challenge.status !== 'scoping') throw conflict(`the scope is agreed while the challenge is scoping; it is ${challenge.status}`, { status: challenge.status });
    const now = new Date();
    try {
      checkScopeDates(body, now.toISOString().slice(0, 10));
      await challenges.setScope(challenge, body, now.toISOString());
    } catch (e) {
      if (e instanceof ScopeRuleError) throw badRequest(`invalid body: ${e.field}: ${e.message}`, [{ field: e.field, message: e.message }]);
      if (e instanceof TransactionConditionFailed) throw conflict('the challenge changed meanwhile; reload and try again');
      throw e;
    }
    return { body: { ...challenge, scope: body, updatedAt: now.toISOString() } };
  }),

  'POST /api/challenges/{id}/invitations': route(CONTRACT['POST /api/challenges/{id}/invitations'], async ({ caller, params, body, idempotency }) => {
    const challenge = await advisersChallenge(caller, params.id);
    if (!['scoping', 'team-proposed'].includes(challenge.status))
      throw conflict(`peers are invited while scoping or with a team proposed; the challenge is ${challenge.status}`, { status: challenge.status });
    const pool = await peers.getMany(body.team.map((m) => m.peerId));
    body.team.forEach((m, i) => {
      const p = pool.get(m.peerId);
      if (!p) throw badRequest(`invalid body: team.${i}.peerId: no such peer`, [{ field: `team.${i}.peerId`, message: 'no such peer' }]);
      if (p.status !== 'approved') throw badRequest(`invalid body: team.${i}.peerId: not yet approved`, [{ field: `team.${i}.peerId`, message: 'this peer is not yet approved' }]);
      if (!p.roles.includes(m.role)) throw badRequest(`invalid body: team.${i}.role: not a role of this peer`, [{ field: `team.${i}.role`, message: `this peer is not accredited as ${m.role}` }]);
      // Matching's rule 3 holds for hand-picked teams too: nobody reviews their own council or a declared conflict.
      if (p.councilId === challenge.councilId || p.conflicts.includes(challenge.councilId))
        throw badRequest(`invalid body: team.${i}.peerId: conflict of interest`, [
          { field: `team.${i}.peerId`, message: p.councilId === challenge.councilId ? 'this peer is from the council under review' : 'this peer declared a conflict with this council' },
        ]);
    });
    const now = new Date();
    try {
      const invitations = newInvitations(challenge, body.team, await team.invitations(challenge.id), now);
      const change = challenge.status === 'scoping' ? changeStatus(challenge, 'team-proposed', { id: caller.sub, role: 'adviser' }, 'peers invited', now) : undefined;
      await team.invite(challenge, invitations, change, idempotency, invitations.map(invitationMessage), now);
      logger.info('peers invited', { challengeId: challenge.id, count: invitations.length });
      return { statusCode: 201, body: { items: invitations } };
    } catch (e) {
      if (e instanceof TeamRuleError) throw badRequest(`invalid body: ${e.field}: ${e.message}`, [{ field: e.field, message: e.message }]);
      if (e instanceof TransactionConditionFailed && !e.labels.includes('idempotency'))
        throw conflict('the challenge or its team changed meanwhile; reload and try again', { failed: e.labels });
      throw e;
    }
  }),

  'POST /api/challenges/{id}/proposal': route(CONTRACT['POST /api/challenges/{id}/proposal'], async ({ caller, params, body }) => {
    const challenge = await advisersChallenge(caller, params.id);
    if (!challenge.scope) throw conflict('agree the scope (slots, focus and on-site days) before asking for a team', { status: challenge.status });
    const [council, pool, booked, invitations, originalTeam] = await Promise.all([
      councils.get(challenge.councilId),
      peers.approvedPool([loadAttribute(financialYear(challenge.scope.days[0]!))]),
      team.bookedOn(challenge.scope.days),
      team.invitations(challenge.id),
      // A progress review invites the reviewed challenge's team first.
      challenge.reviewOf ? team.invitations(challenge.reviewOf) : Promise.resolve(undefined),
    ]);
    if (!council) throw notFound('the challenge’s council is no longer on the platform');
    const homeCouncils = await councils.getMany(pool.map((p) => p.councilId).filter((id): id is string => id !== null));
    const load = loadAttribute(financialYear(challenge.scope.days[0]!));
    const { input, pins, exclude, invitedFirst } = matchingInput({
      challenge,
      council,
      pool,
      regionOf: (id) => homeCouncils.get(id)?.region,
      booked,
      loadOf: (p) => Number(p[load] ?? 0),
      invitations,
      body,
      ...(originalTeam ? { originalTeam } : {}),
    });
    const t0 = performance.now();
    const result = proposeTeam(input, { k: body.k, pins, exclude });
    const elapsedMs = Math.round((performance.now() - t0) * 10) / 10;
    logger.info('team proposed', { challengeId: challenge.id, status: result.status, poolSize: input.peers.length, elapsedMs });
    const nameOf = new Map(pool.map((p) => [p.id, p.name]));
    if (result.status === 'infeasible') return { body: { ...result, poolSize: input.peers.length, elapsedMs, ...(challenge.reviewOf ? { invitedFirst } : {}) } };
    const named = (t: { slot: string; peerId: string }[]) => t.map((m) => ({ ...m, name: nameOf.get(m.peerId) ?? m.peerId }));
    return {
      body: {
        ...result,
        team: named(result.team),
        ...(result.alternatives ? { alternatives: result.alternatives.map((a) => ({ ...a, team: named(a.team) })) } : {}),
        poolSize: input.peers.length,
        elapsedMs,
        ...(challenge.reviewOf ? { invitedFirst } : {}),
      },
    };
  }),

  'GET /api/challenges/{id}/team': route(CONTRACT['GET /api/challenges/{id}/team'], async ({ caller, params }) => {
    let invitations: Invitation[];
    if (caller.roles.includes('council') || caller.roles.includes('adviser')) {
      await visibleChallenge(caller, params.id);
      invitations = await team.invitations(params.id);
    } else {
      // A peer on the team sees who they go on site with, and nothing of declines or their reasons.
      const own = caller.peerId ? await team.invitation(params.id, caller.peerId) : undefined;
      if (own?.status !== 'accepted') throw notFound('no such challenge');
      invitations = (await team.invitations(params.id)).filter((i) => i.status === 'accepted').map(({ reason: _r, ...i }) => i);
    }
    const names = await peers.getMany(invitations.map((i) => i.peerId));
    return { body: { items: invitations.map((i) => ({ ...i, peerName: names.get(i.peerId)?.name ?? 'former peer' })) } };
  }),

  'GET /api/invitations': route(CONTRACT['GET /api/invitations'], async ({ caller }) => {
    if (!caller.peerId) throw forbidden('your account is not linked to a peer profile');
    return { body: { items: await team.invitationsOf(caller.peerId) } };
  }),

  'POST /api/invitations/{id}/accept': {
    ...route(CONTRACT['POST /api/invitations/{id}/accept'], async ({ caller, params, idempotency }) => {
      const inv = await ownInvitation(caller, params.id);
      // Accepting twice is what a double click does: answer as the first time did. It is also
      // how a client retries after a 503 that hit the team-complete step once the booking had
      // committed, so that step runs again here (it does nothing if the team is not complete).
      if (inv.status === 'accepted') {
        await confirmIfComplete(inv.challengeId);
        return { body: inv };
      }
      // The region's advisers hear of the answer; the challenge (gone = no message) names the region.
      const [challenge, invitations] = await Promise.all([challenges.get(inv.challengeId), team.invitations(inv.challengeId)]);
      const region = challenge?.region;
      const now = new Date();
      // Filling the last place confirms the team in the same transaction as the booking.
      const after = invitations.map((i) => (i.peerId === inv.peerId ? { ...i, status: 'accepted' as const } : i));
      const completes =
        challenge?.scope && challenge.status === 'team-proposed' && teamComplete(challenge.scope, after)
          ? {
              change: changeStatus(challenge, 'team-confirmed', { id: 'platform', role: 'system' }, 'every place accepted', now),
              othersAccepted: invitations.filter((i) => i.status === 'accepted' && i.peerId !== inv.peerId).map((i) => i.peerId),
              messages: teamConfirmedMessages(challenge, after),
            }
          : undefined;
      try {
        const { invitation: accepted, confirmedTeam } = await team.accept(inv, BOOKABLE_STATUSES, now, idempotency, region ? [acceptedMessage(inv, region)] : [], completes);
        // Two last places accepted at once each see the other still open: when every open place
        // was already invited, check again after booking, so that one of the two confirms the team.
        const couldComplete = challenge?.scope && teamComplete(challenge.scope, after.map((i) => (i.status === 'invited' ? { ...i, status: 'accepted' as const } : i)));
        if (!confirmedTeam && couldComplete) await confirmIfComplete(inv.challengeId);
        return { body: accepted };
      } catch (e) {
        if (e instanceof BookingRefused) throw refusal(e.refusal, inv.peerId);
        throw e;
      }
    }),
    // A retry with the same Idempotency-Key after a 503 from the team-complete step is
    // answered from the stored response; the step still has to happen.
    afterReplay: async ({ caller, params }: RouteInput<unknown, unknown, unknown>) => {
      const inv = caller.peerId ? await team.invitation((params as { id: string }).id, caller.peerId) : undefined;
      if (inv?.status === 'accepted') await confirmIfComplete(inv.challengeId);
    },
  },

  'POST /api/invitations/{id}/decline': route(CONTRACT['POST /api/invitations/{id}/decline'], async ({ caller, params, body, idempotency }) => {
    const inv = await ownInvitation(caller, params.id);
    const region = (await challenges.get(inv.challengeId))?.region;
    try {
      return { body: await team.decline(inv, body.reason, new Date(), idempotency, region ? [declinedMessage(inv, region, body.reason)] : []) };
    } catch (e) {
      if (e instanceof BookingRefused) throw refusal(e.refusal, inv.peerId);
      throw e;
    }
  }),

  'POST /api/invitations/{id}/withdraw': route(CONTRACT['POST /api/invitations/{id}/withdraw'], async ({ caller, params }) => {
    const inv = await ownInvitation(caller, params.id);
    if (inv.status === 'withdrawn') return { body: inv };
    if (inv.status !== 'accepted' && inv.status !== 'invited') throw conflict(`this invitation is ${inv.status}; there is nothing to withdraw from`, { invitationStatus: inv.status });
    const now = new Date();
    const challenge = await challenges.get(inv.challengeId);
    const reopen =
      challenge?.status === 'team-confirmed' && inv.status === 'accepted'
        ? changeStatus(challenge, 'team-proposed', { id: 'platform', role: 'system' }, `a ${inv.role} peer withdrew`, now)
        : undefined;
    try {
      await team.withdraw(inv, now, reopen, challenge ? [withdrewMessage(inv, challenge.region)] : []);
    } catch (e) {
      if (e instanceof TransactionConditionFailed) throw conflict('the invitation or the challenge changed meanwhile; reload and try again', { failed: e.labels });
      throw e;
    }
    return { body: { ...inv, status: 'withdrawn' as const, respondedAt: now.toISOString() } };
  }),
};

export const handler = apiHandler(routes);
