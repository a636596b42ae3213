/**
 * `/pki` routes: the NCA RK test contour's public face. CA certificates, persona certificates and key stores,
 * CRLs (base and delta) and the OCSP responder, all per tenant (revocations made at run time show at once).
 *
 * `.cer` is PEM, `.der` is DER (AIA caIssuers points at `.der`, as RFC 5280 asks), `.key` is the PKCS#8 PEM key
 * (public by design), `.p12` the PKCS#12 under the documented password.
 * @see ../../docs/pki.md
 */
import type { FastifyInstance } from 'fastify';
import { commonProblems } from '../core/problem.js';
import { callSystem, SystemFaultError } from '../core/system-call.js';
import { CA_NAMES, type CaName } from './ca.js';
import { PKCS12_PASSWORD } from './certs-dir.js';
import { errorResponse, OCSP_REQUEST_TYPE, OCSP_RESPONSE_TYPE } from './ocsp.js';
import { OCSPResponseStatus } from '@peculiar/asn1-ocsp';
import { pkiProblems } from './problems.js';
import type { CertificateUsage } from './profile.js';
import type { PkiService } from './service.js';

declare module '../core/sandbox-plugin.js' {
  interface Sandbox {
    /** The test PKI (NCA RK, ҰКО): CA, persona certificates, CRL, OCSP, certificate validation. */
    pki: PkiService;
  }
}

export const PEM_TYPE = 'application/x-pem-file';
export const DER_CERT_TYPE = 'application/pkix-cert';
export const CRL_TYPE = 'application/pkix-crl';
export const PKCS12_TYPE = 'application/x-pkcs12';

const tags = ['pki'];
const problem = { $ref: 'Problem#' };
const binary = (type: string, description: string) => ({ description, content: { [type]: { schema: { type: 'string', format: 'binary' } } } });

const PERSONA_FILES = ['auth.cer', 'sign.cer', 'auth.der', 'sign.der', 'auth.key', 'sign.key', 'auth.p12', 'sign.p12'] as const;
type PersonaFile = (typeof PERSONA_FILES)[number];
const CA_FILES = [...CA_NAMES.flatMap((n) => [`${n}.cer`, `${n}.der`]), 'chain.pem'];

const certificateSummary = {
  type: 'object',
  required: ['usage', 'state', 'serialNumber', 'subject', 'issuer', 'notBefore', 'notAfter', 'downloads'],
  properties: {
    usage: { type: 'string', enum: ['auth', 'sign'] },
    state: { type: 'string', description: 'The state its persona traits gave it: valid, expired, not-yet-valid, revoked, on-hold, iin-mismatch, wrong-key-usage, untrusted.' },
    status: { type: 'string', enum: ['good', 'revoked', 'on-hold'], description: "Revocation status now on the tenant's clock." },
    serialNumber: { type: 'string' },
    subject: { type: 'string' },
    issuer: { type: 'string', enum: ['issuing', 'untrusted'] },
    notBefore: { type: 'string', format: 'date-time' },
    notAfter: { type: 'string', format: 'date-time' },
    downloads: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const;

export async function pkiPlugin(app: FastifyInstance): Promise<void> {
  const pki = () => app.sandbox.pki;
  pki().useLogger(app.log);

  // OCSP requests are DER; parsed as raw bytes here only (the plugin is encapsulated).
  app.addContentTypeParser(OCSP_REQUEST_TYPE, { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) => done(null, body));

  app.get<{ Params: { file: string } }>(
    '/ca/:file',
    {
      schema: {
        summary: 'A CA certificate (root, issuing, untrusted, OCSP responder) or the trusted chain',
        description:
          '`root` is the only trusted root; `issuing` ("ҰКО 3.0 (RSA SANDBOX)") issues every persona certificate; `untrusted` issues the `untrusted` personas\' certificates; `ocsp` signs OCSP answers. `.cer` is PEM, `.der` DER; `chain.pem` is issuing + root, for `openssl verify -CAfile`.',
        tags,
        operationId: 'pkiGetCaCertificate',
        params: { type: 'object', required: ['file'], properties: { file: { type: 'string', enum: CA_FILES } } },
        response: { 200: binary(DER_CERT_TYPE, 'The certificate: DER for .der, PEM (application/x-pem-file) for .cer and chain.pem'), 400: problem },
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      if (file === 'chain.pem') return reply.type(PEM_TYPE).send(pki().ca('issuing').certificatePem + pki().ca('root').certificatePem);
      const [name, ext] = file.split('.') as [CaName, 'cer' | 'der'];
      const ca = pki().ca(name);
      return ext === 'der' ? reply.type(DER_CERT_TYPE).send(ca.certificateDer) : reply.type(PEM_TYPE).send(ca.certificatePem);
    },
  );

  app.get<{ Params: { iin: string } }>(
    '/personas/:iin',
    {
      schema: {
        summary: "A persona's certificates: serial numbers, states, download links",
        tags,
        operationId: 'pkiGetPersonaCertificates',
        params: { type: 'object', required: ['iin'], properties: { iin: { type: 'string' } } },
        response: {
          200: {
            type: 'object',
            required: ['iin', 'certificates'],
            properties: { iin: { type: 'string' }, pkcs12Password: { type: 'string' }, certificates: { type: 'array', items: certificateSummary } },
          },
          404: problem,
        },
      },
    },
    async (request) => {
      const { iin } = request.params;
      const persona = app.sandbox.personas.get(request.tenant, iin);
      if (!persona) throw pkiProblems.PKI_PERSONA_NOT_FOUND(`No persona with IIN ${iin} in tenant ${request.tenant.name}`);
      const entries = pki().listCertificates(request.tenant, { iin });
      const base = `${pki().urls.base}/personas/${iin}`;
      return {
        iin,
        pkcs12Password: PKCS12_PASSWORD,
        certificates: entries.map((e) => ({
          usage: e.usage!,
          state: e.state,
          status: e.status,
          serialNumber: e.serialNumber,
          subject: e.subject,
          issuer: e.issuer,
          notBefore: e.notBefore,
          notAfter: e.notAfter,
          downloads: Object.fromEntries(['cer', 'der', 'key', 'p12'].map((x) => [x, `${base}/${e.usage}.${x}`])),
        })),
      };
    },
  );

  app.get<{ Params: { iin: string; file: PersonaFile } }>(
    '/personas/:iin/:file',
    {
      schema: {
        summary: "Download a persona's AUTH or SIGN certificate (.cer PEM, .der), key (.key PKCS#8 PEM) or key store (.p12)",
        description: `The PKCS#12 password is \`${PKCS12_PASSWORD}\` (as NCA's test keys). Keys are public by design: test keys only. A persona added at run time gets its certificates on the spot. 404 CERT_NONE when the persona's traits say it has no such certificate.`,
        tags,
        operationId: 'pkiGetPersonaFile',
        params: { type: 'object', required: ['iin', 'file'], properties: { iin: { type: 'string' }, file: { type: 'string', enum: PERSONA_FILES } } },
        response: { 200: binary(PKCS12_TYPE, 'The file: PKCS#12 (.p12), DER (.der) or PEM (.cer, .key)'), 400: problem, 404: problem },
      },
    },
    async (request, reply) => {
      const { iin, file } = request.params;
      const [usage, ext] = file.split('.') as [CertificateUsage, 'cer' | 'der' | 'key' | 'p12'];
      const credential = await pki().keyPairOf(request.tenant, iin, usage);
      if (credential === undefined) throw pkiProblems.PKI_PERSONA_NOT_FOUND(`No persona with IIN ${iin} in tenant ${request.tenant.name}`);
      if (credential === null) throw pkiProblems.CERT_NONE(`Persona ${iin} has no ${usage.toUpperCase()} certificate (trait cert-${usage}-none)`);
      reply.header('content-disposition', `attachment; filename="${iin}_${usage}.${ext}"`);
      switch (ext) {
        case 'cer':
          return reply.type(PEM_TYPE).send(credential.certificatePem);
        case 'der':
          return reply.type(DER_CERT_TYPE).send(credential.certificateDer);
        case 'key':
          return reply.type(PEM_TYPE).send(credential.privateKeyPem);
        case 'p12':
          return reply.type(PKCS12_TYPE).send(await pki().pkcs12Of(request.tenant, iin, usage));
      }
    },
  );

  const crlRoute = (file: string, kind: 'complete' | 'delta' | 'root', summary: string, operationId: string) =>
    app.get(
      `/crl/${file}`,
      {
        schema: {
          summary,
          description:
            "DER, X.509 v2, on the tenant's virtual clock (thisUpdate = now). Complete CRL number 1 + 2k after the tenant's k-th run-time change; the delta is number 2 + 2k with BaseCRLNumber 1 and lists every change since (removeFromCRL for a released hold). Under a fault injected on `pki`: 503 SYSTEM_UNAVAILABLE.",
          tags,
          operationId,
          response: { 200: binary(CRL_TYPE, 'The CRL, DER'), 503: problem },
        },
      },
      async (request, reply) => reply.type(CRL_TYPE).send(await callSystem(request.tenant, 'pki', () => pki().crl(request.tenant, kind))),
    );
  crlRoute('nca_rsa.crl', 'complete', 'The complete (base) CRL of the issuing CA', 'pkiGetCrl');
  crlRoute('nca_d_rsa.crl', 'delta', 'The delta CRL of the issuing CA', 'pkiGetDeltaCrl');
  crlRoute('root_rsa.crl', 'root', "The root CA's CRL of CA certificates (empty)", 'pkiGetRootCrl');

  app.post<{ Body: Buffer }>(
    '/ocsp',
    {
      schema: {
        summary: 'OCSP responder (RFC 6960)',
        description:
          'POST a DER OCSPRequest as application/ocsp-request. SHA-1 and SHA-256 CertIDs; the nonce is echoed; each certificate is good, revoked (time and reason; on hold is revoked with certificateHold) or unknown; signed by CN=OCSP RESPONDER; no nextUpdate. A malformed request gets the OCSP status malformedRequest (HTTP 200), as RFC 6960 says. Under a fault injected on `pki` (down, timeout, error rate) the responder answers the OCSP status tryLater, as a real responder that cannot answer does.',
        tags,
        operationId: 'pkiOcsp',
        consumes: [OCSP_REQUEST_TYPE],
        response: { 200: binary(OCSP_RESPONSE_TYPE, 'OCSPResponse, DER'), 415: problem },
      },
    },
    async (request, reply) => {
      // Only our parser yields a Buffer; text or JSON bodies parsed by Fastify's own parsers are refused.
      if (!Buffer.isBuffer(request.body)) {
        throw commonProblems.UNSUPPORTED_MEDIA_TYPE(`POST /pki/ocsp takes ${OCSP_REQUEST_TYPE} (a DER OCSPRequest), got ${request.headers['content-type'] ?? 'no content type'}`);
      }
      const body = request.body;
      try {
        return reply.type(OCSP_RESPONSE_TYPE).send(await callSystem(request.tenant, 'pki', () => pki().ocsp(request.tenant, body)));
      } catch (e) {
        if (!(e instanceof SystemFaultError)) throw e;
        return reply.type(OCSP_RESPONSE_TYPE).send(errorResponse(OCSPResponseStatus.tryLater));
      }
    },
  );
}
