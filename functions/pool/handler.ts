import { ulid } from 'ulid';
import { CONTRACT } from '../../shared/api/contract.js';
import { readConfig } from '../../shared/config.js';
import { PeersRepository } from '../../shared/data/peers-repository.js';
import { parsePoolCsv, poolToCsv } from '../../shared/domain/pool-csv.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { HttpError } from '../../shared/http/errors.js';
import { logger } from '../../shared/http/logger.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
const peers = new PeersRepository(tableName);

/** A new peer's id: sortable and addressable by /api/peers/{id}. */
const newPeerId = () => `peer-${ulid().toLowerCase()}`;

export const routes = {
  'GET /api/pool.csv': route(CONTRACT['GET /api/pool.csv'], async () => {
    const all = await peers.allPeers();
    return {
      body: poolToCsv(all),
      contentType: CONTRACT['GET /api/pool.csv'].response.contentType,
      headers: { 'content-disposition': 'attachment; filename="pool.csv"' },
    };
  }),

  /**
   * Every row is validated before anything is written. all-or-nothing: any bad row → 422
   * with every row error, nothing written. valid-only: the good rows are written and the
   * bad ones reported. A row with an empty id is a new peer with a generated id (listed in
   * `created`); a row with an id creates or replaces that peer.
   */
  'POST /api/pool/import': route(CONTRACT['POST /api/pool/import'], async ({ body, query, requestId }) => {
    const started = Date.now();
    const parsed = parsePoolCsv(body, newPeerId);
    const headerBad = parsed.errors.some((e) => e.line === 1 || e.field === 'file' || e.field === 'header');
    if (parsed.errors.length > 0 && (query.mode === 'all-or-nothing' || headerBad))
      throw new HttpError(422, `${parsed.errors.length} problem(s) in the file; nothing was imported`, {
        errors: parsed.errors,
        imported: 0,
        rows: parsed.rows,
      });
    const written = await peers.importPeers(parsed.peers.map((p) => p.peer));
    // Counts only: no names or emails in the logs.
    logger.info('pool import', { requestId, rows: parsed.rows, imported: parsed.peers.length, rejected: parsed.errors.length, ...written, ms: Date.now() - started });
    return {
      body: {
        imported: parsed.peers.length,
        created: parsed.peers.filter((p) => p.assignedId).map((p) => ({ line: p.line, id: p.peer.id })),
        rejected: parsed.errors,
      },
    };
  }),
};

export const handler = apiHandler(routes);
