/**
 * The test PKI (ҰКО / НУЦ РК) area: download a persona's certificates, keys and PKCS#12, the CA certificates and
 * CRLs; verify certificates, XML signatures, WS-Security and CMS through `/eds/*`; sign with a persona's key
 * through the sandbox; revoke, hold and release certificates (test control).
 * @see ../../docs/pki.md
 * @see ../../docs/signatures.md
 */
import type { SdkContext } from './context.js';
import { DEFAULT_PKCS12_PASSWORD, signerFromPkcs12, type Signer } from './signing.js';
import type { JsonObject } from './types.js';

/** AUTH (аутентификация: login) or SIGN (қолтаңба: documents, gateway messages). */
export type KeyUsage = 'auth' | 'sign';

/** Common fields of the `/eds/*\/verify` bodies. */
export interface VerifyOptions {
  expectedIin?: string;
  expectedBin?: string;
  /** `sign` (default for documents) or `auth`. */
  purpose?: KeyUsage;
  /** Judge as of this instant; default the tenant's virtual now. */
  at?: string;
  /** Default both: `['OCSP', 'CRL']`; `[]` skips the check. */
  revocationCheck?: ('OCSP' | 'CRL')[];
}

/** The PKI area of a client (`client.pki`). */
export interface PkiApi {
  /** A persona's certificates: usage, state, status, serial, subject, validity, links (`GET /pki/personas/{iin}`). */
  persona(iin: string): Promise<JsonObject>;
  /** A persona's PKCS#12 (`GET /pki/personas/{iin}/{usage}.p12`), DER bytes; the password is `Qwerty12`. */
  pkcs12(iin: string, usage?: KeyUsage): Promise<Buffer>;
  /** A persona's certificate, PEM (`.cer`) or DER (`.der`). */
  certificate(iin: string, usage?: KeyUsage, format?: 'pem' | 'der'): Promise<Buffer>;
  /** A persona's private key, PKCS#8 PEM (public by design: test keys). */
  privateKey(iin: string, usage?: KeyUsage): Promise<string>;
  /** Downloads a persona's PKCS#12 and opens it: a {@link Signer} for `signXml`, `portal.submit`, `shep.sendMessage`. Default usage `sign`. */
  signer(iin: string, usage?: KeyUsage): Promise<Signer>;
  /** A CA certificate (`root`, `issuing`, `untrusted`, `ocsp`), PEM or DER. */
  caCertificate(name: 'root' | 'issuing' | 'untrusted' | 'ocsp', format?: 'pem' | 'der'): Promise<Buffer>;
  /** A CRL, DER: `complete` (`nca_rsa.crl`), `delta` (`nca_d_rsa.crl`), `root` (`root_rsa.crl`). */
  crl(kind?: 'complete' | 'delta' | 'root'): Promise<Buffer>;
  /** Verifies certificates (`POST /eds/x509/verify`), PEM or base64 DER, each check with its code. */
  verifyCertificate(certs: string | string[], options?: VerifyOptions): Promise<JsonObject>;
  /** Verifies a document's enveloped signatures (`POST /eds/xml/verify`). */
  verifyXml(xml: string, options?: VerifyOptions): Promise<JsonObject>;
  /** Verifies a SOAP message's WS-Security signature as the gateway does (`POST /eds/wsse/verify`). */
  verifyWsse(xml: string, options?: VerifyOptions): Promise<JsonObject>;
  /** Verifies CMS, base64 (`POST /eds/cms/verify`); `data` (base64) for a detached signature. */
  verifyCms(cms: string, options?: VerifyOptions & { data?: string }): Promise<JsonObject>;
  /** Signs XML with a persona's key in the sandbox (`POST /eds/xml/sign`): enveloped (default) or WS-Security. */
  signXml(input: { xml: string; iin: string; usage?: KeyUsage; profile?: 'enveloped' | 'wsse'; keyReference?: 'binary-security-token' | 'key-identifier' }): Promise<{ xml: string; serialNumber: string }>;
  /** CMS with a persona's key (`POST /eds/cms/sign`); `data` base64. */
  signCms(input: { data: string; iin: string; usage?: KeyUsage; detached?: boolean }): Promise<{ cms: string; serialNumber: string }>;
  /** The tenant's certificates and their status (`GET /__admin/certificates`). */
  certificates(iin?: string): Promise<JsonObject>;
  /** Revokes a certificate in this tenant (default reason keyCompromise). */
  revoke(serial: string, input?: { reason?: string; time?: string }): Promise<JsonObject>;
  hold(serial: string, input?: { time?: string }): Promise<JsonObject>;
  release(serial: string, input?: { time?: string }): Promise<JsonObject>;
}

/** Builds the PKI area over a client's context. @see ../../docs/pki.md */
export function pkiApi({ transport }: SdkContext): PkiApi {
  const file = (iin: string, name: string) => transport.bytes({ method: 'GET', path: `/pki/personas/${encodeURIComponent(iin)}/${name}` });
  const api: PkiApi = {
    persona: (iin) => transport.json({ method: 'GET', path: `/pki/personas/${encodeURIComponent(iin)}` }),
    pkcs12: (iin, usage = 'sign') => file(iin, `${usage}.p12`),
    certificate: (iin, usage = 'sign', format = 'pem') => file(iin, `${usage}.${format === 'pem' ? 'cer' : 'der'}`),
    async privateKey(iin, usage = 'sign') {
      return (await file(iin, `${usage}.key`)).toString('utf8');
    },
    async signer(iin, usage = 'sign') {
      return signerFromPkcs12(await api.pkcs12(iin, usage), DEFAULT_PKCS12_PASSWORD);
    },
    caCertificate: (name, format = 'pem') => transport.bytes({ method: 'GET', path: `/pki/ca/${name}.${format === 'pem' ? 'cer' : 'der'}` }),
    crl: (kind = 'complete') => transport.bytes({ method: 'GET', path: `/pki/crl/${{ complete: 'nca_rsa', delta: 'nca_d_rsa', root: 'root_rsa' }[kind]}.crl` }),
    verifyCertificate: (certs, options = {}) => transport.json({ method: 'POST', path: '/eds/x509/verify', json: { certs: Array.isArray(certs) ? certs : [certs], ...options } }),
    verifyXml: (xml, options = {}) => transport.json({ method: 'POST', path: '/eds/xml/verify', json: { xml, ...options } }),
    verifyWsse: (xml, options = {}) => transport.json({ method: 'POST', path: '/eds/wsse/verify', json: { xml, ...options } }),
    verifyCms: (cms, options = {}) => transport.json({ method: 'POST', path: '/eds/cms/verify', json: { cms, ...options } }),
    signXml: (input) => transport.json({ method: 'POST', path: '/eds/xml/sign', json: input }),
    signCms: (input) => transport.json({ method: 'POST', path: '/eds/cms/sign', json: input }),
    certificates: (iin) => transport.json({ method: 'GET', path: '/__admin/certificates', query: { iin } }),
    revoke: (serial, input = {}) => transport.json({ method: 'POST', path: `/__admin/certificates/${encodeURIComponent(serial)}/revoke`, json: input }),
    hold: (serial, input = {}) => transport.json({ method: 'POST', path: `/__admin/certificates/${encodeURIComponent(serial)}/hold`, json: input }),
    release: (serial, input = {}) => transport.json({ method: 'POST', path: `/__admin/certificates/${encodeURIComponent(serial)}/release`, json: input }),
  };
  return api;
}
