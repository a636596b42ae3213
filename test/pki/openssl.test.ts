/**
 * Interoperability with a tool nobody here wrote: the real `openssl` reads the CRLs, verifies certificates
 * against them, asks the OCSP responder over HTTP and opens the PKCS#12 files the sandbox serves.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { as, HAPPY_IIN, opensslAsync as openssl, opensslMissing, personaWith, sandbox } from './helpers.js';

{
  t.test('openssl', { skip: opensslMissing }, async (t) => {
    const app = await sandbox(t);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const ocspUrl = `http://127.0.0.1:${port}/pki/ocsp`;
    const dir = mkdtempSync(join(tmpdir(), 'pki-openssl-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, content: Buffer | string) => {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    };
    const download = async (url: string, name: string, tenant?: string) => {
      const r = await as(app, tenant, url);
      if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
      return file(name, r.rawPayload);
    };
    const chain = await download('/pki/ca/chain.pem', 'chain.pem');
    const issuing = await download('/pki/ca/issuing.cer', 'issuing.pem');
    const revokedPersona = personaWith('cert-sign-revoked');
    const onHoldPersona = personaWith('cert-auth-on-hold');
    const revoked = await download(`/pki/personas/${revokedPersona.iin}/sign.cer`, 'revoked.pem');
    const onHold = await download(`/pki/personas/${onHoldPersona.iin}/auth.cer`, 'on-hold.pem');
    const valid = await download(`/pki/personas/${HAPPY_IIN}/sign.cer`, 'valid.pem');
    const serialOf = async (path: string) => (await openssl(['x509', '-in', path, '-noout', '-serial'])).out.trim().replace(/^serial=/, '');

    await t.test('openssl crl -inform DER parses the served CRLs, with reasons, numbers and the delta indicator', async (t) => {
      const crl = await download('/pki/crl/nca_rsa.crl', 'crl.der');
      const text = await openssl(['crl', '-inform', 'DER', '-in', crl, '-noout', '-text']);
      t.equal(text.status, 0, text.out);
      t.match(text.out, /Version 2/);
      t.match(text.out, /CRL Number: \n\s+1\n/);
      t.match(text.out, new RegExp(`Serial Number: ${await serialOf(revoked)}\\n[\\s\\S]*?Key Compromise`));
      t.match(text.out, new RegExp(`Serial Number: ${await serialOf(onHold)}\\n[\\s\\S]*?Certificate Hold`));
      t.match(text.out, /Freshest CRL:[\s\S]*nca_d_rsa\.crl/);
      const verified = await openssl(['crl', '-inform', 'DER', '-in', crl, '-noout', '-CAfile', chain]);
      t.match(verified.out, /verify OK/, 'signed by the issuing CA');
      const delta = await download('/pki/crl/nca_d_rsa.crl', 'delta.der');
      const deltaText = await openssl(['crl', '-inform', 'DER', '-in', delta, '-noout', '-text']);
      t.equal(deltaText.status, 0);
      t.match(deltaText.out, /Delta CRL Indicator: critical\n\s+1\n/);
    });

    await t.test('openssl verify -crl_check rejects a revoked persona certificate and accepts a valid one', async (t) => {
      const crlPem = join(dir, 'crl.pem');
      const conv = await openssl(['crl', '-inform', 'DER', '-in', await download('/pki/crl/nca_rsa.crl', 'crl2.der'), '-out', crlPem]);
      t.equal(conv.status, 0, conv.out);
      const rejected = await openssl(['verify', '-crl_check', '-CAfile', chain, '-CRLfile', crlPem, revoked]);
      t.not(rejected.status, 0);
      t.match(rejected.out, /certificate revoked/);
      const held = await openssl(['verify', '-crl_check', '-CAfile', chain, '-CRLfile', crlPem, onHold]);
      t.match(held.out, /certificate revoked/, 'a held certificate is rejected too');
      const accepted = await openssl(['verify', '-crl_check', '-CAfile', chain, '-CRLfile', crlPem, valid]);
      t.equal(accepted.status, 0, accepted.out);
      t.match(accepted.out, /valid\.pem: OK/);
      const rootCrlPem = join(dir, 'root-crl.pem');
      await openssl(['crl', '-inform', 'DER', '-in', await download('/pki/crl/root_rsa.crl', 'root.der'), '-out', rootCrlPem]);
      const all = await openssl(['verify', '-crl_check_all', '-CAfile', chain, '-CRLfile', crlPem, '-CRLfile', rootCrlPem, valid]);
      t.equal(all.status, 0, `the whole chain checks against the root CRL too: ${all.out}`);
      const untrusted = await download(`/pki/personas/${personaWith('cert-sign-untrusted').iin}/sign.cer`, 'untrusted.pem');
      t.not((await openssl(['verify', '-CAfile', chain, untrusted])).status, 0, 'the untrusted CA is not in the chain');
    });

    await t.test('openssl ocsp -url reports revoked with its reason, and good for a valid certificate', async (t) => {
      const ask = (cert: string, extra: string[] = []) =>
        openssl(['ocsp', ...extra, '-issuer', issuing, '-cert', cert, '-url', ocspUrl, '-CAfile', chain, '-resp_text']);
      const r = await ask(revoked);
      t.match(r.out, /Response verify OK/);
      t.match(r.out, /Responder Id: CN = OCSP RESPONDER, C = KZ/);
      t.match(r.out, /Cert Status: revoked/);
      t.match(r.out, /Revocation Reason: keyCompromise/);
      t.match(r.out, /OCSP Nonce/, 'the nonce is echoed (openssl checks it)');
      t.notMatch(r.out, /WARNING: no nonce/);
      const h = await ask(onHold, ['-sha256']);
      t.match(h.out, /Hash Algorithm: sha256/);
      t.match(h.out, /Revocation Reason: certificateHold/);
      const g = await ask(valid);
      t.match(g.out, /Response verify OK/);
      t.match(g.out, /valid\.pem: good/);
    });

    await t.test('a run-time revocation and a run-time persona show in openssl ocsp, in their tenant only', async (t) => {
      const serial = (await serialOf(valid)).toLowerCase();
      const r = await as(app, 'openssl-rt', { method: 'POST', url: `/__admin/certificates/${serial}/revoke`, payload: { reason: 'affiliationChanged' } });
      t.equal(r.statusCode, 200);
      const tenantHeader = ['-header', 'X-Sandbox-Tenant=openssl-rt'];
      const inTenant = await openssl(['ocsp', '-issuer', issuing, '-cert', valid, '-url', ocspUrl, '-CAfile', chain, ...tenantHeader]);
      t.match(inTenant.out, /valid\.pem: revoked/);
      t.match(inTenant.out, /Reason: affiliationChanged/);
      const elsewhere = await openssl(['ocsp', '-issuer', issuing, '-cert', valid, '-url', ocspUrl, '-CAfile', chain]);
      t.match(elsewhere.out, /valid\.pem: good/);

      const added = await as(app, 'openssl-rt', {
        method: 'POST',
        url: '/__admin/personas',
        payload: { iin: '920415300018', label: 'openssl run-time persona', surname: 'Серікбаев', name: 'Нұрлан', traits: ['cert-sign-revoked'] },
      });
      t.equal(added.statusCode, 201);
      const runtime = await download('/pki/personas/920415300018/sign.cer', 'runtime.pem', 'openssl-rt');
      const answer = await openssl(['ocsp', '-issuer', issuing, '-cert', runtime, '-url', ocspUrl, '-CAfile', chain, ...tenantHeader]);
      t.match(answer.out, /runtime\.pem: revoked/);
      t.match(answer.out, /Reason: keyCompromise/);
    });

    await t.test('openssl verify -use_deltas applies the delta CRL to the base CRL fetched before a run-time revocation', async (t) => {
      const tenant = 'openssl-delta';
      const pem = async (url: string, name: string) => {
        const out = join(dir, `${name}.pem`);
        const conv = await openssl(['crl', '-inform', 'DER', '-in', await download(url, `${name}.der`, tenant), '-out', out]);
        t.equal(conv.status, 0, conv.out);
        return out;
      };
      const base = await pem('/pki/crl/nca_rsa.crl', 'base-before');
      const cert = await download(`/pki/personas/${HAPPY_IIN}/auth.cer`, 'delta-victim.pem', tenant);
      t.equal((await openssl(['verify', '-crl_check', '-CAfile', chain, '-CRLfile', base, cert])).status, 0, 'good on the base CRL');
      const serial = (await serialOf(cert)).toLowerCase();
      t.equal((await as(app, tenant, { method: 'POST', url: `/__admin/certificates/${serial}/hold` })).statusCode, 200);
      const delta = await pem('/pki/crl/nca_d_rsa.crl', 'delta-after');
      const combined = await openssl(['verify', '-crl_check', '-use_deltas', '-CAfile', chain, '-CRLfile', base, '-CRLfile', delta, cert]);
      t.not(combined.status, 0);
      t.match(combined.out, /certificate revoked/, 'base + delta: on hold');
    });

    await t.test('openssl pkcs12 opens the .p12 with the documented password, without -legacy', async (t) => {
      const p12 = await download(`/pki/personas/${HAPPY_IIN}/sign.p12`, 'sign.p12');
      const info = await openssl(['pkcs12', '-info', '-in', p12, '-nokeys', '-passin', 'pass:Qwerty12']);
      t.equal(info.status, 0, info.out);
      t.match(info.out, /PBES2, PBKDF2, AES-256-CBC/);
      t.match(info.out, /friendlyName: SIGN 900115300013/);
      t.match(info.out, /serialNumber = IIN900115300013/);
      const wrong = await openssl(['pkcs12', '-info', '-in', p12, '-nokeys', '-passin', 'pass:wrong']);
      t.not(wrong.status, 0, 'a wrong password is refused');
      const key = join(dir, 'key.pem');
      t.equal((await openssl(['pkcs12', '-in', p12, '-nocerts', '-nodes', '-passin', 'pass:Qwerty12', '-out', key])).status, 0);
      const keyModulus = (await openssl(['rsa', '-in', key, '-noout', '-modulus'])).out;
      const certModulus = (await openssl(['x509', '-in', valid, '-noout', '-modulus'])).out;
      t.equal(keyModulus, certModulus, 'the key in the .p12 is the certificate\'s');
    });

    await t.test('a foreign EC certificate made by openssl is read and reported untrusted, not a server error', async (t) => {
      const key = join(dir, 'ec.key');
      const cert = join(dir, 'ec.pem');
      const made = await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=Foreign EC/C=KZ', '-days', '30']);
      t.equal(made.status, 0, made.out);
      const r = await app.inject({ method: 'POST', url: '/eds/x509/verify', payload: { certs: [readFileSync(cert, 'utf8')], purpose: 'sign' } });
      t.equal(r.statusCode, 200);
      t.match(r.json(), {
        valid: false,
        certs: [{ code: 'CERT_UNTRUSTED', signAlg: 'SHA256withECDSA', subject: { commonName: 'Foreign EC' }, checks: { chain: { message: /self-signed .* not a trusted root/ }, revocation: { status: 'skipped' } } }],
      });
    });

    await t.test('openssl x509 shows the NCA profile', async (t) => {
      const text = (await openssl(['x509', '-in', valid, '-noout', '-text', '-nameopt', 'utf8,sep_comma_plus'])).out;
      t.match(text, /Subject: CN=ӘБІЛҚАЙЫРОВ ҒАЛЫМЖАН,SN=ӘБІЛҚАЙЫРОВ,serialNumber=IIN900115300013,C=KZ,GN=НҰРЛАНҰЛЫ/);
      t.match(text, /Key Usage: critical\n\s+Digital Signature, Non Repudiation/);
      t.match(text, /Extended Key Usage: \n\s+E-mail Protection, 1\.2\.398\.3\.3\.4\.1\.1/);
      t.match(text, /Policy: 1\.2\.398\.3\.3\.2\.3/);
      t.match(text, /URI:http:\/\/127\.0\.0\.1:8080\/pki\/crl\/nca_rsa\.crl/);
      t.match(text, /OCSP - URI:http:\/\/127\.0\.0\.1:8080\/pki\/ocsp/);
      t.match(text, /CA Issuers - URI:http:\/\/127\.0\.0\.1:8080\/pki\/ca\/issuing\.der/);
    });
  });
}

