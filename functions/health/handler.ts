import { CONTRACT } from '../../shared/api/contract.js';
import { openApiDocument } from '../../shared/api/openapi.js';
import { readConfig } from '../../shared/config.js';
import { probeTable } from '../../shared/data/health.js';
import { apiHandler } from '../../shared/http/api-handler.js';
import { route } from '../../shared/http/route.js';

const { tableName } = readConfig();
let openApi: ReturnType<typeof openApiDocument> | undefined;

export const routes = {
  'GET /api/health': route(CONTRACT['GET /api/health'], async () => {
    const table = await probeTable(tableName);
    return {
      statusCode: table.ok ? 200 : 503,
      body: { status: table.ok ? 'ok' : 'degraded', table: table.ok ? 'ok' : 'unavailable', tableLatencyMs: table.latencyMs, time: new Date().toISOString() },
    };
  }),
  'GET /api/openapi.json': route(CONTRACT['GET /api/openapi.json'], async () => {
    openApi ??= openApiDocument();
    return { body: openApi, headers: { 'cache-control': 'public, max-age=300' } };
  }),
};

export const handler = apiHandler(routes);
