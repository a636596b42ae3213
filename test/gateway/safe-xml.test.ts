/**
 * Safe XML at the gateway: DTDs and entities are refused (XXE, billion laughs, parameter entities), deep
 * nesting, wrong media types, empty and non-UTF-8 bodies and oversized bodies get their faults, nothing
 * is fetched, nothing leaks, and nothing is logged as an unhandled error.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { BUNDLED_IIN, captureLogs, lookUp, post, readFault, readResponse, sendMessage, text } from './soap-helpers.js';

const CORPUS = new URL('./corpus/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('expected.json', CORPUS), 'utf8')) as Record<string, string>;
const corpusFile = (name: string): Buffer => readFileSync(new URL(name, CORPUS));

const logs = captureLogs();
const app = await buildServer({ logger: { level: 'info', stream: logs.stream } });
t.teardown(() => app.close());

const bodies: string[] = [];

/** The assertions a helper uses: any subtest has them. */
type Tap = Pick<typeof t, 'equal' | 'same' | 'match' | 'notMatch' | 'ok'>;

/** Posts, records the answer for the global checks, and checks the gateway still serves afterwards. */
async function attempt(t: Tap, payload: string | Buffer | undefined, options: Parameters<typeof post>[2] = {}) {
  const res = await post(app, payload, options);
  bodies.push(res.body);
  t.notMatch(res.body, /root:/, 'nothing of /etc/passwd in the answer');
  t.same(await lookUp(app), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'the gateway still serves a good request');
  return res;
}

t.test('the test machine has an /etc/passwd with "root:" in it, so the leak checks can fail', async (t) => {
  t.match(readFileSync('/etc/passwd', 'utf8'), /root:/);
});

t.test('every file of the corpus gets its expected answer', async (t) => {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xml')).sort();
  t.same(files, Object.keys(expected).filter((k) => k.endsWith('.xml')).sort(), 'corpus/expected.json names every .xml file');
  for (const file of files) {
    await t.test(file, async (t) => {
      const res = await attempt(t, corpusFile(file));
      if (expected[file] === 'SCSS001') {
        t.equal(res.statusCode, 200);
        t.equal(text(readResponse(res).responseInfo, 'status/code'), 'SCSS001');
      } else {
        const fault = readFault(res);
        t.equal(fault.errorCode, expected[file]);
        t.equal(fault.http, 500);
        t.equal(fault.faultcode, 'soap:Client');
      }
    });
  }
});

t.test('XXE with a file entity is refused with DTD_FORBIDDEN and says why', async (t) => {
  const fault = readFault(await attempt(t, corpusFile('xxe-file.xml')));
  t.equal(fault.errorCode, 'DTD_FORBIDDEN');
  t.match(fault.errorMessage, /DOCTYPE/);
});

t.test('entities are never fetched: a listening server named in SYSTEM entities, an external DTD and parameter entities gets no connection', async (t) => {
  const connections: Socket[] = [];
  const listener = createServer((socket) => {
    connections.push(socket);
    socket.destroy();
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => listener.close(() => resolve())));
  const port = (listener.address() as AddressInfo).port;
  for (const file of ['xxe-network.xml', 'external-dtd.xml', 'parameter-entities.xml', 'xxe-public.xml']) {
    const payload = corpusFile(file).toString('utf8').replaceAll('http://127.0.0.1:1/', `http://127.0.0.1:${port}/`);
    t.ok(payload.includes(`127.0.0.1:${port}`) || file === 'xxe-public.xml', `${file} names the listener`);
    const fault = readFault(await attempt(t, payload));
    t.equal(fault.errorCode, 'DTD_FORBIDDEN', file);
  }
  // Give a fetch that should not happen a chance to arrive before counting.
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(connections.length, 0, 'no connection was made');
});

t.test('billion laughs is refused before any expansion, and the answer stays small', async (t) => {
  const res = await attempt(t, corpusFile('billion-laughs.xml'));
  t.equal(readFault(res).errorCode, 'DTD_FORBIDDEN');
  t.ok(res.body.length < 2000, `the answer is ${res.body.length} bytes`);
  t.notMatch(res.body, /lollollol/);
});

t.test('a DOCTYPE inside data given as an escaped string is refused the same way, naming requestData/data', async (t) => {
  const fault = readFault(await attempt(t, corpusFile('escaped-xxe.xml')));
  t.equal(fault.errorCode, 'DTD_FORBIDDEN');
  t.equal(fault.errorData, 'request/requestData/data');
});

t.test('"<!DOCTYPE" anywhere in the raw body is refused, even inside CDATA (the envelope is refused as a whole)', async (t) => {
  const fault = readFault(await attempt(t, corpusFile('cdata-xxe.xml')));
  t.equal(fault.errorCode, 'DTD_FORBIDDEN');
  t.equal(fault.errorData, undefined);
});

t.test('100 000 nested elements get XML_TOO_DEEP', async (t) => {
  const deep = '<a>'.repeat(100_000) + '</a>'.repeat(100_000);
  t.ok(deep.length < 1024 * 1024, 'under the default 1 MiB limit, so depth is what is refused');
  const fault = readFault(await attempt(t, deep));
  t.equal(fault.errorCode, 'XML_TOO_DEEP');
  t.equal(fault.http, 500);
});

t.test('deep nesting inside a real SendMessage data gets XML_TOO_DEEP too, and moderate nesting does not', async (t) => {
  const deepData = '<x>'.repeat(100_000) + '</x>'.repeat(100_000);
  t.equal(readFault(await attempt(t, sendMessage({ data: `<iin>${BUNDLED_IIN}</iin>${deepData}` }))).errorCode, 'XML_TOO_DEEP');
  const escapedDeep = '&lt;x&gt;'.repeat(20_000) + '&lt;/x&gt;'.repeat(20_000);
  t.equal(readFault(await attempt(t, sendMessage({ data: escapedDeep }))).errorCode, 'XML_TOO_DEEP', 'also in data given as an escaped string');
  const res = await attempt(t, sendMessage({ data: `<iin>${BUNDLED_IIN}</iin>${'<x>'.repeat(30)}${'</x>'.repeat(30)}` }));
  t.equal(res.statusCode, 200, '30 extra levels are fine');
});

t.test('a wrong Content-Type gets 415 UNSUPPORTED_MEDIA_TYPE', async (t) => {
  const cases: [string, Record<string, string>, string | undefined][] = [
    ['application/json', { 'content-type': 'application/json' }, JSON.stringify({ iin: BUNDLED_IIN })],
    ['text/plain', { 'content-type': 'text/plain; charset=utf-8' }, sendMessage()],
    ['none', {}, sendMessage()],
    ['form', { 'content-type': 'application/x-www-form-urlencoded' }, 'iin=900115300013'],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=b' }, '--b\r\n\r\n--b--'],
    ['a gzip-encoded body', { 'content-type': 'text/xml; charset=utf-8', 'content-encoding': 'gzip' }, sendMessage()],
  ];
  for (const [name, headers, payload] of cases) {
    await t.test(name, async (t) => {
      const fault = readFault(await attempt(t, payload, { headers }));
      t.equal(fault.errorCode, 'UNSUPPORTED_MEDIA_TYPE');
      t.equal(fault.http, 415);
      t.equal(fault.faultcode, 'soap:Client');
    });
  }
});

t.test('an empty body gets EMPTY_BODY', async (t) => {
  for (const [name, payload, headers] of [
    ['no bytes, text/xml', '', { 'content-type': 'text/xml; charset=utf-8' }],
    ['whitespace only', '  \r\n\t ', { 'content-type': 'text/xml; charset=utf-8' }],
    ['no body and no Content-Type', undefined, {}],
  ] as [string, string | undefined, Record<string, string>][]) {
    const fault = readFault(await attempt(t, payload, { headers }));
    t.equal(fault.errorCode, 'EMPTY_BODY', name);
    t.equal(fault.http, 500, name);
  }
});

t.test('a body that is not UTF-8 gets NOT_UTF8', async (t) => {
  const kazakh = sendMessage({ messageId: 'Қазақстан-сұрау' });
  const cases: [string, Buffer, Record<string, string>?][] = [
    ['windows-1251 bytes', Buffer.from(sendMessage({ messageId: 'запрос' }).replace('запрос', '\u00e7\u00e0\u00ef\u00f0\u00ee\u00f1'), 'latin1')],
    ['UTF-16LE with a byte-order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(kazakh, 'utf16le')])],
    ['UTF-16BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(kazakh, 'utf16le').swap16()])],
    ['UTF-16LE without a byte-order mark', Buffer.from(kazakh, 'utf16le')],
    ['charset=windows-1251 in the Content-Type', Buffer.from(sendMessage()), { 'content-type': 'text/xml; charset=windows-1251' }],
    ['encoding="ISO-8859-1" declared', Buffer.from(sendMessage().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'))],
    ['encoding="windows-1251" declared', Buffer.from(sendMessage().replace('encoding="UTF-8"', "encoding='windows-1251'"))],
  ];
  for (const [name, payload, headers] of cases) {
    await t.test(name, async (t) => {
      const fault = readFault(await attempt(t, payload, headers ? { headers } : {}));
      t.equal(fault.errorCode, 'NOT_UTF8');
      t.equal(fault.http, 500);
      t.equal(fault.faultcode, 'soap:Client');
    });
  }
});

t.test('a body over the configured limit gets 413 BODY_TOO_LARGE, and one just under it is read', async (t) => {
  const small = await buildServer({ logger: { level: 'info', stream: logs.stream }, bodyLimit: 4096 });
  t.teardown(() => small.close());
  const good = sendMessage();
  const under = good.replace('<soapenv:Header/>', `<soapenv:Header/>${' '.repeat(4096 - Buffer.byteLength(good) - 20)}`);
  t.ok(Buffer.byteLength(under) <= 4096);
  const ok = await post(small, under);
  t.equal(ok.statusCode, 200, 'just under the limit is answered');
  const over = good.replace('<soapenv:Header/>', `<soapenv:Header/>${' '.repeat(5000)}`);
  const res = await post(small, over);
  bodies.push(res.body);
  const fault = readFault(res);
  t.equal(fault.errorCode, 'BODY_TOO_LARGE');
  t.equal(fault.http, 413);
  t.match(fault.errorMessage, /4096/, 'the message names the limit');
  t.same(await lookUp(small), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'the small server still serves');
});

t.test('the default limit is 1 MiB', async (t) => {
  const good = sendMessage();
  const over = good.replace('<soapenv:Header/>', `<soapenv:Header/>${' '.repeat(1024 * 1024)}`);
  const fault = readFault(await attempt(t, over));
  t.equal(fault.errorCode, 'BODY_TOO_LARGE');
  t.equal(fault.http, 413);
});

t.test('a Content-Length that does not match the body is a 400 fault, not an internal error', async (t) => {
  const fault = readFault(await attempt(t, sendMessage(), { headers: { 'content-type': 'text/xml', 'content-length': '10' } }));
  t.equal(fault.errorCode, 'BAD_HTTP_REQUEST');
  t.equal(fault.http, 400);
});

// Runs last (tap runs top-level tests in order): every answer above has been collected.
t.test('nothing was logged as an error, and no answer carried a stack trace', async (t) => {
  t.ok(bodies.length > 30, `${bodies.length} answers collected`);
  t.ok(logs.lines.length > 0, 'the captured logger received lines');
  const errors = logs.lines.filter((l) => typeof l.level === 'number' && l.level >= 50);
  t.same(errors, [], 'no log line at level error or above');
  for (const body of bodies) t.notMatch(body, /    at /, 'no stack trace');
  const faults = logs.lines.filter((l) => typeof l.fault === 'string').map((l) => l.fault);
  t.ok(faults.includes('DTD_FORBIDDEN') && faults.includes('XML_TOO_DEEP'), 'faults are logged, below error level');
});
