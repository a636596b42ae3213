import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { parseCrl, crlSignatureValid } from '../../src/pki/crl.js';
import { buildOcspRequest, issuerKeyInfo, ocspSignatureValid, parseOcspResponse } from '../../src/pki/ocsp.js';
import { parseCertificate } from '../../src/pki/x509.js';
import { as, bundledPersonas, HAPPY_IIN, personaWith, problemOf, sandbox, validPersona } from './helpers.js';

async function serialOf(app: FastifyInstance, iin: string, usage: 'auth' | 'sign', tenant?: string): Promise<string> {
  const r = await as(app, tenant, `/pki/personas/${iin}/${usage}.der`);
  if (r.statusCode !== 200) throw new Error(`${iin}/${usage}: ${r.statusCode}`);
  return parseCertificate(r.rawPayload).serialNumber;
}

async function crl(app: FastifyInstance, tenant: string | undefined, file = 'nca_rsa.crl') {
  const r = await as(app, tenant, `/pki/crl/${file}`);
  if (r.statusCode !== 200) throw new Error(`crl: ${r.statusCode}`);
  const parsed = parseCrl(r.rawPayload);
  if (!crlSignatureValid(parsed, app.sandbox.pki.ca(file === 'root_rsa.crl' ? 'root' : 'issuing'))) throw new Error('CRL signature does not verify');
  return { ...parsed, contentType: r.headers['content-type'] };
}

async function ocsp(app: FastifyInstance, tenant: string | undefined, serials: string[], hash: 'sha1' | 'sha256' = 'sha256', nonce?: Buffer) {
  const issuer = issuerKeyInfo(app.sandbox.pki.ca('issuing'));
  const payload = buildOcspRequest(serials.map((serialNumber) => ({ serialNumber, issuer })), { hash, ...(nonce ? { nonce } : {}) });
  const r = await as(app, tenant, { method: 'POST', url: '/pki/ocsp', payload, headers: { 'content-type': 'application/ocsp-request' } });
  if (r.statusCode !== 200) throw new Error(`ocsp: ${r.statusCode} ${r.body}`);
  const parsed = parseOcspResponse(r.rawPayload);
  if (parsed.responseStatus === 'successful' && !ocspSignatureValid(parsed, app.sandbox.pki.ca('ocsp'))) throw new Error('OCSP signature does not verify');
  return { ...parsed, contentType: r.headers['content-type'] };
}

const post = (app: FastifyInstance, tenant: string | undefined, url: string, payload?: Record<string, unknown>) =>
  as(app, tenant, { method: 'POST', url, ...(payload ? { payload } : {}) });

t.test('revoking at run time shows at once in the CRL, the delta CRL, OCSP and verification, in that tenant only', async (t) => {
  const app = await sandbox(t);
  const persona = validPersona();
  const serial = await serialOf(app, persona.iin, 'sign');

  const before = await crl(app, 'a');
  t.equal(before.crlNumber, 1, 'the trait state is CRL number 1');
  t.notOk(before.entries.has(serial));

  const revoked = await post(app, 'a', `/__admin/certificates/${serial}/revoke`, { reason: 'superseded' });
  t.equal(revoked.statusCode, 200);
  t.match(revoked.json(), { serialNumber: serial, iin: persona.iin, usage: 'sign', state: 'valid', status: 'revoked', reason: 'superseded', revocationTime: String });

  const after = await crl(app, 'a');
  t.equal(after.contentType, 'application/pkix-crl');
  t.equal(after.crlNumber, 3, 'complete CRL number 1 + 2 after one change');
  t.match(after.entries.get(serial), { reason: 'superseded' });
  const delta = await crl(app, 'a', 'nca_d_rsa.crl');
  t.equal(delta.crlNumber, 4);
  t.equal(delta.baseCrlNumber, 1, 'a delta on the trait-state CRL');
  t.same([...delta.entries.keys()], [serial], 'the delta lists only the change');

  for (const hash of ['sha1', 'sha256'] as const) {
    const nonce = Buffer.from(`nonce-${hash}-123`);
    const answer = await ocsp(app, 'a', [serial], hash, nonce);
    t.equal(answer.contentType, 'application/ocsp-response');
    t.match(answer.responses, [{ serialNumber: serial, hashAlgorithm: hash, status: 'revoked', reason: 'superseded' }], `OCSP with a ${hash} CertID`);
    t.ok(answer.nonce?.includes(nonce), 'the nonce is echoed');
    t.equal(answer.responses[0]!.nextUpdate, null, 'no nextUpdate, as NCA');
  }

  const cert = (await app.inject(`/pki/personas/${persona.iin}/sign.cer`)).body;
  const verifyIn = async (tenant: string) => (await as(app, tenant, { method: 'POST', url: '/eds/x509/verify', payload: { certs: [cert] } })).json();
  t.match(await verifyIn('a'), { valid: false, certs: [{ code: 'CERT_REVOKED' }] });

  const other = await crl(app, 'b');
  t.notOk(other.entries.has(serial), 'tenant b: not on its CRL');
  t.equal(other.crlNumber, 1);
  t.match((await ocsp(app, 'b', [serial])).responses, [{ status: 'good' }], 'tenant b: OCSP good');
  t.match(await verifyIn('b'), { valid: true }, 'tenant b: valid');
});

t.test('hold and release: on the CRL with certificateHold, then off it (removeFromCRL in the delta)', async (t) => {
  const app = await sandbox(t);
  const serial = await serialOf(app, HAPPY_IIN, 'auth');
  const held = await post(app, 'h', `/__admin/certificates/${serial}/hold`);
  t.match(held.json(), { status: 'on-hold', reason: 'certificateHold' });
  t.match((await crl(app, 'h')).entries.get(serial), { reason: 'certificateHold' });
  t.match((await ocsp(app, 'h', [serial])).responses, [{ status: 'revoked', reason: 'certificateHold' }]);

  const released = await post(app, 'h', `/__admin/certificates/${serial.toUpperCase()}/release`);
  t.match(released.json(), { status: 'good', reason: null }, 'serials are case-insensitive');
  const complete = await crl(app, 'h');
  t.notOk(complete.entries.has(serial), 'off the complete CRL');
  t.equal(complete.crlNumber, 5, 'two changes');
  t.match((await crl(app, 'h', 'nca_d_rsa.crl')).entries.get(serial), { reason: 'removeFromCRL' });
  t.match((await ocsp(app, 'h', [serial])).responses, [{ status: 'good' }]);

  // A persona on hold by its traits can be released too; the delta says so.
  const onHold = personaWith('cert-sign-on-hold');
  const traitSerial = await serialOf(app, onHold.iin, 'sign');
  t.match((await post(app, 'h', `/__admin/certificates/${traitSerial}/release`)).json(), { status: 'good' });
  t.match((await crl(app, 'h', 'nca_d_rsa.crl')).entries.get(traitSerial), { reason: 'removeFromCRL' });
  t.match((await crl(app, undefined)).entries.get(traitSerial), { reason: 'certificateHold' }, 'still held in the default tenant');

  // Hold, then revoke: revocation replaces the hold and is final.
  t.equal((await post(app, 'h', `/__admin/certificates/${serial}/hold`)).statusCode, 200);
  t.match((await post(app, 'h', `/__admin/certificates/${serial}/revoke`)).json(), { status: 'revoked', reason: 'keyCompromise' }, 'default reason keyCompromise');
  t.match(problemOf(await post(app, 'h', `/__admin/certificates/${serial}/release`)), { status: 409, code: 'CERT_STATE_CONFLICT', detail: /revocation is final/ });
});

t.test('steps a certificate cannot take are refused with a problem, and change nothing', async (t) => {
  const app = await sandbox(t);
  const revokedSerial = await serialOf(app, personaWith('cert-sign-revoked').iin, 'sign');
  const validSerial = await serialOf(app, HAPPY_IIN, 'sign');
  const untrustedSerial = await serialOf(app, personaWith('cert-auth-untrusted').iin, 'auth');
  const cases: [string, Record<string, unknown> | undefined, number, string][] = [
    [`${revokedSerial}/revoke`, undefined, 409, 'CERT_STATE_CONFLICT'],
    [`${revokedSerial}/hold`, undefined, 409, 'CERT_STATE_CONFLICT'],
    [`${validSerial}/release`, undefined, 409, 'CERT_STATE_CONFLICT'],
    [`${untrustedSerial}/revoke`, undefined, 409, 'CERT_STATE_CONFLICT'],
    ['4f4f4f4f/revoke', undefined, 404, 'CERT_SERIAL_NOT_FOUND'],
    ['not-hex/revoke', undefined, 400, 'VALIDATION_FAILED'],
    [`${validSerial}/revoke`, { reason: 'certificateHold' }, 400, 'VALIDATION_FAILED'],
    [`${validSerial}/revoke`, { reason: 'removeFromCRL' }, 400, 'VALIDATION_FAILED'],
    [`${validSerial}/hold`, { reason: 'keyCompromise' }, 400, 'VALIDATION_FAILED'],
    [`${validSerial}/revoke`, { time: 'soon' }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [path, payload, status, code] of cases) {
    t.match(problemOf(await post(app, 'x', `/__admin/certificates/${path}`, payload)), { status, code, contentType: /^application\/problem\+json/ }, `${path} ${JSON.stringify(payload ?? {})}`);
  }
  t.equal((await crl(app, 'x')).crlNumber, 1, 'no change was recorded');
  t.match(problemOf(await app.inject('/__admin/certificates/4f4f4f4f')), { status: 404, code: 'CERT_SERIAL_NOT_FOUND' });
});

t.test('GET /__admin/certificates lists serials, states and status, per persona or all', async (t) => {
  const app = await sandbox(t);
  const revoked = personaWith('cert-sign-revoked');
  const one = (await app.inject(`/__admin/certificates?iin=${revoked.iin}`)).json() as { count: number; certificates: Record<string, unknown>[] };
  t.equal(one.count, 2);
  t.match(one.certificates, [
    { usage: 'auth', state: 'valid', status: 'good', issuer: 'issuing' },
    { usage: 'sign', state: 'revoked', status: 'revoked', reason: 'keyCompromise', revocationTime: '2025-06-01T00:00:00.000Z' },
  ]);
  const all = (await app.inject('/__admin/certificates')).json() as { count: number; certificates: { system: string | null; serialNumber: string }[] };
  const expected = bundledPersonas.reduce((n, p) => n + (p.traits.includes('cert-auth-none') ? 0 : 1) + (p.traits.includes('cert-sign-none') ? 0 : 1), 0);
  t.equal(all.count, expected + 1, 'every bundled persona certificate and the gateway certificate');
  t.ok(all.certificates.some((c) => c.system === 'shep'));
  const single = await app.inject(`/__admin/certificates/${one.certificates[1]!.serialNumber}`);
  t.match(single.json(), { state: 'revoked', iin: revoked.iin });
  t.match(problemOf(await app.inject('/__admin/certificates?iin=12')), { status: 400, code: 'VALIDATION_FAILED' });
});

t.test('a persona added at run time gets certificates on the spot, in its state, in that tenant only', async (t) => {
  const app = await sandbox(t);
  const newcomer = {
    iin: '920415300018',
    label: 'Added at run time by a PKI test',
    surname: 'Серікбаев',
    name: 'Нұрлан',
    patronymic: 'Болатұлы',
    traits: ['cert-sign-revoked', 'cert-auth-none'],
  };
  const added = await post(app, 'rt', '/__admin/personas', newcomer);
  t.equal(added.statusCode, 201);
  const cer = await as(app, 'rt', `/pki/personas/${newcomer.iin}/sign.cer`);
  t.equal(cer.statusCode, 200);
  const cert = parseCertificate((await as(app, 'rt', `/pki/personas/${newcomer.iin}/sign.der`)).rawPayload);
  t.match(cert, { iin: newcomer.iin, subjectDn: /CN=СЕРІКБАЕВ НҰРЛАН, SURNAME=СЕРІКБАЕВ, SERIALNUMBER=IIN920415300018, C=KZ, G=БОЛАТҰЛЫ/ });
  t.match((await ocsp(app, 'rt', [cert.serialNumber])).responses, [{ status: 'revoked', reason: 'keyCompromise' }], 'revoked in its tenant OCSP');
  t.ok((await crl(app, 'rt')).entries.has(cert.serialNumber), 'on its tenant CRL');
  t.match(problemOf(await as(app, 'rt', `/pki/personas/${newcomer.iin}/auth.cer`)), { status: 404, code: 'CERT_NONE' });

  t.match((await ocsp(app, 'other', [cert.serialNumber])).responses, [{ status: 'unknown' }], 'unknown to another tenant');
  t.match(problemOf(await as(app, 'other', `/pki/personas/${newcomer.iin}/sign.cer`)), { status: 404, code: 'PKI_PERSONA_NOT_FOUND' });

  t.equal((await post(app, 'rt', '/__admin/reset')).statusCode, 200);
  t.match((await ocsp(app, 'rt', [cert.serialNumber])).responses, [{ status: 'unknown' }], 'gone after a reset');
});

t.test('a reset forgets run-time revocations', async (t) => {
  const app = await sandbox(t);
  const serial = await serialOf(app, HAPPY_IIN, 'sign');
  await post(app, 'r', `/__admin/certificates/${serial}/revoke`);
  t.match((await ocsp(app, 'r', [serial])).responses, [{ status: 'revoked' }]);
  await post(app, 'r', '/__admin/reset');
  t.match((await ocsp(app, 'r', [serial])).responses, [{ status: 'good' }]);
  t.equal((await crl(app, 'r')).crlNumber, 1);
});

t.test('a revocation dated later takes effect when the tenant clock reaches it', async (t) => {
  const app = await sandbox(t);
  const serial = await serialOf(app, HAPPY_IIN, 'sign');
  await post(app, 'later', '/__admin/clock', { set: '2027-01-01T00:00:00Z', freeze: true });
  const r = await post(app, 'later', `/__admin/certificates/${serial}/revoke`, { reason: 'affiliationChanged', time: '2027-02-01T00:00:00Z' });
  t.match(r.json(), { status: 'good' }, 'not yet');
  t.notOk((await crl(app, 'later')).entries.has(serial));
  await post(app, 'later', '/__admin/clock', { advance: 'P40D' });
  t.match((await ocsp(app, 'later', [serial])).responses, [{ status: 'revoked', reason: 'affiliationChanged', revocationTime: new Date('2027-02-01T00:00:00Z') }]);
  const list = (await crl(app, 'later'));
  t.match(list.entries.get(serial), { reason: 'affiliationChanged' });
  t.same(list.thisUpdate, new Date('2027-02-10T00:00:00Z'), "thisUpdate is the tenant's now");
});

t.test('OCSP: several CertIDs, unknown serials, other issuers, malformed requests, no nonce', async (t) => {
  const app = await sandbox(t);
  const good = await serialOf(app, HAPPY_IIN, 'sign');
  const revoked = await serialOf(app, personaWith('cert-auth-revoked').iin, 'auth');
  const many = await ocsp(app, undefined, [good, revoked, '4f00aa']);
  t.match(many.responses, [{ status: 'good' }, { status: 'revoked', reason: 'keyCompromise' }, { status: 'unknown' }]);
  t.equal(parseCertificate(many.certs[0]!).subjectDn, 'CN=OCSP RESPONDER, C=KZ', 'signed by the OCSP RESPONDER, certificate enclosed');

  const untrusted = personaWith('cert-sign-untrusted');
  const untrustedCert = parseCertificate((await app.inject(`/pki/personas/${untrusted.iin}/sign.der`)).rawPayload);
  const foreign = buildOcspRequest([{ serialNumber: untrustedCert.serialNumber, issuer: issuerKeyInfo(app.sandbox.pki.ca('untrusted')) }]);
  const foreignAnswer = parseOcspResponse((await app.inject({ method: 'POST', url: '/pki/ocsp', payload: foreign, headers: { 'content-type': 'application/ocsp-request' } })).rawPayload);
  t.match(foreignAnswer.responses, [{ status: 'unknown' }], 'another issuer: unknown');

  const malformed = await app.inject({ method: 'POST', url: '/pki/ocsp', payload: Buffer.from('not DER'), headers: { 'content-type': 'application/ocsp-request' } });
  t.equal(malformed.statusCode, 200);
  t.equal(parseOcspResponse(malformed.rawPayload).responseStatus, 'malformedRequest');

  const wrongType = await app.inject({ method: 'POST', url: '/pki/ocsp', payload: 'x', headers: { 'content-type': 'text/plain' } });
  t.match(problemOf(wrongType), { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });

  const noNonce = buildOcspRequest([{ serialNumber: revoked, issuer: issuerKeyInfo(app.sandbox.pki.ca('issuing')) }], { hash: 'sha1', nonce: false });
  const got = parseOcspResponse((await app.inject({ method: 'POST', url: '/pki/ocsp', payload: noNonce, headers: { 'content-type': 'application/ocsp-request' } })).rawPayload);
  t.match(got.responses, [{ status: 'revoked', hashAlgorithm: 'sha1' }]);
  t.equal(got.nonce, null, 'no nonce asked, none given');
});

t.test('the root CRL is empty and signed by the root; CRL thisUpdate/nextUpdate follow the tenant clock', async (t) => {
  const app = await sandbox(t);
  const root = await crl(app, undefined, 'root_rsa.crl');
  t.equal(root.entries.size, 0);
  await post(app, 'c', '/__admin/clock', { set: '2028-03-04T05:06:07Z', freeze: true });
  const complete = await crl(app, 'c');
  t.same(complete.thisUpdate, new Date('2028-03-04T05:06:07Z'));
  t.same(complete.nextUpdate, new Date('2028-03-05T05:06:07Z'), 'a day later');
  const delta = await crl(app, 'c', 'nca_d_rsa.crl');
  t.same(delta.nextUpdate, new Date('2028-03-04T06:06:07Z'), 'an hour later');
  t.equal(delta.entries.size, 0, 'no change, empty delta');
});

t.test('a fault injected on pki takes the OCSP responder (tryLater) and the CRLs (503) down, in that tenant only', async (t) => {
  const app = await sandbox(t);
  const serial = await serialOf(app, HAPPY_IIN, 'sign');
  await post(app, 'outage', '/__admin/faults', { system: 'pki', down: true });
  t.equal((await ocsp(app, 'outage', [serial])).responseStatus, 'tryLater', 'OCSP answers tryLater, as a responder that cannot answer does');
  const crlDown = await as(app, 'outage', '/pki/crl/nca_rsa.crl');
  t.equal(crlDown.statusCode, 503);
  t.match(crlDown.json(), { code: 'SYSTEM_UNAVAILABLE', system: 'pki', fault: 'down' });
  t.match(problemOf(crlDown).contentType, /^application\/problem\+json/);
  t.equal((await ocsp(app, undefined, [serial])).responses[0]?.status, 'good', 'another tenant still gets answers');
  await post(app, 'outage', '/__admin/faults', { system: 'pki', clear: true });
  t.equal((await ocsp(app, 'outage', [serial])).responseStatus, 'successful', 'cleared: answers again');
});
