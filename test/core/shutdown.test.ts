import { Agent, get } from 'node:http';
import t from 'tap';
import { buildServer } from '../../src/server.js';

/** GET over the given agent, resolving to status, content type and body. */
function fetchText(agent: Agent, url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    }).on('error', reject);
  });
}

t.test('while the sandbox closes, a request in flight finishes and one arriving on its connection gets problem+json SHUTTING_DOWN', async (t) => {
  const app = await buildServer({ logger: false });
  let arrived!: () => void;
  const slowRequestArrived = new Promise<void>((resolve) => (arrived = resolve));
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/gbdfl/')) arrived();
  });
  await app.inject({ method: 'POST', url: '/__admin/faults', payload: { system: 'gbdfl', latencyMs: 400 } });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  // One kept-alive connection: the second request goes out on it only after the slow first one is answered,
  // that is, while the server is closing.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const inFlight = fetchText(agent, `${base}/gbdfl/persons/900115300013`);
  const late = fetchText(agent, `${base}/health`);
  await slowRequestArrived;
  const closed = app.close();

  const first = await inFlight;
  t.equal(first.status, 200, 'the request in flight was answered');
  t.equal(JSON.parse(first.body).iin, '900115300013');
  const second = await late;
  t.equal(second.status, 503);
  t.match(second.type, /^application\/problem\+json/);
  t.match(JSON.parse(second.body), { code: 'SHUTTING_DOWN', status: 503 });
  await closed;
});
