/**
 * Problem details (RFC 9457, `application/problem+json`) and the per-system error catalogues.
 *
 * Every client-facing REST error has one shape: `{ type, title, status, detail, code, ... }`.
 * Each system declares its catalogue once with {@link defineProblems}; the key is the code.
 */

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
/** Base of the `type` URIs: a documentation anchor per code, not a fetchable host. */
export const PROBLEM_TYPE_BASE = 'urn:kz-egov-sandbox:problem:';

export interface ProblemSpec {
  status: number;
  title: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  [extension: string]: unknown;
}

/** A thrown problem: the server's error handler turns it into `application/problem+json`. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: PROBLEM_TYPE_BASE + this.code,
      title: this.title,
      status: this.status,
      detail: this.detail,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...this.extensions,
    };
  }
}

export type ProblemCatalogue<C extends string> = { readonly [K in C]: ProblemSpec };

/** Every catalogue registered so far, for the documentation test and `GET /__admin/problems`. */
const allCatalogues = new Map<string, ProblemCatalogue<string>>();

/**
 * Declares a system's problem codes and returns a factory for them.
 * @example const problems = defineProblems('gbdfl', { PERSON_NOT_FOUND: { status: 404, title: 'Person not found' } });
 *          throw problems.PERSON_NOT_FOUND('No person with IIN 900115300013');
 */
export function defineProblems<C extends string>(
  system: string,
  catalogue: ProblemCatalogue<C>,
): { [K in C]: (detail: string, extensions?: Record<string, unknown>) => ProblemError } {
  allCatalogues.set(system, catalogue);
  const factories = {} as { [K in C]: (detail: string, extensions?: Record<string, unknown>) => ProblemError };
  for (const code of Object.keys(catalogue) as C[]) {
    const spec = catalogue[code];
    factories[code] = (detail, extensions) => new ProblemError(code, spec.status, spec.title, detail, extensions);
  }
  return factories;
}

/** The registered catalogues, by system. */
export function problemCatalogues(): ReadonlyMap<string, ProblemCatalogue<string>> {
  return allCatalogues;
}

/** Problems shared by every system (request validation, unknown routes, tenants). */
export const commonProblems = defineProblems('common', {
  VALIDATION_FAILED: { status: 400, title: 'Request validation failed' },
  TENANT_INVALID: { status: 400, title: 'Invalid X-Sandbox-Tenant header' },
  IIN_INVALID: { status: 400, title: 'Invalid IIN' },
  BIN_INVALID: { status: 400, title: 'Invalid BIN' },
  NOT_FOUND: { status: 404, title: 'Route not found' },
  METHOD_NOT_ALLOWED: { status: 405, title: 'Method not allowed' },
  BODY_TOO_LARGE: { status: 413, title: 'Request body too large' },
  URI_TOO_LONG: { status: 414, title: 'A path parameter is too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  BAD_REQUEST: { status: 400, title: 'Bad request' },
  SYSTEM_UNAVAILABLE: { status: 503, title: 'System unavailable (injected fault)' },
  SHUTTING_DOWN: { status: 503, title: 'The sandbox is shutting down' },
  INTERNAL: { status: 500, title: 'Internal error' },
});
