/**
 * The corpus of tampered and wrapped messages (corpus/cases.ts): each is refused by POST /shep/bip-sync-wss
 * with its own fault code, and POST /eds/wsse/verify reports the same check failing. The untouched message, and
 * comments slipped into signed content, are accepted and answered for exactly what was signed.
 */
import t from 'tap';
import { signSoapEnvelope } from '../../src/pki/xmldsig/sign.js';
import { CORPUS } from './corpus/cases.js';
import { corpusContext } from './corpus/context.js';
import { newServer, readFault, readResponse, sendMessage, VALID_IIN, XML_HEADERS } from './helpers.js';

const app = await newServer();
t.teardown(() => app.close());
const ctx = await corpusContext(app);

const gateway = (xml: string) => app.inject({ method: 'POST', url: '/shep/bip-sync-wss', headers: XML_HEADERS, payload: xml });
const wsseVerify = (xml: string) => app.inject({ method: 'POST', url: '/eds/wsse/verify', payload: { xml } });

t.test('the untouched signed message is accepted by both', async (t) => {
  const signed = signSoapEnvelope(ctx.message(), ctx.signer);
  t.equal(readResponse((await gateway(signed)).body).status, 'SCSS001');
  const verdict = (await wsseVerify(signed)).json();
  t.equal(verdict.valid, true);
  t.equal(verdict.signers[0].checks.signature.status, 'passed');
});

t.test('the corpus names each case once', async (t) => {
  t.equal(new Set(CORPUS.map((c) => c.name)).size, CORPUS.length);
  t.ok(CORPUS.length >= 30, `${CORPUS.length} cases`);
});

for (const c of CORPUS) {
  t.test(`${c.name}: ${c.attack} -> ${c.fault}`, async (t) => {
    const xml = c.build(ctx);
    const res = await gateway(xml);
    t.equal(res.statusCode, 500, 'refused');
    const fault = readFault(res.body);
    t.equal(fault.errorCode, c.fault, fault.errorMessage);
    t.equal(fault.faultcode, 'soap:Client');

    const verdict = (await wsseVerify(xml)).json();
    t.equal(verdict.valid, false, '/eds/wsse/verify says invalid too');
    t.equal(verdict.code, c.fault.replace(/^WSS_/, ''), 'with the same check code');
  });
}

t.test('a comment inside a signed value is not digested and not a place to cut the value: the whole IIN is read', async (t) => {
  // The SAML comment attack: a reader taking the first text node would see "900115" alone.
  const signed = signSoapEnvelope(ctx.message().replace(`<iin>${VALID_IIN}</iin>`, `<iin>${VALID_IIN.slice(0, 6)}<!-- split -->${VALID_IIN.slice(6)}</iin>`), ctx.signer);
  const answer = readResponse((await gateway(signed)).body);
  t.equal(answer.status, 'SCSS001');
  t.ok(answer.iins.includes(VALID_IIN), 'answered for the full IIN that was signed');
});

t.test('a comment added to the Body after signing changes nothing signed: accepted, processed as signed', async (t) => {
  const signed = signSoapEnvelope(ctx.message(), ctx.signer).replace('<requestData>', '<!-- added in transit --><requestData>');
  const answer = readResponse((await gateway(signed)).body);
  t.equal(answer.status, 'SCSS001');
  t.ok(answer.iins.includes(VALID_IIN));
});

t.test('a comment inside DigestValue is read around, as C14N reads it', async (t) => {
  const signed = signSoapEnvelope(ctx.message(), ctx.signer).replace(/<ds:DigestValue>(.{10})/, '<ds:DigestValue>$1<!-- x -->');
  t.equal(readResponse((await gateway(signed)).body).status, 'SCSS001');
});

t.test('a document signed by its author, carried in the Body, is signed content: accepted under the message signature', async (t) => {
  const document = '<application xmlns="urn:kz-egov-sandbox:test"><applicant>900115300013</applicant></application>';
  const signedDocument = (await app.inject({ method: 'POST', url: '/eds/xml/sign', payload: { xml: document, iin: ctx.iin } })).json().xml as string;
  const payload = signedDocument.replace(/^<\?xml[^>]*\?>/, '');
  const message = ctx.message().replace('<data>', `<data>${payload}`);
  const res = await gateway(signSoapEnvelope(message, ctx.signer));
  t.equal(res.statusCode, 200, res.body.slice(0, 300));
  t.equal(readResponse(res.body).status, 'SCSS001');
});

t.test('nothing outside the signed Body reaches the system: an unsigned header element is ignored', async (t) => {
  const signed = signSoapEnvelope(sendMessage(), ctx.signer).replace('</soap:Header>', `<x:Extra xmlns:x="urn:x"><iin>${ctx.evilIin}</iin></x:Extra></soap:Header>`);
  const answer = readResponse((await gateway(signed)).body);
  t.equal(answer.status, 'SCSS001');
  t.same(answer.iins.filter((i) => i === ctx.evilIin), [], 'the IIN in the header is not read');
});
