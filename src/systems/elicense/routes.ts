/**
 * E-licensing ("Е-лицензиялау" АЖ) REST routes under `/elicense`: the licence register, looked up by number
 * and by holder, and written (issue, re-issue, duplicate) by the regulation engine and by tests.
 * @see ../../../docs/systems/elicense.md
 */
import type { FastifyInstance } from 'fastify';
import { LICENCE_TYPES, type LicenceType } from './register.js';
import { type ChangeInput, ElicenseService, type IssueInput } from './service.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** E-licensing ("Е-лицензиялау" АЖ), for the SHEP gateway and the regulation engine. */
    elicense: ElicenseService;
  }
}

export { ElicenseService };

const tags = ['elicense'];
const problem = { $ref: 'Problem#' };
const nullableString = { type: ['string', 'null'] } as const;
const localised = { type: 'object', properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } } } as const;

export const licenceSchema = {
  type: 'object',
  required: ['number', 'type', 'typeName', 'holderIin', 'holderName', 'status', 'issuedOn', 'validUntil', 'licensor', 'source', 'history'],
  properties: {
    number: { type: 'string' },
    type: { type: 'string', enum: [...LICENCE_TYPES] },
    typeName: localised,
    holderIin: { type: 'string' },
    holderName: { type: 'string' },
    status: { type: 'string', enum: ['active', 'suspended', 'revoked', 'expired'], description: '`expired` once validUntil is before the virtual today' },
    issuedOn: { type: 'string', format: 'date' },
    validUntil: { ...nullableString, description: 'null: indefinite' },
    licensor: { type: 'string' },
    source: { type: 'string', enum: ['persona', 'register'], description: 'Seeded from a persona, or written through the API' },
    history: {
      type: 'array',
      items: {
        type: 'object',
        required: ['action', 'date', 'at', 'applicationId', 'reason'],
        properties: {
          action: { type: 'string', enum: ['issue', 'reissue', 'duplicate'] },
          date: { type: 'string', format: 'date' },
          at: { ...nullableString, description: 'Virtual instant of the write; null when seeded' },
          applicationId: nullableString,
          reason: nullableString,
        },
      },
    },
  },
} as const;

const numberParams = { type: 'object', required: ['number'], properties: { number: { type: 'string', maxLength: 64 } } } as const;

const changeBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    applicationId: { type: 'string', description: 'The application; repeating the same write for it changes nothing, another write under it is 422 APPLICATION_ID_REUSED' },
    reason: { type: 'string', description: 'e.g. change of surname, loss of the licence' },
  },
} as const;

export async function elicensePlugin(app: FastifyInstance): Promise<void> {
  const elicense = app.sandbox.elicense;
  const emptyBody = async (request: { body: unknown }) => {
    if (request.body === undefined || request.body === null) request.body = {};
  };

  app.get<{ Params: { number: string } }>(
    '/licences/:number',
    {
      schema: {
        summary: 'A licence from the register by number, with its issue / re-issue / duplicate history',
        tags,
        operationId: 'elicenseGetLicence',
        params: numberParams,
        response: { 200: licenceSchema, 400: problem, 404: problem, 503: problem },
      },
    },
    async (request) => elicense.findByNumber(request.tenant, request.params.number),
  );

  app.get<{ Querystring: { holderIin: string; type?: LicenceType } }>(
    '/licences',
    {
      schema: {
        summary: "A holder's licences (any status); an empty list when none",
        tags,
        operationId: 'elicenseFindLicences',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['holderIin'],
          properties: { holderIin: { type: 'string' }, type: { type: 'string', enum: [...LICENCE_TYPES] } },
        },
        response: { 200: { type: 'object', required: ['licences'], properties: { licences: { type: 'array', items: licenceSchema } } }, 400: problem, 503: problem },
      },
    },
    async (request) => ({ licences: await elicense.findByHolder(request.tenant, request.query.holderIin, request.query.type) }),
  );

  app.post<{ Body: IssueInput }>(
    '/licences',
    {
      schema: {
        summary: 'Issue a licence (what the regulation engine writes when a licensing application succeeds)',
        description:
          '201 with the new entry; 200 (header `Idempotent-Replayed: true`) when the same issue was already made for the same applicationId. 422 APPLICATION_ID_REUSED when the applicationId was used for a different issue (another holder, type or field). 409 LICENCE_ALREADY_HELD when the holder has an active licence of the type.',
        tags,
        operationId: 'elicenseIssueLicence',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['holderIin', 'type'],
          properties: {
            holderIin: { type: 'string' },
            type: { type: 'string', description: LICENCE_TYPES.join(' | ') },
            applicationId: { type: 'string' },
            holderName: { type: 'string', description: "Default: the persona's name" },
            number: { type: 'string', description: 'Default: generated (YY + 6 digits)' },
            issuedOn: { type: 'string', description: 'YYYY-MM-DD; default the virtual today' },
            validUntil: { type: 'string', description: 'YYYY-MM-DD; default none (indefinite)' },
          },
        },
        response: { 200: licenceSchema, 201: licenceSchema, 400: problem, 409: problem, 422: problem, 503: problem },
      },
    },
    async (request, reply) => {
      const { licence, replayed } = await elicense.issue(request.tenant, request.body);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(replayed ? 200 : 201).send(licence);
    },
  );

  for (const action of ['reissue', 'duplicate'] as const) {
    app.post<{ Params: { number: string }; Body: ChangeInput }>(
      `/licences/:number/${action}`,
      {
        preValidation: emptyBody,
        schema: {
          summary: action === 'reissue' ? 'Re-issue (қайта ресімдеу) an active licence' : 'Issue a duplicate (телнұсқа) of an active licence',
          description: `Adds a \`${action}\` event (same number). 409 LICENCE_NOT_ACTIVE for a suspended, revoked or expired licence. The same ${action} with the same applicationId again changes nothing (header \`Idempotent-Replayed: true\`); a different ${action} under that applicationId (another licence, reason or name) is 422 APPLICATION_ID_REUSED.`,
          tags,
          operationId: action === 'reissue' ? 'elicenseReissueLicence' : 'elicenseDuplicateLicence',
          params: numberParams,
          body:
            action === 'reissue'
              ? { ...changeBody, properties: { ...changeBody.properties, holderName: { type: 'string', description: "The holder's new name" } } }
              : changeBody,
          response: { 200: licenceSchema, 400: problem, 404: problem, 409: problem, 422: problem, 503: problem },
        },
      },
      async (request, reply) => {
        const { licence, replayed } = await elicense[action](request.tenant, request.params.number, request.body);
        if (replayed) reply.header('idempotent-replayed', 'true');
        return licence;
      },
    );
  }
}
