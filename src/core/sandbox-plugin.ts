/**
 * The shared core every system plugin depends on: configuration, the tenant store, the persona registry,
 * `request.tenant` from `X-Sandbox-Tenant`, and the one problem+json error shape.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { PersonaRegistry } from '../personas/registry.js';
import type { SandboxConfig } from './config.js';
import { commonProblems, PROBLEM_CONTENT_TYPE, ProblemError } from './problem.js';
import { SystemFaultError } from './system-call.js';
import { DEFAULT_TENANT, TENANT_HEADER, TENANT_PATTERN, type Tenant, type TenantStore } from './tenant-store.js';

export interface Sandbox {
  config: SandboxConfig;
  tenants: TenantStore;
  personas: PersonaRegistry;
}

declare module 'fastify' {
  interface FastifyInstance {
    sandbox: Sandbox;
  }
  interface FastifyRequest {
    /** The tenant named by `X-Sandbox-Tenant` (or `default`). */
    tenant: Tenant;
  }
}

/** Reads the tenant name of a request; throws TENANT_INVALID for a malformed one. */
export function tenantName(request: FastifyRequest): string {
  const header = request.headers[TENANT_HEADER];
  if (header === undefined || header === '') return DEFAULT_TENANT;
  const name = Array.isArray(header) ? header[0]! : header;
  if (!TENANT_PATTERN.test(name)) {
    throw commonProblems.TENANT_INVALID(`X-Sandbox-Tenant must match ${TENANT_PATTERN.source}, got ${JSON.stringify(name.slice(0, 80))}`);
  }
  return name;
}

/** Maps any error to a problem: ours as they are, Fastify's by their code, the rest as INTERNAL (logged, no stack to the client). */
export function toProblem(error: FastifyError | Error, request: FastifyRequest): ProblemError {
  if (error instanceof ProblemError) return error;
  if (error instanceof SystemFaultError) {
    return commonProblems.SYSTEM_UNAVAILABLE(error.message, { system: error.system, fault: error.kind });
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = fe.validation.map((v) => `${fe.validationContext ?? 'request'}${v.instancePath || ''}: ${v.message ?? 'is invalid'}`);
    return commonProblems.VALIDATION_FAILED(errors.join('; '), { errors });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return commonProblems.BODY_TOO_LARGE(fe.message);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return commonProblems.UNSUPPORTED_MEDIA_TYPE(fe.message);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return commonProblems.BAD_REQUEST(fe.message);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return commonProblems.BAD_REQUEST(fe.message);
  }
  request.log.error({ err: error }, 'unhandled error');
  return commonProblems.INTERNAL('The sandbox failed to handle this request; see its log.');
}

/**
 * Errors Fastify raises before routing (a malformed URL, a path parameter over 100 characters), passed as the
 * `frameworkErrors` option of buildServer: they get the one problem shape too.
 */
export function frameworkErrorProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0]!.slice(0, 120);
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? commonProblems.URI_TOO_LONG(`a path parameter of ${path} is longer than 100 characters`)
      : error.code === 'FST_ERR_BAD_URL'
        ? commonProblems.BAD_REQUEST(`the URL ${path} is malformed`)
        : toProblem(error, request);
  return sendProblem(reply, problem);
}

export function sendProblem(reply: FastifyReply, problem: ProblemError): FastifyReply {
  return reply.code(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem.toBody(reply.request.url));
}

async function sandboxCore(app: FastifyInstance, sandbox: Sandbox): Promise<void> {
  app.decorate('sandbox', sandbox);
  app.decorateRequest('tenant', null as unknown as Tenant);
  // While closing, requests still arriving on open connections get the one problem shape, not Fastify's own
  // 503 body (return503OnClosing is off in buildServer for this); requests already in flight finish normally.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  // onClose runs once requests in flight have been answered: what still waits then was abandoned.
  app.addHook('onClose', async () => {
    sandbox.tenants.close();
  });
  app.addHook('onRequest', async (request, reply) => {
    if (closing) {
      reply.header('connection', 'close');
      throw commonProblems.SHUTTING_DOWN('The sandbox is shutting down; retry against a running instance.');
    }
    request.tenant = sandbox.tenants.get(tenantName(request));
  });
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toProblem(error as FastifyError, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, commonProblems.NOT_FOUND(`No route ${request.method} ${request.url.split('?')[0]}`)),
  );
}

export const sandboxCorePlugin = fp(sandboxCore, { name: 'sandbox-core', fastify: '5.x' });
