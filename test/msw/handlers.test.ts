/**
 * The msw handlers serve the sandbox in-process: the SDK (over fetch, which msw intercepts) logs in, submits a
 * happy path and a refusal and follows both to their outcome with no server listening.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { setupServer } from 'msw/node';
import { createSandboxHandlers } from '../../src/msw/index.js';
import { createClient, SandboxNetworkError, SandboxProblemError } from '../../src/sdk/index.js';

const SERVICE = 'legal-stats-admin-offence-info';

/** A port nothing listens on (bound, then released), so that only the handlers can answer it. */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

const baseUrl = `http://127.0.0.1:${await unusedPort()}`;
const sandbox = createSandboxHandlers({ baseUrl });
const server = setupServer(...sandbox);
server.listen({ onUnhandledRequest: 'error' });
t.teardown(async () => {
  server.close();
  await sandbox.close();
});

const client = createClient({ baseUrl, transport: 'fetch', tenant: 'msw-handlers' });

t.test('a happy path runs through the handlers with no server listening', async (t) => {
  t.same(await client.health(), { status: 'ok' });
  const session = await client.portal.login('900115300013');
  t.equal(session.iin, '900115300013');
  const submitted = await client.portal.submit({ service: SERVICE });
  t.equal(submitted.status, 'in-progress', 'the outcome waits for the virtual clock');
  t.equal(submitted.outcome, null);
  const done = await client.portal.followToOutcome(submitted.id);
  t.equal(done.status, 'completed');
  t.equal(done.outcome?.kind, 'result');
  t.ok(done.outcome?.citation.lines, 'the outcome carries its citation');
  t.ok(done.document?.signedXml.includes('Signature'), 'the result document is signed');
});

t.test('a refusal runs through the handlers: a revoked SIGN certificate', async (t) => {
  const revoked = (await client.admin.personas('cert-sign-revoked'))[0]!.iin as string;
  await client.portal.login(revoked);
  const submitted = await client.portal.submit({ service: SERVICE });
  const done = await client.portal.followToOutcome(submitted.id);
  t.equal(done.status, 'refused');
  t.equal(done.outcome?.kind, 'refusal');
  t.equal(done.outcome?.code, 'EDS_NOT_CONFIRMED');
  const codes = await client.portal.refusalCodes();
  t.ok(codes.some((c) => c.code === done.outcome?.code), 'the refusal code is listed by GET /portal/refusal-codes');
});

t.test('problems and binary downloads come through unchanged', async (t) => {
  const error = await client.gbdfl.person('123').catch((e: unknown) => e);
  t.type(error, SandboxProblemError);
  t.equal((error as SandboxProblemError).status, 400);
  const p12 = await client.pki.pkcs12('900115300013');
  const signer = await client.pki.signer('900115300013');
  t.ok(p12.length > 1000, 'the PKCS#12 bytes arrive whole');
  t.equal(signer.iin, '900115300013', 'and open with the documented password');
});

t.test('SOAP, test control and the app itself are reachable through the handlers', async (t) => {
  const client = createClient({ baseUrl, transport: 'fetch', tenant: 'msw-shep' });
  const answer = await client.shep.sendMessage<{ persons: { person: { iin: string } } }>({ serviceId: 'GBDFL_UniversalServiceSync', data: { iin: '900115300013' } });
  t.equal(answer.data.persons.person.iin, '900115300013', 'a SHEP call goes through as text/xml');
  const fault = await client.shep.sendMessage({ serviceId: 'NO_SUCH_SERVICE', data: {} }).catch((e: unknown) => e);
  t.equal((fault as { errorCode?: string }).errorCode, 'UNKNOWN_SERVICE');
  const journal = await client.admin.journal();
  t.same(
    journal.map((e) => e.status),
    ['SCSS001', 'UNKNOWN_SERVICE'],
    'the tenant journal saw both',
  );
  const app = await sandbox.app();
  t.equal(app.sandbox.tenants.get('msw-shep').journal.query({}).length, 2, 'the in-process app is the one answering');
});

t.test('prefixes limit what the handlers serve', async (t) => {
  const only = createSandboxHandlers({ baseUrl: 'http://only-gbdfl.test', prefixes: ['/gbdfl'] });
  t.teardown(() => only.close());
  server.use(...only);
  const limited = createClient({ baseUrl: 'http://only-gbdfl.test', transport: 'fetch', retries: false });
  t.equal((await limited.gbdfl.person('900115300013')).iin, '900115300013');
  await t.rejects(limited.health(), 'a path outside the prefixes is not answered by them');
  server.resetHandlers();
});

t.test('a prefix serves its own path as well as the paths under it', async (t) => {
  const only = createSandboxHandlers({ baseUrl: 'http://only-health.test', prefixes: ['/health', '/__admin/'] });
  t.teardown(async () => {
    server.resetHandlers();
    await only.close();
  });
  server.use(...only);
  const limited = createClient({ baseUrl: 'http://only-health.test', transport: 'fetch', tenant: 'msw-prefix', retries: false });
  t.same(await limited.health(), { status: 'ok' }, 'GET /health: the bare prefix path is served');
  t.equal((await limited.admin.clock()).frozen, false, 'GET /__admin/clock: a path under a prefix given with a slash');
  t.same(await limited.admin.journal(), [], 'GET /__admin/journal');
  await t.rejects(limited.gbdfl.person('900115300013'), 'a path outside the prefixes is not answered by them');
  const near = await fetch('http://only-health.test/healthz').catch((e: unknown) => e);
  t.type(near, Error, '/healthz is not under /health');
});

t.test('a sandbox that cannot start answers a problem, and is tried again on the next request', async (t) => {
  const broken = createSandboxHandlers({ baseUrl: 'http://broken.test', server: { personasDirs: ['/nonexistent/personas'] } });
  server.use(...broken);
  t.teardown(async () => {
    server.resetHandlers();
    await broken.close();
  });
  const failing = createClient({ baseUrl: 'http://broken.test', transport: 'fetch', retries: false });
  for (const attempt of [1, 2]) {
    const error = await failing.health().catch((e: unknown) => e);
    t.type(error, SandboxProblemError);
    t.equal((error as SandboxProblemError).code, 'SANDBOX_START_FAILED', `request ${attempt}`);
    t.notMatch((error as SandboxProblemError).problem.detail, /\n\s+at /, 'no stack trace');
  }
  await broken.close();
  await t.rejects(broken.app(), /closed/, 'closed handlers build nothing');
});

t.test("the handlers only see fetch: undici's own Agent is not intercepted, so it reaches no server", async (t) => {
  const direct = createClient({ baseUrl, tenant: 'msw-handlers', retries: false, timeoutMs: 5000 });
  t.teardown(() => direct.close());
  const error = await direct.health().catch((e: unknown) => e);
  t.type(error, SandboxNetworkError, 'nothing listens on the address the handlers serve');
});
