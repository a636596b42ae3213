import t from 'tap';
import { as, assertProblem, IIN, sandbox } from './helpers.js';

t.test('a malformed X-Sandbox-Tenant is 400 TENANT_INVALID on every route, and changes nothing', async (t) => {
  const app = await sandbox(t);
  for (const tenant of ['team a', 'bad/tenant', '-leading-dash', 'x'.repeat(65), 'тест']) {
    const lookup = assertProblem(t, await as(app, tenant, { method: 'GET', url: `/gbdfl/persons/${IIN}` }), 400, 'TENANT_INVALID');
    t.match(lookup.detail, /X-Sandbox-Tenant must match/, `${JSON.stringify(tenant)}: says what is allowed`);
  }
  assertProblem(t, await as(app, 'no spaces', { method: 'POST', url: '/__admin/faults', payload: { system: 'gbdfl', down: true } }), 400, 'TENANT_INVALID');
  t.same((await app.inject('/__admin/faults')).json().faults, {}, 'no fault was set anywhere');
  assertProblem(t, await as(app, 'no spaces', { method: 'GET', url: '/health' }), 400, 'TENANT_INVALID');
});

t.test('tenant names up to 64 letters, digits, dots, dashes and underscores are accepted', async (t) => {
  const app = await sandbox(t);
  for (const tenant of ['a', 'ci-run_42.shard-3', 'x'.repeat(64)]) {
    t.equal((await as(app, tenant, { method: 'GET', url: `/gbdfl/persons/${IIN}` })).statusCode, 200, tenant);
  }
});

t.test('an unknown route is 404 problem+json naming the method and path', async (t) => {
  const app = await sandbox(t);
  const body = assertProblem(t, await app.inject('/gbdfl/people/900115300013?x=1'), 404, 'NOT_FOUND');
  t.equal(body.detail, 'No route GET /gbdfl/people/900115300013');
  assertProblem(t, await app.inject({ method: 'DELETE', url: '/__admin/clock' }), 404, 'NOT_FOUND');
  assertProblem(t, await app.inject('/'), 404, 'NOT_FOUND');
});

t.test('a body that is not JSON is 400 problem+json, never a stack trace', async (t) => {
  const app = await sandbox(t);
  const broken = await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'content-type': 'application/json' }, payload: '{"advance": "P1D"' });
  assertProblem(t, broken, 400, 'BAD_REQUEST');
  const empty = await app.inject({ method: 'POST', url: '/__admin/faults', headers: { 'content-type': 'application/json' }, payload: '' });
  assertProblem(t, empty, 400, 'BAD_REQUEST');
  t.equal((await app.inject('/__admin/clock')).json().offsetMs, 0, 'the clock was not touched');
});

t.test('a body of the wrong type or kind gets 400, 415 or 413 problem+json', async (t) => {
  const app = await sandbox(t, { bodyLimit: 1024 });
  assertProblem(t, await app.inject({ method: 'POST', url: '/__admin/clock', payload: ['P1D'] }), 400, 'VALIDATION_FAILED');
  assertProblem(t, await app.inject({ method: 'POST', url: '/__admin/clock', payload: 'null', headers: { 'content-type': 'application/json' } }), 400, 'VALIDATION_FAILED');
  const text = await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'content-type': 'text/plain' }, payload: 'advance P1D' });
  t.match(assertProblem(t, text, 400, 'VALIDATION_FAILED').detail, /body: must be object/, 'plain text is read, then refused as not an object');
  const form = await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'advance=P1D' });
  assertProblem(t, form, 415, 'UNSUPPORTED_MEDIA_TYPE');
  const large = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { system: 'gbdfl', padding: 'x'.repeat(2048) } });
  assertProblem(t, large, 413, 'BODY_TOO_LARGE');
});

t.test('a malformed IIN is 400 IIN_INVALID; a well-formed unknown one 404 PERSON_NOT_FOUND', async (t) => {
  const app = await sandbox(t);
  t.match(assertProblem(t, await app.inject('/gbdfl/persons/900115300014'), 400, 'IIN_INVALID'), { fault: 'CHECK_DIGIT' });
  assertProblem(t, await app.inject('/gbdfl/persons/12345'), 400, 'IIN_INVALID');
  const unknown = assertProblem(t, await app.inject('/gbdfl/persons/900115300401'), 404, 'PERSON_NOT_FOUND');
  t.match(unknown.detail, /900115300401/);
});
