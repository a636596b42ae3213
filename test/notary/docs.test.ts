/**
 * docs/systems/notary.md documents every problem code, serviceId and route of БНАЖ, and the
 * gateway lists the serviceIds.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { problemCatalogues } from '../../src/core/problem.js';
import { buildServer } from '../../src/server.js';
import { NOTARY_SERVICE_IDS } from '../../src/systems/notary/shep.js';

const doc = readFileSync(new URL('../../docs/systems/notary.md', import.meta.url), 'utf8');
const app = await buildServer({ logger: false });
t.teardown(() => app.close());

t.test('every notary problem code is documented with its status', async (t) => {
  const catalogue = problemCatalogues().get('notary')!;
  t.ok(catalogue, 'the catalogue is registered');
  for (const [code, spec] of Object.entries(catalogue)) t.match(doc, `| \`${code}\` | ${spec.status} |`, code);
});

t.test('every notary serviceId is routed by the gateway, for system notary, and documented', async (t) => {
  const services = (await app.inject({ method: 'GET', url: '/shep/services' })).json().services as { serviceId: string; system: string }[];
  for (const serviceId of Object.values(NOTARY_SERVICE_IDS)) {
    t.match(services.find((s) => s.serviceId === serviceId), { system: 'notary', realName: false }, `${serviceId} is listed`);
    t.match(doc, `\`${serviceId}\``, `${serviceId} is documented`);
  }
});

t.test('every /notary route in the OpenAPI document is documented', async (t) => {
  const paths = Object.keys((await app.inject({ method: 'GET', url: '/docs/json' })).json().paths).filter((p) => p.startsWith('/notary/'));
  t.equal(paths.length, 3);
  for (const path of paths) t.match(doc, path, path);
});
