import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import t from 'tap';
import { parseIin } from '../../src/core/iin.js';
import { TenantStore } from '../../src/core/tenant-store.js';
import { PersonaRegistry } from '../../src/personas/registry.js';
import { ATTRIBUTE } from '../../src/pki/oids.js';
import { certificateStateOf, planCertificate, VALIDITY } from '../../src/pki/profile.js';
import { PkiService } from '../../src/pki/service.js';
import { parseCertificate } from '../../src/pki/x509.js';
import { bundledPersonas, HAPPY_IIN } from './helpers.js';

const EXPECTED_VALIDITY: Record<string, { notBefore: Date; notAfter: Date }> = {
  expired: VALIDITY.expired,
  'not-yet-valid': VALIDITY.notYetValid,
};

t.test('every bundled persona certificate follows the NCA profile and the state its traits ask for', async (t) => {
  const personas = new PersonaRegistry(new Map(bundledPersonas.map((p) => [p.iin, p])));
  const pki = new PkiService({ personas, publicUrl: 'http://127.0.0.1:8080' });
  const stale = pki.personasWithoutCommittedCertificates();
  if (stale.length) t.comment(`not in certs/ (issued on the fly; run \`kz-egov-sandbox certs\` to commit): ${stale.join(', ')}`);
  const tenant = new TenantStore().get();
  for (const persona of bundledPersonas) {
    for (const usage of ['auth', 'sign'] as const) {
      const state = certificateStateOf(persona, usage);
      const credential = await pki.keyPairOf(tenant, persona.iin, usage);
      const name = `${persona.iin} ${usage} ${state}`;
      if (state === 'none') {
        t.equal(credential, null, `${name}: no certificate`);
        continue;
      }
      const plan = planCertificate(persona, usage)!;
      const c = parseCertificate(credential!.certificateDer);
      const profile = state === 'wrong-key-usage' ? (usage === 'sign' ? 'auth' : 'sign') : usage;
      const legal = persona.organisation !== undefined;
      const attr = (type: string) => c.subject.filter((a) => a.type === type).map((a) => a.value);
      t.equal(c.serialNumber, plan.serialNumber, `${name}: serial from the plan`);
      t.same(attr(ATTRIBUTE.commonName), [`${persona.surname.toUpperCase()} ${persona.name.toUpperCase()}`], `${name}: CN = SURNAME NAME`);
      t.same(attr(ATTRIBUTE.surname), [persona.surname.toUpperCase()]);
      t.same(attr(ATTRIBUTE.country), ['KZ']);
      t.same(attr(ATTRIBUTE.givenName), persona.patronymic ? [persona.patronymic.toUpperCase()] : [], `${name}: GIVENNAME = patronymic`);
      if (state === 'iin-mismatch') {
        t.not(c.iin, persona.iin, `${name}: another IIN`);
        t.ok(parseIin(c.iin!).ok, `${name}: the other IIN is valid`);
      } else {
        t.equal(c.iin, persona.iin, `${name}: SERIALNUMBER=IIN`);
      }
      t.same(attr(ATTRIBUTE.organization), legal ? [persona.organisation!.name] : []);
      t.equal(c.bin, legal ? persona.organisation!.bin : null, `${name}: OU=BIN for a legal entity`);
      t.same(c.keyUsage, profile === 'sign' ? ['digitalSignature', 'nonRepudiation'] : ['digitalSignature', 'keyEncipherment'], `${name}: key usage of ${profile}`);
      const roles = legal ? ['1.2.398.3.3.4.1.2', '1.2.398.3.3.4.1.2.1'] : ['1.2.398.3.3.4.1.1'];
      t.same(c.extendedKeyUsage, [profile === 'sign' ? '1.3.6.1.5.5.7.3.4' : '1.3.6.1.5.5.7.3.2', ...roles], `${name}: EKU and role`);
      const policy = { sign: legal ? '1.2.398.3.3.2.1' : '1.2.398.3.3.2.3', auth: legal ? '1.2.398.3.3.2.2' : '1.2.398.3.3.2.4' }[profile];
      t.same(c.policies, [policy], `${name}: policy`);
      const validity = EXPECTED_VALIDITY[state] ?? VALIDITY.normal;
      t.same([c.notBefore, c.notAfter], [validity.notBefore, validity.notAfter], `${name}: validity`);
      if (state === 'untrusted') {
        t.match(c.issuerDn, /ЖАЛҒАН КО/, `${name}: issued by the untrusted CA`);
        t.same([c.crlUrls, c.ocspUrls], [[], []], `${name}: the untrusted CA publishes nothing`);
      } else {
        t.equal(c.issuerDn, 'CN=ҰКО 3.0 (RSA SANDBOX), C=KZ');
        t.same(c.crlUrls, ['http://127.0.0.1:8080/pki/crl/nca_rsa.crl']);
        t.same(c.deltaCrlUrls, ['http://127.0.0.1:8080/pki/crl/nca_d_rsa.crl']);
        t.same(c.ocspUrls, ['http://127.0.0.1:8080/pki/ocsp']);
        t.same(c.caIssuerUrls, ['http://127.0.0.1:8080/pki/ca/issuing.der']);
      }
    }
  }
});

t.test('SERIALNUMBER and C are PrintableString, names UTF8String', async (t) => {
  const pki = new PkiService({ personas: new PersonaRegistry(new Map(bundledPersonas.map((p) => [p.iin, p]))), publicUrl: 'http://127.0.0.1:8080' });
  const credential = (await pki.keyPairOf(new TenantStore().get(), HAPPY_IIN, 'auth'))!;
  const subject = AsnConvert.parse(credential.certificateDer, Certificate).tbsCertificate.subject.flatMap((rdn) => [...rdn]);
  const byType = (type: string) => subject.find((a) => a.type === type)!.value;
  t.equal(byType(ATTRIBUTE.serialNumber).printableString, `IIN${HAPPY_IIN}`);
  t.equal(byType(ATTRIBUTE.country).printableString, 'KZ');
  t.equal(byType(ATTRIBUTE.commonName).utf8String, 'ӘБІЛҚАЙЫРОВ ҒАЛЫМЖАН');
});

t.test('plans are deterministic: the same persona gives the same digest and serial, a change gives new ones', async (t) => {
  const persona = bundledPersonas.find((p) => p.iin === HAPPY_IIN)!;
  const a = planCertificate(persona, 'sign')!;
  const b = planCertificate(structuredClone(persona), 'sign')!;
  t.equal(a.digest, b.digest);
  t.equal(a.serialNumber, b.serialNumber);
  t.match(a.serialNumber, /^[4-7][0-9a-f]{39}$/, '20 bytes, positive, no leading zero byte');
  t.not(planCertificate(persona, 'auth')!.serialNumber, a.serialNumber, 'AUTH and SIGN differ');
  const renamed = planCertificate({ ...persona, name: 'Ержан' }, 'sign')!;
  t.not(renamed.serialNumber, a.serialNumber);
  t.equal(planCertificate({ ...persona, traits: ['cert-sign-none'] }, 'sign'), null);
  t.match(planCertificate({ ...persona, traits: ['cert-sign-revoked'] }, 'sign'), { initialRevocation: { reason: 'keyCompromise' } });
  t.match(planCertificate({ ...persona, traits: ['cert-auth-on-hold'] }, 'auth'), { initialRevocation: { reason: 'certificateHold' } });
});
