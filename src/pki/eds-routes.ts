/**
 * `/eds` routes (ЭЦҚ, электрондық цифрлық қолтаңба / ЭЦП): certificate verification in NCANode's shape, with
 * every check reported separately and a stable code per failure. XML and CMS signature verification are added
 * beside it on the same service.
 * @see ../../../shared/spec/integration-shapes.md §6, ./check-codes.ts
 */
import type { FastifyInstance } from 'fastify';
import { parseBin, parseIin } from '../core/iin.js';
import { commonProblems } from '../core/problem.js';
import { CHECK_CODES } from './check-codes.js';
import { pkiProblems } from './problems.js';
import type { Purpose, RevocationMethod } from './validate.js';
import { CertificateFormatError, decodeCertificateInput, parseCertificate, type ParsedCertificate } from './x509.js';

const tags = ['eds'];
const problem = { $ref: 'Problem#' };
const codeEnum = Object.keys(CHECK_CODES);

const check = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['status', 'message'],
  properties: {
    status: { type: 'string', enum: ['passed', 'failed', 'skipped'] },
    code: { type: 'string', enum: codeEnum, description: 'Set when the check failed.' },
    message: { type: 'string' },
    ...extra,
  },
});

const nullableString = { type: ['string', 'null'] };

const ncaSubjectSchema = {
  type: 'object',
  description: "NCANode's subject fields. lastName is GIVENNAME (the patronymic in NCA certificates).",
  properties: Object.fromEntries(
    ['commonName', 'surName', 'lastName', 'email', 'organization', 'gender', 'iin', 'bin', 'country', 'locality', 'state', 'dn'].map((k) => [k, k === 'dn' ? { type: 'string' } : nullableString]),
  ),
};

const revocationSchema = {
  type: 'object',
  required: ['by', 'status', 'revoked', 'source', 'signer'],
  properties: {
    by: { type: 'string', enum: ['OCSP', 'CRL'] },
    status: { type: 'string', enum: ['good', 'revoked', 'unknown'] },
    revoked: { type: 'boolean' },
    revocationTime: nullableString,
    reason: nullableString,
    source: { type: 'string', description: 'The OCSP responder URL or CRL URL that answered.' },
    signer: { type: 'string', description: 'Who signed the answer (the OCSP responder, the CRL issuer).' },
    crlNumber: { type: 'integer' },
  },
};

const certificateResultSchema = {
  type: 'object',
  required: ['valid', 'code', 'codes', 'checks', 'serialNumber', 'notBefore', 'notAfter', 'subject', 'issuer', 'revocations'],
  properties: {
    valid: { type: 'boolean' },
    code: { type: ['string', 'null'], enum: [...codeEnum, null], description: "The first failing check's code." },
    codes: { type: 'array', items: { type: 'string', enum: codeEnum } },
    checks: {
      type: 'object',
      required: ['validity', 'chain', 'revocation', 'keyUsage', 'identity', 'iinMatch', 'binMatch'],
      properties: {
        validity: check({ at: { type: 'string' }, notBefore: { type: 'string' }, notAfter: { type: 'string' } }),
        chain: check({
          path: {
            type: 'array',
            description: 'From the certificate up to the root, each link verified with the next one\'s key.',
            items: {
              type: 'object',
              properties: {
                subject: { type: 'string' },
                serialNumber: { type: 'string' },
                notBefore: { type: 'string' },
                notAfter: { type: 'string' },
                trustAnchor: { type: 'boolean' },
                source: { type: 'string', enum: ['leaf', 'sandbox', 'request'] },
              },
            },
          },
        }),
        revocation: check({ methods: { type: 'array', items: { type: 'string' } }, revocations: { type: 'array', items: revocationSchema } }),
        keyUsage: check({
          purpose: { type: ['string', 'null'] },
          kind: { type: 'string', enum: ['SIGN', 'AUTH', 'UNKNOWN'] },
          keyUsage: { type: 'array', items: { type: 'string' } },
          extendedKeyUsage: { type: 'array', items: { type: 'string' } },
        }),
        identity: check({ iin: nullableString, bin: nullableString }),
        iinMatch: check({ expected: nullableString, actual: nullableString }),
        binMatch: check({ expected: nullableString, actual: nullableString }),
      },
    },
    serialNumber: { type: 'string' },
    notBefore: { type: 'string' },
    notAfter: { type: 'string' },
    keyUsage: { type: 'string', enum: ['SIGN', 'AUTH', 'UNKNOWN'] },
    keyUser: { type: 'array', items: { type: 'string' } },
    signAlg: { type: 'string' },
    publicKey: { type: 'string' },
    signature: { type: 'string' },
    subject: ncaSubjectSchema,
    issuer: ncaSubjectSchema,
    revocations: { type: 'array', items: revocationSchema },
    fingerprint: { type: 'string' },
  },
};

interface VerifyBody {
  certs: string[];
  expectedIin?: string;
  expectedBin?: string;
  purpose?: Purpose;
  at?: string;
  revocationCheck?: RevocationMethod[];
}

/**
 * `expectedIin` / `expectedBin` of an /eds verification, when given, must be a valid IIN / BIN (400 IIN_INVALID /
 * BIN_INVALID): a typo would otherwise read as the signer's mismatch.
 */
export function checkExpectedIdentifiers(body: { expectedIin?: string; expectedBin?: string }): void {
  if (body.expectedIin !== undefined) {
    const parsed = parseIin(body.expectedIin);
    if (!parsed.ok) throw commonProblems.IIN_INVALID(`expectedIin: ${parsed.message}`, { fault: parsed.fault });
  }
  if (body.expectedBin !== undefined) {
    const parsed = parseBin(body.expectedBin);
    if (!parsed.ok) throw commonProblems.BIN_INVALID(`expectedBin: ${parsed.message}`, { fault: parsed.fault });
  }
}

export async function edsPlugin(app: FastifyInstance): Promise<void> {
  app.post<{ Body: VerifyBody }>(
    '/x509/verify',
    {
      schema: {
        summary: 'Verify certificates: every check separately, with a code per failure (NCANode /x509/verify, and more)',
        description:
          "Each certificate (PEM or base64 DER) is checked on its own: validity period, the chain walked to the trusted root, revocation by OCSP and/or CRL (who said so), key usage fit for `purpose`, IIN/BIN in the subject, and the match against `expectedIin` / `expectedBin`. Judged as of `at`, default the tenant's virtual now. Certificates sent together may complete each other's chain. `valid` is true when every certificate is valid. A string that is not a certificate: 400 CERT_MALFORMED.",
        tags,
        operationId: 'edsX509Verify',
        body: {
          type: 'object',
          required: ['certs'],
          additionalProperties: false,
          properties: {
            certs: { type: 'array', minItems: 1, maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 65536 } },
            expectedIin: { type: 'string', pattern: '^\\d{12}$', description: "The applicant's IIN the certificate must carry." },
            expectedBin: { type: 'string', pattern: '^\\d{12}$', description: "The organisation's BIN the certificate must carry." },
            purpose: { type: 'string', enum: ['sign', 'auth'], description: 'sign: a SIGN certificate (nonRepudiation, emailProtection); auth: an AUTH one (digitalSignature, clientAuth). Without it the key-usage check is skipped.' },
            at: { type: 'string', format: 'date-time', description: "Check as of this instant; default the tenant's virtual now." },
            revocationCheck: {
              type: 'array',
              uniqueItems: true,
              items: { type: 'string', enum: ['OCSP', 'CRL'] },
              description: 'Revocation sources to ask; default both; [] skips the check.',
            },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['status', 'message', 'valid', 'at', 'certs'],
            properties: {
              status: { type: 'integer', description: '200, as NCANode answers.' },
              message: { type: 'string' },
              valid: { type: 'boolean' },
              at: { type: 'string', format: 'date-time' },
              certs: { type: 'array', items: certificateResultSchema },
            },
          },
          400: problem,
        },
      },
    },
    async (request) => {
      const { certs, expectedIin, expectedBin, purpose, at, revocationCheck } = request.body;
      checkExpectedIdentifiers(request.body);
      const parsed: ParsedCertificate[] = certs.map((text, i) => {
        try {
          return parseCertificate(decodeCertificateInput(text));
        } catch (e) {
          if (e instanceof CertificateFormatError) throw pkiProblems.CERT_MALFORMED(`certs[${i}]: ${e.message}`, { index: i });
          throw e;
        }
      });
      const instant = at ? new Date(at) : request.tenant.clock.now();
      const results = parsed.map((c) =>
        app.sandbox.pki.validateParsed(request.tenant, c, {
          at: instant,
          extraCertificates: parsed.filter((other) => other !== c),
          ...(purpose ? { purpose } : {}),
          ...(expectedIin ? { expectedIin } : {}),
          ...(expectedBin ? { expectedBin } : {}),
          ...(revocationCheck ? { revocationCheck } : {}),
        }),
      );
      return { status: 200, message: 'OK', valid: results.every((r) => r.valid), at: instant.toISOString(), certs: results };
    },
  );
}
