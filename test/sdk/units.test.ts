/**
 * The SDK's pieces that need no sandbox: opening a PKCS#12, the SendMessage envelope and the reading of answers and
 * faults, the backoff bounds, and the SDK's own misuse errors (thrown before anything is sent).
 */
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { MockAgent } from 'undici';
import { toPkcs12 } from '../../src/pki/pkcs12.js';
import { buildSendMessage, createClient, elementToJson, SandboxError, SandboxProblemError, signerFromPem, signerFromPkcs12, signXml } from '../../src/sdk/index.js';
import { readFault, readSendMessageResponse } from '../../src/sdk/soap.js';
import { backoffDelay } from '../../src/sdk/transport.js';
import { parseXmlSafely } from '../../src/core/xml.js';

const certs = new URL('../../certs/personas/900115300013/', import.meta.url);
const keyPem = await readFile(new URL('sign.key', certs), 'utf8');
const certPem = await readFile(new URL('sign.cer', certs), 'utf8');

t.test('a PKCS#12 opens with its password, and a wrong one is a clear TypeError', async (t) => {
  const fromPem = signerFromPem(keyPem, certPem);
  const p12 = toPkcs12({ privateKeyPem: keyPem, certificateDer: fromPem.certificateDer } as never, [], 'other-password', 'test');
  const signer = signerFromPkcs12(p12, 'other-password');
  t.same(signer.certificateDer, fromPem.certificateDer);
  t.equal(signer.iin, '900115300013');
  t.equal(signer.bin, null);
  t.same(signer.chainDer, []);
  t.throws(() => signerFromPkcs12(p12), { name: 'TypeError', message: /wrong password\? the sandbox's is Qwerty12/ });
  t.throws(() => signerFromPkcs12(Buffer.from('not a pkcs12')), TypeError);
  t.match(signXml('<a>1</a>', signer), /<ds:Signature/, 'the signer signs');
});

t.test('the SendMessage envelope carries every requestInfo field in the real order', async (t) => {
  const { xml, messageId } = buildSendMessage(
    {
      serviceId: 'X',
      data: { a: 1, list: ['p', 'q'], skip: null, nested: { b: true } },
      dataType: { prefix: 'gbdfl', namespace: 'urn:kz-egov-sandbox:gbdfl:v1', name: 'Request' },
      messageId: 'm-1',
      correlationId: 'c-1',
      messageDate: '2026-01-01T00:00:00Z',
      routeId: 'r-1',
      properties: [{ key: 'signerIin', value: '900115300013' }],
      sessionId: 's-1',
    },
    { senderId: 'me' },
  );
  t.equal(messageId, 'm-1');
  const info = xml.slice(xml.indexOf('<requestInfo>'), xml.indexOf('</requestInfo>'));
  const order = [...info.matchAll(/<(\w+)>/g)].map((m) => m[1]).filter((n) => ['messageId', 'correlationId', 'serviceId', 'messageDate', 'routeId', 'sender', 'properties', 'sessionId'].includes(n!));
  t.same(order, ['messageId', 'correlationId', 'serviceId', 'messageDate', 'routeId', 'sender', 'properties', 'sessionId']);
  t.notMatch(info, /<password>/, 'no password element when the sender has none');
  t.match(xml, '<data xmlns:gbdfl="urn:kz-egov-sandbox:gbdfl:v1" xsi:type="gbdfl:Request"><a>1</a><list>p</list><list>q</list><nested><b>true</b></nested></data>');
  const generated = buildSendMessage({ serviceId: 'X', data: {} }, { senderId: 's', password: 'p' });
  t.match(generated.messageId, /^[0-9a-f-]{36}$/, 'a messageId is generated');
});

t.test('answers and faults are read by local name; other XML is not mistaken for them', async (t) => {
  t.equal(readFault('not xml at all'), undefined);
  t.equal(readFault('<a/>'), undefined);
  const bare = readFault('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>boom</faultstring></s:Fault></s:Body></s:Envelope>');
  t.same(bare, { faultcode: 's:Server', faultstring: 'boom', errorCode: 'SOAP_FAULT', errorMessage: 'boom' }, 'a fault without ErrorInfo gets SOAP_FAULT');
  t.throws(() => readSendMessageResponse('<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body/></s:Envelope>', 'x'), TypeError);
  const leaf = readSendMessageResponse(
    '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><SendMessageResponse><response><responseInfo/><responseData><data>text</data></responseData></response></SendMessageResponse></s:Body></s:Envelope>',
    'x',
  );
  t.same(leaf.data, { value: 'text' }, 'a data element holding text answers { value }');
  t.same(leaf.status, { code: '', message: '' });
  const el = parseXmlSafely('<r><a>1</a><a>2</a><b><c>3</c></b><d/></r>').documentElement!;
  t.same(elementToJson(el), { a: ['1', '2'], b: { c: '3' }, d: '' });
  t.same(elementToJson(el, new Set(['c'])), { a: ['1', '2'], b: { c: ['3'] }, d: '' });
});

t.test('backoff doubles from baseDelayMs, stays within maxDelayMs, and keeps half of each delay', async (t) => {
  for (let retry = 1; retry <= 8; retry++) {
    const full = Math.min(2000, 100 * 2 ** (retry - 1));
    const delay = backoffDelay(retry, { baseDelayMs: 100, maxDelayMs: 2000 });
    t.ok(delay >= full / 2 && delay <= full, `retry ${retry}: ${delay} ms in [${full / 2}, ${full}]`);
  }
});

t.test("misuse of the SDK is a TypeError before anything is sent", async (t) => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get('http://sandbox.test');
  const json = { headers: { 'content-type': 'application/json' } };
  pool.intercept({ path: '/portal/services/two-variants', method: 'GET' }).reply(200, { service: 'two-variants', variants: [{ id: 'a' }, { id: 'b' }], documents: [] }, json);
  pool.intercept({ path: '/__admin/personas?trait=provider-employee', method: 'GET' }).reply(200, { personas: [] }, json);
  pool.intercept({ path: '/portal/applications/document', method: 'POST' }).reply(200, { document: '<a/>' }, json);
  pool.intercept({ path: '/gbdfl/persons/1', method: 'GET' }).reply(404, { code: 'PERSON_NOT_FOUND' }, json);
  const client = createClient({ baseUrl: 'http://sandbox.test', dispatcher: agent, retries: false });
  t.teardown(() => agent.close());
  await t.rejects(client.portal.submit({ service: 'x', applicantIin: '900115300013' }), { name: 'TypeError', message: /no portal session/ });
  await t.rejects(client.portal.submit({ service: 'x', token: 't' }), { name: 'TypeError', message: /applicantIin/ });
  await t.rejects(client.provider.submit({ service: 'two-variants', applicantIin: '900115300013' }), { name: 'TypeError', message: /has variants a, b: pass variant/ });
  await t.rejects(client.provider.submit({ service: 'two-variants', variant: 'a', applicantIin: '900115300013' }), { name: 'TypeError', message: /no persona with the trait provider-employee/ });
  await t.rejects(client.stateCorporation.forward({ packageCheckId: 'x' }), { name: 'TypeError', message: /no operator session/ });
  await client.stateCorporation.logout();
  const partial = await client.gbdfl.person('1').catch((e: unknown) => e);
  t.type(partial, SandboxProblemError);
  t.type(partial, SandboxError);
  t.equal((partial as SandboxProblemError).status, 404, 'a problem without status takes the HTTP status');
  client.portal.logout();
  t.equal(client.portal.session, undefined);
});
