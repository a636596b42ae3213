/**
 * GBD FL REST routes: `GET /gbdfl/persons/{iin}`.
 */
import type { FastifyInstance } from 'fastify';
import { gbdflProblems } from './problems.js';
import { GbdflService } from './service.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** GBD FL (ЖТ МДҚ), for the gateway and the regulation engine. */
    gbdfl: GbdflService;
  }
}

export { GbdflService };

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export async function gbdflPlugin(app: FastifyInstance): Promise<void> {
  // Records are built once per persona (GbdflService), so their JSON can be too: JSON.stringify of a cached
  // string beats the schema serializer on long Cyrillic strings. The record's shape is GbdflPerson# by construction.
  const serialised = new WeakMap<object, string>();
  const jsonOf = (person: object): string => {
    let json = serialised.get(person);
    if (json === undefined) {
      json = JSON.stringify(person);
      serialised.set(person, json);
    }
    return json;
  };

  app.get<{ Params: { iin: string } }>(
    '/persons/:iin',
    {
      schema: {
        summary: 'A person from GBD FL (ЖТ МДҚ) by IIN',
        description:
          'The record in the real GBD FL field shape. 400 IIN_INVALID when the IIN fails the checksum or date rules; 404 PERSON_NOT_FOUND when well-formed but unknown; 503 SYSTEM_UNAVAILABLE under an injected fault.',
        tags: ['gbdfl'],
        operationId: 'gbdflGetPerson',
        params: { type: 'object', required: ['iin'], properties: { iin: { type: 'string' } } },
        response: {
          200: { $ref: 'GbdflPerson#' },
          400: { $ref: 'Problem#' },
          404: { $ref: 'Problem#' },
          503: { $ref: 'Problem#' },
        },
      },
    },
    async (request, reply) => {
      // An injected fault (SystemFaultError) becomes 503 SYSTEM_UNAVAILABLE in the core error handler.
      const lookup = await app.sandbox.gbdfl.findPerson(request.tenant, request.params.iin);
      if (!lookup.found) throw gbdflProblems.PERSON_NOT_FOUND(`GBD FL has no person with IIN ${request.params.iin}`);
      return reply.type(JSON_CONTENT_TYPE).send(jsonOf(lookup.person));
    },
  );
}
