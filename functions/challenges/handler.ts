import { ulid } from 'ulid';
import { CONTRACT } from '../../shared/api/contract.js';
import { canSeeChallenge } from '../../shared/domain/access.js';
import { newChallenge, RequestRuleError } from '../../shared/domain/challenge.js';
import { readConfig } from '../../shared/config.js';
import { ChallengesRepository } from '../../shared/data/challenges-repository.js';
import { CouncilsRepository } from '../../shared/data/councils-repository.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { badRequest, forbidden, notFound } from '../../shared/http/errors.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
const challenges = new ChallengesRepository(tableName);
const councils = new CouncilsRepository(tableName);

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
    const challenge = await challenges.get(params.id);
    if (!challenge || !canSeeChallenge(caller, challenge)) throw notFound('no such challenge');
    return { body: challenge };
  }),
};

export const handler = apiHandler(routes);
