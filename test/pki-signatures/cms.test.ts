/**
 * CMS / PKCS#7 signatures: what `openssl cms -sign` makes with a persona's SIGN key (exported as PEM from the
 * sandbox) verifies through POST /eds/cms/verify, attached and detached; what the sandbox signs
 * (POST /eds/cms/sign) verifies with `openssl cms -verify -CAfile`; and every failure has its code.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import t from 'tap';
import { hasTool, newServer, personaWithTrait, VALID_IIN } from './helpers.js';

const app = await newServer();
const dir = mkdtempSync(join(tmpdir(), 'cms-interop-'));
t.teardown(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const DATA = Buffer.from('%PDF-1.4 анықтама / справка / certificate\n\x00\x01\x02 binary bytes\n');
const dataFile = file('data.bin', DATA);

const verify = async (body: Record<string, unknown>) => {
  const res = await app.inject({ method: 'POST', url: '/eds/cms/verify', payload: body });
  return { status: res.statusCode, body: res.json() };
};

t.test('sandbox CMS, attached: POST /eds/cms/sign then /eds/cms/verify; the content and the signer are reported', async (t) => {
  const signed = await app.inject({ method: 'POST', url: '/eds/cms/sign', payload: { data: DATA.toString('base64'), iin: VALID_IIN } });
  t.equal(signed.statusCode, 200, signed.body);
  const { body } = await verify({ cms: signed.json().cms, expectedIin: VALID_IIN });
  t.equal(body.valid, true, JSON.stringify(body.signers[0]?.codes));
  t.equal(body.detached, false);
  t.equal(body.signers.length, 1);
  const signer = body.signers[0];
  t.equal(signer.subject.iin, VALID_IIN);
  t.equal(signer.checks.signature.status, 'passed');
  t.equal(signer.checks.signature.algorithm, 'SHA256withRSA');
  t.equal(signer.checks.iinMatch.status, 'passed');
  t.match(signer.signingTime, /^\d{4}-\d\d-\d\dT/);
  t.same(Object.keys(signer.checks), ['signature', 'validity', 'chain', 'revocation', 'keyUsage', 'identity', 'iinMatch', 'binMatch']);

  const other = await verify({ cms: signed.json().cms, data: Buffer.from('something else').toString('base64') });
  t.equal(other.body.code, 'SIGNATURE_INVALID', 'data given with an attached CMS must be its content');
});

t.test('sandbox CMS, detached: the data must be given, and be the signed data', async (t) => {
  const signed = await app.inject({ method: 'POST', url: '/eds/cms/sign', payload: { data: DATA.toString('base64'), iin: VALID_IIN, detached: true } });
  const cms = signed.json().cms as string;
  const ok = await verify({ cms, data: DATA.toString('base64') });
  t.equal(ok.body.valid, true);
  t.equal(ok.body.detached, true);
  const missing = await verify({ cms });
  t.equal(missing.body.valid, false);
  t.equal(missing.body.code, 'SIGNATURE_MALFORMED');
  t.match(missing.body.signers[0].checks.signature.message, /detached/);
  const changed = Buffer.from(DATA);
  changed[0] = 0x25 ^ 0x01;
  const tampered = await verify({ cms, data: changed.toString('base64') });
  t.equal(tampered.body.code, 'SIGNATURE_INVALID');
  t.match(tampered.body.signers[0].checks.signature.message, /messageDigest/);
  t.equal(tampered.body.signers[0].subject.iin, VALID_IIN, 'the claimed signer is still reported');
});

t.test('a CMS signed by a revoked persona: the signature passes, the certificate fails CERT_REVOKED; as of before the revocation it is valid', async (t) => {
  const persona = await personaWithTrait(app, 'cert-sign-revoked');
  const signed = await app.inject({ method: 'POST', url: '/eds/cms/sign', payload: { data: DATA.toString('base64'), iin: persona.iin } });
  const now = await verify({ cms: signed.json().cms });
  t.equal(now.body.code, 'CERT_REVOKED');
  t.equal(now.body.signers[0].checks.signature.status, 'passed');
  t.equal(now.body.signers[0].checks.revocation.code, 'CERT_REVOKED');
  const before = await verify({ cms: signed.json().cms, at: '2025-03-01T00:00:00Z' });
  t.equal(before.body.valid, true, 'revoked on 2025-06-01: good on 2025-03-01');
});

/** A CMS from /eds/cms/sign with its signed signingTime attribute's value replaced (which breaks the signature too). */
async function withSigningTime(type: number, value: string): Promise<string> {
  const signed = await app.inject({ method: 'POST', url: '/eds/cms/sign', payload: { data: DATA.toString('base64'), iin: VALID_IIN } });
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(signed.json().cms, 'base64').toString('binary')));
  const kids = (node: forge.asn1.Asn1 | undefined) => node!.value as forge.asn1.Asn1[];
  const signedData = kids(kids(kids(asn1)[1])[0]);
  const signerInfo = kids(kids(signedData[signedData.length - 1])[0]);
  const attributes = kids(signerInfo.find((n) => n.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && n.type === 0));
  const signingTime = attributes.find((a) => forge.asn1.derToOid(kids(a)[0]!.value as string) === '1.2.840.113549.1.9.5');
  kids(signingTime)[1]!.value = [forge.asn1.create(forge.asn1.Class.UNIVERSAL, type, false, value)];
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary').toString('base64');
}

t.test('a signingTime that is not a real time is SIGNATURE_MALFORMED (never a 500), and is not reported', async (t) => {
  const { UTCTIME, GENERALIZEDTIME, INTEGER } = forge.asn1.Type;
  const cases: [string, number, string][] = [
    ['letters', UTCTIME, 'ZZZZZZZZZZZZZ'],
    ['month 13', UTCTIME, '261315100000Z'],
    ['30 February', UTCTIME, '260230100000Z'],
    ['hour 24', GENERALIZEDTIME, '20260115240000Z'],
    ['not a time type', INTEGER, '\x01'],
  ];
  for (const [what, type, value] of cases) {
    const res = await verify({ cms: await withSigningTime(type, value) });
    t.equal(res.status, 200, what);
    t.equal(res.body.code, 'SIGNATURE_MALFORMED', what);
    t.match(res.body.signers[0].checks.signature.message, /signingTime/, what);
    t.equal(res.body.signers[0].signingTime, undefined, what);
  }
  // A real time in another form BER allows (no seconds, an offset) is read; changing it broke the signature, though.
  const offset = await verify({ cms: await withSigningTime(UTCTIME, '2601151000+0500') });
  t.equal(offset.body.code, 'SIGNATURE_INVALID');
  t.equal(offset.body.signers[0].signingTime, '2026-01-15T05:00:00.000Z');
});

t.test('bad input is a 400 problem, not a verdict', async (t) => {
  const notCms = await verify({ cms: Buffer.from('hello').toString('base64') });
  t.equal(notCms.status, 400);
  t.equal(notCms.body.code, 'CMS_MALFORMED');
  const notBase64 = await verify({ cms: 'MIAGCSqGSIb3DQEHAqCAMIACAQEx', data: '***' });
  t.equal(notBase64.status, 400);
  t.equal(notBase64.body.code, 'SIGNED_DATA_INVALID');
  const noPersona = await app.inject({ method: 'POST', url: '/eds/cms/sign', payload: { data: 'AA==', iin: '000101500006' } });
  t.equal(noPersona.statusCode, 404);
});

if (!hasTool('openssl')) {
  t.skip('CMS interoperability with openssl: openssl is not installed; run scripts/ensure-test-tools.sh openssl (CI does)', async () => {});
} else {
  const key = file('sign.key', (await app.inject({ method: 'GET', url: `/pki/personas/${VALID_IIN}/sign.key` })).body);
  const cert = file('sign.pem', (await app.inject({ method: 'GET', url: `/pki/personas/${VALID_IIN}/sign.cer` })).body);
  const root = file('root.pem', (await app.inject({ method: 'GET', url: '/pki/ca/root.cer' })).body);
  const opensslSign = (name: string, extra: string[]) => {
    const out = join(dir, name);
    execFileSync('openssl', ['cms', '-sign', '-binary', '-in', dataFile, '-signer', cert, '-inkey', key, '-out', out, ...extra]);
    return readFileSync(out);
  };

  t.test('openssl cms -sign -nodetach (attached, DER) verifies on /eds/cms/verify', async (t) => {
    const { body } = await verify({ cms: opensslSign('attached.p7s', ['-nodetach', '-outform', 'DER']).toString('base64'), expectedIin: VALID_IIN });
    t.equal(body.valid, true, JSON.stringify(body.signers[0]?.checks?.signature));
    t.equal(body.detached, false);
    t.equal(body.signers[0].subject.iin, VALID_IIN);
  });

  t.test('openssl cms -sign (detached, PEM) verifies on /eds/cms/verify with the data', async (t) => {
    const pem = opensslSign('detached.pem', ['-outform', 'PEM']).toString('utf8');
    t.match(pem, /-----BEGIN CMS-----/);
    const { body } = await verify({ cms: pem, data: DATA.toString('base64') });
    t.equal(body.valid, true, JSON.stringify(body.signers[0]?.checks?.signature));
    t.equal(body.detached, true);
  });

  t.test('openssl cms -sign -stream (BER, indefinite lengths, content in pieces) verifies on /eds/cms/verify', async (t) => {
    const { body } = await verify({ cms: opensslSign('stream.p7s', ['-nodetach', '-stream', '-outform', 'DER']).toString('base64') });
    t.equal(body.valid, true, JSON.stringify(body.signers[0]?.checks?.signature));
  });

  t.test('openssl cms -sign -md sha1 is refused SIGNATURE_ALGORITHM_REFUSED', async (t) => {
    const { body } = await verify({ cms: opensslSign('sha1.p7s', ['-nodetach', '-outform', 'DER', '-md', 'sha1']).toString('base64') });
    t.equal(body.code, 'SIGNATURE_ALGORITHM_REFUSED');
    t.match(body.signers[0].checks.signature.message, /SHA-1/);
  });

  t.test('openssl cms -sign -nocerts (no certificate carried) is refused SIGNATURE_KEY_INFO_REFUSED', async (t) => {
    const { body } = await verify({ cms: opensslSign('nocerts.p7s', ['-nodetach', '-outform', 'DER', '-nocerts']).toString('base64') });
    t.equal(body.code, 'SIGNATURE_KEY_INFO_REFUSED');
  });

  t.test('a CMS from /eds/cms/sign verifies with openssl cms -verify -CAfile <root>, attached and detached', async (t) => {
    const attached = await app.inject({ method: 'POST', url: '/eds/cms/sign', payload: { data: DATA.toString('base64'), iin: VALID_IIN } });
    const attachedFile = file('sandbox-attached.p7s', Buffer.from(attached.json().cms, 'base64'));
    const out = join(dir, 'content.out');
    const run = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', attachedFile, '-CAfile', root, '-out', out], { encoding: 'utf8' });
    t.equal(run.status, 0, run.stderr);
    t.match(run.stderr, /Verification successful/);
    t.same(readFileSync(out), DATA, 'openssl extracts the signed content');

    const detached = await app.inject({ method: 'POST', url: '/eds/cms/sign', payload: { data: DATA.toString('base64'), iin: VALID_IIN, detached: true } });
    const detachedFile = file('sandbox-detached.p7s', Buffer.from(detached.json().cms, 'base64'));
    const ok = spawnSync('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', detachedFile, '-content', dataFile, '-CAfile', root, '-out', '/dev/null'], {
      encoding: 'utf8',
    });
    t.equal(ok.status, 0, ok.stderr);
    const wrong = spawnSync(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', detachedFile, '-content', file('other.bin', 'other'), '-CAfile', root, '-out', '/dev/null'],
      { encoding: 'utf8' },
    );
    t.not(wrong.status, 0, 'openssl refuses it with other content');
  });
}
