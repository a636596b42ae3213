/**
 * docs/systems/ais-su.md documents every problem code, serviceId and route of АИС СУ, and the gateway lists
 * the serviceIds.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { problemCatalogues } from '../../src/core/problem.js';
import { AISSU_SERVICE_IDS } from '../../src/systems/ais-su/shep.js';

const doc = readFileSync(new URL('../../docs/systems/ais-su.md', import.meta.url), 'utf8');
const app = await buildServer({ logger: false });
t.teardown(() => app.close());

t.test('every АИС СУ problem code is documented with its status', async (t) => {
  const catalogue = problemCatalogues().get('ais-su')!;
  t.ok(catalogue, 'the catalogue is registered');
  for (const [code, spec] of Object.entries(catalogue)) t.match(doc, `| \`${code}\` | ${spec.status} |`, code);
});

t.test('every АИС СУ serviceId is routed by the gateway, for system ais-su, and documented', async (t) => {
  const services = (await app.inject({ method: 'GET', url: '/shep/services' })).json().services as { serviceId: string; system: string; realName: boolean }[];
  for (const serviceId of Object.values(AISSU_SERVICE_IDS)) {
    t.match(services.find((s) => s.serviceId === serviceId), { system: 'ais-su', realName: false }, `${serviceId} is listed`);
    t.match(doc, `\`${serviceId}\``, `${serviceId} is documented`);
  }
});

t.test('every /ais-su route in the OpenAPI document is documented', async (t) => {
  const paths = Object.keys((await app.inject({ method: 'GET', url: '/docs/json' })).json().paths).filter((p) => p.startsWith('/ais-su/'));
  t.equal(paths.length, 5);
  for (const path of paths) t.match(doc, path, path);
});
