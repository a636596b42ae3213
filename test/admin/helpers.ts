/** Shared helpers of the admin API tests. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Test } from 'tap';
import { buildServer, type SandboxOptions } from '../../src/server.js';

export const IIN = '900115300013';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A sandbox for one test, closed when it ends. */
export async function sandbox(t: Teardown, options: SandboxOptions = {}): Promise<FastifyInstance> {
  const app = await buildServer({ logger: false, ...options });
  t.teardown(() => app.close());
  return app;
}

/** A request as tenant `tenant` (none: the default tenant). */
export function as(app: FastifyInstance, tenant: string | undefined, request: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...request, headers: { ...request.headers, ...(tenant === undefined ? {} : { 'x-sandbox-tenant': tenant }) } });
}

/**
 * Asserts the response is the one problem shape (RFC 9457 + `code`) with `status` and `code`,
 * and that it leaks no stack trace. Returns the body.
 */
export function assertProblem(t: Test, response: LightMyRequestResponse, status: number, code: string): Record<string, unknown> {
  t.equal(response.statusCode, status, `status ${status}`);
  t.match(response.headers['content-type'], /^application\/problem\+json/, 'application/problem+json');
  const body = response.json() as Record<string, unknown>;
  t.match(body, { type: `urn:kz-egov-sandbox:problem:${code}`, title: String, status, detail: String, code }, `problem ${code}`);
  t.notOk('stack' in body, 'no stack field');
  t.notMatch(response.body, /\bat .+\.(?:ts|js):\d+/, 'no stack trace in the body');
  return body;
}
