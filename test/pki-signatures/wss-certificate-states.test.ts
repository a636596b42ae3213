/**
 * POST /shep/bip-sync-wss for every certificate state a persona's traits give its SIGN certificate: a signed
 * request is answered (valid), or refused with the fault that names the failed check and its code, as of the
 * tenant's virtual clock. Gateway messages are signed with the SIGN key (nonRepudiation): an AUTH key fails.
 */
import t from 'tap';
import { signSoapEnvelope } from '../../src/pki/xmldsig/sign.js';
import { newServer, personaSigner, personaWithTrait, readFault, readResponse, sendMessage, VALID_IIN, XML_HEADERS } from './helpers.js';

const app = await newServer();
t.teardown(() => app.close());

async function post(xml: string, tenant?: string) {
  return app.inject({ method: 'POST', url: '/shep/bip-sync-wss', headers: { ...XML_HEADERS, ...(tenant ? { 'x-sandbox-tenant': tenant } : {}) }, payload: xml });
}

t.test('a request signed with a valid SIGN certificate is answered SCSS001, like /bip-sync', async (t) => {
  const signer = await personaSigner(app, VALID_IIN, 'sign');
  const res = await post(signSoapEnvelope(sendMessage(), signer));
  t.equal(res.statusCode, 200, res.body.slice(0, 300));
  const answer = readResponse(res.body);
  t.equal(answer.status, 'SCSS001');
  t.ok(answer.iins.includes(VALID_IIN), 'the answer is GBD FL\'s record of the person asked for');
});

t.test('the KeyIdentifier form of the token (integration-shapes §1) is accepted too', async (t) => {
  const signer = await personaSigner(app, VALID_IIN, 'sign');
  const res = await post(signSoapEnvelope(sendMessage(), signer, { keyReference: 'key-identifier' }));
  t.equal(res.statusCode, 200, res.body.slice(0, 300));
  t.equal(readResponse(res.body).status, 'SCSS001');
});

// state -> [fault code, the check named in errorData, a phrase of the message]
const REFUSED: Record<string, [string, string, RegExp]> = {
  expired: ['WSS_CERT_EXPIRED', 'validity', /expired at 2025-01-01/],
  'not-yet-valid': ['WSS_CERT_NOT_YET_VALID', 'validity', /valid only from 2040-01-01/],
  revoked: ['WSS_CERT_REVOKED', 'revocation', /revoked \(keyCompromise\)/],
  'on-hold': ['WSS_CERT_ON_HOLD', 'revocation', /on hold/],
  'wrong-key-usage': ['WSS_CERT_KEY_USAGE', 'keyUsage', /cannot be used to sign/],
  untrusted: ['WSS_CERT_UNTRUSTED', 'chain', /not a trusted root/],
};

for (const [state, [code, check, message]] of Object.entries(REFUSED)) {
  t.test(`a request signed with a ${state} SIGN certificate is refused with ${code}, naming the ${check} check`, async (t) => {
    const persona = await personaWithTrait(app, `cert-sign-${state}`);
    const signer = await personaSigner(app, persona.iin, 'sign');
    const res = await post(signSoapEnvelope(sendMessage(), signer));
    t.equal(res.statusCode, 500);
    const fault = readFault(res.body);
    t.equal(fault.faultcode, 'soap:Client');
    t.equal(fault.errorCode, code);
    t.equal(fault.errorData, check);
    t.match(fault.errorMessage, message);
  });
}

t.test('IIN mismatch: the message names its signer in properties signerIin, the certificate holds another IIN', async (t) => {
  const persona = await personaWithTrait(app, 'cert-sign-iin-mismatch');
  const signer = await personaSigner(app, persona.iin, 'sign');
  const res = await post(signSoapEnvelope(sendMessage({ properties: { signerIin: persona.iin } }), signer));
  const fault = readFault(res.body);
  t.equal(fault.errorCode, 'WSS_IIN_MISMATCH');
  t.equal(fault.errorData, 'iinMatch');
  t.match(fault.errorMessage, new RegExp(`expected ${persona.iin}`));

  const valid = await personaSigner(app, VALID_IIN, 'sign');
  const ok = await post(signSoapEnvelope(sendMessage({ properties: { signerIin: VALID_IIN } }), valid));
  t.equal(readResponse(ok.body).status, 'SCSS001', 'the same property with the right IIN passes');
});

t.test('a persona without a SIGN certificate (cert-sign-none) has no SIGN key to sign with; its AUTH key is refused WSS_CERT_KEY_USAGE', async (t) => {
  const persona = await personaWithTrait(app, 'cert-sign-none');
  for (const file of ['sign.p12', 'sign.key', 'sign.der']) {
    const res = await app.inject({ method: 'GET', url: `/pki/personas/${persona.iin}/${file}` });
    t.equal(res.statusCode, 404, `${file}: there is no SIGN credential`);
    t.equal(res.json().code, 'CERT_NONE', file);
  }
  const auth = await personaSigner(app, persona.iin, 'auth');
  const res = await post(signSoapEnvelope(sendMessage({ properties: { signerIin: persona.iin } }), auth));
  const fault = readFault(res.body);
  t.equal(fault.errorCode, 'WSS_CERT_KEY_USAGE', 'the only key it has is an AUTH key');
  t.equal(fault.errorData, 'keyUsage');
});

t.test('properties signerBin: a BIN that is not valid is INVALID_FIELD (as signerIin), a valid one not the signer\'s is WSS_BIN_MISMATCH', async (t) => {
  const signer = await personaSigner(app, VALID_IIN, 'sign');
  for (const [key, value] of [
    ['signerBin', '12345'],
    ['signerBin', '100140000004'],
    ['signerBin', ''],
    ['signerIin', '900115300014'],
  ] as const) {
    const fault = readFault((await post(signSoapEnvelope(sendMessage({ properties: { [key]: value } }), signer))).body);
    t.equal(fault.errorCode, 'INVALID_FIELD', `${key} ${JSON.stringify(value)}`);
    t.equal(fault.errorData, 'request/requestInfo/properties');
    t.match(fault.errorMessage, new RegExp(`${key} must be a valid ${key === 'signerBin' ? 'BIN' : 'IIN'}`));
  }
  const mismatch = readFault((await post(signSoapEnvelope(sendMessage({ properties: { signerBin: '100140000003' } }), signer))).body);
  t.equal(mismatch.errorCode, 'WSS_BIN_MISMATCH', "the gateway's own BIN, on an individual's signature");
  t.equal(mismatch.errorData, 'binMatch');
});

t.test('gateway messages are signed with the SIGN key: a valid AUTH key is refused WSS_CERT_KEY_USAGE', async (t) => {
  const auth = await personaSigner(app, VALID_IIN, 'auth');
  const fault = readFault((await post(signSoapEnvelope(sendMessage(), auth))).body);
  t.equal(fault.errorCode, 'WSS_CERT_KEY_USAGE');
  t.equal(fault.errorData, 'keyUsage');
});

t.test("moving the tenant's clock past notAfter expires a valid certificate; moving it back restores it", async (t) => {
  const tenant = 'wss-clock';
  const signer = await personaSigner(app, VALID_IIN, 'sign', tenant);
  const message = signSoapEnvelope(sendMessage(), signer);
  const set = await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'x-sandbox-tenant': tenant }, payload: { set: '2036-06-01T00:00:00Z' } });
  t.equal(set.statusCode, 200, set.body);
  t.equal(readFault((await post(message, tenant)).body).errorCode, 'WSS_CERT_EXPIRED');
  await app.inject({ method: 'POST', url: '/__admin/clock', headers: { 'x-sandbox-tenant': tenant }, payload: { set: '2030-06-01T00:00:00Z' } });
  t.equal(readResponse((await post(message, tenant)).body).status, 'SCSS001');
});

t.test('revoking and holding a certificate at run time shows at once on the gateway, in that tenant only', async (t) => {
  const tenant = 'wss-revoke';
  const signer = await personaSigner(app, VALID_IIN, 'sign', tenant);
  const serial = (await app.inject({ method: 'GET', url: `/pki/personas/${VALID_IIN}`, headers: { 'x-sandbox-tenant': tenant } })).json() as {
    certificates: { usage: string; serialNumber: string }[];
  };
  const serialNumber = serial.certificates.find((c) => c.usage === 'sign')!.serialNumber;
  const message = signSoapEnvelope(sendMessage(), signer);
  const admin = (action: string) =>
    app.inject({ method: 'POST', url: `/__admin/certificates/${serialNumber}/${action}`, headers: { 'x-sandbox-tenant': tenant }, payload: {} });

  t.equal((await admin('hold')).statusCode, 200);
  t.equal(readFault((await post(message, tenant)).body).errorCode, 'WSS_CERT_ON_HOLD');
  t.equal(readResponse((await post(message)).body).status, 'SCSS001', 'the default tenant is untouched');
  t.equal((await admin('release')).statusCode, 200);
  t.equal(readResponse((await post(message, tenant)).body).status, 'SCSS001', 'released: accepted again');
  t.equal((await admin('revoke')).statusCode, 200);
  t.equal(readFault((await post(message, tenant)).body).errorCode, 'WSS_CERT_REVOKED');
});

t.test('every refusal is journalled on channel bip-sync-wss with its code', async (t) => {
  const tenant = 'wss-journal';
  const persona = await personaWithTrait(app, 'cert-sign-revoked');
  const signer = await personaSigner(app, persona.iin, 'sign', tenant);
  await post(signSoapEnvelope(sendMessage(), signer), tenant);
  const journal = (await app.inject({ method: 'GET', url: '/__admin/journal', headers: { 'x-sandbox-tenant': tenant } })).json() as {
    entries: { channel: string; status: string; ok: boolean }[];
  };
  t.same(
    journal.entries.map((e) => [e.channel, e.status, e.ok]),
    [['bip-sync-wss', 'WSS_CERT_REVOKED', false]],
  );
});
