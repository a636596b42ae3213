/**
 * The e-gov portal (ЭҮП, egov.kz) and the personal cabinet (жеке кабинет): login, the services and their
 * graphs, submission, applications and notifications, the refusal codes.
 * @see ../../../docs/regulations.md
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../../core/schemas.js';
import { applicationXml } from '../../regulations/application-xml.js';
import { viewAt } from '../../regulations/applications.js';
import { regulationProblems } from '../../regulations/problems.js';
import type { RegulationService, SubmitInput } from '../../regulations/service.js';
import type { Regulation } from '../../regulations/types.js';
import { idParams, openObject, portalSubmissionBody } from './schemas.js';
import { loginWithEds, loginWithPassword, newChallenge, sessionIin } from './sessions.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** The regulations, their engine and the applications (portal, provider and State Corporation channels). */
    regulations: RegulationService;
  }
}

const tags = ['portal'];

/** A service as the list shows it. */
export function serviceSummary(r: Regulation): Record<string, unknown> {
  return {
    id: r.service,
    title: r.title,
    seed: r.seed,
    provider: r.provider,
    variants: r.variants.map((v) => ({ id: v.id, title: v.title })),
    channels: r.channels.map((c) => ({ id: c.id, title: c.title, signer: c.signer })),
  };
}

const seedCache = new Map<string, string[]>();
function seedLines(seed: string): string[] {
  let lines = seedCache.get(seed);
  if (!lines) {
    lines = readFileSync(new URL(`fixtures/seeds/${seed}`, PACKAGE_ROOT), 'utf8').split('\n');
    seedCache.set(seed, lines);
  }
  return lines;
}

export async function portalPlugin(app: FastifyInstance): Promise<void> {
  const regulations = app.sandbox.regulations;

  app.post<{ Body: { iin: string; password: string; service?: string } }>(
    '/sessions',
    {
      schema: {
        summary: 'Log in with IIN and password',
        description:
          'The condition "IIN and password authentic". Refused: 401 AUTH_REFUSED; with `service`, the problem carries `refusal` {code, message, citation, step}: the regulation\'s refusal for a failed login.',
        tags,
        operationId: 'portalLogin',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['iin', 'password'],
          properties: { iin: { type: 'string', pattern: '^[0-9]{12}$' }, password: { type: 'string', maxLength: 200 }, service: { type: 'string', maxLength: 100 } },
        },
        response: { 200: openObject },
      },
    },
    async (request) => loginWithPassword(app, request.tenant, request.body.iin, request.body.password, request.body.service),
  );

  app.get('/sessions/challenge', { schema: { summary: 'A challenge to sign for an EDS login', tags, operationId: 'portalChallenge', response: { 200: openObject } } }, async (request) =>
    newChallenge(request.tenant),
  );

  app.post<{ Body: { signedXml: string; service?: string } }>(
    '/sessions/eds',
    {
      schema: {
        summary: 'Log in with the challenge signed with the AUTH key',
        description:
          'Refused: 401 CHALLENGE_INVALID (unknown, used or expired challenge) or AUTH_REFUSED (bad signature, unusable AUTH certificate with `codes`, unregistered or blocked account); with `service`, AUTH_REFUSED carries the regulation\'s `refusal`.',
        tags,
        operationId: 'portalLoginEds',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['signedXml'],
          properties: { signedXml: { type: 'string', maxLength: 100_000 }, service: { type: 'string', maxLength: 100 } },
        },
        response: { 200: openObject },
      },
    },
    async (request) => loginWithEds(app, request.tenant, request.body.signedXml, request.body.service),
  );

  app.get('/services', { schema: { summary: 'The state services', tags, operationId: 'portalServices', response: { 200: openObject } } }, async () => ({
    services: regulations.catalogue.list().map(serviceSummary),
  }));

  app.get<{ Params: { id: string } }>(
    '/services/:id',
    { schema: { summary: "A service's regulation: variants, documents, channels and their step graphs, ambiguities, scenarios", tags, operationId: 'portalService', params: idParams, response: { 200: openObject } } },
    async (request) => regulations.regulation(request.params.id),
  );

  app.get<{ Params: { id: string }; Querystring: { lines: string } }>(
    '/services/:id/text',
    {
      schema: {
        summary: "The Kazakh text of the service's seed at the cited lines",
        tags,
        operationId: 'portalServiceText',
        params: idParams,
        querystring: { type: 'object', required: ['lines'], properties: { lines: { type: 'string', pattern: '^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$', maxLength: 100 } } },
        response: { 200: openObject },
      },
    },
    async (request) => {
      const regulation = regulations.regulation(request.params.id);
      const all = seedLines(regulation.seed);
      const out: { line: number; text: string }[] = [];
      for (const range of request.query.lines.split(',')) {
        const [from, to = from] = range.split('-').map(Number) as [number, number?];
        if (from < 1 || to! < from || to! > all.length || to! - from + 1 > 400) throw regulationProblems.LINES_INVALID(`lines ${range}: the seed has lines 1-${all.length}; a range reads at most 400`);
        for (let n = from; n <= to!; n++) out.push({ line: n, text: all[n - 1]! });
      }
      return { seed: regulation.seed, lines: out };
    },
  );

  app.get('/refusal-codes', { schema: { summary: 'Every refusal and result code, with its message and citations', tags, operationId: 'portalRefusalCodes', response: { 200: openObject } } }, async () => ({
    codes: regulations.catalogue.outcomeCodes(),
  }));

  app.post<{ Body: Omit<SubmitInput, 'channel' | 'applicantIin'> & { applicantIin?: string } }>(
    '/applications',
    {
      schema: {
        summary: 'Submit an application (signed with the SIGN key)',
        description: 'Needs a portal session. The answer is the application as the engine walked it; status, timeline and outcome follow the virtual clock.',
        tags,
        operationId: 'portalSubmit',
        body: portalSubmissionBody,
        response: { 201: openObject },
      },
    },
    async (request, reply) => {
      const iin = sessionIin(request.tenant, request.headers.authorization);
      const record = await regulations.submit(request.tenant, { ...request.body, channel: 'portal', applicantIin: request.body.applicantIin ?? iin }, iin);
      return reply.code(201).send(viewAt(record, request.tenant.clock.now()));
    },
  );

  app.post<{ Body: Omit<SubmitInput, 'channel' | 'signedXml'> & { applicantIin: string; nonce?: string; channel?: string } }>(
    '/applications/document',
    {
      schema: {
        summary: 'The application document to sign, for a given submission (a helper: sign it with your SIGN key and send it as signedXml)',
        tags,
        operationId: 'portalApplicationDocument',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['service', 'variant', 'applicantIin'],
          properties: {
            ...portalSubmissionBody.properties,
            channel: { type: 'string', enum: ['portal', 'provider', 'stateCorporation'] },
            nonce: { type: 'string', maxLength: 100 },
          },
        },
        response: { 200: openObject },
      },
    },
    async (request) => {
      const b = request.body;
      return {
        document: applicationXml({
          service: b.service,
          variant: b.variant!,
          channel: (b.channel as string | undefined) ?? 'portal',
          applicantIin: b.applicantIin,
          ...(b.representativeIin ? { representativeIin: b.representativeIin } : {}),
          form: b.form ?? {},
          documents: b.documents ?? [],
          nonce: b.nonce ?? crypto.randomUUID(),
        }),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/applications/:id',
    { schema: { summary: 'An application: status, timeline, deadline, outcome, result document', tags, operationId: 'portalApplication', params: idParams, response: { 200: openObject } } },
    async (request) => {
      const iin = sessionIin(request.tenant, request.headers.authorization);
      const record = regulations.get(request.tenant, request.params.id);
      if (record.applicantIin !== iin && record.representativeIin !== iin) throw regulationProblems.FORBIDDEN(`application ${record.id} is not ${iin}'s`);
      return viewAt(record, request.tenant.clock.now());
    },
  );

  app.get('/cabinet', { schema: { summary: 'The personal cabinet: applications and notifications', tags, operationId: 'portalCabinet', response: { 200: openObject } } }, async (request) => {
    const iin = sessionIin(request.tenant, request.headers.authorization);
    const now = request.tenant.clock.now();
    return {
      iin,
      applications: regulations.list(request.tenant, { applicantIin: iin }).map((r) => viewAt(r, now)),
      notifications: regulations.notifications(request.tenant, iin, now),
    };
  });
}
