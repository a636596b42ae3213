/**
 * The State Corporation workstation's REST routes under `/state-corporation`: operator sessions, the service
 * catalogue (documents, storage periods), package completeness checks and receipts of refusal to accept, requests
 * forwarded to ӨЭҮШ АЖО, their results and hand-over.
 * @see ../../../docs/systems/state-corporation.md
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DocumentRequirement } from './catalogue.js';
import { type ForwardingStatus, type ForwardInput, type PackageCheckInput, type ResultInput, StateCorporationService } from './service.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** The State Corporation's operator workstation and ӨЭҮШ АЖО, for the gateway and the regulation engine. */
    stateCorporation: StateCorporationService;
  }
}

export { StateCorporationService };

const tags = ['state-corporation'];
const problem = { $ref: 'Problem#' };
const nullableString = { type: ['string', 'null'] } as const;
const localised = { type: 'object', properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } } } as const;
const citation = { type: 'object', properties: { seed: { type: 'string' }, lines: { type: 'string' }, step: { type: 'string' } } } as const;
const documentRef = { type: 'object', properties: { code: { type: 'string' }, name: localised } } as const;
const serviceRef = { type: 'object', properties: { slug: { type: 'string' }, title: localised } } as const;
const operator = {
  type: 'object',
  properties: {
    iin: { type: 'string' },
    name: { type: 'string' },
    organisation: { type: ['object', 'null'], properties: { bin: { type: 'string' }, name: { type: 'string' } } },
  },
} as const;

const receiptSchema = {
  type: 'object',
  description: 'Receipt (қолхат) of refusal to accept the documents, in the form of the Standard annex',
  properties: {
    number: { type: 'string' },
    form: { type: 'object', properties: { annex: { type: 'integer' }, title: localised } },
    service: serviceRef,
    applicant: { type: 'object', properties: { iin: { type: 'string' }, name: { type: 'string' } } },
    missingDocuments: { type: 'array', items: documentRef },
    issuedAt: { type: 'string' },
    issuedBy: operator,
    text: localised,
    citation,
  },
} as const;

const packageCheckSchema = {
  type: 'object',
  required: ['id', 'outcome', 'service', 'applicantIin', 'missing', 'receipt'],
  properties: {
    id: { type: 'string' },
    outcome: { type: 'string', enum: ['accepted', 'refused'] },
    service: serviceRef,
    applicantIin: { type: 'string' },
    applicantName: { type: 'string' },
    representativeIin: nullableString,
    submitted: { type: 'array', items: documentRef },
    missing: { type: 'array', items: documentRef },
    checkedAt: { type: 'string' },
    operator,
    receipt: { anyOf: [{ type: 'null' }, receiptSchema] },
    forwardingId: nullableString,
    note: nullableString,
  },
} as const;

const forwardingSchema = {
  type: 'object',
  required: ['id', 'registrationNumber', 'status', 'service', 'applicantIin', 'signedRequest', 'result'],
  properties: {
    id: { type: 'string' },
    registrationNumber: { type: 'string', description: 'Registration number in ӨЭҮШ АЖО' },
    status: { type: 'string', enum: ['REGISTERED', 'RESULT_READY', 'COLLECTED', 'DESTROYED'] },
    service: serviceRef,
    applicantIin: { type: 'string' },
    applicantName: { type: 'string' },
    representativeIin: nullableString,
    powerOfAttorneyNumber: nullableString,
    packageCheckId: { type: 'string' },
    documents: { type: 'array', items: { type: 'string' } },
    operator,
    signedRequest: { type: 'string', description: "The request XML with the operator's enveloped XMLDSig" },
    signed: { type: 'boolean' },
    forwardedAt: { type: 'string' },
    registeredAt: { type: 'string' },
    result: {
      type: ['object', 'null'],
      properties: {
        kind: { type: 'string', enum: ['result', 'reasoned-refusal'] },
        documentNumber: nullableString,
        receivedAt: { type: 'string' },
        retainUntil: { ...nullableString, description: 'null: kept until collected (no period in the regulation)' },
        collectedAt: nullableString,
        handedOverBy: { anyOf: [{ type: 'null' }, operator] },
        destroyedAt: nullableString,
      },
    },
    submittedDocuments: { type: 'object', properties: { retainUntil: nullableString, destroyedAt: nullableString } },
  },
} as const;

const retentionSchema = { type: 'object', properties: { period: nullableString, citation: { anyOf: [{ type: 'null' }, citation] }, note: { type: 'string' } } } as const;
const requirementSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'name', 'required'],
  properties: {
    code: { type: 'string' },
    name: { type: 'object', additionalProperties: false, required: ['kk', 'ru', 'en'], properties: { kk: { type: 'string' }, ru: { type: 'string' }, en: { type: 'string' } } },
    required: { type: 'string', enum: ['always', 'with-representative', 'no'] },
  },
} as const;
const serviceSchema = {
  type: 'object',
  properties: {
    slug: { type: 'string' },
    seed: { type: 'string' },
    title: localised,
    documents: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: localised, required: { type: 'string' } } } },
    refusalReceipt: { type: ['object', 'null'], properties: { annex: { type: 'integer' }, citation } },
    resultRetention: retentionSchema,
    documentRetention: retentionSchema,
  },
} as const;

const bearer = {
  type: 'object',
  properties: { authorization: { type: 'string', description: 'Bearer <token> of POST /state-corporation/sessions' } },
} as const;
const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

function bearerToken(request: FastifyRequest): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

export async function stateCorporationPlugin(app: FastifyInstance): Promise<void> {
  const sc = app.sandbox.stateCorporation;
  const operatorOf = (request: FastifyRequest) => sc.operatorOfSession(request.tenant, bearerToken(request));

  app.post<{ Body: { iin: string; password: string } }>(
    '/sessions',
    {
      schema: {
        summary: 'Operator login at the workstation (Process 1): sc-operator personas',
        description: "The password is the persona's portal password, or the default `Sandbox-2026`. The token lasts 8 hours of virtual time.",
        tags,
        operationId: 'scLogin',
        body: { type: 'object', additionalProperties: false, required: ['iin', 'password'], properties: { iin: { type: 'string' }, password: { type: 'string' } } },
        response: {
          201: { type: 'object', properties: { token: { type: 'string' }, operator, expiresAt: { type: 'string' } } },
          400: problem,
          401: problem,
          403: problem,
          503: problem,
        },
      },
    },
    async (request, reply) => reply.code(201).send(await sc.login(request.tenant, request.body.iin, request.body.password)),
  );

  app.delete(
    '/sessions/current',
    {
      schema: {
        summary: 'Operator logout',
        tags,
        operationId: 'scLogout',
        headers: bearer,
        response: { 200: { type: 'object', properties: { loggedOut: { type: 'boolean' } } }, 401: problem },
      },
    },
    async (request) => {
      operatorOf(request);
      sc.logout(request.tenant, bearerToken(request)!);
      return { loggedOut: true };
    },
  );

  app.get(
    '/services',
    {
      schema: {
        summary: 'The services the State Corporation accepts: document lists, receipt forms, storage periods',
        tags,
        operationId: 'scServices',
        response: { 200: { type: 'object', properties: { services: { type: 'array', items: serviceSchema } } } },
      },
    },
    async (request) => ({ services: sc.services(request.tenant) }),
  );

  app.put<{ Params: { slug: string }; Body: { documents?: DocumentRequirement[]; resultRetention?: string | null; documentRetention?: string | null } }>(
    '/services/:slug',
    {
      schema: {
        summary: "Configure a service for this tenant: its documents, or how long uncollected results / submitted documents are kept",
        description: 'Periods are ISO 8601 (`P6M`, `P2Y`, `P30D`) or null (kept until collected). Applies to checks and results from now on.',
        tags,
        operationId: 'scConfigureService',
        params: { type: 'object', required: ['slug'], properties: { slug: { type: 'string', maxLength: 100 } } },
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            documents: { type: 'array', maxItems: 50, items: requirementSchema },
            resultRetention: nullableString,
            documentRetention: nullableString,
          },
        },
        response: { 200: serviceSchema, 400: problem, 404: problem },
      },
    },
    async (request) => sc.configureService(request.tenant, request.params.slug, request.body),
  );

  app.post<{ Body: PackageCheckInput }>(
    '/package-checks',
    {
      schema: {
        summary: "Check the package's completeness (Standard ¶9): accepted, or refused with a receipt of refusal to accept",
        description:
          'Seed 003: an incomplete package is refused with a receipt (қолхат) in the form of Standard Annex 4 (guardianship-orphan) or Annex 7 (minor-property-inheritance-certificates). Seed 004 (legal-stats-archive-certificate) has no such rule: accepted with a note. Needs an operator session.',
        tags,
        operationId: 'scCheckPackage',
        headers: bearer,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['service', 'applicantIin', 'documents'],
          properties: {
            service: { type: 'string' },
            applicantIin: { type: 'string' },
            representativeIin: { type: 'string', description: 'When a representative applies under a notarised power of attorney' },
            documents: { type: 'array', maxItems: 50, items: { type: 'string' }, description: 'Codes of the documents handed over (GET /state-corporation/services)' },
          },
        },
        response: { 201: packageCheckSchema, 400: problem, 401: problem, 503: problem },
      },
    },
    async (request, reply) => reply.code(201).send(await sc.checkPackage(request.tenant, operatorOf(request), request.body)),
  );

  app.get<{ Params: { id: string } }>(
    '/package-checks/:id',
    {
      schema: { summary: 'A package check', tags, operationId: 'scGetPackageCheck', params: idParams, response: { 200: packageCheckSchema, 404: problem, 503: problem } },
    },
    async (request) => sc.getPackageCheck(request.tenant, request.params.id),
  );

  app.get<{ Params: { number: string } }>(
    '/receipts/:number',
    {
      schema: {
        summary: 'A receipt of refusal to accept',
        tags,
        operationId: 'scGetReceipt',
        params: { type: 'object', required: ['number'], properties: { number: { type: 'string', maxLength: 64 } } },
        response: { 200: receiptSchema, 404: problem, 503: problem },
      },
    },
    async (request) => sc.getReceipt(request.tenant, request.params.number),
  );

  app.post<{ Body: ForwardInput }>(
    '/forwardings',
    {
      schema: {
        summary: "Forward an accepted package's request to ӨЭҮШ АЖО, signed with the operator's EDS (Process 5), registered there (Process 6)",
        tags,
        operationId: 'scForwardRequest',
        headers: bearer,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['packageCheckId'],
          properties: { packageCheckId: { type: 'string' }, powerOfAttorneyNumber: { type: 'string' } },
        },
        response: { 201: forwardingSchema, 400: problem, 401: problem, 404: problem, 409: problem, 503: problem },
      },
    },
    async (request, reply) => reply.code(201).send(await sc.forward(request.tenant, operatorOf(request), request.body)),
  );

  app.get<{ Querystring: { applicantIin?: string; status?: ForwardingStatus } }>(
    '/forwardings',
    {
      schema: {
        summary: 'Forwarded requests, filtered; storage is evaluated on the virtual clock',
        tags,
        operationId: 'scListForwardings',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { applicantIin: { type: 'string' }, status: { type: 'string', enum: ['REGISTERED', 'RESULT_READY', 'COLLECTED', 'DESTROYED'] } },
        },
        response: { 200: { type: 'object', properties: { forwardings: { type: 'array', items: forwardingSchema } } }, 400: problem, 503: problem },
      },
    },
    async (request) => ({ forwardings: await sc.listForwardings(request.tenant, request.query) }),
  );

  app.get<{ Params: { id: string } }>(
    '/forwardings/:id',
    {
      schema: {
        summary: 'A forwarded request and its result; an uncollected result past its storage period is DESTROYED',
        tags,
        operationId: 'scGetForwarding',
        params: idParams,
        response: { 200: forwardingSchema, 404: problem, 503: problem },
      },
    },
    async (request) => sc.getForwarding(request.tenant, request.params.id),
  );

  app.post<{ Params: { id: string }; Body: ResultInput }>(
    '/forwardings/:id/result',
    {
      schema: {
        summary: 'The result (or reasoned refusal) formed in ӨЭҮШ АЖО arrives at the State Corporation (Process 8)',
        description: 'What the provider side (the regulation engine) calls. Starts the storage period of an uncollected result.',
        tags,
        operationId: 'scDeliverResult',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['kind'],
          properties: { kind: { type: 'string', enum: ['result', 'reasoned-refusal'] }, documentNumber: { type: 'string' } },
        },
        response: { 200: forwardingSchema, 400: problem, 404: problem, 409: problem, 503: problem },
      },
    },
    async (request) => sc.deliverResult(request.tenant, request.params.id, request.body),
  );

  app.post<{ Params: { id: string } }>(
    '/forwardings/:id/handover',
    {
      schema: {
        summary: "The operator hands the result over to the applicant: the journal mark",
        tags,
        operationId: 'scHandOverResult',
        headers: bearer,
        params: idParams,
        response: { 200: forwardingSchema, 401: problem, 404: problem, 409: problem, 410: problem, 503: problem },
      },
    },
    async (request) => sc.handOver(request.tenant, operatorOf(request), request.params.id),
  );
}
