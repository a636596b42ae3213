/**
 * POST /eds/xml/verify and /eds/xml/sign: enveloped document signatures answered per signer in NCANode's shape,
 * the signature check first, then every certificate check, judged as of the tenant's clock or `at`.
 */
import { DOMParser, type Document, XMLSerializer } from '@xmldom/xmldom';
import t from 'tap';
import { newServer, personaWithTrait, readResponse, sendMessage, VALID_IIN, XML_HEADERS } from './helpers.js';

const app = await newServer();
t.teardown(() => app.close());

const DOC = '<?xml version="1.0" encoding="UTF-8"?><application xmlns="urn:kz-egov-sandbox:test"><service>criminal-record</service><applicant iin="900115300013">Әлия Сейітқызы</applicant></application>';

async function sign(xml: string, iin: string, extra: Record<string, unknown> = {}) {
  const res = await app.inject({ method: 'POST', url: '/eds/xml/sign', payload: { xml, iin, ...extra } });
  if (res.statusCode !== 200) throw new Error(`sign failed: ${res.statusCode} ${res.body}`);
  return res.json().xml as string;
}

async function verify(body: Record<string, unknown>, path = '/eds/xml/verify') {
  const res = await app.inject({ method: 'POST', url: path, payload: body });
  return { status: res.statusCode, body: res.json() };
}

t.test('a document signed by a valid persona verifies: every check reported, in order, with NCANode fields', async (t) => {
  const signed = await sign(DOC, VALID_IIN);
  const { status, body } = await verify({ xml: signed, expectedIin: VALID_IIN });
  t.equal(status, 200);
  t.equal(body.valid, true);
  t.equal(body.code, null);
  const signer = body.signers[0];
  t.same(Object.keys(signer.checks), ['signature', 'validity', 'chain', 'revocation', 'keyUsage', 'identity', 'iinMatch', 'binMatch']);
  t.same(
    Object.values(signer.checks).map((c) => (c as { status: string }).status),
    ['passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'passed', 'skipped'],
  );
  t.equal(signer.checks.signature.algorithm, 'SHA256withRSA');
  t.equal(signer.keyUsage, 'SIGN');
  t.equal(signer.subject.iin, VALID_IIN);
  t.ok(signer.serialNumber && signer.notBefore && signer.notAfter && signer.issuer.commonName, 'NCANode signer fields');
  t.ok(signer.revocations.length >= 1, 'who said it is not revoked');
});

t.test('expectedIin of someone else: IIN_MISMATCH, with the signature itself passed', async (t) => {
  const { body } = await verify({ xml: await sign(DOC, VALID_IIN), expectedIin: '850720400017' });
  t.equal(body.valid, false);
  t.equal(body.code, 'IIN_MISMATCH');
  t.equal(body.signers[0].checks.signature.status, 'passed');
});

t.test('changed after signing: SIGNATURE_INVALID, and the certificate is still judged and reported', async (t) => {
  const signed = (await sign(DOC, VALID_IIN)).replace('criminal-record', 'licence');
  const { body } = await verify({ xml: signed });
  t.equal(body.code, 'SIGNATURE_INVALID');
  t.match(body.signers[0].checks.signature.message, /digest/);
  t.equal(body.signers[0].subject.iin, VALID_IIN);
  t.equal(body.signers[0].checks.validity.status, 'passed');
});

const STATES: Record<string, string> = {
  expired: 'CERT_EXPIRED',
  'not-yet-valid': 'CERT_NOT_YET_VALID',
  revoked: 'CERT_REVOKED',
  'on-hold': 'CERT_ON_HOLD',
  'wrong-key-usage': 'CERT_KEY_USAGE',
  untrusted: 'CERT_UNTRUSTED',
};
for (const [state, code] of Object.entries(STATES)) {
  t.test(`a document signed with a ${state} SIGN certificate: ${code}`, async (t) => {
    const persona = await personaWithTrait(app, `cert-sign-${state}`);
    const { body } = await verify({ xml: await sign(DOC, persona.iin) });
    t.equal(body.valid, false);
    t.equal(body.code, code);
    t.equal(body.signers[0].checks.signature.status, 'passed', 'the signature itself is sound');
  });
}

t.test('`at` judges as of another time: the revoked persona was good before 2025-06-01', async (t) => {
  const persona = await personaWithTrait(app, 'cert-sign-revoked');
  const signed = await sign(DOC, persona.iin);
  t.equal((await verify({ xml: signed, at: '2025-05-31T23:59:59Z' })).body.valid, true);
  const after = await verify({ xml: signed, at: '2025-06-01T00:00:01Z' });
  t.equal(after.body.code, 'CERT_REVOKED');
  t.equal(after.body.at, '2025-06-01T00:00:01.000Z');
});

t.test('purpose auth: an AUTH-signed document fits auth, not sign', async (t) => {
  const signed = await sign(DOC, VALID_IIN, { usage: 'auth' });
  t.equal((await verify({ xml: signed, purpose: 'auth' })).body.valid, true);
  t.equal((await verify({ xml: signed })).body.code, 'CERT_KEY_USAGE');
});

t.test('nothing signed: valid false, SIGNATURE_MISSING, no signers', async (t) => {
  const { status, body } = await verify({ xml: DOC });
  t.equal(status, 200);
  t.same([body.valid, body.code, body.signers], [false, 'SIGNATURE_MISSING', []]);
});

t.test('a signature covering part of the document only is SIGNATURE_WRAPPED', async (t) => {
  const signed = await sign(DOC, VALID_IIN);
  const partial = signed.replace('<service>', '<service Id="s1">').replace('URI=""', 'URI="#s1"');
  t.equal((await verify({ xml: partial })).body.code, 'SIGNATURE_WRAPPED');
});

t.test('two signatures: each reported as a signer of its own; valid only if both are', async (t) => {
  const revoked = await personaWithTrait(app, 'cert-sign-revoked');
  const first = await sign(DOC, VALID_IIN);
  // Enveloped-signature removes only its own signature: a second signature appended after the first covers it, and
  // leaves the first no longer the document's last child (its digest would now cover the second one too).
  const both = await sign(first, revoked.iin);
  const { body } = await verify({ xml: both });
  t.equal(body.signers.length, 2);
  t.equal(body.signers[0].code, 'SIGNATURE_MISPLACED', 'the first signature is followed by the second');
  t.match(body.signers[0].checks.signature.message, /followed by ds:Signature/);
  t.equal(body.signers[1].code, 'CERT_REVOKED', 'the second covers the first and is judged on its certificate');
  t.equal(body.valid, false);
});

t.test('a verified signature reports signedXml: the document exactly as signed, without the signature or comments', async (t) => {
  const signed = (await sign(DOC, VALID_IIN)).replace('<service>', '<!-- not signed --><service>');
  const { body } = await verify({ xml: signed });
  t.equal(body.valid, true);
  const signedXml = body.signers[0].signedXml as string;
  t.match(signedXml, /^<application xmlns="urn:kz-egov-sandbox:test"><service>criminal-record<\/service>/);
  t.notMatch(signedXml, /Signature|not signed/);
  const changed = await verify({ xml: signed.replace('criminal-record', 'licence') });
  t.equal(changed.body.signers[0].signedXml, undefined, 'nothing is reported as signed when the digest fails');
});

// --- Tampering with what the enveloped-signature transform leaves out: the ds:Signature itself -------------------

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');
const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc);
const dsElement = (doc: Document, local: string) => doc.getElementsByTagNameNS(DS, local).item(0)!;

/** A document validly signed by VALID_IIN, changed by `change` on its DOM. */
async function tampered(change: (doc: Document) => void, xml = DOC): Promise<string> {
  const doc = parse(await sign(xml, VALID_IIN));
  change(doc);
  return serialize(doc);
}

const TAMPERED: { name: string; code: string; change: (doc: Document) => void }[] = [
  {
    name: 'the signature moved to be the first child of the document element',
    code: 'SIGNATURE_MISPLACED',
    change: (doc) => doc.documentElement!.insertBefore(dsElement(doc, 'Signature'), doc.documentElement!.firstChild),
  },
  {
    name: 'the signature moved into the content (inside <service>)',
    code: 'SIGNATURE_MISPLACED',
    change: (doc) => doc.getElementsByTagName('service').item(0)!.appendChild(dsElement(doc, 'Signature')),
  },
  {
    name: 'an element added after the signature',
    code: 'SIGNATURE_MISPLACED',
    change: (doc) => doc.documentElement!.appendChild(doc.createElementNS('urn:kz-egov-sandbox:test', 'extra')),
  },
  {
    name: 'a ds:Object carrying an applicant appended inside the signature',
    code: 'SIGNATURE_MALFORMED',
    change: (doc) => {
      const object = doc.createElementNS(DS, 'ds:Object');
      object.appendChild(parse('<applicant xmlns="urn:kz-egov-sandbox:test" iin="850720400017">Someone Else</applicant>').documentElement!);
      dsElement(doc, 'Signature').appendChild(object);
    },
  },
  {
    name: 'a foreign element inside the signature',
    code: 'SIGNATURE_MALFORMED',
    change: (doc) => dsElement(doc, 'Signature').insertBefore(doc.createElementNS('urn:x', 'x:note'), dsElement(doc, 'KeyInfo')),
  },
  {
    name: 'text inside the signature',
    code: 'SIGNATURE_MALFORMED',
    change: (doc) => dsElement(doc, 'Signature').appendChild(doc.createTextNode('NO_RECORD')),
  },
  {
    name: 'KeyInfo moved before SignatureValue',
    code: 'SIGNATURE_MALFORMED',
    change: (doc) => dsElement(doc, 'Signature').insertBefore(dsElement(doc, 'KeyInfo'), dsElement(doc, 'SignatureValue')),
  },
  {
    name: 'an X509SubjectName added to X509Data beside the certificate',
    code: 'SIGNATURE_KEY_INFO_REFUSED',
    change: (doc) => {
      const name = doc.createElementNS(DS, 'ds:X509SubjectName');
      name.appendChild(doc.createTextNode('SERIALNUMBER=IIN850720400017'));
      dsElement(doc, 'X509Data').appendChild(name);
    },
  },
  {
    name: 'a second X509Certificate in X509Data',
    code: 'SIGNATURE_KEY_INFO_REFUSED',
    change: (doc) => dsElement(doc, 'X509Data').appendChild(dsElement(doc, 'X509Certificate').cloneNode(true)),
  },
  {
    name: 'text inside KeyInfo',
    code: 'SIGNATURE_KEY_INFO_REFUSED',
    change: (doc) => dsElement(doc, 'KeyInfo').appendChild(doc.createTextNode('850720400017')),
  },
];

for (const c of TAMPERED) {
  t.test(`tampered: ${c.name} -> ${c.code}`, async (t) => {
    const { status, body } = await verify({ xml: await tampered(c.change), expectedIin: VALID_IIN });
    t.equal(status, 200);
    t.equal(body.valid, false);
    t.equal(body.code, c.code, body.signers[0]?.checks.signature.message);
    t.equal(body.signers[0].checks.signature.status, 'failed');
    t.equal(body.signers[0].signedXml, undefined);
  });
}

t.test('a comment after the signature, and an Id on it, are fine: it is still the last child element', async (t) => {
  const xml = await tampered((doc) => {
    dsElement(doc, 'Signature').setAttribute('Id', 'sig-1');
    doc.documentElement!.appendChild(doc.createComment(' end '));
  });
  t.equal((await verify({ xml })).body.valid, true);
});

t.test("a signed criminal-record certificate (POST /ais-su/certificates) cannot be made to say NO_RECORD inside its signature", async (t) => {
  const NS = 'urn:kz-egov-sandbox:ais-su:certificate:v1';
  const issued = await app.inject({ method: 'POST', url: '/ais-su/certificates', payload: { iin: '870512303771' } });
  t.equal(issued.statusCode, 201, issued.body.slice(0, 200));
  t.equal((await verify({ xml: issued.body })).body.valid, true, 'as issued, it verifies');
  const doc = parse(issued.body);
  const signature = dsElement(doc, 'Signature');
  const object = doc.createElementNS(DS, 'ds:Object');
  const result = doc.createElementNS(NS, 'result');
  result.appendChild(doc.createTextNode('NO_RECORD'));
  object.appendChild(result);
  signature.appendChild(object);
  t.equal((await verify({ xml: serialize(doc) })).body.code, 'SIGNATURE_MALFORMED', 'a ds:Object in the signature');
  signature.removeChild(object);
  doc.documentElement!.insertBefore(signature, doc.documentElement!.firstChild);
  t.equal((await verify({ xml: serialize(doc) })).body.code, 'SIGNATURE_MISPLACED', 'the signature moved first');
});

t.test('bad input: 400 SIGNED_XML_MALFORMED for malformed XML and for a DOCTYPE; a bad expectedIin is 400 IIN_INVALID', async (t) => {
  const malformed = await verify({ xml: '<a><b></a>' });
  t.equal(malformed.status, 400);
  t.equal(malformed.body.code, 'SIGNED_XML_MALFORMED');
  const doctype = await verify({ xml: '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>' });
  t.equal(doctype.body.code, 'SIGNED_XML_MALFORMED');
  t.match(doctype.body.detail, /DOCTYPE/);
  const iin = await verify({ xml: DOC, expectedIin: '900115300014' });
  t.equal(iin.status, 400);
  t.equal(iin.body.code, 'IIN_INVALID');
});

t.test('/eds/xml/sign: 404 for an unknown persona and for one without a SIGN certificate; 400 for wsse on a non-SOAP document', async (t) => {
  const none = await personaWithTrait(app, 'cert-sign-none');
  const res = await app.inject({ method: 'POST', url: '/eds/xml/sign', payload: { xml: DOC, iin: none.iin } });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'CERT_NONE');
  const wsse = await app.inject({ method: 'POST', url: '/eds/xml/sign', payload: { xml: DOC, iin: VALID_IIN, profile: 'wsse' } });
  t.equal(wsse.statusCode, 400);
  t.equal(wsse.json().code, 'SIGNING_REFUSED');
});

t.test('/eds/xml/sign with profile wsse makes a message /shep/bip-sync-wss accepts, and /eds/wsse/verify too', async (t) => {
  const signed = await sign(sendMessage(), VALID_IIN, { profile: 'wsse', keyReference: 'key-identifier' });
  const res = await app.inject({ method: 'POST', url: '/shep/bip-sync-wss', headers: XML_HEADERS, payload: signed });
  t.equal(readResponse(res.body).status, 'SCSS001');
  const { body } = await verify({ xml: signed, expectedIin: VALID_IIN }, '/eds/wsse/verify');
  t.equal(body.valid, true);
  const unsigned = await verify({ xml: sendMessage() }, '/eds/wsse/verify');
  t.same([unsigned.body.valid, unsigned.body.code], [false, 'SIGNATURE_MISSING']);
});

t.test("the gateway's own answer verifies on /eds/wsse/verify: signed by the gateway certificate (a legal entity's SIGN certificate)", async (t) => {
  const signed = await sign(sendMessage(), VALID_IIN, { profile: 'wsse' });
  const answer = (await app.inject({ method: 'POST', url: '/shep/bip-sync-wss', headers: XML_HEADERS, payload: signed })).body;
  const { body } = await verify({ xml: answer, expectedBin: '100140000003' }, '/eds/wsse/verify');
  t.equal(body.valid, true, JSON.stringify(body.signers[0]?.codes));
  t.equal(body.signers[0].subject.commonName, 'SHEP SANDBOX GATEWAY');
  t.equal(body.signers[0].subject.bin, '100140000003');
});
