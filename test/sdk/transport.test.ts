/**
 * The SDK's transport as a user sees it: idempotent calls retried with backoff (counted by `onRetry`, by the
 * error's `request.attempts` and by the requests a server received), POSTs sent once unless they carry an
 * idempotency key, timeouts and network failures as typed errors, an injected undici dispatcher, tenants.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { MockAgent } from 'undici';
import { buildServer } from '../../src/server.js';
import {
  createClient,
  DEFAULT_RETRIES,
  SandboxNetworkError,
  SandboxProblemError,
  SandboxProtocolError,
  SandboxTimeoutError,
  type RetryEvent,
} from '../../src/sdk/index.js';

const app = await buildServer({ logger: false });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
t.teardown(() => app.close());

const FAST = { baseDelayMs: 1, maxDelayMs: 5 };

/** A local server that answers each request with the next of `statuses` (then 200), and records what it got. */
async function flakyServer(statuses: number[]): Promise<{ url: string; seen: IncomingMessage[]; server: Server }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    const status = statuses[seen.length - 1] ?? 200;
    res.writeHead(status, { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' });
    res.end(JSON.stringify(status < 400 ? { status: 'ok' } : { type: 'x', title: 'flaky', status, detail: 'try again', code: 'SYSTEM_UNAVAILABLE' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

t.test('an idempotent GET is retried against an injected errorRate fault, with the attempts observable', async (t) => {
  const events: RetryEvent[] = [];
  const client = createClient({ baseUrl, tenant: 'sdk-retries-fault', retries: { attempts: 4, ...FAST }, onRetry: (e) => events.push(e) });
  t.teardown(() => client.close());
  await client.admin.setFault('gbdfl', { errorRate: 1, seed: 7 });
  const error = await client.gbdfl.person('900115300013').catch((e: unknown) => e);
  t.type(error, SandboxProblemError);
  const problem = error as SandboxProblemError;
  t.equal(problem.status, 503);
  t.equal(problem.code, 'SYSTEM_UNAVAILABLE');
  t.equal(problem.request.attempts, 4, 'the error says how many attempts were made');
  t.same(
    events.map((e) => [e.attempt, e.status, e.method]),
    [
      [1, 503, 'GET'],
      [2, 503, 'GET'],
      [3, 503, 'GET'],
    ],
    'onRetry is told before each retry',
  );
  t.ok(events.every((e) => e.delayMs >= 0 && e.delayMs <= FAST.maxDelayMs), 'backoff stays under maxDelayMs');

  await client.admin.clearFault('gbdfl');
  const person = await client.gbdfl.person('900115300013');
  t.equal(person.iin, '900115300013', 'once the fault is cleared the call succeeds');
});

t.test('a GET that fails once is answered on the retry; the server sees two requests', async (t) => {
  const flaky = await flakyServer([503]);
  t.teardown(() => flaky.server.close());
  const client = createClient({ baseUrl: flaky.url, retries: FAST });
  t.teardown(() => client.close());
  t.same(await client.health(), { status: 'ok' });
  t.equal(flaky.seen.length, 2);
});

t.test('a POST is never retried; a POST with an idempotency key is', async (t) => {
  const flaky = await flakyServer([503, 503, 503, 503]);
  t.teardown(() => flaky.server.close());
  const client = createClient({ baseUrl: flaky.url, retries: { attempts: 3, ...FAST } });
  t.teardown(() => client.close());
  const error = await client.stateCorporation.deliverResult('F-1', { kind: 'result' }).catch((e: unknown) => e);
  t.equal((error as SandboxProblemError).status, 503);
  t.equal((error as SandboxProblemError).request.attempts, 1);
  t.equal(flaky.seen.length, 1, 'the server got the POST once');

  const keyed = await client.payments.pay('PAY1', {}, { idempotencyKey: 'pay-1' }).catch((e: unknown) => e);
  t.equal((keyed as SandboxProblemError).request.attempts, 3, 'a keyed POST is retried');
  t.equal(flaky.seen.length, 4, 'the server got it three times');
  t.ok(flaky.seen.slice(1).every((r) => r.headers['idempotency-key'] === 'pay-1'), 'each time with the key');
});

t.test('a retried payment with an idempotency key is charged once by the sandbox', async (t) => {
  const client = createClient({ baseUrl, tenant: 'sdk-idempotent-pay', retries: FAST });
  t.teardown(() => client.close());
  const invoice = await client.payments.createInvoice({ payerIin: '900115300013', amount: 12966, serviceSlug: 'advocate-license', applicationId: 'APP-X-1' }, { idempotencyKey: 'create-1' });
  const first = await client.payments.pay(invoice.id as string, {}, { idempotencyKey: 'pay-1' });
  const second = await client.payments.pay(invoice.id as string, {}, { idempotencyKey: 'pay-1' });
  t.equal(first.status, 'CONFIRMED');
  t.same(second, first, 'the same answer again');
  const ledger = await client.payments.transactions(invoice.id as string);
  const charged = (ledger.transactions as { outcome: string }[]).filter((x) => x.outcome === 'charged');
  t.equal(charged.length, 1, 'charged once');
  t.equal((await client.payments.invoice(invoice.id as string)).status, 'CONFIRMED');
});

t.test('retries: false and retries: 1 send once', async (t) => {
  const flaky = await flakyServer([503, 503]);
  t.teardown(() => flaky.server.close());
  const client = createClient({ baseUrl: flaky.url, retries: false });
  t.teardown(() => client.close());
  await t.rejects(client.health(), { name: 'SandboxProblemError', status: 503 });
  const once = client.with({ retries: 1 });
  await t.rejects(once.health(), { name: 'SandboxProblemError', status: 503 });
  t.equal(flaky.seen.length, 2);
  t.equal(client.options.retries.attempts, 1);
  t.equal(createClient().options.retries.attempts, DEFAULT_RETRIES.attempts, 'the default is documented as DEFAULT_RETRIES');
});

t.test('a slow system gives a SandboxTimeoutError after timeoutMs, retried like any idempotent call', async (t) => {
  const events: RetryEvent[] = [];
  const client = createClient({ baseUrl, tenant: 'sdk-timeouts', timeoutMs: 150, retries: { attempts: 2, ...FAST }, onRetry: (e) => events.push(e) });
  t.teardown(() => client.close());
  await client.admin.setFault('gbdfl', { latencyMs: 1000 });
  const error = await client.gbdfl.person('900115300013').catch((e: unknown) => e);
  t.type(error, SandboxTimeoutError);
  const timeout = error as SandboxTimeoutError;
  t.equal(timeout.name, 'SandboxTimeoutError');
  t.equal(timeout.code, 'SANDBOX_TIMEOUT');
  t.equal(timeout.timeoutMs, 150);
  t.equal(timeout.request.attempts, 2);
  t.equal(events.length, 1);
  t.type(events[0]!.error, SandboxTimeoutError, 'the retry event carries the timeout');
  await client.with({ timeoutMs: 10_000 }).admin.clearFault('gbdfl');
});

t.test('a refused connection is a SandboxNetworkError', async (t) => {
  const flaky = await flakyServer([]);
  await new Promise((resolve) => flaky.server.close(resolve));
  const client = createClient({ baseUrl: flaky.url, retries: { attempts: 2, ...FAST } });
  t.teardown(() => client.close());
  const error = await client.health().catch((e: unknown) => e);
  t.type(error, SandboxNetworkError);
  t.equal((error as SandboxNetworkError).code, 'SANDBOX_NETWORK');
  t.equal((error as SandboxNetworkError).request.attempts, 2, 'network errors are retried');
  t.ok((error as SandboxNetworkError).cause, 'the underlying error is the cause');
});

t.test('an injected undici dispatcher (MockAgent) carries the calls', async (t) => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get('http://sandbox.test');
  pool.intercept({ path: '/gbdfl/persons/900115300013', method: 'GET' }).reply(502, 'bad gateway');
  pool
    .intercept({ path: '/gbdfl/persons/900115300013', method: 'GET', headers: { 'x-sandbox-tenant': 'mocked' } })
    .reply(200, { iin: '900115300013' }, { headers: { 'content-type': 'application/json' } });
  pool.intercept({ path: '/portal/sessions', method: 'POST' }).reply(502, 'bad gateway');
  pool.intercept({ path: '/health', method: 'GET' }).reply(200, { status: 'ok' }, { headers: { 'content-type': 'application/json' } });
  const client = createClient({ baseUrl: 'http://sandbox.test', tenant: 'mocked', dispatcher: agent, retries: FAST });
  t.teardown(() => agent.close());
  t.same(await client.gbdfl.person('900115300013'), { iin: '900115300013' }, 'the 502 is retried, the tenant header sent');
  const error = await client.portal.login('900115300013', 'x').catch((e: unknown) => e);
  t.equal((error as SandboxProblemError).code, 'HTTP_502', 'an error answer that is not a problem gets HTTP_<status>');
  t.equal((error as SandboxProblemError).request.attempts, 1);
  await client.close();
  const next = createClient({ baseUrl: 'http://sandbox.test', dispatcher: agent });
  t.same(await next.health(), { status: 'ok' }, 'closing the client leaves an injected dispatcher open');
  agent.assertNoPendingInterceptors();
});

t.test('tenants keep faults apart, and with() shares the pool', async (t) => {
  const client = createClient({ baseUrl, tenant: 'sdk-tenant-a', retries: false });
  t.teardown(() => client.close());
  const other = client.withTenant('sdk-tenant-b');
  await client.admin.setFault('gbdfl', { down: true });
  await t.rejects(client.gbdfl.person('900115300013'), { code: 'SYSTEM_UNAVAILABLE' });
  t.equal((await other.gbdfl.person('900115300013')).iin, '900115300013', 'the other tenant is not affected');
  t.equal(other.options.tenant, 'sdk-tenant-b');
  await client.admin.reset();
  t.equal((await client.gbdfl.person('900115300013')).iin, '900115300013', 'reset clears the fault');
  await other.close();
  t.same(await client.health(), { status: 'ok' }, "closing a derived client does not close the parent's pool");
});

t.test('bad options are refused at once', async (t) => {
  t.throws(() => createClient({ baseUrl: 'ftp://x' }), TypeError);
  t.throws(() => createClient({ timeoutMs: 0 }), TypeError);
  t.throws(() => createClient({ retries: { attempts: 0 } }), TypeError);
  t.throws(() => createClient({ transport: 'xhr' as never }), TypeError);
  const client = createClient();
  t.equal(client.options.baseUrl, 'http://127.0.0.1:8080');
  t.equal(client.options.timeoutMs, 30_000);
  await client.close();
  await t.rejects(client.health(), SandboxNetworkError, 'a closed client refuses calls');
});

t.test('every option is checked at createClient (and with()): a TypeError naming the option', async (t) => {
  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['retries: NaN would retry forever', { retries: Number.NaN }, /^retries must be an integer >= 1/],
    ['retries: Infinity', { retries: Number.POSITIVE_INFINITY }, /^retries must be an integer >= 1/],
    ['retries: 2.5', { retries: 2.5 }, /^retries must be an integer >= 1/],
    ['retries: 0', { retries: 0 }, /^retries must be an integer >= 1/],
    ['retries: true', { retries: true }, /^retries must be/],
    ['retries.attempts: NaN', { retries: { attempts: Number.NaN } }, /^retries\.attempts must be an integer >= 1/],
    ['retries.attempts: Infinity', { retries: { attempts: Number.POSITIVE_INFINITY } }, /^retries\.attempts /],
    ['retries.baseDelayMs: -1', { retries: { baseDelayMs: -1 } }, /^retries\.baseDelayMs must be a number of ms from 0 to 2147483647/],
    ['retries.baseDelayMs: NaN', { retries: { baseDelayMs: Number.NaN } }, /^retries\.baseDelayMs /],
    ['retries.maxDelayMs: Infinity', { retries: { maxDelayMs: Number.POSITIVE_INFINITY } }, /^retries\.maxDelayMs /],
    ['retries.maxDelayMs above the timer limit', { retries: { maxDelayMs: 2 ** 31 } }, /^retries\.maxDelayMs /],
    ['retries.maxDelayMs as a string', { retries: { maxDelayMs: '100' } }, /^retries\.maxDelayMs /],
    ['retries.statuses not an array', { retries: { statuses: 503 } }, /^retries\.statuses must be an array of HTTP statuses/],
    ['retries.statuses with a string', { retries: { statuses: ['503'] } }, /^retries\.statuses /],
    ['retries.statuses out of range', { retries: { statuses: [99] } }, /^retries\.statuses /],
    ['retries with an unknown key', { retries: { attempt: 5 } }, /^retries\.attempt is not an option/],
    ['timeoutMs: NaN', { timeoutMs: Number.NaN }, /^timeoutMs must be a number of ms above 0 and at most 2147483647/],
    ['timeoutMs: Infinity', { timeoutMs: Number.POSITIVE_INFINITY }, /^timeoutMs /],
    ['timeoutMs above 2^31-1 ms (Node would fire it at once)', { timeoutMs: 2 ** 31 }, /^timeoutMs /],
    ['timeoutMs: -5', { timeoutMs: -5 }, /^timeoutMs /],
    ['connections: 0', { connections: 0 }, /^connections must be an integer >= 1/],
    ['tenant: empty', { tenant: '' }, /^tenant must be a non-empty string/],
    ['baseUrl: not a URL', { baseUrl: 'not a url' }, /^baseUrl must be an absolute http\(s\) URL/],
    ['fetch: not a function', { transport: 'fetch', fetch: 'fetch' }, /^fetch must be a function/],
    ['onRetry: not a function', { onRetry: 1 }, /^onRetry must be a function/],
    ['headers: a value not a string', { headers: { 'x-a': 1 } }, /^headers\.x-a must be a string/],
    ['dispatcher: not a dispatcher', { dispatcher: {} }, /^dispatcher must be an undici Dispatcher/],
  ];
  for (const [what, options, message] of refused) {
    t.throws(() => createClient(options as never), { name: 'TypeError', message }, what);
  }
  const client = createClient({ retries: { attempts: 2, baseDelayMs: 0, maxDelayMs: 2 ** 31 - 1, statuses: [429] }, timeoutMs: 2 ** 31 - 1 });
  t.same(client.options.retries, { attempts: 2, baseDelayMs: 0, maxDelayMs: 2 ** 31 - 1, statuses: [429] }, 'the limits themselves are accepted');
  t.throws(() => client.with({ retries: Number.NaN }), { name: 'TypeError', message: /^retries / }, 'with() checks its overrides too');
  t.throws(() => client.with({ timeoutMs: 2 ** 31 }), { name: 'TypeError', message: /^timeoutMs / });
  await client.close();
});

t.test('each client holds its own frozen retry statuses: no client, and no caller, changes another', async (t) => {
  const mine = [502, 503];
  const a = createClient({ retries: { statuses: mine } });
  const b = createClient();
  const c = createClient();
  t.teardown(async () => Promise.all([a.close(), b.close(), c.close()]));
  t.not(b.options.retries.statuses, DEFAULT_RETRIES.statuses, 'a copy, not the default array');
  t.not(b.options.retries.statuses, c.options.retries.statuses, 'one copy per client');
  t.throws(() => (b.options.retries.statuses as number[]).push(500), TypeError, "a client's statuses cannot be changed");
  t.throws(() => (DEFAULT_RETRIES.statuses as number[]).push(500), TypeError, 'nor the default ones');
  t.same(c.options.retries.statuses, [502, 503, 504], 'the other client keeps the default');
  t.same(DEFAULT_RETRIES.statuses, [502, 503, 504]);
  mine.push(504);
  t.same(a.options.retries.statuses, [502, 503], "changing the caller's array later does not change the client");

  // And as a server sees it: a 500 is not retried by a client whose neighbour tried to add it.
  const flaky = await flakyServer([500, 500]);
  t.teardown(() => flaky.server.close());
  const d = createClient({ baseUrl: flaky.url, retries: FAST });
  t.teardown(() => d.close());
  await t.rejects(d.health(), { name: 'SandboxProblemError', status: 500 });
  t.equal(flaky.seen.length, 1, 'sent once: 500 is not a retried status');
});

t.test('a success answer that is not JSON (a wrong baseUrl serving HTML) is a SandboxProtocolError', async (t) => {
  const html = `<!doctype html><html><head><title>Not the sandbox</title></head><body>${'x'.repeat(500)}</body></html>`;
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const transport of ['undici', 'fetch'] as const) {
    const client = createClient({ baseUrl: url, transport, retries: FAST });
    t.teardown(() => client.close());
    const error = await client.gbdfl.person('900115300013').catch((e: unknown) => e);
    t.type(error, SandboxProtocolError, transport);
    const bad = error as SandboxProtocolError;
    t.equal(bad.name, 'SandboxProtocolError');
    t.equal(bad.code, 'SANDBOX_BAD_RESPONSE');
    t.equal(bad.status, 200);
    t.equal(bad.contentType, 'text/html; charset=utf-8');
    t.equal(bad.bodyStart, html.slice(0, 200), 'the first 200 characters of the body');
    t.type(bad.cause, SyntaxError, 'the parse error is the cause');
    t.same(bad.request, { method: 'GET', path: '/gbdfl/persons/900115300013', attempts: 1 }, 'a 200 is not retried');
    t.match(bad.message, /answered 200 \(text\/html; charset=utf-8\) that is not JSON: "<!doctype html>/);
  }
  t.equal(seen.length, 2, 'one request per transport');
});
