/**
 * JSON Schemas of АИС СУ's REST bodies (they appear in the OpenAPI document through the routes).
 */
import { CRIMINAL_RECORD_STATUSES } from './record.js';

export const localisedTextSchema = {
  type: 'object',
  required: ['kk', 'ru', 'en'],
  properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } },
} as const;

export const iinParamsSchema = {
  type: 'object',
  required: ['iin'],
  properties: { iin: { type: 'string', description: 'IIN (ЖСН), 12 digits with a valid check digit' } },
} as const;

export const convictionSchema = {
  type: 'object',
  required: ['article', 'sentenceDate', 'expunged'],
  properties: {
    article: { type: 'string', description: 'Article of the Criminal Code, e.g. "190 ч.2"' },
    court: { type: 'string' },
    sentenceDate: { type: 'string', format: 'date' },
    sentence: { type: 'string' },
    expunged: { type: 'boolean', description: 'The conviction is expunged (өтелген / погашена): it does not count as a record' },
  },
} as const;

export const checkSchema = {
  type: 'object',
  required: ['id', 'iin', 'status', 'requestedAt', 'completesAt', 'workingDays'],
  properties: {
    id: { type: 'string', examples: ['AC-000001'] },
    iin: { type: 'string' },
    status: { type: 'string', enum: ['IN_PROGRESS', 'COMPLETED'] },
    requestedAt: { type: 'string', format: 'date-time' },
    completesAt: {
      type: 'string',
      format: 'date-time',
      description: "The start (00:00, Kazakh time UTC+5) of the day after the 5th working day after the request day, on the tenant's virtual clock",
    },
    workingDays: { type: 'integer' },
    result: {
      type: 'object',
      required: ['status', 'message', 'convictions'],
      properties: {
        status: { type: 'string', enum: ['NO_RECORD', 'RECORD'] },
        message: localisedTextSchema,
        convictions: { type: 'array', items: convictionSchema },
      },
    },
  },
} as const;

export const criminalRecordSchema = {
  type: 'object',
  required: ['iin', 'status', 'message', 'convictions', 'answeredAt'],
  properties: {
    iin: { type: 'string' },
    status: { type: 'string', enum: [...CRIMINAL_RECORD_STATUSES] },
    message: localisedTextSchema,
    convictions: { type: 'array', items: convictionSchema },
    check: checkSchema,
    answeredAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const archiveSearchSchema = {
  type: 'object',
  required: ['iin', 'result', 'records', 'reply', 'searchedAt'],
  properties: {
    iin: { type: 'string' },
    result: { type: 'string', enum: ['FOUND', 'NOT_FOUND'] },
    records: {
      type: 'array',
      items: {
        type: 'object',
        required: ['reference', 'source', 'documentKind', 'year', 'availableAs'],
        properties: {
          reference: { type: 'string' },
          source: localisedTextSchema,
          documentKind: localisedTextSchema,
          year: { type: 'integer' },
          availableAs: { type: 'array', items: { type: 'string', enum: ['ARCHIVE_CERTIFICATE', 'DOCUMENT_COPY'] } },
        },
      },
    },
    reply: { ...localisedTextSchema, description: 'The written reply: for NOT_FOUND, "no information; apply to other archives" (seed 004 L95)' },
    searchedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const certificateRequestSchema = {
  type: 'object',
  required: ['iin'],
  additionalProperties: false,
  properties: { iin: { type: 'string', description: 'IIN (ЖСН) of the person the certificate is about' } },
} as const;

export const certificateXmlResponse = {
  type: 'string',
  description: 'The certificate, an XML document (application/xml) in the namespace urn:kz-egov-sandbox:ais-su:certificate:v1',
} as const;
