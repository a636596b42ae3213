/**
 * The other channels of the regulations: the service provider's (көрсетілетін қызметті беруші; the employee
 * signs what they enter) with the provider API for human decisions, and the State Corporation's (the operator
 * signs the request).
 */
import type { FastifyInstance } from 'fastify';
import { statusAt, viewAt } from '../../regulations/applications.js';
import type { SubmitInput } from '../../regulations/service.js';
import type { ChannelId } from '../../regulations/types.js';
import { channelSubmissionBody, idParams, openObject } from './schemas.js';

function submitRoute(app: FastifyInstance, channel: ChannelId, tag: string, operationId: string, signer: string): void {
  app.post<{ Body: Omit<SubmitInput, 'channel'> }>(
    '/applications',
    {
      schema: {
        summary: `Submit an application through the ${channel === 'provider' ? "service provider's" : "State Corporation's"} channel (signed by ${signer})`,
        tags: [tag],
        operationId,
        body: channelSubmissionBody,
        response: { 201: openObject },
      },
    },
    async (request, reply) => {
      const record = await app.sandbox.regulations.submit(request.tenant, { ...request.body, channel });
      return reply.code(201).send(viewAt(record, request.tenant.clock.now()));
    },
  );
}

export async function providerPlugin(app: FastifyInstance): Promise<void> {
  const regulations = app.sandbox.regulations;
  const tags = ['provider'];
  submitRoute(app, 'provider', 'provider', 'providerSubmit', 'a provider-employee persona');

  app.get<{ Querystring: { status?: string; service?: string; applicantIin?: string } }>(
    '/applications',
    {
      schema: {
        summary: 'Applications of every channel (the provider side), filtered',
        tags,
        operationId: 'providerApplications',
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['in-progress', 'awaiting-decision', 'completed', 'refused'] },
            service: { type: 'string', maxLength: 100 },
            applicantIin: { type: 'string', pattern: '^[0-9]{12}$' },
          },
        },
        response: { 200: openObject },
      },
    },
    async (request) => {
      const now = request.tenant.clock.now();
      const { status, service, applicantIin } = request.query;
      const records = regulations
        .list(request.tenant, applicantIin ? { applicantIin } : {})
        .filter((r) => (!service || r.service === service) && (!status || statusAt(r, now) === status));
      return { applications: records.map((r) => viewAt(r, now)) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/applications/:id',
    { schema: { summary: 'An application of any channel', tags, operationId: 'providerApplication', params: idParams, response: { 200: openObject } } },
    async (request) => viewAt(regulations.get(request.tenant, request.params.id), request.tenant.clock.now()),
  );

  app.post<{ Params: { id: string }; Body: { check: string; value: boolean | string } }>(
    '/applications/:id/decisions',
    {
      schema: {
        summary: 'Take the human decision the application waits for (submitted with decisionMode: provider)',
        description: '`check` is the decision the application waits for (its `pending.check`); `value` true / false, or a branch name (`noShow`).',
        tags,
        operationId: 'providerDecide',
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['check', 'value'],
          properties: { check: { type: 'string', maxLength: 60 }, value: { anyOf: [{ type: 'boolean' }, { type: 'string', maxLength: 40 }] } },
        },
        response: { 200: openObject },
      },
    },
    async (request) => {
      const record = await regulations.decide(request.tenant, request.params.id, request.body.check, request.body.value);
      return viewAt(record, request.tenant.clock.now());
    },
  );
}

export async function stateCorporationChannelPlugin(app: FastifyInstance): Promise<void> {
  submitRoute(app, 'stateCorporation', 'state-corporation', 'stateCorporationSubmit', 'an sc-operator persona');
}
