/**
 * БНАЖ REST routes, under `/notary`:
 * - `GET /powers-of-attorney/{number}`: a power of attorney by number;
 * - `GET /powers-of-attorney?principalIin=&representativeIin=`: by principal, by representative, or between both;
 * - `POST /powers-of-attorney/check`: may a representative act for a principal in a service?
 * @see ../../../docs/systems/notary.md
 */
import type { FastifyInstance } from 'fastify';
import { localisedTextSchema } from '../ais-su/schemas.js';
import { notaryProblems } from './problems.js';
import { CHECK_RESULTS, NotaryService } from './service.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** БНАЖ / ЕНИС (notary registry), for the gateway and the regulation engine. */
    notary: NotaryService;
  }
}

export { NotaryService };

const tags = ['notary'];

const partySchema = {
  type: 'object',
  required: ['iin'],
  properties: { iin: { type: 'string' }, surname: { type: 'string' }, name: { type: 'string' }, patronymic: { type: 'string' } },
} as const;

const powerOfAttorneySchema = {
  type: 'object',
  required: ['number', 'status', 'principal', 'representative', 'scope', 'issuedOn', 'validUntil'],
  properties: {
    number: { type: 'string', examples: ['ДС-2025-000417'] },
    status: { type: 'string', enum: ['VALID', 'EXPIRED', 'REVOKED'], description: "On the tenant's virtual date (Astana)" },
    principal: partySchema,
    representative: partySchema,
    notary: { type: 'string' },
    scope: { type: 'array', items: { type: 'string' }, description: 'Service slugs covered; "*" covers every service' },
    issuedOn: { type: 'string', format: 'date' },
    validUntil: { type: 'string', format: 'date', description: 'Valid through this day' },
    revokedOn: { type: 'string', format: 'date' },
  },
} as const;

const iinQuery = { type: 'string', description: 'IIN (ЖСН), 12 digits with a valid check digit' } as const;

export async function notaryPlugin(app: FastifyInstance): Promise<void> {
  const notary = app.sandbox.notary;

  app.get<{ Params: { number: string } }>(
    '/powers-of-attorney/:number',
    {
      schema: {
        summary: 'A power of attorney (сенімхат) by its number',
        description: "With its status on the tenant's virtual date: VALID, EXPIRED or REVOKED. 404 POA_NOT_FOUND; 503 SYSTEM_UNAVAILABLE under an injected fault.",
        tags,
        operationId: 'notaryGetPowerOfAttorney',
        params: { type: 'object', required: ['number'], properties: { number: { type: 'string', minLength: 1, maxLength: 64 } } },
        response: { 200: powerOfAttorneySchema, 400: { $ref: 'Problem#' }, 404: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
      },
    },
    async (request) => {
      const poa = await notary.byNumber(request.tenant, request.params.number);
      if (!poa) throw notaryProblems.POA_NOT_FOUND(`БНАЖ holds no power of attorney numbered ${JSON.stringify(request.params.number)}`);
      return poa;
    },
  );

  app.get<{ Querystring: { principalIin?: string; representativeIin?: string } }>(
    '/powers-of-attorney',
    {
      schema: {
        summary: 'Powers of attorney by principal IIN, by representative IIN, or between the two',
        description: '400 POA_SEARCH_CRITERIA_MISSING without either IIN; 400 IIN_INVALID; 503 SYSTEM_UNAVAILABLE.',
        tags,
        operationId: 'notarySearchPowersOfAttorney',
        querystring: { type: 'object', additionalProperties: false, properties: { principalIin: iinQuery, representativeIin: iinQuery } },
        response: {
          200: {
            type: 'object',
            required: ['powersOfAttorney', 'checkedOn'],
            properties: {
              principalIin: { type: 'string' },
              representativeIin: { type: 'string' },
              powersOfAttorney: { type: 'array', items: powerOfAttorneySchema },
              checkedOn: { type: 'string', format: 'date' },
            },
          },
          400: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
    },
    async (request) => notary.search(request.tenant, request.query),
  );

  app.post<{ Body: { principalIin: string; representativeIin: string; service: string } }>(
    '/powers-of-attorney/check',
    {
      schema: {
        summary: 'May the representative act for the principal in this service? (seed 003: the БНАЖ query)',
        description:
          'FOUND_VALID, NOT_FOUND, EXPIRED, REVOKED or OUT_OF_SCOPE, with the power of attorney concerned. 400 IIN_INVALID, SERVICE_SLUG_INVALID, VALIDATION_FAILED; 503 SYSTEM_UNAVAILABLE.',
        tags,
        operationId: 'notaryCheckPowerOfAttorney',
        body: {
          type: 'object',
          required: ['principalIin', 'representativeIin', 'service'],
          additionalProperties: false,
          properties: {
            principalIin: iinQuery,
            representativeIin: iinQuery,
            service: { type: 'string', description: 'The service slug, e.g. guardianship-orphan' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['result', 'message', 'principalIin', 'representativeIin', 'service', 'checkedOn'],
            properties: {
              result: { type: 'string', enum: [...CHECK_RESULTS] },
              message: localisedTextSchema,
              principalIin: { type: 'string' },
              representativeIin: { type: 'string' },
              service: { type: 'string' },
              powerOfAttorney: powerOfAttorneySchema,
              checkedOn: { type: 'string', format: 'date' },
            },
          },
          400: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
    },
    async (request) => notary.check(request.tenant, request.body),
  );
}
