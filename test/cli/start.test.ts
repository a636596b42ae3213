import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { generateIin } from '../../src/core/iin.js';
import { BUNDLED_PERSONAS_DIR, loadPersonaDir } from '../../src/personas/loader.js';
import { RunningSandbox } from './run-cli.js';

const IIN = '900115300013';

t.test('start --port 0 serves on a free port, logs its URL as JSON, and shuts down gracefully on SIGTERM', async (t) => {
  const { sandbox, url } = await RunningSandbox.start(['--port', '0']);
  t.teardown(() => sandbox.kill());
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'the logged URL names loopback and the port chosen');
  t.not(new URL(url).port, '0');

  const health = await fetch(`${url}/health`);
  t.equal(health.status, 200);
  t.same(await health.json(), { status: 'ok' });

  const fault = await fetch(`${url}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'gbdfl', latencyMs: 1500 }),
  });
  t.equal(fault.status, 200, 'the latency fault is accepted');

  const slow = fetch(`${url}/gbdfl/persons/${IIN}`);
  // The server has the request once it logs it; then the signal arrives while it is in flight.
  await sandbox.waitFor((l) => l.msg === 'incoming request' && (l.req as { url?: string } | undefined)?.url === `/gbdfl/persons/${IIN}`);
  sandbox.child.kill('SIGTERM');

  const response = await slow;
  t.equal(response.status, 200, 'the request in flight is answered');
  t.equal(response.headers.get('connection'), 'close', 'and its keep-alive connection is closed after it, not left open');
  t.equal(((await response.json()) as { iin: string }).iin, IIN);
  t.same(await sandbox.exited, { code: 0, signal: null }, 'the process exits 0');

  const messages = sandbox.logs.map((l) => l.msg);
  t.ok(messages.some((m) => /shutting down/.test(m ?? '')), 'it logs that it is shutting down');
  t.equal(messages.at(-1), 'stopped', 'and that it stopped, last');
  t.equal(sandbox.logs.find((l) => l.msg === 'shutting down: no new connections; waiting for requests in flight')?.signal, 'SIGTERM');
  t.same(sandbox.notJson, [], 'every stdout line is a JSON log line');
  t.equal(sandbox.stderr, '', 'nothing on stderr');
});

t.test('a second signal exits at once, without waiting for the request in flight', async (t) => {
  const { sandbox, url } = await RunningSandbox.start(['--port', '0']);
  t.teardown(() => sandbox.kill());
  await fetch(`${url}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'gbdfl', latencyMs: 30_000 }),
  });
  const slow = fetch(`${url}/gbdfl/persons/${IIN}`).then(
    (r) => `answered ${r.status}`,
    () => 'connection lost',
  );
  await sandbox.waitFor((l) => l.msg === 'incoming request' && (l.req as { url?: string } | undefined)?.url === `/gbdfl/persons/${IIN}`);
  sandbox.child.kill('SIGINT');
  await sandbox.waitFor((l) => /shutting down/.test(l.msg ?? ''));
  sandbox.child.kill('SIGINT');
  t.same(await sandbox.exited, { code: 130, signal: null }, 'exit code 128 + SIGINT');
  t.equal(await slow, 'connection lost', 'the request in flight is dropped');
  t.ok(sandbox.logs.some((l) => /second signal/.test(l.msg ?? '')), 'it logs why it did not wait');
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

t.test('PORT and HOST from the environment are used when no flag is given', async (t) => {
  const port = await freePort();
  const { sandbox, url } = await RunningSandbox.start([], { PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' });
  t.teardown(() => sandbox.kill());
  t.equal(url, `http://127.0.0.1:${port}`);
  t.equal((await fetch(`${url}/health`)).status, 200);
  sandbox.child.kill('SIGTERM');
  t.same(await sandbox.exited, { code: 0, signal: null });
});

t.test('flags beat the environment: --port wins over a PORT that would be refused', async (t) => {
  const { sandbox, url } = await RunningSandbox.start(['--port', '0', '--host', '127.0.0.1'], { PORT: 'not-a-port', HOST: 'nowhere.invalid' });
  t.teardown(() => sandbox.kill());
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.equal((await fetch(`${url}/health`)).status, 200);
  sandbox.child.kill('SIGTERM');
  t.same(await sandbox.exited, { code: 0, signal: null });
});

/** A SHEP SendMessage for GBD FL from `senderId` / `password`. */
function sendMessage(senderId: string, password: string): string {
  return (
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    '<ns2:SendMessage xmlns:ns2="http://bip.bee.kz/SyncChannel/v10/Types"><request>' +
    `<requestInfo><messageId>${randomUUID()}</messageId><serviceId>GBDFL_UniversalServiceSync</serviceId>` +
    `<messageDate>2026-01-10T08:00:00Z</messageDate><sender><senderId>${senderId}</senderId><password>${password}</password></sender></requestInfo>` +
    `<requestData><data><iin>${IIN}</iin></data></requestData></request></ns2:SendMessage></soap:Body></soap:Envelope>`
  );
}

t.test('start flags reach the server: personas folder, body limit, SHEP sender, public URL', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kz-personas-'));
  const bundled = new Set(loadPersonaDir(BUNDLED_PERSONAS_DIR).map((l) => l.persona.iin));
  let serial = 4242;
  while (bundled.has(generateIin('1969-07-20', 'male', serial))) serial++;
  const iin = generateIin('1969-07-20', 'male', serial);
  writeFileSync(join(dir, 'mine.json'), JSON.stringify({ iin, label: 'Added by --personas', surname: 'Оспанов', name: 'Ерлан', traits: ['gbdfl-present'] }));
  const { sandbox, url } = await RunningSandbox.start([
    ...['--port', '0', '--personas', dir, '--body-limit', '4096'],
    ...['--shep-sender', 'acme-erp', '--shep-password', 's3cret', '--public-url', 'https://sandbox.example.test'],
  ]);
  t.teardown(() => sandbox.kill());

  const mine = await fetch(`${url}/gbdfl/persons/${iin}`);
  t.equal(mine.status, 200, 'the persona of the --personas folder is known');
  t.equal(((await mine.json()) as { surname: string }).surname, 'Оспанов');

  const large = await fetch(`${url}/__admin/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ system: 'gbdfl', padding: 'x'.repeat(5000) }),
  });
  t.equal(large.status, 413, 'a body over --body-limit is refused');
  t.equal(((await large.json()) as { code: string }).code, 'BODY_TOO_LARGE');

  const soap = (senderId: string, password: string) =>
    fetch(`${url}/shep/bip-sync`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body: sendMessage(senderId, password) });
  const accepted = await soap('acme-erp', 's3cret');
  t.equal(accepted.status, 200, 'the sender of --shep-sender/--shep-password is accepted');
  t.match(await accepted.text(), /SCSS001/);
  const refused = await soap('sandbox', 'sandbox');
  t.equal(refused.status, 500, 'the default sender is not, once replaced');
  t.match(await refused.text(), /SENDER_AUTH_FAILED/);

  const listening = await sandbox.waitFor((l) => typeof l.url === 'string');
  t.equal(listening.publicUrl, 'https://sandbox.example.test');
  sandbox.child.kill('SIGTERM');
  t.same(await sandbox.exited, { code: 0, signal: null });
});
