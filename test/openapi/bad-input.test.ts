import { Writable } from 'node:stream';
import t from 'tap';
import { buildServer } from '../../src/server.js';

/**
 * Every documented route, fed junk: path parameters that are not what they should be, bodies of the wrong
 * shape or not JSON at all. A user must always get a clear 4xx problem (or a SOAP fault on the SOAP routes),
 * never a 500 problem, a stack trace, or an error in the log.
 */
const JUNK_PARAMS = ['x', '0', '-1', '%E0%A4%A', '999999999999999999999999', '..%2F..%2Fetc%2Fpasswd', '%00', 'Әбілқайыров', 'a'.repeat(500)];
const JUNK_BODIES: { payload: string; type: string }[] = [
  { payload: '{}', type: 'application/json' },
  { payload: '[]', type: 'application/json' },
  { payload: '"text"', type: 'application/json' },
  { payload: 'null', type: 'application/json' },
  { payload: '{"iin": 900115300013, "amount": "lots", "url": 5}', type: 'application/json' },
  { payload: '{not json', type: 'application/json' },
  { payload: '<x/>', type: 'text/xml' },
  { payload: 'plain', type: 'text/plain' },
];

t.test('junk sent to any documented route gets a 4xx problem or a SOAP fault, and nothing is logged as an error', async (t) => {
  const errors: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
        if (entry.level >= 50) errors.push(`${entry.msg}: ${entry.err?.message ?? ''}`);
      }
      done();
    },
  });
  const app = await buildServer({ logger: { level: 'warn', stream } });
  t.teardown(() => app.close());
  const doc = (await app.inject('/docs/json')).json() as { paths: Record<string, Record<string, unknown>> };
  let requests = 0;
  for (const [path, methods] of Object.entries(doc.paths)) {
    if (path.startsWith('/docs')) continue;
    for (const method of Object.keys(methods).map((m) => m.toUpperCase())) {
      const urls = path.includes('{') ? JUNK_PARAMS.map((junk) => path.replace(/\{[^}]+\}/g, junk)) : [path];
      const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : JUNK_BODIES;
      for (const url of urls) {
        for (const body of bodies) {
          requests++;
          const res = await app.inject({
            method: method as 'GET',
            url,
            headers: { 'x-sandbox-tenant': 'junk', ...(body ? { 'content-type': body.type } : {}) },
            ...(body ? { payload: body.payload } : {}),
          });
          const what = `${method} ${url.slice(0, 80)} ${body ? body.payload.slice(0, 30) : ''}`;
          const soapFault = res.headers['content-type']?.toString().startsWith('text/xml') && res.body.includes('<soap:Fault>');
          if (res.statusCode >= 500 && !soapFault && res.statusCode !== 503 && res.statusCode !== 504) {
            t.fail(`${what}: ${res.statusCode} ${res.body.slice(0, 200)}`);
          }
          if (res.statusCode >= 400 && !soapFault && !String(res.headers['content-type']).startsWith('application/problem+json')) {
            t.fail(`${what}: ${res.statusCode} is not problem+json (${res.headers['content-type']})`);
          }
          if (/\n\s+at .+:\d+:\d+/.test(res.body)) t.fail(`${what}: a stack trace reached the client`);
        }
      }
    }
  }
  t.ok(requests > 300, `${requests} junk requests sent`);
  t.same(errors, [], 'no error in the log');
  t.equal((await app.inject('/health')).statusCode, 200, 'still serving');
});
