/**
 * The WSDL at GET /shep/bip-sync?wsdl, proven with a SOAP client nobody here wrote: Debian's python3-zeep
 * reads it, builds the typed GBD FL request and calls SendMessage over HTTP (test/gateway/zeep_client.py).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { addPersona, assertNoPersona, child, children, GBDFL_NS, KAZAKH_PERSONA, parseXml, SYNC_TYPES, UNKNOWN_IIN } from './soap-helpers.js';

const run = promisify(execFile);
const ZEEP_CLIENT = fileURLToPath(new URL('./zeep_client.py', import.meta.url));
/** Debian's python3 sees Debian's python3-zeep; a pyenv python3 earlier on PATH does not. */
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const WSDL_SOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XS = 'http://www.w3.org/2001/XMLSchema';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const wsdlUrl = `${base}/shep/bip-sync?wsdl`;

t.test('the WSDL names the SyncChannel, SendMessage with its fault, and the address it was fetched from', async (t) => {
  const res = await fetch(wsdlUrl);
  t.equal(res.status, 200);
  t.match(res.headers.get('content-type'), /xml/);
  const definitions = parseXml(await res.text()).documentElement!;
  t.equal(definitions.namespaceURI, WSDL_NS);
  t.equal(definitions.localName, 'definitions');
  t.equal(definitions.getAttribute('targetNamespace'), 'http://bip.bee.kz/SyncChannel/v10/Interfaces');
  const schemas = children(child(definitions, WSDL_NS, 'types')).filter((e) => e.namespaceURI === XS && e.localName === 'schema');
  t.same(schemas.map((s) => s.getAttribute('targetNamespace')).sort(), [GBDFL_NS, SYNC_TYPES].sort(), 'both schemas are inline');
  const operation = child(child(definitions, WSDL_NS, 'portType'), WSDL_NS, 'operation');
  t.equal(operation.getAttribute('name'), 'SendMessage');
  t.same(children(operation).map((e) => e.localName), ['input', 'output', 'fault']);
  const port = child(child(definitions, WSDL_NS, 'service'), WSDL_NS, 'port');
  t.equal(child(port, WSDL_SOAP_NS, 'address').getAttribute('location'), `${base}/shep/bip-sync`);
  const binding = child(definitions, WSDL_NS, 'binding');
  t.equal(child(binding, WSDL_SOAP_NS, 'binding').getAttribute('transport'), 'http://schemas.xmlsoap.org/soap/http', 'SOAP 1.1 over HTTP');
});

t.test('?xsd=sync and ?xsd=gbdfl serve the schemas standalone', async (t) => {
  for (const [which, ns, types] of [
    ['sync', SYNC_TYPES, ['SyncMessageInfo', 'ErrorInfo']],
    ['gbdfl', GBDFL_NS, ['Request', 'Response', 'Person']],
  ] as const) {
    const res = await fetch(`${base}/shep/bip-sync?xsd=${which}`);
    t.equal(res.status, 200, which);
    const schema = parseXml(await res.text()).documentElement!;
    t.equal(schema.namespaceURI, XS, which);
    t.equal(schema.getAttribute('targetNamespace'), ns, which);
    const names = children(schema).map((e) => e.getAttribute('name'));
    for (const type of types) t.ok(names.includes(type), `${which} defines ${type}`);
  }
  const order = children(
    children(parseXml(await (await fetch(`${base}/shep/bip-sync?xsd=sync`)).text()).documentElement!).find((e) => e.getAttribute('name') === 'SyncMessageInfo')!,
  );
  const sequence = children(order[0]!).map((e) => e.getAttribute('name'));
  t.same(sequence, ['messageId', 'correlationId', 'serviceId', 'messageDate', 'routeId', 'sender', 'properties', 'sessionId'], 'SyncMessageInfo in the order of integration-shapes §1');
});

interface ZeepOutput {
  ok: boolean;
  status?: { code: string; message: string };
  messageId?: string;
  correlationId?: string;
  requestMessageId?: string;
  sessionId?: string;
  requestSessionId?: string;
  dataType?: string;
  messageResult?: { code: string; nameRu: string };
  persons?: { iin: string; surname: string; name: string; patronymic: string; gender: { code: string }; documents: { document: { number: string }[] }; regAddress: { street: string } }[];
  faultcode?: string;
  errorCode?: string;
  errorMessage?: string;
  errorData?: string;
}

async function zeep(iin: string, ...sender: string[]): Promise<ZeepOutput> {
  const { stdout } = await run(PYTHON, [ZEEP_CLIENT, wsdlUrl, iin, ...sender], { timeout: 60_000, env: { ...process.env, PYTHONIOENCODING: 'utf-8' } });
  return JSON.parse(stdout) as ZeepOutput;
}

t.test('zeep, generated from the served WSDL, retrieves a persona through /shep/bip-sync', async (t) => {
  const importable = await run(PYTHON, ['-c', 'import zeep']).then(
    () => true,
    () => false,
  );
  if (!importable) {
    t.fail(`${PYTHON} cannot import zeep: run scripts/ensure-test-tools.sh python3-zeep (it installs Debian's python3-zeep)`);
    return;
  }

  await addPersona(app, 'default', KAZAKH_PERSONA);
  await t.test('a present persona: SCSS001, correlationId, messageResult 00000 and the person with Kazakh letters', async (t) => {
    const out = await zeep(KAZAKH_PERSONA.iin);
    t.equal(out.ok, true);
    t.same(out.status, { code: 'SCSS001', message: 'Message has been processed successfully' });
    t.equal(out.correlationId, out.requestMessageId, 'correlationId is the messageId zeep sent');
    t.not(out.messageId, out.requestMessageId);
    t.equal(out.sessionId, out.requestSessionId, 'sessionId comes back');
    t.equal(out.dataType, 'Response', 'zeep typed the data by its xsi:type');
    t.equal(out.messageResult?.code, '00000');
    t.equal(out.persons?.length, 1);
    const person = out.persons![0]!;
    t.equal(person.iin, KAZAKH_PERSONA.iin);
    t.equal(person.surname, 'Әбдіғаппарова');
    t.equal(person.name, 'Ұлжан');
    t.equal(person.patronymic, 'Қуанышқызы');
    t.equal(person.gender.code, '2');
    t.same(person.documents.document.map((d) => d.number), ['041234567', 'N12345678']);
    t.equal(person.regAddress.street, 'Һәкім Ғабдолла көшесі');
  });

  await t.test('a well-formed IIN nobody has: messageResult 00001 and no person', async (t) => {
    await assertNoPersona(app, UNKNOWN_IIN);
    const out = await zeep(UNKNOWN_IIN);
    t.equal(out.ok, true);
    t.equal(out.status?.code, 'SCSS001');
    t.equal(out.messageResult?.code, '00001');
    t.same(out.persons, []);
  });

  await t.test('a bad IIN: zeep raises a Fault whose detail carries errorCode IIN_INVALID', async (t) => {
    const out = await zeep('900115300014');
    t.equal(out.ok, false);
    t.equal(out.errorCode, 'IIN_INVALID');
    t.match(out.faultcode, /Client$/);
    t.match(out.errorMessage, /check digit/);
  });

  await t.test('a wrong password: zeep raises a Fault with SENDER_AUTH_FAILED', async (t) => {
    const out = await zeep(KAZAKH_PERSONA.iin, 'sandbox', 'wrong');
    t.equal(out.ok, false);
    t.equal(out.errorCode, 'SENDER_AUTH_FAILED');
    t.equal(out.errorData, 'request/requestInfo/sender');
  });

  await t.test('GBD FL down: zeep raises a Fault with SYSTEM_UNAVAILABLE and soap:Server', async (t) => {
    const set = await app.inject({ method: 'POST', url: '/__admin/faults', payload: { system: 'gbdfl', down: true } });
    t.equal(set.statusCode, 200);
    t.teardown(() => app.inject({ method: 'POST', url: '/__admin/faults', payload: { system: 'gbdfl', clear: true } }).then(() => undefined));
    const out = await zeep(KAZAKH_PERSONA.iin);
    t.equal(out.errorCode, 'SYSTEM_UNAVAILABLE');
    t.match(out.faultcode, /Server$/);
  });
});
