/**
 * АИС СУ REST routes, under `/ais-su`:
 * - `GET /persons/{iin}/criminal-record`: criminal-record state (NO_RECORD / RECORD / NO_DATA / ADDITIONAL_CHECK);
 * - `GET /checks/{id}`: an additional check;
 * - `POST /certificates`, `GET /certificates/{id}`: the criminal-record certificate, an XML document;
 * - `GET /persons/{iin}/archive`: the special-records archive search of seed 004.
 * @see ../../../docs/systems/ais-su.md
 */
import type { FastifyInstance } from 'fastify';
import { aisSuProblems } from './problems.js';
import {
  archiveSearchSchema,
  certificateRequestSchema,
  certificateXmlResponse,
  checkSchema,
  criminalRecordSchema,
  iinParamsSchema,
} from './schemas.js';
import { AisSuService } from './service.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** "АИС СУ" АЖ (special records), for the gateway and the regulation engine. */
    aisSu: AisSuService;
  }
}

export { AisSuService };

const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';
const tags = ['ais-su'];

export async function aisSuPlugin(app: FastifyInstance): Promise<void> {
  const aisSu = app.sandbox.aisSu;
  // An injected fault (SystemFaultError) reaches the core error handler: 503 SYSTEM_UNAVAILABLE with system and fault.

  app.get<{ Params: { iin: string } }>(
    '/persons/:iin/criminal-record',
    {
      schema: {
        summary: 'Criminal-record state of a person by IIN',
        description:
          'NO_RECORD (crime-clean; expunged convictions are listed with expunged: true), RECORD with convictions (crime-convicted), NO_DATA (crime-no-data, or an IIN that is no persona\'s), ADDITIONAL_CHECK (crime-extra-check: the first request opens a check that completes after 5 working days on the virtual clock; then the answer is NO_RECORD with the completed check). 400 IIN_INVALID; 503 SYSTEM_UNAVAILABLE under an injected fault.',
        tags,
        operationId: 'aisSuGetCriminalRecord',
        params: iinParamsSchema,
        response: { 200: criminalRecordSchema, 400: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
      },
    },
    async (request) => aisSu.criminalRecord(request.tenant, request.params.iin),
  );

  app.get<{ Params: { id: string } }>(
    '/checks/:id',
    {
      schema: {
        summary: 'An additional check (қосымша тексеру) by id',
        description: 'IN_PROGRESS until completesAt on the tenant\'s virtual clock, then COMPLETED with its result. 404 ADDITIONAL_CHECK_NOT_FOUND.',
        tags,
        operationId: 'aisSuGetCheck',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        response: { 200: checkSchema, 404: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
      },
    },
    async (request) => {
      const check = await aisSu.additionalCheck(request.tenant, request.params.id);
      if (!check) throw aisSuProblems.ADDITIONAL_CHECK_NOT_FOUND(`АИС СУ has no additional check ${request.params.id} in this tenant`);
      return check;
    },
  );

  app.post<{ Body: { iin: string } }>(
    '/certificates',
    {
      schema: {
        summary: 'Issue a criminal-record certificate (анықтама) as an XML document',
        description:
          '201 with the XML document (Location: /ais-su/certificates/{id}) when the state is NO_RECORD or RECORD. 409 ADDITIONAL_CHECK_IN_PROGRESS (with checkId, completesAt) while an additional check runs; 422 CRIMINAL_RECORD_NO_DATA for NO_DATA; 400 IIN_INVALID; 503 SYSTEM_UNAVAILABLE.',
        tags,
        operationId: 'aisSuIssueCertificate',
        body: certificateRequestSchema,
        produces: ['application/xml'],
        response: {
          201: certificateXmlResponse,
          400: { $ref: 'Problem#' },
          409: { $ref: 'Problem#' },
          422: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
    },
    async (request, reply) => {
      const outcome = await aisSu.requestCertificate(request.tenant, request.body.iin);
      switch (outcome.outcome) {
        case 'ISSUED':
          return reply
            .code(201)
            .header('location', `${app.prefix}/certificates/${outcome.certificate.id}`)
            .type(XML_CONTENT_TYPE)
            .send(outcome.certificate.xml);
        case 'ADDITIONAL_CHECK_IN_PROGRESS':
          throw aisSuProblems.ADDITIONAL_CHECK_IN_PROGRESS(
            `An additional check on ${request.body.iin} is in progress until ${outcome.check.completesAt}; request the certificate again then`,
            { checkId: outcome.check.id, completesAt: outcome.check.completesAt },
          );
        case 'NO_DATA':
          throw aisSuProblems.CRIMINAL_RECORD_NO_DATA(outcome.message.en, { message: outcome.message });
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/certificates/:id',
    {
      schema: {
        summary: 'A criminal-record certificate issued earlier, as XML',
        tags,
        operationId: 'aisSuGetCertificate',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
        produces: ['application/xml'],
        response: { 200: certificateXmlResponse, 404: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
      },
    },
    async (request, reply) => {
      const certificate = await aisSu.certificate(request.tenant, request.params.id);
      if (!certificate) throw aisSuProblems.CRIMINAL_RECORD_CERTIFICATE_NOT_FOUND(`АИС СУ issued no certificate ${request.params.id} in this tenant`);
      return reply.type(XML_CONTENT_TYPE).send(certificate.xml);
    },
  );

  app.get<{ Params: { iin: string } }>(
    '/persons/:iin/archive',
    {
      schema: {
        summary: 'Search the special-records archive about a person (seed 004, archive certificates)',
        description:
          'FOUND with the records (archive-records-found), or NOT_FOUND with the written reply "no information; apply to other archives" in kk/ru/en. 400 IIN_INVALID; 503 SYSTEM_UNAVAILABLE.',
        tags,
        operationId: 'aisSuArchiveSearch',
        params: iinParamsSchema,
        response: { 200: archiveSearchSchema, 400: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
      },
    },
    async (request) => aisSu.archiveSearch(request.tenant, request.params.iin),
  );
}
