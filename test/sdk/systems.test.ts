/**
 * The SDK's system, PKI and admin areas against a started sandbox: the main reads of every system's REST API
 * (personas chosen by trait), payments end to end, the PKI downloads and /eds verification, and test control.
 */
import { X509Certificate } from 'node:crypto';
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { createClient, SandboxProblemError, signerFromPem, signXml } from '../../src/sdk/index.js';

const app = await buildServer({ logger: false });
const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
const root = createClient({ baseUrl });
t.teardown(async () => {
  await root.close();
  await app.close();
});

async function withTrait(trait: string): Promise<string> {
  const personas = await root.admin.personas(trait);
  return personas[0]!.iin as string;
}

t.test('GBD FL answers a person, and a typed problem for one it does not know', async (t) => {
  const person = await root.gbdfl.person('900115300013');
  t.equal(person.iin, '900115300013');
  const absent = await withTrait('gbdfl-absent');
  const error = await root.gbdfl.person(absent).catch((e: unknown) => e);
  t.type(error, SandboxProblemError);
  t.equal((error as SandboxProblemError).status, 404);
  t.equal((error as SandboxProblemError).code, 'PERSON_NOT_FOUND');
  t.equal((error as SandboxProblemError).problem.status, 404, 'the whole problem body is kept');
});

t.test('АИС СУ answers criminal records and archive searches', async (t) => {
  t.equal((await root.aisSu.criminalRecord(await withTrait('crime-convicted'))).status, 'RECORD');
  t.equal((await root.aisSu.criminalRecord(await withTrait('crime-clean'))).status, 'NO_RECORD');
  t.equal((await root.aisSu.archive(await withTrait('archive-records-found'))).result, 'FOUND');
  const client = root.withTenant('sdk-ais-su');
  const certificate = await client.aisSu.requestCertificate(await withTrait('crime-clean'));
  t.ok(certificate.id, 'a certificate is issued');
  t.equal(await client.aisSu.certificate(certificate.id), certificate.xml, 'and can be read again');
  t.equal((await client.pki.verifyXml(certificate.xml)).valid, true, 'it is signed');
  const noData = await client.aisSu.requestCertificate(await withTrait('crime-no-data')).catch((e: unknown) => e);
  t.equal((noData as SandboxProblemError).code, 'CRIMINAL_RECORD_NO_DATA');
});

t.test('legal statistics answer offences and register checks', async (t) => {
  const offender = await withTrait('admin-offence-recorded');
  const offences = await root.legalStats.adminOffences(offender);
  t.ok(JSON.stringify(offences).includes(offender));
  const checks = await root.legalStats.registerChecks(await withTrait('bbt-debtor'), 'bbt');
  t.match(JSON.stringify(checks), /HIT/);
  const { registers } = (await root.legalStats.registers()) as { registers: { id: string; abbreviation: string; label: { kk: string; ru: string; en: string }; meaning: string }[] };
  t.same(
    registers.map((r) => r.id),
    ['prosecutor', 'bbt'],
    'the two registers checked, the one queried above among them',
  );
  for (const register of registers) {
    t.match(register, { abbreviation: String, label: { kk: String, ru: String, en: String }, meaning: String }, `${register.id} has its labels and reading`);
  }
});

t.test('the notary registry checks a power of attorney', async (t) => {
  const list = await root.notary.powersOfAttorney({ principalIin: '580417412036' });
  const poa = (list.powersOfAttorney ?? list.items ?? []) as { number: string; representative: { iin: string }; services?: string[] }[];
  t.ok(poa.length > 0, 'the principal has powers of attorney');
  const one = await root.notary.powerOfAttorney(poa[0]!.number);
  t.equal(one.number, poa[0]!.number);
  const check = await root.notary.checkPowerOfAttorney({ principalIin: '580417412036', representativeIin: '900115300013', service: 'guardianship-orphan' });
  t.equal(check.result, 'NOT_FOUND', 'no power of attorney to that representative');
});

t.test('payments: create, pay and read an invoice; a declined payment is a typed problem', async (t) => {
  const client = root.withTenant('sdk-payments');
  const invoice = await client.payments.createInvoice({ payerIin: '900115300013', amount: 12966, serviceSlug: 'advocate-license', applicationId: 'APP-SDK-1' });
  t.equal(invoice.status, 'CREATED');
  const paid = await client.payments.pay(invoice.id as string);
  t.equal(paid.status, 'CONFIRMED');
  t.equal((await client.payments.invoice(invoice.id as string)).status, 'CONFIRMED');
  t.equal((await client.payments.invoices({ payerIin: '900115300013' })).length, 1);
  const used = await client.payments.use(invoice.id as string, { applicationId: 'APP-SDK-1' });
  t.equal(used.status, 'USED');
  const declined = await client.payments.createInvoice({ payerIin: await withTrait('fee-declined'), amount: 12966, serviceSlug: 'advocate-license', applicationId: 'APP-SDK-2' });
  const error = await client.payments.pay(declined.id as string).catch((e: unknown) => e);
  t.equal((error as SandboxProblemError).code, 'PAYMENT_DECLINED');
  t.equal((error as SandboxProblemError).status, 402);
  const magic = (await client.payments.magicValues()) as { amounts: { tiyn: string; behaviour: string }[]; traits: { trait: string; behaviour: string }[] };
  t.same(
    magic.traits.find((x) => x.trait === 'fee-declined'),
    { trait: 'fee-declined', behaviour: 'declines' },
    'the trait of the declined payer above is listed as declining',
  );
  t.ok(
    magic.amounts.some((x) => x.behaviour === 'declines' && /^\.\d{2}$/.test(x.tiyn)),
    'and a magic amount (tiyn) that declines',
  );
});

t.test('e-licensing lists, issues and re-issues licences', async (t) => {
  const client = root.withTenant('sdk-elicense');
  const holder = await withTrait('licence-holder');
  const licences = await client.elicense.licences({ holderIin: holder });
  t.ok(licences.length > 0, 'the holder has licences');
  const active = licences.find((l) => l.status === 'active') ?? licences[0]!;
  t.equal((await client.elicense.licence(active.number as string)).number, active.number);
  const issued = await client.elicense.issue({ holderIin: '900115300013', type: 'advocacy' });
  t.equal(issued.holderIin, '900115300013');
  const reissued = await client.elicense.reissue(issued.number as string, { reason: 'name change' });
  t.equal(reissued.number, issued.number, 'a re-issue keeps the number');
  const duplicate = await client.elicense.duplicate(issued.number as string);
  t.equal(duplicate.number, issued.number);
});

t.test('PKI downloads: certificates, keys, PKCS#12, CA and CRL; verification through /eds', async (t) => {
  const info = await root.pki.persona('900115300013');
  t.match(JSON.stringify(info), /900115300013/);
  const pem = (await root.pki.certificate('900115300013', 'sign')).toString('utf8');
  const der = await root.pki.certificate('900115300013', 'sign', 'der');
  t.same(new X509Certificate(pem).raw, der, 'PEM and DER are the same certificate');
  const key = await root.pki.privateKey('900115300013', 'sign');
  const signer = signerFromPem(key, pem);
  t.equal(signer.iin, '900115300013');
  const fromP12 = await root.pki.signer('900115300013');
  t.same(fromP12.certificateDer, signer.certificateDer, 'the PKCS#12 holds the same certificate');
  t.match((await root.pki.caCertificate('root')).toString('utf8'), /BEGIN CERTIFICATE/);
  t.ok((await root.pki.crl('complete')).length > 100, 'the CRL downloads');

  const verdict = await root.pki.verifyCertificate(pem, { purpose: 'sign', expectedIin: '900115300013' });
  t.equal(verdict.valid, true);
  const revoked = await root.pki.verifyCertificate((await root.pki.certificate(await withTrait('cert-sign-revoked'))).toString('utf8'), { purpose: 'sign' });
  t.equal(revoked.certs[0].code, 'CERT_REVOKED');

  const document = signXml('<statement xmlns="urn:example"><text>hello</text></statement>', signer);
  const checked = await root.pki.verifyXml(document, { expectedIin: '900115300013' });
  t.equal(checked.valid, true, 'signXml makes the enveloped signature the sandbox verifies');
  const tampered = await root.pki.verifyXml(document.replace('hello', 'HELLO'));
  t.equal(tampered.valid, false, 'a changed document does not verify');
  const remote = await root.pki.signXml({ xml: '<a>1</a>', iin: '900115300013' });
  t.equal((await root.pki.verifyXml(remote.xml)).valid, true, 'POST /eds/xml/sign signs too');
  const cms = await root.pki.signCms({ data: Buffer.from('hello').toString('base64'), iin: '900115300013' });
  t.equal((await root.pki.verifyCms(cms.cms)).valid, true);
});

t.test('admin: clock, faults, journal, personas, reset, sign', async (t) => {
  const client = root.withTenant('sdk-admin');
  const before = await client.admin.setClock({ set: '2026-03-02T04:00:00.000Z', freeze: true });
  t.equal(before.frozen, true);
  const after = await client.admin.advanceClock('P15D');
  t.equal(Date.parse(after.now) - Date.parse(before.now), 15 * 86_400_000);
  t.equal((await client.admin.clock()).now, after.now, 'a frozen clock stays where it was moved');

  await client.admin.setFault('notary', { down: true });
  t.ok((await client.admin.faults()).faults.notary?.down);
  await client.admin.clearFault();
  t.same((await client.admin.faults()).faults, {});
  await t.rejects(client.admin.setFault('nope', { down: true }), { code: 'SYSTEM_UNKNOWN' });

  const traits = await client.admin.traits();
  t.ok(traits.some((x) => x.id === 'crime-convicted'));
  const added = await client.admin.addPersona({ iin: '920415300018', label: 'SDK applicant', surname: 'Серікбаев', name: 'Нұрлан', traits: ['crime-convicted'], criminalRecord: { convictions: [{ article: '190 ч.1', sentenceDate: '2020-05-04' }] } });
  t.equal(added.iin, '920415300018');
  t.equal((await client.admin.persona('920415300018')).label, 'SDK applicant');
  t.equal((await client.aisSu.criminalRecord('920415300018')).status, 'RECORD', 'every system answers for the added persona');
  await t.rejects(client.admin.addPersona(added), { code: 'PERSONA_EXISTS', status: 409 });

  const signed = await client.admin.sign({ iin: '900115300013', xml: '<a>1</a>' });
  t.equal((await client.pki.verifyXml(signed)).valid, true);

  await client.shep.sendMessage({ serviceId: 'GBDFL_UniversalServiceSync', data: { iin: '900115300013' } });
  t.equal((await client.admin.journal({ ok: true })).length, 1);
  const reset = await client.admin.reset();
  t.same(reset.reset, ['sdk-admin']);
  t.equal((await client.admin.journal()).length, 0, 'reset empties the journal');
  await t.rejects(client.admin.persona('920415300018'), { code: 'PERSONA_NOT_FOUND' }, 'and forgets the added persona');
});
