import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { TenantStore } from '../../src/core/tenant-store.js';
import type { Persona } from '../../src/personas/persona.js';
import { PersonaRegistry } from '../../src/personas/registry.js';
import type { CertsManifest } from '../../src/pki/certs-dir.js';
import { generateCertificates } from '../../src/pki/generate.js';
import { planCertificate } from '../../src/pki/profile.js';
import { PkiService } from '../../src/pki/service.js';
import { parseCertificate } from '../../src/pki/x509.js';

const alice: Persona = { iin: '900115300013', label: 'generation test', surname: 'Әбілқайыров', name: 'Ғалымжан', traits: ['cert-auth-revoked'] };
const bob: Persona = {
  iin: '920415300018',
  label: 'generation test, legal entity',
  surname: 'Серікбаев',
  name: 'Нұрлан',
  traits: ['legal-entity-officer', 'cert-sign-none'],
  organisation: { bin: '100140000003', name: 'Test LLP' },
};
const carol: Persona = { iin: '850217310668', label: 'not generated', surname: 'Құдайбергенов', name: 'Тимур', traits: [] };

function tempDir(t: { teardown: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'pki-certs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** SHA-256 over every file's path and bytes. */
function digestOf(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(path.slice(dir.length)).update(readFileSync(path));
    }
  };
  walk(dir);
  return hash.digest('hex');
}

t.test('generateCertificates writes the CA, system and persona certificates with a manifest, and rewrites identical bytes', async (t) => {
  const outDir = tempDir(t);
  const lines: string[] = [];
  const first = await generateCertificates({ outDir, personas: [alice, bob], publicUrl: 'http://sandbox.test:9000', log: (l) => lines.push(l) });
  t.match(first, { outDir, personas: 2, certificates: 3, keysKept: 0, keysGenerated: 8 });
  t.ok(lines.length > 0, 'progress is logged');
  for (const file of ['ca/root.cer', 'ca/root.key', 'ca/issuing.cer', 'ca/untrusted.cer', 'ca/ocsp.cer', 'systems/shep.cer', `personas/${alice.iin}/auth.key`, `personas/${bob.iin}/auth.cer`]) {
    t.ok(existsSync(join(outDir, file)), file);
  }
  t.notOk(existsSync(join(outDir, `personas/${bob.iin}/sign.cer`)), 'no SIGN certificate for cert-sign-none');
  const manifest = JSON.parse(readFileSync(join(outDir, 'manifest.json'), 'utf8')) as CertsManifest;
  t.match(manifest, {
    format: 1,
    publicUrl: 'http://sandbox.test:9000',
    pkcs12Password: 'Qwerty12',
    description: /public by design/,
    ca: { root: { subject: 'CN=ҚР ТКО 3.0 (RSA SANDBOX), C=KZ', certificate: 'ca/root.cer' } },
    personas: { [alice.iin]: { auth: { state: 'revoked', serialNumber: planCertificate(alice, 'auth')!.serialNumber }, sign: { state: 'valid' } } },
  });
  const aliceCert = parseCertificate(new X509Certificate(readFileSync(join(outDir, `personas/${alice.iin}/sign.cer`))).raw);
  t.same(aliceCert.ocspUrls, ['http://sandbox.test:9000/pki/ocsp'], 'URLs under the given publicUrl');

  const before = digestOf(outDir);
  const second = await generateCertificates({ outDir, personas: [alice, bob], publicUrl: 'http://sandbox.test:9000' });
  t.match(second, { keysKept: 8, keysGenerated: 0 });
  t.equal(digestOf(outDir), before, 'same keys, same bytes');

  const fresh = await generateCertificates({ outDir, personas: [alice], publicUrl: 'http://sandbox.test:9000', keepKeys: false });
  t.match(fresh, { personas: 1, keysGenerated: 7 });
  t.notOk(existsSync(join(outDir, `personas/${bob.iin}`)), 'a persona no longer generated leaves no files');
  t.not(digestOf(outDir), before, 'new keys, new certificates');
});

t.test('a server on a generated folder uses its certificates, and issues the missing ones on the fly with its CA', async (t) => {
  const outDir = tempDir(t);
  await generateCertificates({ outDir, personas: [alice] });
  const pki = new PkiService({ personas: new PersonaRegistry(new Map([alice, carol].map((p) => [p.iin, p]))), publicUrl: 'http://127.0.0.1:8080', certsDir: outDir });
  t.same(pki.personasWithoutCommittedCertificates(), [carol.iin]);
  const logged: string[] = [];
  pki.useLogger({ info: (_o, msg) => logged.push(msg), warn: (_o, msg) => logged.push(msg) });
  t.match(logged, [/1 persona\(s\) have no committed certificates/]);
  const tenant = new TenantStore().get();
  const committed = (await pki.keyPairOf(tenant, alice.iin, 'sign'))!;
  t.equal(committed.certificatePem, readFileSync(join(outDir, `personas/${alice.iin}/sign.cer`), 'utf8'), 'the committed certificate is served');
  const onTheFly = (await pki.keyPairOf(tenant, carol.iin, 'sign'))!;
  t.equal(onTheFly.serialNumber, planCertificate(carol, 'sign')!.serialNumber);
  t.ok(onTheFly.x509.verify(pki.ca('issuing').publicKey), "issued by this folder's issuing CA");
  t.match(logged.at(-1), /issuing a certificate on the fly/);
  t.equal(await pki.keyPairOf(tenant, carol.iin, 'sign'), onTheFly, 'issued once, then cached');
  t.match(pki.validateCertificate(tenant, onTheFly.certificateDer, { purpose: 'sign', expectedIin: carol.iin }), { valid: true });
});

t.test('a folder without a manifest gives a fresh in-memory CA, and says so', async (t) => {
  const empty = tempDir(t);
  const pki = new PkiService({ personas: new PersonaRegistry(new Map([[carol.iin, carol]])), publicUrl: 'http://127.0.0.1:8080', certsDir: empty });
  const warnings: string[] = [];
  pki.useLogger({ info: () => {}, warn: (_o, msg) => warnings.push(msg) });
  t.equal(pki.set.dir, null);
  t.match(warnings, [/no committed test PKI found/]);
  const tenant = new TenantStore().get();
  const credential = (await pki.keyPairOf(tenant, carol.iin, 'auth'))!;
  t.match(pki.validateCertificate(tenant, credential.certificatePem, { purpose: 'auth' }), { valid: true });
});
