/**
 * A signer's certificate the PKI cannot read (an extension it cannot parse, a corrupted byte) is the signature's
 * SIGNATURE_TOKEN_INVALID on every route (/shep/bip-sync-wss: WSS_SIGNATURE_TOKEN_INVALID), never a 500, an
 * INTERNAL fault or an error in the log: the certificate is parsed, and its public key read, under one guard.
 */
import { Writable } from 'node:stream';
import t from 'tap';
import { signCms } from '../../src/pki/xmldsig/cms.js';
import { signEnveloped, signSoapEnvelope, type XmlSigner } from '../../src/pki/xmldsig/sign.js';
import { readSignerCertificate } from '../../src/pki/xmldsig/signer-certificate.js';
import { buildServer } from '../../src/server.js';
import { unreadableExtensionCredential } from './corpus/cases.js';
import { personaSigner, readFault, sendMessage, VALID_IIN, XML_HEADERS } from './helpers.js';

const logged: string[] = [];
const stream = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) {
      const entry = JSON.parse(line) as { level: number; msg?: string; err?: { message?: string } };
      if (entry.level >= 50) logged.push(`${entry.msg}: ${entry.err?.message ?? ''}`);
    }
    done();
  },
});
const app = await buildServer({ logger: { level: 'warn', stream } });
t.teardown(() => app.close());

const gateway = (xml: string) => app.inject({ method: 'POST', url: '/shep/bip-sync-wss', headers: XML_HEADERS, payload: xml });
const verify = async (path: string, payload: Record<string, unknown>) => {
  const res = await app.inject({ method: 'POST', url: `/eds/${path}/verify`, payload });
  return { status: res.statusCode, body: res.json() };
};

/** Whether the sandbox's parser can read the certificate and its key (the oracle for the mutated ones). */
function readable(der: Buffer): boolean {
  try {
    readSignerCertificate(der, 'test');
    return true;
  } catch {
    return false;
  }
}

t.test('a self-signed certificate whose keyUsage extension cannot be read: the token-invalid code on every route', async (t) => {
  const bad: XmlSigner = unreadableExtensionCredential(VALID_IIN);
  t.notOk(readable(bad.certificateDer), 'the PKI cannot read it (Node alone can)');
  for (const keyReference of ['binary-security-token', 'key-identifier'] as const) {
    const res = await gateway(signSoapEnvelope(sendMessage(), bad, { keyReference }));
    t.equal(res.statusCode, 500);
    const fault = readFault(res.body);
    t.equal(fault.errorCode, 'WSS_SIGNATURE_TOKEN_INVALID', `${keyReference}: ${fault.errorMessage}`);
    t.equal(fault.faultcode, 'soap:Client');
    t.match(fault.errorMessage, /extension cannot be read/);
  }
  const wsse = await verify('wsse', { xml: signSoapEnvelope(sendMessage(), bad) });
  t.same([wsse.status, wsse.body.code], [200, 'SIGNATURE_TOKEN_INVALID']);
  const xml = await verify('xml', { xml: signEnveloped('<doc><iin>900115300013</iin></doc>', bad) });
  t.same([xml.status, xml.body.code], [200, 'SIGNATURE_TOKEN_INVALID']);
  const cms = await verify('cms', { cms: signCms(Buffer.from('hello'), bad).toString('base64') });
  t.same([cms.status, cms.body.code], [200, 'SIGNATURE_TOKEN_INVALID']);
  t.same(logged, [], 'nothing logged at error level');
});

t.test('single-byte-mutated certificates: the token-invalid code whenever the certificate cannot be read, never a 500', async (t) => {
  const signer = await personaSigner(app, VALID_IIN, 'sign');
  const der = signer.certificateDer;
  let seed = 20260115;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  /** The certificate with one byte changed (never to its own value). */
  const mutate = () => {
    const copy = Buffer.from(der);
    const at = random(copy.length);
    copy[at] = (copy[at]! + 1 + random(255)) & 0xff;
    return copy;
  };
  const ROUNDS = 80;
  let unreadable = 0;

  const document = signEnveloped('<doc><iin>900115300013</iin></doc>', signer);
  const message = signSoapEnvelope(sendMessage(), signer, { keyReference: 'key-identifier' });
  const certificate = der.toString('base64');
  for (let i = 0; i < ROUNDS; i++) {
    const mutated = mutate();
    const expectInvalid = !readable(mutated);
    if (expectInvalid) unreadable++;
    const xml = await verify('xml', { xml: document.replace(certificate, mutated.toString('base64')) });
    t.equal(xml.status, 200, `xml #${i}`);
    if (expectInvalid) t.equal(xml.body.code, 'SIGNATURE_TOKEN_INVALID', `xml #${i}`);
    else t.not(xml.body.code, 'SIGNATURE_TOKEN_INVALID', `xml #${i}: readable, judged further`);

    const res = await gateway(message.replace(certificate, mutated.toString('base64')));
    const fault = readFault(res.body);
    t.equal(fault.faultcode, 'soap:Client', `gateway #${i}: ${fault.errorCode}`);
    if (expectInvalid) t.equal(fault.errorCode, 'WSS_SIGNATURE_TOKEN_INVALID', `gateway #${i}`);
  }
  t.ok(unreadable >= 5, `${unreadable} of ${ROUNDS} mutated certificates were unreadable`);

  // In a CMS the certificate is found by issuer and serial first: a mutation there loses it (KEY_INFO_REFUSED), one
  // that breaks the DER around it makes the CMS unreadable (400 CMS_MALFORMED). Never a 500.
  const cms = signCms(Buffer.from('hello'), { privateKeyPem: signer.privateKeyPem, certificateDer: der });
  const offset = cms.indexOf(der);
  t.ok(offset > 0, 'the certificate is carried in the CMS');
  const seen = new Set<string>();
  for (let i = 0; i < ROUNDS; i++) {
    const mutated = Buffer.from(cms);
    mutate().copy(mutated, offset);
    const res = await verify('cms', { cms: mutated.toString('base64') });
    t.ok(res.status === 200 || (res.status === 400 && res.body.code === 'CMS_MALFORMED'), `cms #${i}: ${res.status} ${res.body.code}`);
    seen.add(String(res.body.code));
  }
  t.ok(seen.has('SIGNATURE_TOKEN_INVALID'), `codes seen: ${[...seen].join(', ')}`);
  t.same(logged, [], 'nothing logged at error level');
});
