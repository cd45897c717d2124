import { ulid } from 'ulid';
import { CHALLENGE_STATUSES, REGIONS, type ChallengeStatus, type Region } from '../../shared/domain/reference.js';
import { CONTRACT } from '../../shared/api/contract.js';
import { newChallenge, RequestRuleError, type Challenge } from '../../shared/domain/challenge.js';
import { changeStatus, DEDICATED_STEPS, IllegalTransitionError } from '../../shared/domain/lifecycle.js';
import type { Caller } from '../../shared/domain/user.js';
import { TransactionConditionFailed } from '../../shared/data/transact.js';
import { TeamRepository } from '../../shared/data/team-repository.js';
import { challengeEndedMessages } from '../../shared/domain/notifications.js';
import { readConfig } from '../../shared/config.js';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { CouncilsRepository } from '../../shared/data/councils-repository.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { badRequest, conflict, forbidden } from '../../shared/http/errors.js';
import { route } from '../../shared/http/route.js';
import { challengeAccess } from '../../shared/http/challenge-access.js';

const { tableName } = readConfig();
const challenges = new ChallengesRepository(tableName);
const councils = new CouncilsRepository(tableName);
const team = new TeamRepository(tableName);

const { visible: visibleChallenge } = challengeAccess(challenges);

/** The role a caller acts in on this challenge: its region's adviser, or its own council. */
function actingRole(caller: Caller, challenge: Challenge) {
  return caller.roles.includes('adviser') && caller.region === challenge.region ? 'adviser' : 'council';
}

export const routes = {
  'POST /api/challenges': route(CONTRACT['POST /api/challenges'], async ({ caller, body, idempotency }) => {
    if (!caller.councilId) throw forbidden('your account is not linked to a council');
    const council = await councils.get(caller.councilId);
    if (!council) throw forbidden('your council is not on the platform');
    let challenge;
    try {
      challenge = newChallenge(body, council, ulid(), new Date());
    } catch (e) {
      if (e instanceof RequestRuleError) throw badRequest(`invalid body: ${e.field}: ${e.message}`, [{ field: e.field, message: e.message }]);
      throw e;
    }
    await challenges.create(challenge, { at: challenge.createdAt, by: caller.sub, byRole: 'council', from: null, to: 'requested', why: 'requested by the council' }, idempotency);
    return { statusCode: 201, body: challenge, headers: { location: `/api/challenges/${challenge.id}` } };
  }),

  'GET /api/challenges': route(CONTRACT['GET /api/challenges'], async ({ caller, query }) => {
    // A caller's list is decided by who they are, never by a filter they could change.
    if (caller.roles.includes('adviser') && caller.region) return { body: await challenges.listByRegion(caller.region, query.limit, query.cursor) };
    if (caller.roles.includes('council') && caller.councilId) return { body: await challenges.listByCouncil(caller.councilId, query.limit, query.cursor) };
    throw forbidden('your account is not linked to a council or region');
  }),

  'GET /api/challenges/{id}': route(CONTRACT['GET /api/challenges/{id}'], async ({ caller, params }) => {
    return { body: await visibleChallenge(caller, params.id) };
  }),

  'POST /api/challenges/{id}/status': route(CONTRACT['POST /api/challenges/{id}/status'], async ({ caller, params, body, idempotency }) => {
    const challenge = await visibleChallenge(caller, params.id);
    const dedicated = DEDICATED_STEPS[body.to];
    if (dedicated) throw conflict(`${body.to} is recorded with its own step: ${dedicated}`, { status: challenge.status, use: dedicated });
    try {
      const change = changeStatus(challenge, body.to, { id: caller.sub, role: actingRole(caller, challenge) }, body.why, new Date());
      // Ending a challenge frees every booked day in the same transaction as the status change.
      const ended = change.challenge.status;
      if (ended === 'cancelled' || ended === 'withdrawn') {
        const invitations = await team.invitations(challenge.id);
        const open = invitations.filter((i) => i.status === 'invited' || i.status === 'accepted');
        await team.endChallenge(change, invitations, idempotency, challengeEndedMessages(challenge, ended, open));
      } else await challenges.changeStatus(change, idempotency);
      return { body: change.challenge };
    } catch (e) {
      if (e instanceof IllegalTransitionError) throw conflict(e.message, { status: e.from, allowed: e.allowed });
      // Its status or its team changed between our read and our write (e.g. a peer accepted).
      if (e instanceof TransactionConditionFailed && !e.labels.includes('idempotency')) {
        const now = await challenges.get(params.id);
        throw conflict(`the challenge changed meanwhile: it is now ${now?.status ?? 'gone'}; reload and try again`, { status: now?.status });
      }
      throw e;
    }
  }),

  /**
   * The pipeline board: one GSI3 query per status (REGION#<r>#STATUS#<s>), all in parallel.
   * A column whose first page holds all its challenges is counted from that page; only a
   * longer column costs one more (COUNT) query. region=all asks every region: one query
   * per region and status (10 × 11 = 110 queries, more for long columns), no cursors.
   */
  'GET /api/pipeline': route(CONTRACT['GET /api/pipeline'], async ({ caller, query }) => {
    if (!caller.region) throw forbidden('your account is not linked to a region');
    const regions = query.region === 'all' ? REGIONS : [caller.region];
    const column = async (region: Region, status: ChallengeStatus) => {
      const page = await challenges.listByRegionAndStatus(region, status, query.limit);
      const count = page.cursor ? await challenges.countByRegionAndStatus(region, status) : page.items.length;
      return { ...page, count };
    };
    const columns = await Promise.all(
      CHALLENGE_STATUSES.map(async (status) => {
        const parts = await Promise.all(regions.map((r) => column(r, status)));
        if (parts.length === 1) return { status, ...parts[0]! };
        const items = parts
          .flatMap((p) => p.items)
          .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
          .slice(0, query.limit);
        return { status, count: parts.reduce((n, p) => n + p.count, 0), items };
      }),
    );
    return { body: { region: query.region === 'all' ? 'all' : caller.region, total: columns.reduce((n, c) => n + c.count, 0), columns } };
  }),

  'GET /api/challenges/{id}/audit': route(CONTRACT['GET /api/challenges/{id}/audit'], async ({ caller, params }) => {
    await visibleChallenge(caller, params.id);
    return { body: { items: await challenges.audit(params.id) } };
  }),
};

export const handler = apiHandler(routes);
