import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { as, assertProblem, IIN, sandbox } from './helpers.js';

const setFault = (app: FastifyInstance, tenant: string | undefined, body: object) => as(app, tenant, { method: 'POST', url: '/__admin/faults', payload: body });
const lookUp = (app: FastifyInstance, tenant?: string) => as(app, tenant, { method: 'GET', url: `/gbdfl/persons/${IIN}` });
const activeFaults = async (app: FastifyInstance, tenant?: string) => (await as(app, tenant, { method: 'GET', url: '/__admin/faults' })).json().faults;

t.test('GET /__admin/faults lists no fault at first, and the systems that can take one', async (t) => {
  const app = await sandbox(t);
  const body = (await app.inject('/__admin/faults')).json();
  t.same(body.faults, {});
  t.match(body.systems, { gbdfl: String, 'ais-su': String, notary: String, payments: String });
});

t.test('gbdfl down in one tenant: its lookups get 503 SYSTEM_UNAVAILABLE; other tenants still get the person', async (t) => {
  const app = await sandbox(t);
  const set = await setFault(app, 'team-a', { system: 'gbdfl', down: true });
  t.equal(set.statusCode, 200);
  t.match(set.json(), { faults: { gbdfl: { down: true } } });

  const refused = assertProblem(t, await lookUp(app, 'team-a'), 503, 'SYSTEM_UNAVAILABLE');
  t.match(refused, { system: 'gbdfl', fault: 'down' });
  t.match(refused.detail, /gbdfl/);

  for (const other of ['team-b', undefined]) {
    const served = await lookUp(app, other);
    t.equal(served.statusCode, 200, `${other ?? 'the default tenant'} is served`);
    t.equal(served.json().iin, IIN);
  }
  t.same(await activeFaults(app, 'team-b'), {}, 'and sees no fault');
});

t.test('a timeout fault surfaces as 503 with fault "timeout"', async (t) => {
  const app = await sandbox(t);
  await setFault(app, undefined, { system: 'gbdfl', timeout: true });
  t.match(assertProblem(t, await lookUp(app), 503, 'SYSTEM_UNAVAILABLE'), { fault: 'timeout' });
});

t.test('fields not given keep their value', async (t) => {
  const app = await sandbox(t);
  await setFault(app, undefined, { system: 'gbdfl', latencyMs: 5 });
  const both = await setFault(app, undefined, { system: 'gbdfl', errorRate: 0.25, seed: 9 });
  t.same(both.json().faults.gbdfl, { down: false, latencyMs: 5, timeout: false, errorRate: 0.25, seed: 9 });
});

t.test('an error rate with a seed gives the same outcomes again after a reset', async (t) => {
  const app = await sandbox(t);
  const run = async (seed: number): Promise<number[]> => {
    await as(app, 'flaky', { method: 'POST', url: '/__admin/reset' });
    await setFault(app, 'flaky', { system: 'gbdfl', errorRate: 0.5, seed });
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++) statuses.push((await lookUp(app, 'flaky')).statusCode);
    return statuses;
  };
  const first = await run(2026);
  t.ok(first.includes(200) && first.includes(503), `both outcomes occur: ${first.join(' ')}`);
  t.same(new Set(first), new Set([200, 503]), 'and nothing else');
  t.same(await run(2026), first, 'the same seed repeats the same sequence');
  t.not((await run(11)).join(' '), first.join(' '), 'another seed gives another sequence');
});

t.test('an unknown system is 400 SYSTEM_UNKNOWN naming the systems, and nothing is set', async (t) => {
  const app = await sandbox(t);
  const body = assertProblem(t, await setFault(app, undefined, { system: 'gbdul', down: true }), 400, 'SYSTEM_UNKNOWN');
  t.match(body.detail, /"gbdul" is not a system/);
  t.match(body.detail, /gbdfl/);
  t.same(await activeFaults(app), {});
});

t.test('an out-of-range or unknown field is 400 VALIDATION_FAILED, and nothing is set', async (t) => {
  const app = await sandbox(t);
  for (const body of [{ system: 'gbdfl', errorRate: 1.5 }, { system: 'gbdfl', latencyMs: -1 }, { system: 'gbdfl', broken: true }, { down: true }]) {
    assertProblem(t, await setFault(app, undefined, body), 400, 'VALIDATION_FAILED');
  }
  t.same(await activeFaults(app), {});
});

t.test('clear removes one system fault; system "*" with clear removes them all', async (t) => {
  const app = await sandbox(t);
  await setFault(app, undefined, { system: 'gbdfl', down: true });
  await setFault(app, undefined, { system: 'notary', timeout: true });
  const one = await setFault(app, undefined, { system: 'gbdfl', clear: true });
  t.same(Object.keys(one.json().faults), ['notary']);
  t.equal((await lookUp(app)).statusCode, 200, 'gbdfl answers again');
  const all = await setFault(app, undefined, { system: '*', clear: true });
  t.same(all.json().faults, {});
  t.same(await activeFaults(app), {});
});
