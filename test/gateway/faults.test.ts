/**
 * POST /shep/bip-sync, the fault paths: each bad message gets its documented errorCode, faultcode and HTTP
 * status, and the gateway keeps serving good messages afterwards.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import {
  BUNDLED_IIN,
  lookUp,
  post,
  readFault,
  readResponse,
  sendMessage,
  setFault,
  SOAP12,
  SYNC_TYPES,
  text,
} from './soap-helpers.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

/** The assertions a helper uses: any subtest has them. */
type Tap = Pick<typeof t, 'equal' | 'same' | 'match' | 'notMatch' | 'ok'>;

/** The fault a client sees, then a good request to show the gateway still serves. */
async function expectFault(
  t: Tap,
  payload: string | Buffer | undefined,
  expected: { errorCode: string; faultcode?: string; http?: number; errorData?: string },
  options: Parameters<typeof post>[2] = {},
): Promise<ReturnType<typeof readFault>> {
  const res = await post(app, payload, options);
  const fault = readFault(res);
  t.equal(fault.errorCode, expected.errorCode, 'errorCode');
  t.equal(fault.http, expected.http ?? 500, 'HTTP status');
  t.equal(fault.faultcode, expected.faultcode ?? 'soap:Client', 'faultcode');
  t.match(fault.contentType, /^text\/xml; charset=utf-8$/i, 'answered as SOAP 1.1 XML');
  if (expected.errorData !== undefined) t.equal(fault.errorData, expected.errorData, 'errorData names the field');
  t.ok(fault.errorMessage.length > 0, 'errorMessage says what is wrong');
  t.equal(fault.faultstring, fault.errorMessage, 'faultstring carries the same message');
  t.match(fault.errorDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'errorDate is an xs:dateTime');
  t.notMatch(res.body, /\n\s+at /, 'no stack trace');
  const after = await lookUp(app, BUNDLED_IIN, options.tenant);
  t.same(after, { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'a good request afterwards succeeds');
  return fault;
}

t.test('malformed XML gets MALFORMED_XML', async (t) => {
  const good = sendMessage();
  const cases: [string, string][] = [
    ['not XML at all', 'hello, gateway'],
    ['truncated', good.slice(0, good.length - 40)],
    ['mismatched end tag', good.replace('</request>', '</requets>')],
    ['undeclared prefix', good.replace(/ns3:SendMessage/g, 'zz:SendMessage')],
    ['duplicate attribute', good.replace('<request>', '<request a="1" a="2">')],
    ['text after the root', `${good}trailing`],
    ['an undefined entity', sendMessage({ iin: '&iin;' })],
    ['a NUL character', sendMessage({ messageId: 'nul\u0000here' })],
  ];
  for (const [name, payload] of cases) {
    await t.test(name, async (t) => {
      await expectFault(t, payload, { errorCode: 'MALFORMED_XML' });
    });
  }
});

t.test('a parser complaint quoted in the fault stays short, even for 100 000 unclosed elements', async (t) => {
  const fault = await expectFault(t, '<a>'.repeat(100_000), { errorCode: 'MALFORMED_XML' });
  t.ok(fault.errorMessage.length <= 400, `errorMessage is ${fault.errorMessage.length} characters`);
});

t.test('something other than a SOAP 1.1 SendMessage gets NOT_SEND_MESSAGE', async (t) => {
  const good = sendMessage();
  const cases: [string, string][] = [
    ['another element in the Body', good.replace(/ns3:SendMessage/g, 'ns3:GetMessages')],
    ['SendMessage in another namespace', good.replace(SYNC_TYPES, 'http://bip.bee.kz/AsyncChannel/v10/Types')],
    ['a SOAP 1.2 envelope', good.replace('http://schemas.xmlsoap.org/soap/envelope/', SOAP12)],
    ['not an envelope', `<SendMessage xmlns="${SYNC_TYPES}"><request/></SendMessage>`],
    ['an Envelope in no namespace', '<Envelope><Body/></Envelope>'],
    ['an envelope without a Body', `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header/></s:Envelope>`],
    ['an empty Body', `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>`],
    ['two elements in the Body', good.replace('</ns3:SendMessage>', '</ns3:SendMessage><ns3:SendMessage/>')],
  ];
  for (const [name, payload] of cases) {
    await t.test(name, async (t) => {
      await expectFault(t, payload, { errorCode: 'NOT_SEND_MESSAGE' });
    });
  }
  await t.test('a SOAP 1.2 envelope is told why', async (t) => {
    const fault = readFault(await post(app, good.replace('http://schemas.xmlsoap.org/soap/envelope/', SOAP12), { headers: { 'content-type': 'application/soap+xml; charset=utf-8' } }));
    t.equal(fault.errorCode, 'NOT_SEND_MESSAGE');
    t.match(fault.errorMessage, /SOAP 1\.2/);
  });
});

t.test('a missing required field gets MISSING_FIELD with errorData naming its path', async (t) => {
  const cases: [string, string, string][] = [
    ['messageId', sendMessage({ messageId: null }), 'request/requestInfo/messageId'],
    ['an empty messageId', sendMessage({ messageId: '  ' }), 'request/requestInfo/messageId'],
    ['serviceId', sendMessage({ serviceId: null }), 'request/requestInfo/serviceId'],
    ['messageDate', sendMessage({ messageDate: null }), 'request/requestInfo/messageDate'],
    ['sender', sendMessage({ sender: null }), 'request/requestInfo/sender'],
    ['sender/senderId', sendMessage({ sender: { senderId: null } }), 'request/requestInfo/sender/senderId'],
    ['data/iin (empty data)', sendMessage({ data: '' }), 'request/requestData/data/iin'],
    ['data/iin (no requestData)', sendMessage({ data: null }), 'request/requestData/data/iin'],
    ['data/iin (other fields only)', sendMessage({ data: '<senderCode>sandbox</senderCode>' }), 'request/requestData/data/iin'],
    ['requestInfo', sendMessage().replace(/<requestInfo>.*<\/requestInfo>/, ''), 'request/requestInfo'],
    ['request', sendMessage().replace(/<request>.*<\/request>/, ''), 'request'],
  ];
  for (const [name, payload, path] of cases) {
    await t.test(name, async (t) => {
      await expectFault(t, payload, { errorCode: 'MISSING_FIELD', errorData: path });
    });
  }
});

t.test('a messageDate that is not an xs:dateTime gets INVALID_FIELD', async (t) => {
  for (const bad of ['yesterday', '2025-03-14', '2025-13-01T10:00:00Z', '2025-02-30T10:00:00Z', '2025-03-14T25:00:00Z', '2025-03-14 10:15:00', '14.03.2025T10:15:00']) {
    await t.test(bad, async (t) => {
      const fault = await expectFault(t, sendMessage({ messageDate: bad }), { errorCode: 'INVALID_FIELD', errorData: 'request/requestInfo/messageDate' });
      t.match(fault.errorMessage, /xs:dateTime/);
    });
  }
  await t.test('while the xs:dateTime forms are accepted', async (t) => {
    for (const good of ['2025-03-14T10:15:00', '2025-03-14T10:15:00.123Z', '2024-02-29T23:59:59+06:00', '2025-03-14T10:15:00-03:30']) {
      const res = await post(app, sendMessage({ messageDate: good }));
      t.equal(res.statusCode, 200, good);
    }
  });
});

t.test('an unknown serviceId gets UNKNOWN_SERVICE naming it', async (t) => {
  const fault = await expectFault(t, sendMessage({ serviceId: 'GbdulInfoByBin_v2' }), { errorCode: 'UNKNOWN_SERVICE', errorData: 'GbdulInfoByBin_v2' });
  t.match(fault.errorMessage, /GET \/shep\/services/);
});

t.test('a wrong sender or password gets SENDER_AUTH_FAILED', async (t) => {
  const cases: [string, Parameters<typeof sendMessage>[0]][] = [
    ['unknown senderId', { sender: { senderId: 'intruder' } }],
    ['wrong password', { sender: { password: 'guess' } }],
    ['no password', { sender: { password: null } }],
    ['senderId differs only in case', { sender: { senderId: 'Sandbox' } }],
  ];
  for (const [name, options] of cases) {
    await t.test(name, async (t) => {
      await expectFault(t, sendMessage(options), { errorCode: 'SENDER_AUTH_FAILED', errorData: 'request/requestInfo/sender' });
    });
  }
  await t.test('the sender is checked before the serviceId is looked up', async (t) => {
    await expectFault(t, sendMessage({ serviceId: 'Nope', sender: { password: 'x' } }), { errorCode: 'SENDER_AUTH_FAILED' });
  });
});

t.test('a configured sender replaces the default one', async (t) => {
  const custom = await buildServer({ logger: false, shep: { senderId: 'ministry-of-justice', password: 'Қ-secret-1' } });
  t.teardown(() => custom.close());
  const ok = await post(custom, sendMessage({ sender: { senderId: 'ministry-of-justice', password: 'Қ-secret-1' } }));
  t.equal(ok.statusCode, 200);
  t.equal(text(readResponse(ok).data, 'receiver/code'), 'ministry-of-justice');
  const old = readFault(await post(custom, sendMessage()));
  t.equal(old.errorCode, 'SENDER_AUTH_FAILED', 'sandbox/sandbox no longer gets in');
  const wrong = readFault(await post(custom, sendMessage({ sender: { senderId: 'ministry-of-justice', password: 'Қ-secret-2' } })));
  t.equal(wrong.errorCode, 'SENDER_AUTH_FAILED');
  t.notMatch(wrong.errorMessage, /secret-1/, 'the configured password is not revealed');
});

t.test('an invalid IIN gets IIN_INVALID', async (t) => {
  const cases: [string, RegExp][] = [
    ['900115300014', /check digit/i],
    ['90011530001', /12 digits/i],
    ['90011530001A', /12 digits/i],
    ['901315300013', /birth date|date/i],
    ['900115301200', /never/i],
  ];
  for (const [iin, why] of cases) {
    await t.test(iin, async (t) => {
      const fault = await expectFault(t, sendMessage({ iin }), { errorCode: 'IIN_INVALID' });
      t.match(fault.errorMessage, why);
    });
  }
});

t.test('an injected outage of GBD FL gets SYSTEM_UNAVAILABLE in that tenant only', async (t) => {
  await setFault(app, 'outage-a', { down: true });
  const res = await post(app, sendMessage(), { tenant: 'outage-a' });
  const fault = readFault(res);
  t.equal(fault.errorCode, 'SYSTEM_UNAVAILABLE');
  t.equal(fault.faultcode, 'soap:Server', 'the sender did nothing wrong');
  t.equal(fault.http, 500);
  t.equal(fault.errorData, 'gbdfl', 'errorData names the system');
  t.same(await lookUp(app, BUNDLED_IIN, 'outage-b'), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'another tenant still succeeds');
  t.same(await lookUp(app, BUNDLED_IIN), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'the default tenant still succeeds');
  t.equal(readFault(await post(app, sendMessage(), { tenant: 'outage-a' })).errorCode, 'SYSTEM_UNAVAILABLE', 'while outage-a stays down');
  await setFault(app, 'outage-a', { down: false });
  t.same(await lookUp(app, BUNDLED_IIN, 'outage-a'), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'and recovers once the fault is lifted');
});

t.test('an injected timeout gets SYSTEM_TIMEOUT', async (t) => {
  await setFault(app, 'timeout-flag', { timeout: true });
  const fault = readFault(await post(app, sendMessage(), { tenant: 'timeout-flag' }));
  t.equal(fault.errorCode, 'SYSTEM_TIMEOUT');
  t.equal(fault.faultcode, 'soap:Server');
  t.equal(fault.errorData, 'gbdfl');
  t.same(await lookUp(app, BUNDLED_IIN, 'timeout-other'), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'another tenant still succeeds');
});

t.test('latency above the gateway upstream timeout gets SYSTEM_TIMEOUT; latency below it does not', async (t) => {
  const impatient = await buildServer({ logger: false, shep: { upstreamTimeoutMs: 20 } });
  t.teardown(() => impatient.close());
  await setFault(impatient, 'slow', { latencyMs: 1500 });
  const fault = readFault(await post(impatient, sendMessage(), { tenant: 'slow' }));
  t.equal(fault.errorCode, 'SYSTEM_TIMEOUT');
  t.equal(fault.faultcode, 'soap:Server');
  t.match(fault.errorMessage, /20 ms/, 'the message names the gateway timeout');
  t.same(await lookUp(impatient, BUNDLED_IIN, 'fast'), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'another tenant still succeeds');

  const patient = await buildServer({ logger: false, shep: { upstreamTimeoutMs: 10_000 } });
  t.teardown(() => patient.close());
  await setFault(patient, 'slow', { latencyMs: 30 });
  t.same(await lookUp(patient, BUNDLED_IIN, 'slow'), { status: 'SCSS001', messageResult: '00000', iins: [BUNDLED_IIN] }, 'a slow answer within the timeout is delivered');
});

t.test('an error rate with a seed fails the same calls every run', async (t) => {
  async function run(tenant: string, seed: number): Promise<string> {
    await setFault(app, tenant, { errorRate: 0.5, seed });
    let outcomes = '';
    for (let i = 0; i < 24; i++) {
      const res = await post(app, sendMessage({ messageId: `rate-${i}` }), { tenant });
      outcomes += res.statusCode === 200 ? '.' : readFault(res).errorCode === 'SYSTEM_UNAVAILABLE' ? 'x' : '?';
    }
    return outcomes;
  }
  const first = await run('rate-1', 20250314);
  const again = await run('rate-2', 20250314);
  const other = await run('rate-3', 7);
  t.equal(again, first, 'the same seed gives the same sequence in another tenant');
  t.match(first, /^[.x]+$/, 'every call either succeeds or is unavailable');
  t.ok(first.includes('x') && first.includes('.'), `some fail and some succeed: ${first}`);
  t.not(other, first, 'another seed gives another sequence');
  const restarted = await run('rate-1', 20250314);
  t.equal(restarted, first, 'setting the fault again restarts the sequence');
});

t.test('a malformed X-Sandbox-Tenant header gets INVALID_FIELD naming the header', async (t) => {
  const fault = readFault(await post(app, sendMessage(), { tenant: '../etc' }));
  t.equal(fault.errorCode, 'INVALID_FIELD');
  t.equal(fault.errorData, 'X-Sandbox-Tenant');
});

t.test('a Content-Length that does not match the body gets BAD_HTTP_REQUEST (400), not an internal error', async (t) => {
  const fault = await expectFault(t, sendMessage(), { errorCode: 'BAD_HTTP_REQUEST', http: 400 }, { headers: { 'content-type': 'text/xml', 'content-length': '12' } });
  t.match(fault.errorMessage, /Content-Length/);
});
