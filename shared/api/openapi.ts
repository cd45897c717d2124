import { z } from 'zod';
import { CONTRACT, errorSchema, type RouteContract } from './contract.js';

const toSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

function parameters(where: 'path' | 'query', schema: z.ZodType | undefined) {
  if (!schema) return [];
  const json = toSchema(schema, 'input') as { properties?: Record<string, object>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

const ERRORS: Record<string, string> = {
  '400': 'Invalid input; `errors` names each bad field',
  '401': 'No valid sign-in token',
  '403': 'The caller’s role may not do this',
  '404': 'Not found, or not visible to the caller',
  '413': 'Body over 64 KB (or the route’s own limit)',
  '503': 'Busy; retry after the Retry-After header',
};

/** OpenAPI 3.1 document generated from the contract's zod schemas. */
export function openApiDocument(serverUrl = '/') {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, c] of Object.entries(CONTRACT) as [string, RouteContract][]) {
    const [method, path] = key.split(' ') as [string, string];
    const isPublic = c.roles === 'public';
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      summary: c.summary,
      ...(isPublic ? { security: [] } : { description: `Roles: ${(c.roles as string[]).join(', ')}` }),
      parameters: [
        ...parameters('path', c.params),
        ...parameters('query', c.query),
        ...(c.idempotent
          ? [{ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{8,128}$' }, description: 'A replay with the same key returns the first result and writes nothing new' }]
          : []),
      ],
      ...(c.body ? { requestBody: { required: true, content: { [c.bodyType ?? 'application/json']: { schema: toSchema(c.body, 'input') } } } } : {}),
      responses: {
        [String(c.response.status)]: { description: 'Success', content: { [c.response.contentType ?? 'application/json']: { schema: toSchema(c.response.schema, 'output') } } },
        ...Object.fromEntries(
          Object.entries(ERRORS)
            .filter(([code]) => !(isPublic && (code === '401' || code === '403')))
            .map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Peer Challenge API', version: '0.1.0', description: 'Booking platform for local-government peer challenges' },
    servers: [{ url: serverUrl }],
    security: [{ idToken: [] }],
    components: {
      securitySchemes: { idToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Cognito ID token (a locally signed one in the local runtime)' } },
      schemas: { Error: toSchema(errorSchema, 'output') },
    },
    paths,
  };
}
