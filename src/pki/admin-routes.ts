/**
 * `/__admin/certificates`: test control of the PKI, per tenant. List certificates and their status; revoke,
 * hold (suspend, тоқтата тұру) or release one at run time: the next CRL and OCSP answer show it, in this tenant only.
 */
import type { FastifyInstance } from 'fastify';
import { pkiProblems } from './problems.js';
import type { RevocationReason } from './profile.js';
import type { RevocationAction } from './revocation.js';

const tags = ['admin'];
const problem = { $ref: 'Problem#' };

const entrySchema = {
  type: 'object',
  required: ['serialNumber', 'state', 'status', 'issuer', 'subject', 'notBefore', 'notAfter'],
  properties: {
    serialNumber: { type: 'string', description: 'Hex, lower case.' },
    iin: { type: ['string', 'null'] },
    usage: { type: ['string', 'null'], enum: ['auth', 'sign', null] },
    system: { type: ['string', 'null'], description: 'shep for the gateway certificate.' },
    state: { type: 'string', description: "The state it was issued in, from the persona's traits." },
    status: { type: 'string', enum: ['good', 'revoked', 'on-hold'], description: "Revocation status now, on the tenant's clock." },
    revocationTime: { type: ['string', 'null'] },
    reason: { type: ['string', 'null'] },
    issuer: { type: 'string', enum: ['issuing', 'untrusted'] },
    subject: { type: 'string' },
    notBefore: { type: 'string' },
    notAfter: { type: 'string' },
  },
} as const;

const REASONS: RevocationReason[] = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'privilegeWithdrawn', 'aACompromise'];

const serialParams = { type: 'object', required: ['serial'], properties: { serial: { type: 'string', pattern: '^[0-9A-Fa-f]{2,64}$' } } } as const;

export async function pkiAdminPlugin(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { iin?: string } }>(
    '',
    {
      schema: {
        summary: "The certificates the tenant's CA issued, with their states and revocation status",
        tags,
        operationId: 'adminListCertificates',
        querystring: { type: 'object', additionalProperties: false, properties: { iin: { type: 'string', pattern: '^\\d{12}$', description: "One persona's certificates." } } },
        response: { 200: { type: 'object', required: ['count', 'certificates'], properties: { count: { type: 'integer' }, certificates: { type: 'array', items: entrySchema } } }, 400: problem },
      },
    },
    async (request) => {
      const certificates = app.sandbox.pki.listCertificates(request.tenant, request.query.iin ? { iin: request.query.iin } : {});
      return { count: certificates.length, certificates };
    },
  );

  app.get<{ Params: { serial: string } }>(
    '/:serial',
    {
      schema: {
        summary: 'One certificate by serial number',
        tags,
        operationId: 'adminGetCertificate',
        params: serialParams,
        response: { 200: entrySchema, 400: problem, 404: problem },
      },
    },
    async (request) => {
      const entry = app.sandbox.pki.certificateEntry(request.tenant, request.params.serial);
      if (!entry) throw pkiProblems.CERT_SERIAL_NOT_FOUND(`No certificate with serial number ${request.params.serial} in tenant ${request.tenant.name}`);
      return entry;
    },
  );

  const change = (action: RevocationAction, summary: string, operationId: string, description: string) =>
    app.post<{ Params: { serial: string }; Body: { reason?: RevocationReason; time?: string } | undefined }>(
      `/:serial/${action}`,
      {
        // The body is optional: a bare POST revokes with the defaults.
        preValidation: async (request) => {
          request.body ??= {};
        },
        schema: {
          summary,
          description: `${description} Effective at \`time\` (default the tenant's virtual now). 404 CERT_SERIAL_NOT_FOUND; 409 CERT_STATE_CONFLICT when the certificate cannot take this step (revocation is final; only a held certificate can be released; the untrusted CA publishes no revocation).`,
          tags,
          operationId,
          params: serialParams,
          body: {
            type: 'object',
            additionalProperties: false,
            properties: {
              ...(action === 'revoke' ? { reason: { type: 'string', enum: REASONS, description: 'RFC 5280 reason; default keyCompromise. Use /hold for certificateHold.' } } : {}),
              time: { type: 'string', format: 'date-time' },
            },
          },
          response: { 200: entrySchema, 400: problem, 404: problem, 409: problem },
        },
      },
      async (request) =>
        app.sandbox.pki.changeStatus(request.tenant, request.params.serial, action, {
          ...(request.body?.reason ? { reason: request.body.reason } : {}),
          ...(request.body?.time ? { time: new Date(request.body.time) } : {}),
        }),
    );
  change('revoke', 'Revoke a certificate (in this tenant)', 'adminRevokeCertificate', 'Lists it on the CRL and answers revoked in OCSP, with the reason.');
  change('hold', 'Put a certificate on hold (certificateHold)', 'adminHoldCertificate', 'Suspends it: on the CRL and revoked in OCSP with reason certificateHold, until released.');
  change('release', 'Release a certificate from hold', 'adminReleaseCertificate', 'Takes it off the CRL (the delta CRL says removeFromCRL); OCSP answers good again.');
}
