/**
 * Test control under `/__admin`: reset, journal, clock, faults and personas, all per tenant.
 */
import type { FastifyInstance } from 'fastify';
import { addIsoDuration } from '../core/clock.js';
import { defineProblems } from '../core/problem.js';
import { isSystemId, SYSTEMS, type SystemId } from '../core/systems.js';
import { type Persona, PersonaValidator, traitVocabulary } from '../personas/persona.js';

export const adminProblems = defineProblems('admin', {
  PERSONA_INVALID: { status: 400, title: 'Invalid persona' },
  PERSONA_EXISTS: { status: 409, title: 'A persona with this IIN already exists' },
  PERSONA_NOT_FOUND: { status: 404, title: 'No such persona' },
  TRAIT_UNKNOWN: { status: 400, title: 'Unknown trait' },
  SYSTEM_UNKNOWN: { status: 400, title: 'Unknown system' },
  CLOCK_INVALID: { status: 400, title: 'Invalid clock change' },
});

const problemRef = { $ref: 'Problem#' };
/** The largest instant a JavaScript Date holds, ms from the epoch either way. */
const MAX_INSTANT_MS = 8.64e15;
const MAX_ADVANCE_MS = 1000 * 366 * 24 * 3_600_000;
const tags = ['admin'];

const faultSpecSchema = {
  type: 'object',
  properties: {
    down: { type: 'boolean', description: 'Every call fails as unavailable.' },
    latencyMs: { type: 'integer', minimum: 0, maximum: 60000, description: 'Real milliseconds added to every call.' },
    timeout: { type: 'boolean', description: 'Every call times out.' },
    errorRate: { type: 'number', minimum: 0, maximum: 1, description: 'Share of calls that fail, drawn from `seed`.' },
    seed: { type: 'integer', description: 'Seed of the error-rate draws, so runs repeat.' },
  },
} as const;

const clockSchema = {
  type: 'object',
  required: ['now', 'offsetMs', 'frozen'],
  properties: { now: { type: 'string', format: 'date-time' }, offsetMs: { type: 'integer' }, frozen: { type: 'boolean' } },
} as const;

const journalEntrySchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    time: { type: 'string' },
    tenant: { type: 'string' },
    channel: { type: 'string' },
    serviceId: { type: ['string', 'null'] },
    senderId: { type: ['string', 'null'] },
    messageId: { type: ['string', 'null'] },
    status: { type: 'string' },
    ok: { type: 'boolean' },
    durationMs: { type: 'number' },
  },
} as const;

export async function adminPlugin(app: FastifyInstance): Promise<void> {
  const personaValidator = new PersonaValidator();
  const vocabulary = traitVocabulary();
  const knownTraits = new Set(vocabulary.map((t) => t.id));

  app.post<{ Querystring: { all?: boolean } }>(
    '/reset',
    {
      schema: {
        summary: "Forget the tenant's state (personas added, journal, clock, faults, every system's data)",
        tags,
        operationId: 'adminReset',
        querystring: { type: 'object', additionalProperties: false, properties: { all: { type: 'boolean', description: 'Reset every tenant.' } } },
        response: { 200: { type: 'object', properties: { reset: { type: 'array', items: { type: 'string' } } } } },
      },
    },
    async (request) => {
      const { tenants } = app.sandbox;
      if (request.query.all) {
        const names = tenants.names();
        tenants.resetAll();
        return { reset: names };
      }
      tenants.reset(request.tenant.name);
      return { reset: [request.tenant.name] };
    },
  );

  app.get<{
    Querystring: { serviceId?: string; senderId?: string; messageId?: string; status?: string; channel?: string; ok?: boolean; afterSeq?: number; limit?: number };
  }>(
    '/journal',
    {
      schema: {
        summary: "The tenant's gateway messages, oldest first",
        tags,
        operationId: 'adminJournal',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            serviceId: { type: 'string' },
            senderId: { type: 'string' },
            messageId: { type: 'string' },
            status: { type: 'string', description: 'SCSS001 or a fault code' },
            channel: { type: 'string' },
            ok: { type: 'boolean' },
            afterSeq: { type: 'integer', minimum: 0 },
            limit: { type: 'integer', minimum: 1, maximum: 10000, description: 'The last N matching entries.' },
          },
        },
        response: {
          200: { type: 'object', properties: { entries: { type: 'array', items: journalEntrySchema } } },
          400: problemRef,
        },
      },
    },
    async (request) => ({ entries: request.tenant.journal.query(request.query) }),
  );

  app.get('/clock', { schema: { summary: "The tenant's virtual clock", tags, operationId: 'adminGetClock', response: { 200: clockSchema } } }, async (request) =>
    request.tenant.clock.state(),
  );

  app.post<{ Body: { set?: string; advance?: string; advanceMs?: number; freeze?: boolean } }>(
    '/clock',
    {
      schema: {
        summary: "Set, advance, freeze or resume the tenant's virtual clock",
        description:
          '`set` an ISO instant, or `advance` by an ISO duration (`P15D`, `P6M`, `PT2H30M`) or by `advanceMs`; `freeze: true` stops the clock, `false` lets it run. Applied in that order.',
        tags,
        operationId: 'adminSetClock',
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            set: { type: 'string', format: 'date-time' },
            advance: { type: 'string', description: 'ISO 8601 duration: PnYnMnDTnHnMnS (years and months by the calendar)' },
            advanceMs: { type: 'integer', minimum: -MAX_ADVANCE_MS, maximum: MAX_ADVANCE_MS, description: 'Milliseconds, at most 1000 years either way.' },
            freeze: { type: 'boolean' },
          },
        },
        response: { 200: clockSchema, 400: problemRef },
      },
    },
    async (request) => {
      const { set, advance, advanceMs, freeze } = request.body;
      const clock = request.tenant.clock;
      let advanceBy = advanceMs ?? 0;
      if (advance !== undefined) {
        const base = set === undefined ? clock.nowMs() : Date.parse(set);
        const moved = Number.isFinite(base) ? addIsoDuration(new Date(base), advance) : null;
        if (advance.length > 40 || !moved || Number.isNaN(moved.getTime())) {
          throw adminProblems.CLOCK_INVALID(`advance must be an ISO 8601 duration like P15D, P6M, P2Y or PT2H30M, got ${JSON.stringify(advance.slice(0, 80))}`);
        }
        advanceBy += moved.getTime() - base;
      }
      // Work out where the clock would land before touching it: an instant a Date cannot hold would break the tenant.
      const target = (set === undefined ? clock.nowMs() : Date.parse(set)) + advanceBy;
      if (!Number.isFinite(target) || Math.abs(target) > MAX_INSTANT_MS) {
        throw adminProblems.CLOCK_INVALID(`the clock would move outside the years a date can hold (±275 000); nothing was changed`);
      }
      // Freezing together with `set` freezes at exactly the instant given, not a moment after it.
      if (set !== undefined) clock.set(new Date(set), freeze ?? undefined);
      if (advanceBy) clock.advance(advanceBy);
      if (freeze === true && set === undefined) clock.freeze();
      if (freeze === false) clock.resume();
      return clock.state();
    },
  );

  app.get(
    '/faults',
    {
      schema: {
        summary: "The tenant's active faults, by system, and the systems that can take one",
        tags,
        operationId: 'adminGetFaults',
        response: {
          200: {
            type: 'object',
            properties: {
              faults: { type: 'object', additionalProperties: faultSpecSchema },
              systems: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      },
    },
    async (request) => ({ faults: request.tenant.faults.active(), systems: SYSTEMS }),
  );

  app.post<{ Body: { system: string; clear?: boolean; down?: boolean; latencyMs?: number; timeout?: boolean; errorRate?: number; seed?: number } }>(
    '/faults',
    {
      schema: {
        summary: 'Inject a fault into one system, for this tenant only (or clear it)',
        description: 'Fields not given keep their current value. `clear: true` removes the system\'s fault; `system: "*"` with `clear` removes all.',
        tags,
        operationId: 'adminSetFault',
        body: {
          type: 'object',
          required: ['system'],
          additionalProperties: false,
          properties: { system: { type: 'string' }, clear: { type: 'boolean' }, ...faultSpecSchema.properties },
        },
        response: {
          200: { type: 'object', properties: { faults: { type: 'object', additionalProperties: faultSpecSchema } } },
          400: problemRef,
        },
      },
    },
    async (request) => {
      const { system, clear, ...patch } = request.body;
      const faults = request.tenant.faults;
      if (system === '*' && clear) {
        faults.clear();
      } else if (!isSystemId(system)) {
        throw adminProblems.SYSTEM_UNKNOWN(`"${system}" is not a system; use one of ${Object.keys(SYSTEMS).join(', ')}`);
      } else if (clear) {
        faults.clear(system as SystemId);
      } else {
        faults.set(system, patch);
      }
      return { faults: faults.active() };
    },
  );

  app.get(
    '/personas/traits',
    {
      schema: {
        summary: 'The trait vocabulary',
        tags,
        operationId: 'adminPersonaTraits',
        response: {
          200: {
            type: 'object',
            properties: {
              traits: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { id: { type: 'string' }, category: { type: 'string' }, exclusive: { type: 'string' }, description: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    async () => ({ traits: vocabulary }),
  );

  app.get<{ Querystring: { trait?: string | string[] } }>(
    '/personas',
    {
      schema: {
        summary: 'The personas this tenant sees, filtered by traits',
        description: '`trait` may repeat or hold a comma-separated list: a persona must carry every trait named.',
        tags,
        operationId: 'adminListPersonas',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { trait: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] } },
        },
        response: {
          200: { type: 'object', properties: { count: { type: 'integer' }, personas: { type: 'array', items: { $ref: 'Persona#' } } } },
          400: problemRef,
        },
      },
    },
    async (request) => {
      const raw = request.query.trait;
      const traits = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
      const unknown = traits.filter((t) => !knownTraits.has(t));
      if (unknown.length) {
        throw adminProblems.TRAIT_UNKNOWN(`Unknown trait(s): ${unknown.join(', ')}. GET /__admin/personas/traits lists the vocabulary.`);
      }
      const personas = app.sandbox.personas.list(request.tenant, traits);
      return { count: personas.length, personas };
    },
  );

  app.get<{ Params: { iin: string } }>(
    '/personas/:iin',
    {
      schema: {
        summary: 'One persona by IIN',
        tags,
        operationId: 'adminGetPersona',
        params: { type: 'object', properties: { iin: { type: 'string' } } },
        response: { 200: { $ref: 'Persona#' }, 404: problemRef },
      },
    },
    async (request) => {
      const persona = app.sandbox.personas.get(request.tenant, request.params.iin);
      if (!persona) throw adminProblems.PERSONA_NOT_FOUND(`No persona with IIN ${request.params.iin} in tenant ${request.tenant.name}`);
      return persona;
    },
  );

  app.post<{ Body: unknown }>(
    '/personas',
    {
      // The schema documents the body; validation is ours, so the answer names every bad field and checks the IIN checksum.
      attachValidation: true,
      schema: {
        summary: 'Add a persona to this tenant',
        description: 'Validated like a persona file: a bad one gets 400 PERSONA_INVALID naming each field. The persona lives in this tenant until reset.',
        tags,
        operationId: 'adminAddPersona',
        body: { $ref: 'Persona#' },
        response: { 201: { $ref: 'Persona#' }, 400: problemRef, 409: problemRef },
      },
    },
    async (request, reply) => {
      const problems = personaValidator.problems(request.body);
      if (problems.length) throw adminProblems.PERSONA_INVALID(problems.join('; '), { errors: problems });
      const persona = request.body as Persona;
      const { personas } = app.sandbox;
      if (personas.get(request.tenant, persona.iin)) {
        throw adminProblems.PERSONA_EXISTS(`IIN ${persona.iin} is already a persona in tenant ${request.tenant.name}`);
      }
      await personas.add(request.tenant, persona);
      return reply.code(201).send(persona);
    },
  );
}
