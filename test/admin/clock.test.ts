import t from 'tap';
import { as, assertProblem, sandbox } from './helpers.js';
import { buildServer } from '../../src/server.js';

const START = Date.parse('2026-01-10T08:00:00.000Z');
const HOUR = 3_600_000;

/** A sandbox whose real time stands still unless the test moves it. */
async function clockedSandbox(t: Parameters<typeof sandbox>[0]) {
  const time = { real: START };
  const app = await sandbox(t, { realNow: () => time.real });
  const get = async (tenant?: string) => (await as(app, tenant, { method: 'GET', url: '/__admin/clock' })).json();
  const post = (body: unknown, tenant?: string) => as(app, tenant, { method: 'POST', url: '/__admin/clock', payload: body as object });
  return { app, time, get, post };
}

t.test('GET /__admin/clock gives the virtual now, the offset and whether it is frozen', async (t) => {
  const { get } = await clockedSandbox(t);
  t.same(await get(), { now: '2026-01-10T08:00:00.000Z', offsetMs: 0, frozen: false });
});

t.test('POST set moves the clock to an instant, and it runs on from there', async (t) => {
  const { time, get, post } = await clockedSandbox(t);
  const set = await post({ set: '2026-03-01T09:00:00Z' });
  t.equal(set.statusCode, 200);
  t.same(set.json(), { now: '2026-03-01T09:00:00.000Z', offsetMs: Date.parse('2026-03-01T09:00:00Z') - START, frozen: false });
  time.real += 90_000;
  t.equal((await get()).now, '2026-03-01T09:01:30.000Z');
});

t.test('POST advance takes ISO durations (P15D, PT2H30M) and advanceMs', async (t) => {
  const { post } = await clockedSandbox(t);
  t.equal((await post({ advance: 'P15D' })).json().now, '2026-01-25T08:00:00.000Z');
  t.equal((await post({ advance: 'PT2H30M' })).json().now, '2026-01-25T10:30:00.000Z');
  t.equal((await post({ advanceMs: 45_000 })).json().now, '2026-01-25T10:30:45.000Z');
  const both = await post({ advance: 'P1D', advanceMs: HOUR });
  t.equal(both.json().now, '2026-01-26T11:30:45.000Z', 'advance and advanceMs add up');
  t.equal(both.json().offsetMs, Date.parse('2026-01-26T11:30:45.000Z') - START);
});

t.test('freeze stops the virtual clock while real time passes; resume lets it run from there', async (t) => {
  const { time, get, post } = await clockedSandbox(t);
  const frozen = await post({ set: '2026-02-01T00:00:00Z', freeze: true });
  t.same(frozen.json().frozen, true);
  time.real += 10 * 60_000;
  t.same(await get(), { now: '2026-02-01T00:00:00.000Z', offsetMs: Date.parse('2026-02-01T00:00:00Z') - time.real, frozen: true });
  t.equal((await post({ advance: 'PT1H' })).json().now, '2026-02-01T01:00:00.000Z', 'a frozen clock advances when told');
  const resumed = await post({ freeze: false });
  t.same(resumed.json().frozen, false);
  time.real += 5000;
  t.equal((await get()).now, '2026-02-01T01:00:05.000Z', 'running again from the frozen instant');
});

t.test('each tenant has its own clock', async (t) => {
  const { get, post } = await clockedSandbox(t);
  await post({ advance: 'P30D' }, 'team-a');
  t.equal((await get('team-a')).now, '2026-02-09T08:00:00.000Z');
  t.equal((await get('team-b')).now, '2026-01-10T08:00:00.000Z', 'another tenant is untouched');
  t.equal((await get()).now, '2026-01-10T08:00:00.000Z', 'so is the default tenant');
});

t.test('a bad duration is 400 CLOCK_INVALID and changes nothing', async (t) => {
  const { get, post } = await clockedSandbox(t);
  for (const advance of ['15 days', 'P15', 'P1W', 'PT', '-P1D']) {
    const body = assertProblem(t, await post({ advance }), 400, 'CLOCK_INVALID');
    t.match(body.detail, /ISO 8601 duration/, `${advance}: says what is expected`);
  }
  assertProblem(t, await post({ set: '2030-01-01T00:00:00Z', advance: 'soon', freeze: true }), 400, 'CLOCK_INVALID');
  t.same(await get(), { now: '2026-01-10T08:00:00.000Z', offsetMs: 0, frozen: false }, 'not set, not frozen: the whole request is refused');
});

t.test('an empty, unknown or mistyped clock change is 400 VALIDATION_FAILED', async (t) => {
  const { app, get, post } = await clockedSandbox(t);
  assertProblem(t, await post({}), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'POST', url: '/__admin/clock' }), 400, 'VALIDATION_FAILED');
  const unknown = assertProblem(t, await post({ travel: 'P1D' }), 400, 'VALIDATION_FAILED');
  t.match(unknown.detail, /additional properties/i);
  const mistyped = assertProblem(t, await post({ advanceMs: 'soon' }), 400, 'VALIDATION_FAILED');
  t.match(mistyped.detail, /advanceMs/);
  t.ok(Array.isArray(mistyped.errors), 'the errors are listed one by one');
  assertProblem(t, await post({ set: 'next tuesday' }), 400, 'VALIDATION_FAILED');
  t.same(await get(), { now: '2026-01-10T08:00:00.000Z', offsetMs: 0, frozen: false }, 'unchanged');
});

t.test('set with freeze freezes at exactly the instant asked for, even while real time moves', async (t) => {
  // Real time advances one second each time the sandbox reads it, so any read between set and freeze would show.
  let real = START;
  const app = await sandbox(t, { realNow: () => (real += 1000) });
  const frozen = await app.inject({ method: 'POST', url: '/__admin/clock', payload: { set: '2027-03-01T09:00:00Z', freeze: true } });
  t.equal(frozen.json().now, '2027-03-01T09:00:00.000Z');
  t.equal((await app.inject('/__admin/clock')).json().now, '2027-03-01T09:00:00.000Z', 'and stays there');
});

t.test('a clock change past what a date can hold is refused, and the clock stays where it was', async (t) => {
  const { get, post } = await clockedSandbox(t);
  for (const body of [{ advanceMs: 1e300 }, { advance: 'P999999999D' }, { set: '2030-01-01T00:00:00Z', advance: 'P99999999D' }, { set: '2016-12-31T23:59:60Z' }]) {
    const res = await post(body);
    t.equal(res.statusCode, 400, JSON.stringify(body));
    t.match(res.json().code, /^(CLOCK_INVALID|VALIDATION_FAILED)$/);
  }
  t.equal((await get()).now, '2026-01-10T08:00:00.000Z', 'unchanged');
});

t.test('the clock advances by calendar months and years, the day clamped to the month end', async (t) => {
  const app = await buildServer({ logger: false });
  t.teardown(() => app.close());
  const headers = { 'x-sandbox-tenant': 'calendar-periods' };
  const set = await app.inject({ method: 'POST', url: '/__admin/clock', headers, payload: { set: '2026-01-31T10:00:00.000Z', freeze: true } });
  t.equal(set.statusCode, 200);
  const month = await app.inject({ method: 'POST', url: '/__admin/clock', headers, payload: { advance: 'P1M' } });
  t.equal(month.json().now, '2026-02-28T10:00:00.000Z', '31 January + 1 month = 28 February');
  const years = await app.inject({ method: 'POST', url: '/__admin/clock', headers, payload: { advance: 'P2Y1DT2H' } });
  t.equal(years.json().now, '2028-02-29T12:00:00.000Z', '+2 years, 1 day and 2 hours');
  const bad = await app.inject({ method: 'POST', url: '/__admin/clock', headers, payload: { advance: 'P1W' } });
  t.equal(bad.statusCode, 400);
  t.equal(bad.json().code, 'CLOCK_INVALID');
  const state = await app.inject({ method: 'GET', url: '/__admin/clock', headers });
  t.equal(state.json().now, '2028-02-29T12:00:00.000Z', 'a refused change changes nothing');
});
