import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { as, sandbox } from './helpers.js';

const clockOf = async (app: FastifyInstance, tenant: string) => (await as(app, tenant, { method: 'GET', url: '/__admin/clock' })).json();
const faultsOf = async (app: FastifyInstance, tenant: string) => (await as(app, tenant, { method: 'GET', url: '/__admin/faults' })).json().faults;

/** Gives a tenant state: a clock moved and frozen, and a fault. */
async function dirty(app: FastifyInstance, tenant: string): Promise<void> {
  await as(app, tenant, { method: 'POST', url: '/__admin/clock', payload: { advance: 'P10D', freeze: true } });
  await as(app, tenant, { method: 'POST', url: '/__admin/faults', payload: { system: 'gbdfl', down: true } });
}

t.test("POST /__admin/reset forgets the calling tenant's state only", async (t) => {
  const app = await sandbox(t, { realNow: () => Date.parse('2026-01-10T08:00:00Z') });
  await dirty(app, 'team-a');
  await dirty(app, 'team-b');
  const reset = await as(app, 'team-a', { method: 'POST', url: '/__admin/reset' });
  t.equal(reset.statusCode, 200);
  t.same(reset.json(), { reset: ['team-a'] });

  t.same(await clockOf(app, 'team-a'), { now: '2026-01-10T08:00:00.000Z', offsetMs: 0, frozen: false }, 'team-a: clock back to real time');
  t.same(await faultsOf(app, 'team-a'), {}, 'team-a: no fault');
  t.same(await clockOf(app, 'team-b'), { now: '2026-01-20T08:00:00.000Z', offsetMs: 10 * 86_400_000, frozen: true }, 'team-b keeps its clock');
  t.match(await faultsOf(app, 'team-b'), { gbdfl: { down: true } }, 'and its fault');
});

t.test('without the header, reset applies to the default tenant', async (t) => {
  const app = await sandbox(t);
  await dirty(app, 'default');
  await dirty(app, 'team-a');
  t.same((await app.inject({ method: 'POST', url: '/__admin/reset' })).json(), { reset: ['default'] });
  t.same(await faultsOf(app, 'default'), {});
  t.match(await faultsOf(app, 'team-a'), { gbdfl: { down: true } });
});

t.test('POST /__admin/reset?all=true forgets every tenant and names them', async (t) => {
  const app = await sandbox(t);
  await dirty(app, 'team-a');
  await dirty(app, 'team-b');
  const reset = await as(app, 'team-a', { method: 'POST', url: '/__admin/reset?all=true' });
  t.equal(reset.statusCode, 200);
  t.same([...reset.json().reset].sort(), ['team-a', 'team-b']);
  for (const tenant of ['team-a', 'team-b']) {
    t.same(await faultsOf(app, tenant), {}, `${tenant}: no fault`);
    t.equal((await clockOf(app, tenant)).frozen, false, `${tenant}: clock running`);
  }
});

t.test('reset?all=false resets only the calling tenant; a non-boolean all is refused', async (t) => {
  const app = await sandbox(t);
  await dirty(app, 'team-a');
  await dirty(app, 'team-b');
  t.same((await as(app, 'team-b', { method: 'POST', url: '/__admin/reset?all=false' })).json(), { reset: ['team-b'] });
  t.match(await faultsOf(app, 'team-a'), { gbdfl: { down: true } });
  const bad = await as(app, 'team-a', { method: 'POST', url: '/__admin/reset?all=everything' });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().code, 'VALIDATION_FAILED');
  t.match(await faultsOf(app, 'team-a'), { gbdfl: { down: true } }, 'nothing was reset');
});
