/**
 * `/eds` signature routes, beside `/eds/x509/verify`: verify an XML document's enveloped signatures
 * (`/xml/verify`), a SOAP message's WS-Security signature (`/wsse/verify`) and a CMS / PKCS#7 (`/cms/verify`),
 * answering per signer in NCANode's shape with every check separately and a stable code per failure; and sign with a
 * persona's key (`/xml/sign`, `/cms/sign`), so that any client can produce what the sandbox accepts.
 * @see ../../../../shared/spec/integration-shapes.md §6, ../../../docs/signatures.md
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { defineProblems } from '../../core/problem.js';
import { parseXmlSafely, XmlRefusedError } from '../../core/xml.js';
import { checkExpectedIdentifiers } from '../eds-routes.js';
import { pkiProblems } from '../problems.js';
import type { CertificateUsage } from '../profile.js';
import type { PersonaCredential } from '../persona-certificates.js';
import type { Purpose, RevocationMethod } from '../validate.js';
import { SIGNATURE_METHODS } from './algorithms.js';
import { decodeCmsInput, signCms, verifyCms } from './cms.js';
import { verifyEnvelopedDocument } from './enveloped.js';
import { signEnveloped, signSoapEnvelope } from './sign.js';
import { SIGNATURE_FAILURES, SignatureCheckError } from './signature-errors.js';
import { type SignatureOutcome, type SignerReport, signerReport } from './signer-report.js';
import { verifyWsSecurity } from './wsse.js';
import { decodeBase64 } from './xml-signature.js';

export const edsSignatureProblems = defineProblems('eds-signatures', {
  SIGNED_XML_MALFORMED: { status: 400, title: 'The xml is not well-formed, safe XML' },
  CMS_MALFORMED: { status: 400, title: 'The cms is not a CMS / PKCS#7 SignedData' },
  SIGNED_DATA_INVALID: { status: 400, title: 'The data is not base64' },
  SIGNING_REFUSED: { status: 400, title: 'The document cannot be signed in the profile asked' },
});

const tags = ['eds'];
const problem = { $ref: 'Problem#' };

const verifyOptions = {
  expectedIin: { type: 'string', pattern: '^\\d{12}$', description: "The IIN the signer's certificate must carry (the applicant's)." },
  expectedBin: { type: 'string', pattern: '^\\d{12}$', description: "The BIN the signer's certificate must carry." },
  purpose: { type: 'string', enum: ['sign', 'auth'], default: 'sign', description: 'The key usage the certificate must fit; default sign (a SIGN certificate).' },
  at: { type: 'string', format: 'date-time', description: "Judge the certificate as of this instant; default the tenant's virtual now." },
  revocationCheck: { type: 'array', uniqueItems: true, items: { type: 'string', enum: ['OCSP', 'CRL'] }, description: 'Default both; [] skips.' },
} as const;

interface VerifyOptions {
  expectedIin?: string;
  expectedBin?: string;
  purpose?: Purpose;
  at?: string;
  revocationCheck?: RevocationMethod[];
}

const signerSchema = {
  type: 'object',
  required: ['valid', 'code', 'codes', 'checks'],
  additionalProperties: true,
  description:
    "NCANode's signer fields (serialNumber, notBefore, notAfter, keyUsage, keyUser, signAlg, publicKey, signature, subject, issuer, revocations) as in POST /eds/x509/verify, and `checks`: `signature` first, then the certificate's checks. Certificate fields are absent when no certificate could be read.",
  properties: {
    valid: { type: 'boolean' },
    code: { type: ['string', 'null'], description: 'The first failing check: the signature, then the certificate.' },
    codes: { type: 'array', items: { type: 'string' } },
    checks: {
      type: 'object',
      required: ['signature'],
      additionalProperties: true,
      properties: {
        signature: {
          type: 'object',
          required: ['status', 'message', 'algorithm'],
          properties: {
            status: { type: 'string', enum: ['passed', 'failed'] },
            code: { type: 'string', enum: Object.keys(SIGNATURE_FAILURES) },
            message: { type: 'string' },
            algorithm: { type: ['string', 'null'] },
            where: { type: 'string' },
          },
        },
      },
    },
    signingTime: { type: 'string', format: 'date-time' },
    signedXml: {
      type: 'string',
      description:
        '/eds/xml/verify, a signature that verified: the document exactly as signed, the canonical octets its Reference digested (without the signature, without comments). Process this, not the document sent.',
    },
  },
};

const verifyResponse = (extra: Record<string, unknown> = {}) => ({
  200: {
    type: 'object',
    required: ['status', 'message', 'valid', 'code', 'at', 'signers'],
    properties: {
      status: { type: 'integer', description: '200, as NCANode answers.' },
      message: { type: 'string' },
      valid: { type: 'boolean', description: 'At least one signer, and every signer valid.' },
      code: { type: ['string', 'null'], description: 'SIGNATURE_MISSING when nothing is signed, else the first invalid signer\'s code.' },
      at: { type: 'string', format: 'date-time' },
      signers: { type: 'array', items: signerSchema },
      ...extra,
    },
  },
  400: problem,
});

function parseXmlInput(xml: string) {
  try {
    return parseXmlSafely(xml);
  } catch (e) {
    if (e instanceof XmlRefusedError) throw edsSignatureProblems.SIGNED_XML_MALFORMED(`xml: ${e.message}`, { reason: e.reason });
    throw e;
  }
}

/** `data`: base64 of the signed bytes (whitespace allowed); empty is empty content. */
function decodeData(data: string): Buffer {
  const bytes = data.trim() === '' ? Buffer.alloc(0) : decodeBase64(data);
  if (!bytes) throw edsSignatureProblems.SIGNED_DATA_INVALID('data must be the signed bytes in base64');
  return bytes;
}

const algorithmName = (uri: string | undefined) => (uri ? (SIGNATURE_METHODS[uri]?.name ?? uri) : null);

export async function edsSignaturePlugin(app: FastifyInstance): Promise<void> {
  const pki = () => app.sandbox.pki;

  function answer(request: FastifyRequest, body: VerifyOptions, outcomes: SignatureOutcome[], extra: Record<string, unknown> = {}) {
    const at = body.at ? new Date(body.at) : request.tenant.clock.now();
    const options = {
      at,
      purpose: body.purpose ?? 'sign',
      ...(body.expectedIin ? { expectedIin: body.expectedIin } : {}),
      ...(body.expectedBin ? { expectedBin: body.expectedBin } : {}),
      ...(body.revocationCheck ? { revocationCheck: body.revocationCheck } : {}),
    };
    const signers: SignerReport[] = outcomes.map((o) => signerReport(pki(), request.tenant, o, options));
    const firstInvalid = signers.find((s) => !s.valid);
    return {
      status: 200,
      message: 'OK',
      valid: signers.length > 0 && !firstInvalid,
      code: signers.length === 0 ? 'SIGNATURE_MISSING' : (firstInvalid?.code ?? null),
      at: at.toISOString(),
      signers,
      ...extra,
    };
  }

  app.post<{ Body: VerifyOptions & { xml: string } }>(
    '/xml/verify',
    {
      schema: {
        summary: "Verify an XML document's enveloped signatures (NCANode /xml/verify), every check separately",
        description:
          'Each ds:Signature is a signer. A document signature must cover the whole document (Reference URI="" with the enveloped-signature transform, exclusive or inclusive C14N), use RSA-SHA256 or stronger (SHA-1, MD5, HMAC, GOST are refused), be the last child of the document element (else SIGNATURE_MISPLACED), hold SignedInfo, SignatureValue and KeyInfo only (a ds:Object...: SIGNATURE_MALFORMED) and carry its certificate alone in KeyInfo/X509Data/X509Certificate (anything else there: SIGNATURE_KEY_INFO_REFUSED). The certificate is then judged as in /eds/x509/verify (purpose sign by default). A signature that verifies reports `signedXml`, the document exactly as signed: process that. No signature: valid false, code SIGNATURE_MISSING. Not well-formed (or DOCTYPE): 400 SIGNED_XML_MALFORMED.',
        tags,
        operationId: 'edsXmlVerify',
        body: { type: 'object', required: ['xml'], additionalProperties: false, properties: { xml: { type: 'string', minLength: 1 }, ...verifyOptions } },
        response: verifyResponse(),
      },
    },
    async (request) => {
      checkExpectedIdentifiers(request.body);
      const doc = parseXmlInput(request.body.xml);
      const outcomes = verifyEnvelopedDocument(doc).map(
        (o): SignatureOutcome =>
          o.ok
            ? { ok: true, certificateDer: o.certificateDer, algorithm: algorithmName(o.signatureMethod), signedXml: o.signedXml }
            : { ok: false, error: o.error, ...(o.certificateDer ? { certificateDer: o.certificateDer } : {}), algorithm: null },
      );
      return answer(request, request.body, outcomes);
    },
  );

  app.post<{ Body: VerifyOptions & { xml: string } }>(
    '/wsse/verify',
    {
      schema: {
        summary: "Verify a SOAP message's WS-Security signature (NCANode /wsse/verify), as POST /shep/bip-sync-wss does",
        description:
          'The SHEP profile: one ds:Signature in Header/wsse:Security, a Reference #id to the wsu:Id of the Envelope\'s single Body, exclusive C14N, RSA-SHA256, the certificate as a BinarySecurityToken or KeyIdentifier (X509v3) or X509Data. Wrapped, duplicated-Id, multiply signed or tampered messages are refused with their code. One signer at most.',
        tags,
        operationId: 'edsWsseVerify',
        body: { type: 'object', required: ['xml'], additionalProperties: false, properties: { xml: { type: 'string', minLength: 1 }, ...verifyOptions } },
        response: verifyResponse(),
      },
    },
    async (request) => {
      checkExpectedIdentifiers(request.body);
      const doc = parseXmlInput(request.body.xml);
      let outcome: SignatureOutcome;
      try {
        const verified = verifyWsSecurity(doc);
        outcome = { ok: true, certificateDer: verified.certificateDer, algorithm: algorithmName(verified.signatureMethod) };
      } catch (e) {
        if (!(e instanceof SignatureCheckError)) throw e;
        if (e.code === 'SIGNATURE_MISSING') return answer(request, request.body, []);
        outcome = { ok: false, error: e, algorithm: null };
      }
      return answer(request, request.body, [outcome]);
    },
  );

  app.post<{ Body: VerifyOptions & { cms: string; data?: string } }>(
    '/cms/verify',
    {
      schema: {
        summary: 'Verify a CMS / PKCS#7 signature, attached or detached (NCANode /cms/verify), every check separately',
        description:
          '`cms` is PEM (CMS or PKCS7) or base64 DER; `data`, base64, is the signed content of a detached signature (for an attached one, if given, it must equal the content). Each SignerInfo is a signer: its certificate must be in the CMS, the content digest must match messageDigest, the RSA signature must verify over the signed attributes; SHA-1 and MD5 are refused. openssl cms -sign output is accepted.',
        tags,
        operationId: 'edsCmsVerify',
        body: {
          type: 'object',
          required: ['cms'],
          additionalProperties: false,
          properties: { cms: { type: 'string', minLength: 1 }, data: { type: 'string', description: 'base64 of the signed content (detached signatures)' }, ...verifyOptions },
        },
        response: verifyResponse({
          detached: { type: 'boolean', description: 'Whether the content was outside the CMS.' },
          contentType: { type: 'string' },
        }),
      },
    },
    async (request) => {
      checkExpectedIdentifiers(request.body);
      const data = request.body.data === undefined ? undefined : decodeData(request.body.data);
      let result;
      try {
        result = verifyCms(decodeCmsInput(request.body.cms), data);
      } catch (e) {
        if (!(e instanceof SignatureCheckError)) throw e;
        if (e.code === 'SIGNATURE_MISSING') return answer(request, request.body, []);
        throw edsSignatureProblems.CMS_MALFORMED(`cms: ${e.message}`);
      }
      const outcomes = result.signers.map(
        (s): SignatureOutcome => ({
          ok: s.ok,
          ...(s.ok ? {} : { error: s.error }),
          ...(s.certificateDer ? { certificateDer: s.certificateDer } : {}),
          algorithm: s.signatureAlgorithm ?? null,
          ...(s.signingTime ? { signingTime: s.signingTime } : {}),
        }),
      );
      return answer(request, request.body, outcomes, { detached: result.detached, contentType: result.contentType });
    },
  );

  async function personaKey(request: FastifyRequest, iin: string, usage: CertificateUsage): Promise<PersonaCredential> {
    const credential = await pki().keyPairOf(request.tenant, iin, usage);
    if (credential === undefined) throw pkiProblems.PKI_PERSONA_NOT_FOUND(`no persona with IIN ${iin} in this tenant`);
    if (credential === null) throw pkiProblems.CERT_NONE(`the persona ${iin} has no ${usage.toUpperCase()} certificate (its traits say so)`);
    return credential;
  }

  const signerFields = {
    iin: { type: 'string', pattern: '^\\d{12}$', description: "The persona whose key signs (keys are public by design: GET /pki/personas/{iin}/sign.key)." },
    usage: { type: 'string', enum: ['sign', 'auth'], default: 'sign', description: 'Which of the persona\'s keys: SIGN (default) or AUTH.' },
  } as const;

  app.post<{ Body: { xml: string; iin: string; usage?: CertificateUsage; profile?: 'enveloped' | 'wsse'; keyReference?: 'binary-security-token' | 'key-identifier' } }>(
    '/xml/sign',
    {
      schema: {
        summary: "Sign XML with a persona's key: an enveloped document signature, or the SHEP WS-Security profile",
        description:
          '`profile` enveloped (default): ds:Signature appended to the document element, Reference URI="", RSA-SHA256, exclusive C14N, X509Data. `wsse`: the xml must be a SOAP 1.1 Envelope; it gets Body wsu:Id, Header/wsse:Security with the certificate (`keyReference` binary-security-token, default, or key-identifier) and the signature, ready for POST /shep/bip-sync-wss.',
        tags,
        operationId: 'edsXmlSign',
        body: {
          type: 'object',
          required: ['xml', 'iin'],
          additionalProperties: false,
          properties: {
            xml: { type: 'string', minLength: 1 },
            ...signerFields,
            profile: { type: 'string', enum: ['enveloped', 'wsse'], default: 'enveloped' },
            keyReference: { type: 'string', enum: ['binary-security-token', 'key-identifier'], default: 'binary-security-token' },
          },
        },
        response: { 200: { type: 'object', required: ['xml'], properties: { xml: { type: 'string' }, serialNumber: { type: 'string' } } }, 400: problem, 404: problem },
      },
    },
    async (request) => {
      const { xml, iin, usage = 'sign', profile = 'enveloped', keyReference } = request.body;
      parseXmlInput(xml);
      const credential = await personaKey(request, iin, usage);
      const signer = { privateKeyPem: credential.privateKeyPem, certificateDer: credential.certificateDer };
      try {
        const signed = profile === 'wsse' ? signSoapEnvelope(xml, signer, keyReference ? { keyReference } : {}) : signEnveloped(xml, signer);
        return { xml: signed, serialNumber: credential.serialNumber };
      } catch (e) {
        if (e instanceof TypeError) throw edsSignatureProblems.SIGNING_REFUSED(e.message);
        throw e;
      }
    },
  );

  app.post<{ Body: { data: string; iin: string; usage?: CertificateUsage; detached?: boolean } }>(
    '/cms/sign',
    {
      schema: {
        summary: "Sign data as CMS / PKCS#7 with a persona's key (attached or detached)",
        description:
          "SHA-256 with RSA, signed attributes contentType, messageDigest and signingTime (the tenant's virtual now), the signer's certificate and the issuing CA's carried. Answers base64 DER; `openssl cms -verify -CAfile root.pem` accepts it.",
        tags,
        operationId: 'edsCmsSign',
        body: {
          type: 'object',
          required: ['data', 'iin'],
          additionalProperties: false,
          properties: { data: { type: 'string', description: 'base64 of the bytes to sign' }, ...signerFields, detached: { type: 'boolean', default: false } },
        },
        response: { 200: { type: 'object', required: ['cms'], properties: { cms: { type: 'string', description: 'base64 DER' }, serialNumber: { type: 'string' } } }, 400: problem, 404: problem },
      },
    },
    async (request) => {
      const { data, iin, usage = 'sign', detached = false } = request.body;
      const bytes = decodeData(data);
      const credential = await personaKey(request, iin, usage);
      const chain = pki().chainOf(credential).filter((c) => c !== pki().ca('root'));
      const cms = signCms(
        bytes,
        { privateKeyPem: credential.privateKeyPem, certificateDer: credential.certificateDer, chainDer: chain.map((c) => c.certificateDer) },
        { detached, signingTime: request.tenant.clock.now() },
      );
      return { cms: cms.toString('base64'), serialNumber: credential.serialNumber };
    },
  );
}
