/**
 * POST /shep/bip-sync, the success paths: SendMessageResponse with responseInfo and the GBD FL data,
 * read the way a SOAP client reads them.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import {
  ABSENT_PERSONA,
  addPersona,
  assertNoPersona,
  at,
  BUNDLED_IIN,
  child,
  children,
  GBDFL_NS,
  has,
  KAZAKH_PERSONA,
  post,
  readResponse,
  SERVICE_ID,
  sendMessage,
  SOAP11,
  SYNC_TYPES,
  soapBody,
  text,
  UNKNOWN_IIN,
  XSI,
  xsiType,
} from './soap-helpers.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

t.test('a SendMessage for a present persona answers SendMessageResponse with responseInfo: new messageId, correlationId, responseDate, SCSS001, sessionId echoed', async (t) => {
  const res = await post(app, sendMessage({ messageId: 'c0ffee-01', sessionId: 'session-42', iin: BUNDLED_IIN }));
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /^text\/xml; charset=utf-8$/i);
  const { responseInfo } = readResponse(res);
  t.match(text(responseInfo, 'messageId'), UUID, 'the response has a messageId of its own');
  t.not(text(responseInfo, 'messageId'), 'c0ffee-01');
  t.equal(text(responseInfo, 'correlationId'), 'c0ffee-01', 'correlationId is the request messageId');
  const responseDate = text(responseInfo, 'responseDate');
  t.match(responseDate, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/, 'responseDate is an xs:dateTime with a zone');
  t.notOk(Number.isNaN(Date.parse(responseDate)));
  t.equal(text(responseInfo, 'status/code'), 'SCSS001');
  t.equal(text(responseInfo, 'status/message'), 'Message has been processed successfully');
  t.equal(text(responseInfo, 'sessionId'), 'session-42');
});

t.test('responseInfo children come in the order of SyncMessageInfoResponse, and sessionId is left out when none was sent', async (t) => {
  const res = await post(app, sendMessage());
  const { responseInfo } = readResponse(res);
  t.same(children(responseInfo).map((e) => e.localName), ['messageId', 'correlationId', 'responseDate', 'status']);
  t.same(children(at(responseInfo, 'status')).map((e) => e.localName), ['code', 'message']);
  const withSession = readResponse(await post(app, sendMessage({ sessionId: 's-1' }))).responseInfo;
  t.same(children(withSession).map((e) => e.localName), ['messageId', 'correlationId', 'responseDate', 'status', 'sessionId']);
});

t.test('each response gets a fresh messageId', async (t) => {
  const a = text(readResponse(await post(app, sendMessage())).responseInfo, 'messageId');
  const b = text(readResponse(await post(app, sendMessage())).responseInfo, 'messageId');
  t.not(a, b);
});

t.test('SendMessageResponse is in the SyncChannel types namespace and its response children are unqualified', async (t) => {
  const body = soapBody((await post(app, sendMessage())).body);
  const smr = child(body, SYNC_TYPES, 'SendMessageResponse');
  const response = child(smr, null, 'response');
  t.same(children(response).map((e) => `${e.namespaceURI ?? ''}|${e.localName}`), ['|responseInfo', '|responseData']);
});

t.test('the data is xsi:type gbdfl:Response with messageResult 00000 and the person in the GBD FL shape', async (t) => {
  const tenant = 'send-message-shape';
  await addPersona(app, tenant, KAZAKH_PERSONA);
  const res = await post(app, sendMessage({ messageId: 'shape-1', iin: KAZAKH_PERSONA.iin }), { tenant });
  t.equal(res.statusCode, 200);
  const { data } = readResponse(res);
  t.same(xsiType(data), { namespace: GBDFL_NS, name: 'Response' }, 'xsi:type resolves to {urn:kz-egov-sandbox:gbdfl:v1}Response');
  t.same(
    children(data).map((e) => e.localName),
    ['messageId', 'messageDate', 'requestId', 'sender', 'receiver', 'messageResult', 'persons'],
    'the GBD FL message fields, in order',
  );
  t.equal(text(data, 'messageResult/code'), '00000');
  t.equal(text(data, 'messageResult/nameRu'), 'Сообщение успешно обработано');
  t.equal(text(data, 'sender/code'), 'GBDFL');
  t.equal(text(data, 'receiver/code'), 'sandbox', 'the receiver is the sender of the request');
  t.equal(text(data, 'requestId'), 'shape-1', 'requestId is the request messageId when the data carries none');

  const persons = children(at(data, 'persons'));
  t.equal(persons.length, 1);
  const person = persons[0]!;
  t.equal(person.localName, 'person');
  t.equal(text(person, 'iin'), KAZAKH_PERSONA.iin);
  t.equal(text(person, 'surname'), 'Әбдіғаппарова', 'Kazakh letters arrive intact');
  t.equal(text(person, 'name'), 'Ұлжан');
  t.equal(text(person, 'patronymic'), 'Қуанышқызы');
  t.equal(text(person, 'engSurname'), 'Abdigapparova');
  t.equal(text(person, 'birthDate'), '1987-11-05', 'birth date from the IIN');
  t.equal(text(person, 'gender/code'), '2', 'gender code 2: female');
  t.equal(text(person, 'gender/nameKz'), 'Әйел');
  t.equal(text(person, 'citizenship/code'), '398');
  t.equal(text(person, 'lifeStatus/code'), '0');
  t.notOk(has(person, 'deathDate'), 'no deathDate for a living person');

  const documents = children(at(person, 'documents'));
  t.same(documents.map((d) => d.localName), ['document', 'document']);
  t.same(
    documents.map((d) => [text(d, 'type/code'), text(d, 'number'), text(d, 'status/code'), text(d, 'issueOrganization/code')]),
    [
      ['002', '041234567', '00', '002'],
      ['001', 'N12345678', '07', '002'],
    ],
  );
  t.equal(text(documents[1]!, 'invalidityDate'), '2025-03-03', 'an unfit document carries its invalidity date');
  t.equal(text(documents[0]!, 'surname'), 'Әбдіғаппарова');

  const address = at(person, 'regAddress');
  t.equal(text(address, 'country/code'), '398');
  t.equal(text(address, 'region'), 'Түркістан облысы');
  t.equal(text(address, 'city'), 'Шымкент');
  t.equal(text(address, 'street'), 'Һәкім Ғабдолла көшесі');
  t.equal(text(address, 'building'), '12');
  t.equal(text(address, 'flat'), '7');
  t.equal(text(address, 'beginDate'), '2016-04-01');
  t.ok(has(address, 'arCode'));

  t.ok(res.rawPayload.includes(Buffer.from('Әбдіғаппарова', 'utf8')), 'the bytes on the wire are UTF-8');
});

t.test('the bundled persona 900115300013 is found through the gateway', async (t) => {
  const { data } = readResponse(await post(app, sendMessage({ iin: BUNDLED_IIN })));
  t.equal(text(data, 'messageResult/code'), '00000');
  const person = at(data, 'persons/person');
  t.equal(text(person, 'iin'), BUNDLED_IIN);
  t.equal(text(person, 'gender/code'), '1', 'gender code 1: male');
  t.equal(text(person, 'birthDate'), '1990-01-15');
});

t.test('a well-formed IIN nobody has gives messageResult 00001 and no person, still SCSS001', async (t) => {
  await assertNoPersona(app, UNKNOWN_IIN);
  const res = await post(app, sendMessage({ iin: UNKNOWN_IIN }));
  t.equal(res.statusCode, 200);
  const { responseInfo, data } = readResponse(res);
  t.equal(text(responseInfo, 'status/code'), 'SCSS001', 'the gateway delivered the message: not found is GBD FL answering');
  t.equal(text(data, 'messageResult/code'), '00001');
  t.equal(text(data, 'messageResult/nameKz'), 'ЖСН бойынша мәліметтер табылмады');
  t.same(children(at(data, 'persons')), [], 'persons is empty');
});

t.test('a persona absent from GBD FL gives 00001 too', async (t) => {
  const tenant = 'send-message-absent';
  await addPersona(app, tenant, ABSENT_PERSONA);
  const { data } = readResponse(await post(app, sendMessage({ iin: ABSENT_PERSONA.iin }), { tenant }));
  t.equal(text(data, 'messageResult/code'), '00001');
  t.same(children(at(data, 'persons')), []);
});

t.test('a persona added in one tenant is not found in another', async (t) => {
  await addPersona(app, 'send-message-owner', { ...KAZAKH_PERSONA });
  const here = readResponse(await post(app, sendMessage({ iin: KAZAKH_PERSONA.iin }), { tenant: 'send-message-owner' })).data;
  const there = readResponse(await post(app, sendMessage({ iin: KAZAKH_PERSONA.iin }), { tenant: 'send-message-stranger' })).data;
  t.equal(text(here, 'messageResult/code'), '00000');
  t.equal(text(there, 'messageResult/code'), '00001');
});

t.test('data given as an escaped XML string (xsi:type xs:string) works', async (t) => {
  const escaped = `&lt;request&gt;&lt;messageId&gt;inner-7&lt;/messageId&gt;&lt;iin&gt;${BUNDLED_IIN}&lt;/iin&gt;&lt;/request&gt;`;
  const res = await post(
    app,
    sendMessage({
      data: escaped,
      dataAttributes: ' xsi:type="xs:string"',
      envelopeNamespaces: ` xmlns:xsi="${XSI}" xmlns:xs="http://www.w3.org/2001/XMLSchema"`,
    }),
  );
  t.equal(res.statusCode, 200);
  const { data } = readResponse(res);
  t.equal(text(data, 'messageResult/code'), '00000');
  t.equal(text(data, 'persons/person/iin'), BUNDLED_IIN);
  t.equal(text(data, 'requestId'), 'inner-7', 'requestId is the messageId inside the data');
});

t.test('data in CDATA works the same as an escaped string', async (t) => {
  const { data } = readResponse(await post(app, sendMessage({ data: `<![CDATA[<iin>${BUNDLED_IIN}</iin>]]>` })));
  t.equal(text(data, 'persons/person/iin'), BUNDLED_IIN);
});

t.test('a typed request (xsi:type gbdfl:Request, as generated clients send it) works', async (t) => {
  const res = await post(
    app,
    sendMessage({
      data: `<messageId>typed-1</messageId><messageDate>2025-03-14T10:15:00+05:00</messageDate><senderCode>sandbox</senderCode><iin>${BUNDLED_IIN}</iin>`,
      dataAttributes: ' xsi:type="g:Request"',
      envelopeNamespaces: ` xmlns:xsi="${XSI}" xmlns:g="${GBDFL_NS}"`,
    }),
  );
  const { data } = readResponse(res);
  t.equal(text(data, 'requestId'), 'typed-1');
  t.equal(text(data, 'persons/person/iin'), BUNDLED_IIN);
});

t.test('namespace prefixes chosen by the client do not matter', async (t) => {
  const variants: [string, string][] = [
    ['S / tns', sendMessage({ soapPrefix: 'S', typesPrefix: 'tns' })],
    ['soap / typ', sendMessage({ soapPrefix: 'soap', typesPrefix: 'typ' })],
    [
      'default namespace on SendMessage (children then qualified, as some clients write them)',
      `<Envelope xmlns="${SOAP11}"><Body><SendMessage xmlns="${SYNC_TYPES}"><request><requestInfo><messageId>d-1</messageId><serviceId>${SERVICE_ID}</serviceId>` +
        `<messageDate>2025-03-14T10:15:00Z</messageDate><sender><senderId>sandbox</senderId><password>sandbox</password></sender></requestInfo>` +
        `<requestData><data><iin>${BUNDLED_IIN}</iin></data></requestData></request></SendMessage></Body></Envelope>`,
    ],
    [
      'namespaces declared on the elements themselves, data child qualified by another prefix',
      `<e:Envelope xmlns:e="${SOAP11}"><e:Body><x:SendMessage xmlns:x="${SYNC_TYPES}"><request><requestInfo><messageId>d-2</messageId><serviceId>${SERVICE_ID}</serviceId>` +
        `<messageDate>2025-03-14T10:15:00Z</messageDate><sender><senderId>sandbox</senderId><password>sandbox</password></sender></requestInfo>` +
        `<requestData><data xmlns:q="${GBDFL_NS}"><q:iin>${BUNDLED_IIN}</q:iin></data></requestData></request></x:SendMessage></e:Body></e:Envelope>`,
    ],
  ];
  for (const [name, envelope] of variants) {
    const res = await post(app, envelope);
    t.equal(res.statusCode, 200, name);
    const { responseInfo, data } = readResponse(res);
    t.equal(text(responseInfo, 'status/code'), 'SCSS001', name);
    t.equal(text(data, 'persons/person/iin'), BUNDLED_IIN, name);
  }
});

t.test('a request with every SyncMessageInfo field, in the order of integration-shapes §1, is accepted', async (t) => {
  const res = await post(
    app,
    sendMessage({
      messageId: 'full-1',
      correlationId: 'earlier-9',
      routeId: 'route-A',
      properties: [
        { key: 'purpose', value: 'тест' },
        { key: 'channel', value: 'portal' },
      ],
      sessionId: 'sess-full',
    }),
  );
  t.equal(res.statusCode, 200);
  const { responseInfo } = readResponse(res);
  t.equal(text(responseInfo, 'correlationId'), 'full-1', 'correlationId of the response is the request messageId, not its correlationId');
  t.equal(text(responseInfo, 'sessionId'), 'sess-full');
});

t.test('application/soap+xml and a UTF-8 byte-order mark are accepted', async (t) => {
  const res = await post(app, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sendMessage())]), {
    headers: { 'content-type': 'application/soap+xml; charset=UTF-8' },
  });
  t.equal(res.statusCode, 200);
  t.equal(text(readResponse(res).responseInfo, 'status/code'), 'SCSS001');
});

t.test('GET /shep/services lists GBDFL_UniversalServiceSync as a real service id of GBD FL', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/shep/services' });
  t.equal(res.statusCode, 200);
  const { services } = res.json() as { services: { serviceId: string; system: string; realName: boolean; description: string }[] };
  const gbdfl = services.find((s) => s.serviceId === SERVICE_ID);
  t.ok(gbdfl, 'GBDFL_UniversalServiceSync is routed');
  t.equal(gbdfl?.system, 'gbdfl');
  t.equal(gbdfl?.realName, true);
  t.equal(new Set(services.map((s) => s.serviceId)).size, services.length, 'service ids are unique');
});

t.test('GET /shep/bip-sync without ?wsdl is a 405 problem, not a SOAP answer', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/shep/bip-sync' });
  t.equal(res.statusCode, 405);
  t.match(res.headers['content-type'], /application\/problem\+json/);
  t.equal(res.json().code, 'METHOD_NOT_ALLOWED');
});
