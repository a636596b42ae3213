import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { buildServer } from '../../src/server.js';

interface Operation {
  summary?: string;
  operationId?: string;
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}
type OpenApiDocument = { openapi: string; paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, unknown> } };

/**
 * Every route the server has, as `METHOD /path`, read from `printRoutes` (the router itself, so a route
 * left out of the OpenAPI document is still found). HEAD routes Fastify adds for each GET are left out.
 */
function listRoutes(app: FastifyInstance): { method: string; path: string }[] {
  const paths: string[] = [];
  const routes: { method: string; path: string }[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.+?) \(([A-Z, ]+)\)$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const path = (paths[depth - 1] ?? '') + m[2]!;
    paths[depth] = path;
    paths.length = depth + 1;
    for (const method of m[3]!.split(', ')) if (method !== 'HEAD') routes.push({ method, path });
  }
  return routes;
}

/** Fastify's `/persons/:iin` is OpenAPI's `/persons/{iin}`, and a wildcard `*` is `{*}` (as @fastify/swagger writes it). */
const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{*}');

/**
 * The documented operation of a route. A prefixed `'/'` route answers with and without the trailing slash and
 * is documented once; printRoutes shows a wildcard under `/x/` as `/x*`.
 */
function operationOf(doc: OpenApiDocument, method: string, path: string): Operation | undefined {
  const exact = openApiPath(path);
  const candidates = [exact, exact.endsWith('/') ? exact.slice(0, -1) : `${exact}/`, openApiPath(path.replace(/([^/])\*$/, '$1/*'))];
  return candidates.map((p) => doc.paths[p]?.[method.toLowerCase()]).find(Boolean);
}

/** Statuses that carry no body, so no schema. */
const NO_CONTENT = new Set(['204', '304']);

t.test('the OpenAPI document at /docs/json', async (t) => {
  const app = await buildServer({ logger: false });
  t.teardown(() => app.close());
  const response = await app.inject('/docs/json');
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^application\/json/);
  const doc = response.json() as OpenApiDocument;

  await t.test('is a valid OpenAPI 3 document', async (t) => {
    t.match(doc.openapi, /^3\./);
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    t.ok(result.valid, `valid OpenAPI ${validator.version}`);
    if (!result.valid) t.comment(JSON.stringify(result.errors, null, 2).slice(0, 4000));
  });

  await t.test('every $ref points at a schema the document holds', async (t) => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    t.ok(refs.length > 0, 'shared shapes are referenced, not repeated');
    for (const ref of new Set(refs)) {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      t.ok(name && doc.components?.schemas?.[name], `${ref} resolves`);
    }
  });

  await t.test('every route outside /docs has a summary, a unique operationId and response schemas', async (t) => {
    const routes = listRoutes(app).filter((r) => !r.path.startsWith('/docs'));
    t.ok(routes.some((r) => r.method === 'GET' && r.path === '/gbdfl/persons/:iin'), 'the route list is read from the router');
    t.ok(routes.some((r) => r.method === 'POST' && r.path === '/__admin/faults'));
    const operationIds = new Map<string, string>();
    const documented = new Set<Operation>();
    for (const { method, path } of routes) {
      const name = `${method} ${path}`;
      const operation = operationOf(doc, method, path);
      if (!operation) {
        t.fail(`${name} is missing from the OpenAPI document`);
        continue;
      }
      if (documented.has(operation)) continue; // the same route with and without its trailing slash
      documented.add(operation);
      t.ok(operation.summary?.trim(), `${name} has a summary`);
      t.match(operation.operationId, /^[a-z][A-Za-z0-9]+$/, `${name} has a camelCase operationId`);
      const earlier = operationIds.get(operation.operationId ?? '');
      t.notOk(earlier, `${name}: operationId ${operation.operationId} is not also used by ${earlier}`);
      operationIds.set(operation.operationId ?? '', name);
      const responses = Object.entries(operation.responses ?? {});
      t.ok(responses.some(([status]) => /^2\d\d$/.test(status)), `${name} documents its success response`);
      for (const [status, response] of responses) {
        const schemas = Object.values(response.content ?? {}).map((c) => c.schema);
        if (NO_CONTENT.has(status)) t.equal(schemas.length, 0, `${name} ${status} has no body`);
        else t.ok(schemas.length > 0 && schemas.every(Boolean), `${name} ${status} has a response schema`);
      }
    }
  });
});

t.test('/docs serves the Swagger UI as an HTML page', async (t) => {
  const app = await buildServer({ logger: false });
  t.teardown(() => app.close());
  let response = await app.inject('/docs');
  for (let hops = 0; hops < 3 && response.statusCode >= 300 && response.statusCode < 400; hops++) {
    response = await app.inject(new URL(String(response.headers.location), 'http://sandbox/docs').pathname);
  }
  t.equal(response.statusCode, 200);
  t.match(response.headers['content-type'], /^text\/html/);
  t.match(response.body, /<html/i);
  t.match(response.body, /swagger-ui/i);
});
