/**
 * Legal statistics REST routes, under `/legal-stats`:
 * - `GET /persons/{iin}/admin-offences`: administrative offences (seed 004 D);
 * - `GET /persons/{iin}/register-checks`: ҚР БП ҚСЖАЕК АЖ and ББТ (seed 002), `?register=` for one;
 * - `GET /registers`: the registers and the reading the sandbox gives them.
 * @see ../../../docs/systems/legal-stats.md
 */
import type { FastifyInstance } from 'fastify';
import { iinParamsSchema, localisedTextSchema } from '../ais-su/schemas.js';
import { LegalStatsService } from './service.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** ҚР БП ҚСЖАЕК АЖ (legal statistics) and ББТ, for the gateway and the regulation engine. */
    legalStats: LegalStatsService;
  }
}

export { LegalStatsService };

const tags = ['legal-stats'];

const adminOffencesSchema = {
  type: 'object',
  required: ['iin', 'result', 'offences', 'checkedAt'],
  properties: {
    iin: { type: 'string' },
    result: { type: 'string', enum: ['RECORDS_FOUND', 'NO_RECORDS'] },
    offences: {
      type: 'array',
      items: {
        type: 'object',
        required: ['article', 'date'],
        properties: {
          article: { type: 'string', description: 'Article of the Code of Administrative Offences (ӘҚБтК / КоАП), e.g. "592 ч.3"' },
          date: { type: 'string', format: 'date' },
          penalty: { type: 'string' },
          body: { type: 'string', description: 'The body that decided the case' },
        },
      },
    },
    checkedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const registerCheckSchema = {
  type: 'object',
  required: ['iin', 'result', 'registers', 'checkedAt'],
  properties: {
    iin: { type: 'string' },
    result: { type: 'string', enum: ['CLEAR', 'HIT'], description: 'HIT when any register asked has an entry' },
    registers: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'abbreviation', 'label', 'result', 'entries'],
        properties: {
          id: { type: 'string', enum: ['prosecutor', 'bbt'] },
          abbreviation: { type: 'string' },
          label: localisedTextSchema,
          result: { type: 'string', enum: ['CLEAR', 'HIT'] },
          entries: {
            type: 'array',
            items: {
              type: 'object',
              required: ['kind', 'reference', 'date', 'authority', 'description'],
              properties: {
                kind: { type: 'string', enum: ['CONVICTION', 'NON_REHABILITATING_TERMINATION', 'ENFORCEMENT_PROCEEDING'] },
                reference: { type: 'string' },
                date: { type: 'string', format: 'date' },
                authority: { type: 'string' },
                description: localisedTextSchema,
                article: { type: 'string' },
                amountKzt: { type: 'integer' },
              },
            },
          },
        },
      },
    },
    checkedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export async function legalStatsPlugin(app: FastifyInstance): Promise<void> {
  const legalStats = app.sandbox.legalStats;

  app.get<{ Params: { iin: string } }>(
    '/persons/:iin/admin-offences',
    {
      schema: {
        summary: 'Administrative offences on record for a person (seed 004, regulation D)',
        description:
          'RECORDS_FOUND with the offences (admin-offence-recorded personas), or NO_RECORDS with an empty list. 400 IIN_INVALID; 503 SYSTEM_UNAVAILABLE under an injected fault.',
        tags,
        operationId: 'legalStatsGetAdminOffences',
        params: iinParamsSchema,
        response: { 200: adminOffencesSchema, 400: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
      },
    },
    async (request) => legalStats.adminOffences(request.tenant, request.params.iin),
  );

  app.get<{ Params: { iin: string }; Querystring: { register?: string } }>(
    '/persons/:iin/register-checks',
    {
      schema: {
        summary: 'Check a person against ҚР БП ҚСЖАЕК АЖ and ББТ (seed 002)',
        description:
          'Both registers, or the one named by `register` (prosecutor, bbt). prosecutor: HIT for prosecutor-record personas and unexpunged convictions; bbt (read as the unified register of debtors): HIT for bbt-debtor personas. 400 IIN_INVALID, REGISTER_UNKNOWN; 503 SYSTEM_UNAVAILABLE.',
        tags,
        operationId: 'legalStatsRegisterCheck',
        params: iinParamsSchema,
        querystring: { type: 'object', additionalProperties: false, properties: { register: { type: 'string', description: 'prosecutor or bbt; both when absent' } } },
        response: { 200: registerCheckSchema, 400: { $ref: 'Problem#' }, 503: { $ref: 'Problem#' } },
      },
    },
    async (request) => legalStats.registerCheck(request.tenant, request.params.iin, request.query.register),
  );

  app.get(
    '/registers',
    {
      schema: {
        summary: 'The registers of seed 002 and the reading the sandbox gives them (ББТ is configurable)',
        tags,
        operationId: 'legalStatsRegisters',
        response: {
          200: {
            type: 'object',
            required: ['registers'],
            properties: {
              registers: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'abbreviation', 'label', 'meaning'],
                  properties: { id: { type: 'string' }, abbreviation: { type: 'string' }, label: localisedTextSchema, meaning: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    async () => ({ registers: legalStats.registers }),
  );
}
