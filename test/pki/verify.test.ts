import { createPrivateKey, createPublicKey } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import t from 'tap';
import { CA_SUBJECTS, newKeyPairSync } from '../../src/pki/ca.js';
import { buildName, ext, keyIdentifier, signCertificate, toPem } from '../../src/pki/issue.js';
import { planCertificate } from '../../src/pki/profile.js';
import { as, HAPPY_IIN, personaWith, problemOf, sandbox, validPersona } from './helpers.js';

interface Check {
  status: 'passed' | 'failed' | 'skipped';
  code?: string;
  message: string;
  [k: string]: unknown;
}
interface CertResult {
  valid: boolean;
  code: string | null;
  codes: string[];
  checks: Record<string, Check>;
  keyUsage: string;
  keyUser: string[];
  signAlg: string;
  subject: Record<string, string | null>;
  issuer: Record<string, string | null>;
  revocations: { by: string; revoked: boolean; reason: string | null; revocationTime: string | null; source: string; signer: string }[];
}
interface VerifyAnswer {
  valid: boolean;
  at: string;
  certs: CertResult[];
}

async function certOf(app: FastifyInstance, iin: string, usage: 'auth' | 'sign', tenant?: string): Promise<string> {
  const r = await as(app, tenant, `/pki/personas/${iin}/${usage}.cer`);
  if (r.statusCode !== 200) throw new Error(`${iin} ${usage}: ${r.statusCode} ${r.body}`);
  return r.body;
}

async function verify(app: FastifyInstance, body: Record<string, unknown>, tenant?: string): Promise<VerifyAnswer> {
  const r = await as(app, tenant, { method: 'POST', url: '/eds/x509/verify', payload: body });
  if (r.statusCode !== 200) throw new Error(`verify: ${r.statusCode} ${r.body}`);
  return r.json() as VerifyAnswer;
}

/** The checks that failed, as `check:CODE`. */
const failures = (c: CertResult) => Object.entries(c.checks).filter(([, v]) => v.status === 'failed').map(([k, v]) => `${k}:${v.code}`);

const STATES: { state: string; check: string; code: string }[] = [
  { state: 'expired', check: 'validity', code: 'CERT_EXPIRED' },
  { state: 'not-yet-valid', check: 'validity', code: 'CERT_NOT_YET_VALID' },
  { state: 'revoked', check: 'revocation', code: 'CERT_REVOKED' },
  { state: 'on-hold', check: 'revocation', code: 'CERT_ON_HOLD' },
  { state: 'iin-mismatch', check: 'iinMatch', code: 'IIN_MISMATCH' },
  { state: 'wrong-key-usage', check: 'keyUsage', code: 'CERT_KEY_USAGE' },
  { state: 'untrusted', check: 'chain', code: 'CERT_UNTRUSTED' },
];

t.test('every certificate state fails exactly its own check, with its code, through /eds/x509/verify', async (t) => {
  const app = await sandbox(t);
  for (const usage of ['auth', 'sign'] as const) {
    for (const { state, check, code } of STATES) {
      const persona = personaWith(`cert-${usage}-${state}`);
      const answer = await verify(app, { certs: [await certOf(app, persona.iin, usage)], purpose: usage, expectedIin: persona.iin });
      const result = answer.certs[0]!;
      t.equal(answer.valid, false, `${usage} ${state}: not valid`);
      t.equal(result.code, code, `${usage} ${state}: code ${code}`);
      t.same(failures(result), [`${check}:${code}`], `${usage} ${state}: only the ${check} check fails`);
    }
    const valid = validPersona();
    const answer = await verify(app, { certs: [await certOf(app, valid.iin, usage)], purpose: usage, expectedIin: valid.iin });
    t.equal(answer.valid, true, `${usage} valid: valid`);
    t.equal(answer.certs[0]!.code, null);
    t.same(failures(answer.certs[0]!), [], `${usage} valid: no check fails`);
  }
});

t.test('a persona whose traits say it has no certificate gets 404 CERT_NONE', async (t) => {
  const app = await sandbox(t);
  for (const usage of ['auth', 'sign'] as const) {
    const persona = personaWith(`cert-${usage}-none`);
    const r = await app.inject(`/pki/personas/${persona.iin}/${usage}.cer`);
    t.match(problemOf(r), { status: 404, code: 'CERT_NONE', contentType: /^application\/problem\+json/ }, `${usage} none`);
  }
});

t.test('a valid certificate: every check passes and says why, with NCANode fields', async (t) => {
  const app = await sandbox(t);
  const answer = await verify(app, { certs: [await certOf(app, HAPPY_IIN, 'sign')], purpose: 'sign', expectedIin: HAPPY_IIN });
  const c = answer.certs[0]!;
  t.match(c.checks, {
    validity: { status: 'passed' },
    chain: { status: 'passed', path: [{ source: 'leaf' }, { subject: /ҰКО 3.0 \(RSA SANDBOX\)/, source: 'sandbox' }, { trustAnchor: true }] },
    revocation: { status: 'passed', methods: ['OCSP', 'CRL'] },
    keyUsage: { status: 'passed', kind: 'SIGN', keyUsage: ['digitalSignature', 'nonRepudiation'] },
    identity: { status: 'passed', iin: HAPPY_IIN },
    iinMatch: { status: 'passed', expected: HAPPY_IIN, actual: HAPPY_IIN },
    binMatch: { status: 'skipped' },
  });
  t.match(c.revocations, [
    { by: 'OCSP', revoked: false, source: 'http://127.0.0.1:8080/pki/ocsp', signer: 'CN=OCSP RESPONDER, C=KZ' },
    { by: 'CRL', revoked: false, source: 'http://127.0.0.1:8080/pki/crl/nca_rsa.crl' },
  ]);
  t.match(c, {
    keyUsage: 'SIGN',
    keyUser: ['INDIVIDUAL'],
    signAlg: 'SHA256withRSA',
    subject: { commonName: 'ӘБІЛҚАЙЫРОВ ҒАЛЫМЖАН', surName: 'ӘБІЛҚАЙЫРОВ', lastName: 'НҰРЛАНҰЛЫ', iin: HAPPY_IIN, country: 'KZ', gender: 'MALE', bin: null },
    issuer: { commonName: 'ҰКО 3.0 (RSA SANDBOX)', country: 'KZ' },
  });
});

t.test("a legal entity officer's certificate carries O, OU=BIN and the organisation roles; expectedBin is matched", async (t) => {
  const app = await sandbox(t);
  const officer = personaWith('legal-entity-officer');
  const bin = officer.organisation!.bin;
  const answer = await verify(app, { certs: [await certOf(app, officer.iin, 'sign')], purpose: 'sign', expectedIin: officer.iin, expectedBin: bin });
  const c = answer.certs[0]!;
  t.equal(c.valid, true);
  t.match(c.subject, { bin, organization: officer.organisation!.name, iin: officer.iin });
  t.same(c.keyUser, ['ORGANIZATION', 'CEO']);
  const other = await verify(app, { certs: [await certOf(app, officer.iin, 'sign')], expectedBin: '100140000003' });
  t.same(failures(other.certs[0]!), ['binMatch:BIN_MISMATCH']);
});

t.test('an AUTH certificate used to sign, and a SIGN certificate used to log in, fail the key-usage check', async (t) => {
  const app = await sandbox(t);
  const sign = await verify(app, { certs: [await certOf(app, HAPPY_IIN, 'auth')], purpose: 'sign' });
  t.same(failures(sign.certs[0]!), ['keyUsage:CERT_KEY_USAGE']);
  t.match(sign.certs[0]!.checks.keyUsage!.message, /AUTH certificate cannot be used to sign.*nonRepudiation/);
  const auth = await verify(app, { certs: [await certOf(app, HAPPY_IIN, 'sign')], purpose: 'auth' });
  t.same(failures(auth.certs[0]!), ['keyUsage:CERT_KEY_USAGE']);
  const none = await verify(app, { certs: [await certOf(app, HAPPY_IIN, 'auth')] });
  t.equal(none.certs[0]!.checks.keyUsage!.status, 'skipped', 'no purpose, no key-usage verdict');
});

t.test("moving the tenant's clock past notAfter expires a valid certificate, in that tenant only", async (t) => {
  const app = await sandbox(t);
  const cert = await certOf(app, HAPPY_IIN, 'auth');
  const set = await as(app, 'time-travel', { method: 'POST', url: '/__admin/clock', payload: { set: '2036-01-02T00:00:00Z', freeze: true } });
  t.equal(set.statusCode, 200);
  const later = await verify(app, { certs: [cert] }, 'time-travel');
  t.equal(later.at, '2036-01-02T00:00:00.000Z', 'judged on the tenant clock');
  t.same(failures(later.certs[0]!), ['validity:CERT_EXPIRED']);
  t.match(later.certs[0]!.checks.validity!.message, /expired at 2036-01-01T00:00:00.000Z/);
  const elsewhere = await verify(app, { certs: [cert] });
  t.equal(elsewhere.valid, true, 'the default tenant is still in 2026');
});

t.test('`at` checks as of a time: before notBefore, before and after a revocation', async (t) => {
  const app = await sandbox(t);
  const revoked = personaWith('cert-sign-revoked');
  const cert = await certOf(app, revoked.iin, 'sign');
  const before = await verify(app, { certs: [cert], at: '2025-05-01T00:00:00Z' });
  t.equal(before.valid, true, 'good before its revocation (2025-06-01)');
  t.match(before.certs[0]!.revocations, [{ by: 'OCSP', revoked: false }, { by: 'CRL', revoked: false }]);
  const after = await verify(app, { certs: [cert], at: '2025-07-01T00:00:00Z' });
  t.same(failures(after.certs[0]!), ['revocation:CERT_REVOKED']);
  t.match(after.certs[0]!.revocations, [
    { by: 'OCSP', revoked: true, reason: 'keyCompromise', revocationTime: '2025-06-01T00:00:00.000Z' },
    { by: 'CRL', revoked: true, reason: 'keyCompromise', revocationTime: '2025-06-01T00:00:00.000Z' },
  ]);
  const early = await verify(app, { certs: [await certOf(app, HAPPY_IIN, 'sign')], at: '2024-06-01T00:00:00Z' });
  t.same(failures(early.certs[0]!), ['validity:CERT_NOT_YET_VALID']);
});

t.test('revocationCheck picks the sources; [] skips the check', async (t) => {
  const app = await sandbox(t);
  const cert = await certOf(app, personaWith('cert-auth-on-hold').iin, 'auth');
  const crlOnly = await verify(app, { certs: [cert], revocationCheck: ['CRL'] });
  t.match(crlOnly.certs[0]!.revocations, [{ by: 'CRL', revoked: true, reason: 'certificateHold' }]);
  t.equal(crlOnly.certs[0]!.revocations.length, 1);
  t.equal(crlOnly.certs[0]!.code, 'CERT_ON_HOLD');
  const ocspOnly = await verify(app, { certs: [cert], revocationCheck: ['OCSP'] });
  t.match(ocspOnly.certs[0]!.revocations, [{ by: 'OCSP', revoked: true, reason: 'certificateHold' }]);
  const skipped = await verify(app, { certs: [cert], revocationCheck: [] });
  t.equal(skipped.certs[0]!.checks.revocation!.status, 'skipped');
  t.equal(skipped.valid, true);
});

t.test('the chain is walked by signatures, not names: a forged CA with the issuing CA\'s name is not trusted', async (t) => {
  const app = await sandbox(t);
  const forger = newKeyPairSync();
  const forgerPublic = createPublicKey(forger.privateKey);
  const forgedCa = signCertificate(
    {
      serialNumber: '4f00000000000000000000000000000000000001',
      subject: CA_SUBJECTS.issuing,
      issuer: buildName(CA_SUBJECTS.issuing),
      notBefore: new Date('2024-01-01T00:00:00Z'),
      notAfter: new Date('2045-01-01T00:00:00Z'),
      publicKey: forgerPublic,
      extensions: [ext.basicConstraints(true), ext.keyUsage(['keyCertSign', 'cRLSign']), ext.subjectKeyId(keyIdentifier(forgerPublic))],
    },
    forger.privateKey,
  );
  const victim = newKeyPairSync();
  const plan = planCertificate(validPersona(), 'sign')!;
  const forgedLeaf = signCertificate(
    {
      serialNumber: plan.serialNumber,
      subject: plan.subject,
      issuer: buildName(CA_SUBJECTS.issuing),
      notBefore: plan.notBefore,
      notAfter: plan.notAfter,
      publicKey: createPublicKey(createPrivateKey(victim.privateKeyPem)),
      extensions: [ext.keyUsage(['digitalSignature', 'nonRepudiation'])],
    },
    forger.privateKey,
  );
  const alone = await verify(app, { certs: [toPem(forgedLeaf)] });
  t.same(failures(alone.certs[0]!), ['chain:CERT_UNTRUSTED']);
  t.match(alone.certs[0]!.checks.chain!.message, /its key did not sign this certificate/);
  t.equal(alone.certs[0]!.checks.revocation!.status, 'skipped', 'no revocation source answers for an unknown issuer');
  const withCa = await verify(app, { certs: [forgedLeaf.toString('base64'), forgedCa.toString('base64')] });
  t.equal(withCa.certs[0]!.code, 'CERT_UNTRUSTED');
  t.match(withCa.certs[0]!.checks.chain!, { message: /self-signed .* not a trusted root/, path: [{ source: 'leaf' }, { source: 'request' }] });
});

t.test('the untrusted CA: its certificates end at a root the sandbox does not trust', async (t) => {
  const app = await sandbox(t);
  const persona = personaWith('cert-sign-untrusted');
  const answer = await verify(app, { certs: [await certOf(app, persona.iin, 'sign')] });
  t.match(answer.certs[0]!.checks.chain!, { code: 'CERT_UNTRUSTED', message: /ЖАЛҒАН КО .* not a trusted root/ });
  t.match(answer.certs[0]!.issuer, { commonName: 'ЖАЛҒАН КО (RSA SANDBOX UNTRUSTED)' });
});

t.test('DER as base64 is accepted as well as PEM; CA certificates validate too', async (t) => {
  const app = await sandbox(t);
  const der = (await app.inject(`/pki/personas/${HAPPY_IIN}/auth.der`)).rawPayload.toString('base64');
  const root = (await app.inject('/pki/ca/root.cer')).body;
  const answer = await verify(app, { certs: [der, root] });
  t.equal(answer.valid, true);
  t.equal(answer.certs[1]!.checks.identity!.status, 'skipped', 'a CA names no person');
  t.equal(answer.certs[1]!.checks.chain!.status, 'passed');
});

t.test('bad input is a 400 problem with a code and changes nothing', async (t) => {
  const app = await sandbox(t);
  const cert = await certOf(app, HAPPY_IIN, 'sign');
  const cases: [Record<string, unknown>, string][] = [
    [{ certs: ['not a certificate'] }, 'CERT_MALFORMED'],
    [{ certs: [Buffer.from('random bytes, not DER').toString('base64')] }, 'CERT_MALFORMED'],
    [{ certs: ['-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'] }, 'CERT_MALFORMED'],
    [{ certs: [] }, 'VALIDATION_FAILED'],
    [{}, 'VALIDATION_FAILED'],
    [{ certs: [cert], purpose: 'encrypt' }, 'VALIDATION_FAILED'],
    [{ certs: [cert], at: 'yesterday' }, 'VALIDATION_FAILED'],
    [{ certs: [cert], revocationCheck: ['LDAP'] }, 'VALIDATION_FAILED'],
    [{ certs: [cert], extra: true }, 'VALIDATION_FAILED'],
    [{ certs: [cert], expectedIin: '900115300014' }, 'IIN_INVALID'],
    [{ certs: [cert], expectedBin: '100140000004' }, 'BIN_INVALID'],
  ];
  for (const [payload, code] of cases) {
    const r = await app.inject({ method: 'POST', url: '/eds/x509/verify', payload });
    t.match(problemOf(r), { status: 400, code, contentType: /^application\/problem\+json/ }, `${JSON.stringify(payload).slice(0, 60)} -> ${code}`);
  }
  const malformed = await app.inject({ method: 'POST', url: '/eds/x509/verify', payload: { certs: [cert, 'junk'] } });
  t.match(malformed.json(), { code: 'CERT_MALFORMED', index: 1, detail: /^certs\[1\]/ }, 'names which certificate');
});

t.test('the service API validates in-process, as signature verifiers call it', async (t) => {
  const app = await sandbox(t);
  const { pki, tenants } = app.sandbox;
  const tenant = tenants.get('service-api');
  const signer = await pki.keyPairOf(tenant, HAPPY_IIN, 'sign');
  t.ok(signer, 'a persona key pair');
  const verdict = pki.validateCertificate(tenant, signer!.certificatePem, { purpose: 'sign', expectedIin: HAPPY_IIN });
  t.equal(verdict.valid, true);
  const wrong = pki.validateCertificate(tenant, signer!.certificateDer, { purpose: 'sign', expectedIin: validPersona([HAPPY_IIN]).iin });
  t.equal(wrong.code, 'IIN_MISMATCH');
  t.throws(() => pki.validateCertificate(tenant, 'junk'), { code: 'CERT_MALFORMED' });
  t.same(pki.trustedRoots().map((r) => r.name), ['root']);
  t.equal(await pki.keyPairOf(tenant, '000000000000', 'sign'), undefined, 'unknown persona: undefined');
  t.equal(await pki.keyPairOf(tenant, personaWith('cert-sign-none').iin, 'sign'), null, 'no certificate: null');
});

t.test('the remaining codes: unknown to OCSP, a non-CA on the chain, a subject without a valid IIN', async (t) => {
  const app = await sandbox(t);
  const { pki } = app.sandbox;
  const stranger = { iin: '920415300018', label: 'never registered', surname: 'Бөтен', name: 'Адам', traits: [] };
  const key = newKeyPairSync().privateKeyPem;
  // The issuing CA's key is public by design: anyone can mint a certificate the sandbox never issued.
  const minted = pki.issueFromPlan(planCertificate(stranger, 'sign')!, key);
  const unknown = await verify(app, { certs: [minted.certificatePem] });
  t.same(failures(unknown.certs[0]!), ['revocation:CERT_REVOCATION_UNKNOWN']);
  t.match(unknown.certs[0]!.revocations, [{ by: 'OCSP', status: 'unknown' }, { by: 'CRL', status: 'good' }]);
  t.equal((await verify(app, { certs: [minted.certificatePem], revocationCheck: ['CRL'] })).valid, true, 'a CRL cannot tell it apart');

  const badIin = planCertificate(stranger, 'auth')!;
  const withBadIin = pki.issueFromPlan({ ...badIin, subject: badIin.subject.map((a) => (a.value.startsWith('IIN') ? { ...a, value: 'IIN920415300019' } : a)) }, key);
  const subject = await verify(app, { certs: [withBadIin.certificatePem], revocationCheck: [] });
  t.same(failures(subject.certs[0]!), ['identity:CERT_SUBJECT_INVALID']);

  const ocspResponder = pki.ca('ocsp');
  const underResponder = signCertificate(
    {
      serialNumber: '4f00000000000000000000000000000000000002',
      subject: badIin.subject,
      issuer: ocspResponder.certificate.tbsCertificate.subject,
      notBefore: badIin.notBefore,
      notAfter: badIin.notAfter,
      publicKey: createPublicKey(createPrivateKey(key)),
      extensions: [ext.keyUsage(['digitalSignature'])],
    },
    ocspResponder.privateKey,
  );
  const chain = await verify(app, { certs: [toPem(underResponder), ocspResponder.certificatePem], revocationCheck: [] });
  t.equal(chain.certs[0]!.code, 'CERT_CHAIN_INVALID');
  t.match(chain.certs[0]!.checks.chain!.message, /OCSP RESPONDER.* is not a CA allowed to issue certificates/);
});
