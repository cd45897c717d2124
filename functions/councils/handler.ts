import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { CouncilsRepository } from '../../shared/data/councils-repository.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { notFound } from '../../shared/http/errors.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
const councils = new CouncilsRepository(tableName);

export const routes = {
  'GET /api/me': route(CONTRACT['GET /api/me'], async ({ caller }) => {
    const council = caller.councilId ? await councils.get(caller.councilId) : undefined;
    return { body: { ...caller, ...(council ? { council } : {}) } };
  }),

  'GET /api/councils': route(CONTRACT['GET /api/councils'], async ({ caller }) => {
    return { body: { items: caller.region ? await councils.listByRegion(caller.region) : [] } };
  }),

  /** Councils are public reference data, but a council officer only needs their own. */
  'GET /api/councils/{id}': route(CONTRACT['GET /api/councils/{id}'], async ({ caller, params }) => {
    const council = await councils.get(params.id);
    const visible = council && (caller.councilId === council.id || (caller.roles.includes('adviser') && caller.region === council.region));
    if (!visible) throw notFound('no such council');
    return { body: council };
  }),
};

export const handler = apiHandler(routes);
