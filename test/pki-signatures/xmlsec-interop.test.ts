/**
 * Interoperability with xmlsec1 (Debian's xmlsec1, built on libxmlsec1 + OpenSSL), which nobody here wrote:
 * it verifies the gateway's signed answers and documents signed by the sandbox against the CA certificates the
 * sandbox serves; and what xmlsec1 signs with a persona's key, the sandbox accepts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { signSoapEnvelope } from '../../src/pki/xmldsig/sign.js';
import { hasTool, newServer, personaSigner, readResponse, sendMessage, VALID_IIN, XML_HEADERS } from './helpers.js';

if (!hasTool('xmlsec1')) {
  t.skip('interoperability with xmlsec1: xmlsec1 is not installed; run scripts/ensure-test-tools.sh xmlsec1 (CI does)', async () => {});
} else {
  const app = await newServer();
  const dir = mkdtempSync(join(tmpdir(), 'xmlsec-interop-'));
  t.teardown(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const root = file('root.pem', (await app.inject({ method: 'GET', url: '/pki/ca/root.cer' })).body);
  const issuing = file('issuing.pem', (await app.inject({ method: 'GET', url: '/pki/ca/issuing.cer' })).body);

  /** xmlsec1 --verify against the sandbox root (trusted) and issuing CA (untrusted: it must chain). */
  const xmlsecVerify = (path: string, idAttr?: string) => {
    const args = ['--verify', '--trusted-pem', root, '--untrusted-pem', issuing, ...(idAttr ? ['--id-attr:Id', idAttr] : []), path];
    const run = spawnSync('xmlsec1', args, { encoding: 'utf8' });
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
  };

  t.test('xmlsec1 verifies a gateway answer from /shep/bip-sync-wss, chained to the sandbox root', async (t) => {
    const signer = await personaSigner(app, VALID_IIN, 'sign');
    const res = await app.inject({ method: 'POST', url: '/shep/bip-sync-wss', headers: XML_HEADERS, payload: signSoapEnvelope(sendMessage(), signer) });
    t.equal(readResponse(res.body).status, 'SCSS001');
    const verified = xmlsecVerify(file('response.xml', res.body), 'http://schemas.xmlsoap.org/soap/envelope/:Body');
    t.ok(verified.ok, verified.output);
    t.match(verified.output, /^OK/m);

    const tampered = xmlsecVerify(file('response-tampered.xml', res.body.replace('SCSS001', 'SCSS002')), 'http://schemas.xmlsoap.org/soap/envelope/:Body');
    t.notOk(tampered.ok, 'xmlsec1 refuses the same answer once changed');
  });

  t.test('xmlsec1 verifies a document signed with POST /eds/xml/sign (enveloped, URI="")', async (t) => {
    const doc = '<?xml version="1.0" encoding="UTF-8"?><application xmlns="urn:kz-egov-sandbox:test"><applicant iin="900115300013">Әлия</applicant></application>';
    const res = await app.inject({ method: 'POST', url: '/eds/xml/sign', payload: { xml: doc, iin: VALID_IIN } });
    t.equal(res.statusCode, 200, res.body);
    const verified = xmlsecVerify(file('document.xml', res.json().xml));
    t.ok(verified.ok, verified.output);
  });

  t.test('a document xmlsec1 signs with a persona SIGN key (c14n WithComments, as GBD FL payloads) verifies on /eds/xml/verify', async (t) => {
    const key = file('sign.key', (await app.inject({ method: 'GET', url: `/pki/personas/${VALID_IIN}/sign.key` })).body);
    const cert = file('sign.pem', (await app.inject({ method: 'GET', url: `/pki/personas/${VALID_IIN}/sign.cer` })).body);
    const template = file(
      'template.xml',
      '<?xml version="1.0" encoding="UTF-8"?>\n<data xmlns="urn:kz-egov-sandbox:test" xmlns:q="urn:q"><!-- a comment --><q:person iin="900115300013">Әлия</q:person>' +
        '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>' +
        '<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>' +
        '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
        '<Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>' +
        '<Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"/></Transforms>' +
        '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue/></Reference></SignedInfo>' +
        '<SignatureValue/><KeyInfo><X509Data/></KeyInfo></Signature></data>',
    );
    const out = join(dir, 'xmlsec-signed.xml');
    execFileSync('xmlsec1', ['--sign', '--privkey-pem', `${key},${cert}`, '--output', out, template]);
    const signed = readFileSync(out, 'utf8');
    t.match(signed, /<X509Certificate>/, 'xmlsec1 put the certificate in X509Data');

    const verdict = (await app.inject({ method: 'POST', url: '/eds/xml/verify', payload: { xml: signed, expectedIin: VALID_IIN } })).json();
    t.equal(verdict.valid, true, JSON.stringify(verdict.signers?.[0]?.checks?.signature));
    t.equal(verdict.signers[0].subject.iin, VALID_IIN);

    const changed = (await app.inject({ method: 'POST', url: '/eds/xml/verify', payload: { xml: signed.replace('Әлия', 'Әлиев') } })).json();
    t.equal(changed.code, 'SIGNATURE_INVALID', 'and refuses it changed');
  });

  t.test('a WS-Security request xmlsec1 signs (X509Data in KeyInfo) is accepted by /shep/bip-sync-wss', async (t) => {
    const key = file('sign2.key', (await app.inject({ method: 'GET', url: `/pki/personas/${VALID_IIN}/sign.key` })).body);
    const cert = file('sign2.pem', (await app.inject({ method: 'GET', url: `/pki/personas/${VALID_IIN}/sign.cer` })).body);
    const bodyId = 'id-0b5e4f0e-9d1c-4c51-8d0e-3f6a2b7c9e10';
    const unsigned = sendMessage();
    const body = unsigned.slice(unsigned.indexOf('<soap:Body>') + '<soap:Body>'.length, unsigned.indexOf('</soap:Body>'));
    const template = file(
      'wss-template.xml',
      `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header>` +
        `<wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" soap:mustUnderstand="1">` +
        '<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>' +
        '<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>' +
        '<ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>' +
        `<ds:Reference URI="#${bodyId}"><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>` +
        '<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference></ds:SignedInfo>' +
        '<ds:SignatureValue/><ds:KeyInfo><ds:X509Data/></ds:KeyInfo></ds:Signature></wsse:Security></soap:Header>' +
        `<soap:Body xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" wsu:Id="${bodyId}">${body}</soap:Body></soap:Envelope>`,
    );
    const out = join(dir, 'wss-xmlsec-signed.xml');
    execFileSync('xmlsec1', ['--sign', '--privkey-pem', `${key},${cert}`, '--id-attr:Id', 'http://schemas.xmlsoap.org/soap/envelope/:Body', '--output', out, template]);
    const res = await app.inject({ method: 'POST', url: '/shep/bip-sync-wss', headers: XML_HEADERS, payload: readFileSync(out) });
    const answer = readResponse(res.body);
    t.equal(answer.status, 'SCSS001', res.body.slice(0, 400));
    t.ok(answer.iins.includes(VALID_IIN));
  });
}
