import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { CouncilsRepository } from '../../shared/data/councils-repository.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { TransactionConditionFailed } from '../../shared/data/transact.js';
import { conflict, notFound } from '../../shared/http/errors.js';
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

  /**
   * After an election or a change of administration. Only the adviser of the council's
   * region; conditional on the control it was read with, audited in the same transaction.
   * Setting the control it already has changes nothing and writes nothing.
   */
  'PUT /api/councils/{id}/control': route(CONTRACT['PUT /api/councils/{id}/control'], async ({ caller, params, body }) => {
    const council = await councils.get(params.id);
    if (!council || caller.region !== council.region) throw notFound('no such council in your region');
    if (council.control === body.control) return { body: council };
    try {
      await councils.setControl(council.id, { at: new Date().toISOString(), by: caller.sub, from: council.control, to: body.control, why: body.why });
    } catch (e) {
      if (e instanceof TransactionConditionFailed) {
        const now = await councils.get(params.id);
        throw conflict(`the council's control changed meanwhile: it is now ${now?.control ?? 'gone'}; reload and try again`, { control: now?.control });
      }
      throw e;
    }
    return { body: { ...council, control: body.control } };
  }),
};

export const handler = apiHandler(routes);
