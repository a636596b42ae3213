/**
 * The SDK's errors: one class per way a call can fail, each with a stable `name` (the class name) and `code`.
 *
 * - {@link SandboxProblemError}: the sandbox answered a REST problem (`application/problem+json`).
 * - {@link ShepFaultError}: the SHEP gateway answered a SOAP 1.1 Fault (`ErrorInfo`).
 * - {@link SandboxTimeoutError}: no complete answer within `timeoutMs`.
 * - {@link SandboxNetworkError}: the connection failed (refused, reset, DNS...).
 * - {@link SandboxProtocolError}: a success answer the SDK cannot read (not JSON: a wrong `baseUrl` serving HTML).
 *
 * Every one extends {@link SandboxError}, so `catch (e) { if (e instanceof SandboxError) ... }` catches them all.
 * @see ../../docs/sdk.md#errors
 */

/** The body of a problem answer (RFC 9457) as the sandbox writes it: always a `code`, sometimes extensions. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Stable upper-snake code, e.g. `AUTH_REFUSED`, `PERSON_NOT_FOUND`, `SYSTEM_UNAVAILABLE`. */
  code: string;
  /** Extensions: `errors` (validation), `refusal` (a failed login with `service`), `system`, `fault`... */
  [extension: string]: unknown;
}

/** What the request was, carried by every SDK error for logs and assertions. */
export interface RequestInfo {
  method: string;
  /** The path with the query string, e.g. `/gbdfl/persons/900115300013`. */
  path: string;
  /** How many times the request was sent (1 when it was not retried). */
  attempts: number;
}

/** Base class of every error the SDK throws about a call. `code` is stable; `name` is the class name. */
export class SandboxError extends Error {
  override readonly name: string = 'SandboxError';
  /** Stable code: the problem's `code`, the SOAP fault's `errorCode`, `SANDBOX_TIMEOUT`, `SANDBOX_NETWORK` or `SANDBOX_BAD_RESPONSE`. */
  readonly code: string;
  /** The request that failed. */
  readonly request: RequestInfo;

  constructor(code: string, message: string, request: RequestInfo, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.request = request;
  }
}

/**
 * The sandbox answered a REST problem. `status` is the HTTP status, `code` the problem's code, `problem` the whole
 * body (with its extensions, e.g. `refusal` on a refused login). An error answer that is not a problem (a proxy's
 * HTML page) is reported with code `HTTP_<status>` and a problem built from it.
 */
export class SandboxProblemError extends SandboxError {
  override readonly name = 'SandboxProblemError';
  readonly status: number;
  readonly problem: ProblemDetails;

  constructor(problem: ProblemDetails, request: RequestInfo) {
    super(problem.code, `${request.method} ${request.path} answered ${problem.status} ${problem.code}: ${problem.detail}`, request);
    this.status = problem.status;
    this.problem = problem;
  }

  /** The regulation's refusal a problem carries (`POST /portal/sessions` with `service`), or undefined. */
  get refusal(): { code: string; message: { kk: string; ru: string; en: string }; citation: { seed: string; lines: string; step?: string }; step: string } | undefined {
    return this.problem.refusal as never;
  }
}

/** The `ErrorInfo` of a SHEP fault (`SendMessageFault1_SendMessageFault`). */
export interface ShepFaultDetail {
  faultcode: string;
  faultstring: string;
  errorCode: string;
  errorMessage: string;
  errorData?: string;
  errorDate?: string;
}

/**
 * The SHEP gateway answered a SOAP Fault. `errorCode` (also `code`) is the ErrorInfo code (`UNKNOWN_SERVICE`,
 * `SYSTEM_UNAVAILABLE`, `WSS_CERT_REVOKED`...; docs/gateway.md and docs/signatures.md list them), `faultcode` is
 * `soap:Client` (change the message) or `soap:Server` (the gateway or the system behind it failed).
 */
export class ShepFaultError extends SandboxError {
  override readonly name = 'ShepFaultError';
  readonly errorCode: string;
  readonly faultcode: string;
  readonly faultstring: string;
  readonly errorMessage: string;
  readonly errorData: string | undefined;
  readonly errorDate: string | undefined;
  /** The HTTP status of the fault (500 for most, 413 / 415 / 400 for transport-level faults). */
  readonly httpStatus: number;
  /** The fault envelope as received. */
  readonly xml: string;

  constructor(detail: ShepFaultDetail, httpStatus: number, xml: string, request: RequestInfo) {
    super(detail.errorCode, `SHEP fault ${detail.errorCode} (${detail.faultcode}): ${detail.errorMessage || detail.faultstring}`, request);
    this.errorCode = detail.errorCode;
    this.faultcode = detail.faultcode;
    this.faultstring = detail.faultstring;
    this.errorMessage = detail.errorMessage;
    this.errorData = detail.errorData;
    this.errorDate = detail.errorDate;
    this.httpStatus = httpStatus;
    this.xml = xml;
  }
}

/** No complete answer within the client's `timeoutMs` (per attempt); code `SANDBOX_TIMEOUT`. */
export class SandboxTimeoutError extends SandboxError {
  override readonly name = 'SandboxTimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, request: RequestInfo) {
    super('SANDBOX_TIMEOUT', `${request.method} ${request.path}: no answer within ${timeoutMs} ms (after ${request.attempts} attempt${request.attempts === 1 ? '' : 's'})`, request);
    this.timeoutMs = timeoutMs;
  }
}

/** The connection failed (refused, reset, host not found); code `SANDBOX_NETWORK`, the underlying error as `cause`. */
export class SandboxNetworkError extends SandboxError {
  override readonly name = 'SandboxNetworkError';

  constructor(cause: unknown, request: RequestInfo) {
    const reason = cause instanceof Error ? `${(cause as { code?: string }).code ?? cause.name}: ${cause.message}` : String(cause);
    super('SANDBOX_NETWORK', `${request.method} ${request.path}: ${reason}`, request, { cause });
  }
}

/** How many characters of an unreadable answer {@link SandboxProtocolError} keeps. */
export const BAD_RESPONSE_EXCERPT_CHARS = 200;

/**
 * A success answer (status < 400) the SDK cannot read: JSON was expected and something else came, typically an
 * HTML page because `baseUrl` points at another server. Code `SANDBOX_BAD_RESPONSE`; the parse error is the `cause`.
 */
export class SandboxProtocolError extends SandboxError {
  override readonly name = 'SandboxProtocolError';
  /** The HTTP status of the answer. */
  readonly status: number;
  /** Its `content-type` header, if any. */
  readonly contentType: string | undefined;
  /** The first {@link BAD_RESPONSE_EXCERPT_CHARS} characters of its body (UTF-8). */
  readonly bodyStart: string;

  constructor(answer: { status: number; contentType?: string | undefined; body: Buffer; cause?: unknown }, request: RequestInfo) {
    const bodyStart = answer.body.toString('utf8').slice(0, BAD_RESPONSE_EXCERPT_CHARS);
    const type = answer.contentType ?? 'no content-type';
    super('SANDBOX_BAD_RESPONSE', `${request.method} ${request.path} answered ${answer.status} (${type}) that is not JSON: ${JSON.stringify(bodyStart.slice(0, 80))}; is baseUrl the sandbox?`, request, { cause: answer.cause });
    this.status = answer.status;
    this.contentType = answer.contentType;
    this.bodyStart = bodyStart;
  }
}
