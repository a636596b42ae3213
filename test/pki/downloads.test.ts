import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import t from 'tap';
import { parseCertificate } from '../../src/pki/x509.js';
import { as, HAPPY_IIN, personaWith, problemOf, sandbox } from './helpers.js';

t.test('CA certificates: .cer is PEM, .der is DER, chain.pem is issuing + root', async (t) => {
  const app = await sandbox(t);
  for (const name of ['root', 'issuing', 'untrusted', 'ocsp']) {
    const pem = await app.inject(`/pki/ca/${name}.cer`);
    t.equal(pem.statusCode, 200);
    t.equal(pem.headers['content-type'], 'application/x-pem-file');
    const der = await app.inject(`/pki/ca/${name}.der`);
    t.equal(der.headers['content-type'], 'application/pkix-cert');
    t.equal(new X509Certificate(pem.body).fingerprint256, new X509Certificate(der.rawPayload).fingerprint256, `${name}: the same certificate`);
  }
  const root = new X509Certificate((await app.inject('/pki/ca/root.der')).rawPayload);
  const issuing = new X509Certificate((await app.inject('/pki/ca/issuing.der')).rawPayload);
  t.match(root.subject, /CN=ҚР ТКО 3.0 \(RSA SANDBOX\)/);
  t.match(issuing.subject, /CN=ҰКО 3.0 \(RSA SANDBOX\)/);
  t.ok(issuing.checkIssued(root) && issuing.verify(root.publicKey), 'the issuing CA is signed by the root');
  t.ok(root.ca && issuing.ca);
  t.ok(root.publicKey.asymmetricKeyDetails!.modulusLength! >= 2048 && issuing.publicKey.asymmetricKeyDetails!.modulusLength! >= 2048, 'RSA 2048+');
  const chain = (await app.inject('/pki/ca/chain.pem')).body;
  t.equal(chain.match(/BEGIN CERTIFICATE/g)?.length, 2);
  t.match(problemOf(await app.inject('/pki/ca/other.cer')), { status: 400, code: 'VALIDATION_FAILED' });
});

t.test("a persona's files: certificate (PEM, DER), key, PKCS#12, all of one key pair", async (t) => {
  const app = await sandbox(t);
  const cer = await app.inject(`/pki/personas/${HAPPY_IIN}/sign.cer`);
  t.equal(cer.headers['content-type'], 'application/x-pem-file');
  t.match(cer.headers['content-disposition'], /attachment; filename="900115300013_sign\.cer"/);
  const der = (await app.inject(`/pki/personas/${HAPPY_IIN}/sign.der`)).rawPayload;
  const cert = new X509Certificate(cer.body);
  t.equal(cert.fingerprint256, new X509Certificate(der).fingerprint256);
  const key = (await app.inject(`/pki/personas/${HAPPY_IIN}/sign.key`)).body;
  t.match(key, /^-----BEGIN PRIVATE KEY-----/);
  t.ok(cert.checkPrivateKey(createPrivateKey(key)), 'the key is the certificate\'s');

  const p12 = await app.inject(`/pki/personas/${HAPPY_IIN}/sign.p12`);
  t.equal(p12.headers['content-type'], 'application/x-pkcs12');
  const store = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.rawPayload.toString('binary'))), 'Qwerty12');
  const certs = store.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!]!;
  t.equal(certs.length, 3, 'certificate, issuing CA, root');
  const keyBag = store.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]![0]!;
  const p12Key = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key!));
  t.ok(cert.checkPrivateKey(p12Key), 'the PKCS#12 key is the certificate\'s');
  const p12Cert = new X509Certificate(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(certs[0]!.cert!)).getBytes(), 'binary'));
  t.equal(p12Cert.fingerprint256, cert.fingerprint256, 'the PKCS#12 holds the same certificate, byte for byte');
  t.throws(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.rawPayload.toString('binary'))), 'wrong'), 'a wrong password fails');
});

t.test('GET /pki/personas/{iin} lists the certificates with states and download links', async (t) => {
  const app = await sandbox(t);
  const persona = personaWith('cert-auth-expired');
  const r = await app.inject(`/pki/personas/${persona.iin}`);
  t.equal(r.statusCode, 200);
  t.match(r.json(), {
    iin: persona.iin,
    pkcs12Password: 'Qwerty12',
    certificates: [
      { usage: 'auth', state: 'expired', status: 'good', notAfter: '2025-01-01T00:00:00.000Z', downloads: { p12: `http://127.0.0.1:8080/pki/personas/${persona.iin}/auth.p12` } },
      { usage: 'sign', state: 'valid' },
    ],
  });
  const none = personaWith('cert-sign-none');
  t.same(((await app.inject(`/pki/personas/${none.iin}`)).json() as { certificates: { usage: string }[] }).certificates.map((c) => c.usage), ['auth']);
  t.match(problemOf(await app.inject('/pki/personas/000000000000')), { status: 404, code: 'PKI_PERSONA_NOT_FOUND' });
  t.match(problemOf(await app.inject('/pki/personas/000000000000/sign.cer')), { status: 404, code: 'PKI_PERSONA_NOT_FOUND' });
  t.match(problemOf(await app.inject(`/pki/personas/${HAPPY_IIN}/sign.pfx`)), { status: 400, code: 'VALIDATION_FAILED' });
});

t.test('certificates load into node-forge and Node crypto, as the XML and CMS signers use them', async (t) => {
  const app = await sandbox(t);
  const { pki, tenants } = app.sandbox;
  const tenant = tenants.get();
  const signer = (await pki.keyPairOf(tenant, HAPPY_IIN, 'sign'))!;
  const forgeCert = forge.pki.certificateFromPem(signer.certificatePem);
  t.equal(forgeCert.serialNumber, signer.serialNumber, 'node-forge reads the certificate');
  const chain = pki.chainOf(signer);
  t.same(chain.map((c) => c.name), ['issuing', 'root']);
  t.ok(forge.pki.createCaStore([chain[1]!.certificatePem]).hasCertificate(forge.pki.certificateFromPem(chain[1]!.certificatePem)));
  t.ok(forge.pki.certificateFromPem(chain[0]!.certificatePem).verify(forgeCert), 'node-forge verifies the signature with the issuing CA');
  const shep = pki.systemCredential('shep');
  const shepCert = parseCertificate(shep.certificateDer);
  t.match(shepCert, { bin: '100140000003', iin: null, keyUsage: ['digitalSignature', 'nonRepudiation'] });
  t.same(createPublicKey(shep.privateKey).export({ format: 'jwk' }).n, shep.publicKey.export({ format: 'jwk' }).n, 'the gateway key pair matches');
  t.match(pki.validateCertificate(tenant, shep.certificatePem, { purpose: 'sign' }), { valid: true });
  const untrustedPersona = personaWith('cert-auth-untrusted');
  const untrusted = (await pki.keyPairOf(tenant, untrustedPersona.iin, 'auth'))!;
  t.same(pki.chainOf(untrusted).map((c) => c.name), ['untrusted']);
  t.same(pki.chainOf(pki.ca('root')), []);
  t.same(pki.chainOf(pki.ca('issuing')).map((c) => c.name), ['root']);
});

t.test('the tenant header applies: a persona added in one tenant is downloadable there only', async (t) => {
  const app = await sandbox(t);
  const persona = { iin: '920415300018', label: 'downloads test', surname: 'Серікбаев', name: 'Нұрлан', traits: [] };
  t.equal((await as(app, 'dl', { method: 'POST', url: '/__admin/personas', payload: persona })).statusCode, 201);
  t.equal((await as(app, 'dl', `/pki/personas/${persona.iin}/auth.p12`)).statusCode, 200);
  t.equal((await as(app, 'dl2', `/pki/personas/${persona.iin}/auth.p12`)).statusCode, 404);
});
