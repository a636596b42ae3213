/**
 * The SDK's HTTP layer: one undici `Agent` (a pool of keep-alive connections per origin) or the global `fetch`,
 * a timeout per attempt, and retries with exponential backoff for idempotent calls only.
 * @see ../../docs/sdk.md#retries
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { SandboxNetworkError, SandboxProblemError, SandboxProtocolError, SandboxTimeoutError, type ProblemDetails, type RequestInfo } from './errors.js';

/** The sandbox's address when none is given: what `npm start` serves. */
export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';
/** Per attempt, from sending the request to the end of the answer's body. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Connections per origin in the SDK's own undici `Agent`. */
export const DEFAULT_CONNECTIONS = 10;
/**
 * Retries: 3 attempts in all, on 502 / 503 / 504, timeouts and network errors; the waits are 50-100 ms then
 * 100-200 ms (a base of 100 ms doubling, at most 2 s, half fixed and half at random: see {@link backoffDelay}).
 * Frozen, `statuses` included; each client holds its own frozen copy.
 */
export const DEFAULT_RETRIES: Readonly<Required<RetryOptions>> = Object.freeze({ attempts: 3, baseDelayMs: 100, maxDelayMs: 2_000, statuses: Object.freeze([502, 503, 504]) });
/** The longest delay Node's timers keep (2^31-1 ms, about 24.8 days): a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * How idempotent calls are retried. A call is idempotent when its method is GET, HEAD, PUT, DELETE or OPTIONS, or
 * it is a POST that carries an `Idempotency-Key` (payments); other POSTs are sent once, whatever happens.
 */
export interface RetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. Default 3. */
  attempts?: number;
  /** The delay before the first retry; each next one doubles it. Default 100 ms. */
  baseDelayMs?: number;
  /** The longest delay between two attempts. Default 2000 ms. */
  maxDelayMs?: number;
  /** HTTP statuses that are retried (besides timeouts and network errors). Default `[502, 503, 504]`. */
  statuses?: readonly number[];
}

/** What {@link TransportOptions.onRetry} is told before each retry. */
export interface RetryEvent {
  method: string;
  path: string;
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  /** The status of a retried answer, or the error of a timeout / network failure. */
  status?: number;
  error?: Error;
  /** How long the SDK waits before the next attempt. */
  delayMs: number;
}

/** The transport options of {@link ClientOptions} (see there for each default). */
export interface TransportOptions {
  baseUrl?: string;
  tenant?: string;
  timeoutMs?: number;
  retries?: RetryOptions | number | false;
  dispatcher?: Dispatcher;
  connections?: number;
  transport?: 'undici' | 'fetch';
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
  onRetry?: (event: RetryEvent) => void;
}

/** One request as the areas describe it. */
export interface RequestSpec {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  path: string;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  /** Sent as `application/json`. */
  json?: unknown;
  /** Sent as is with `contentType`. */
  body?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string | undefined>;
  /** Makes a POST retryable (sent as the `Idempotency-Key` header). */
  idempotencyKey?: string;
}

/** An answer, whatever its status. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** How many attempts it took. */
  attempts: number;
}

const SDK_USER_AGENT = 'kz-egov-sandbox-sdk/0.1';
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? `[${value.map(describe).join(', ')}]` : String(value);
}

function checkAttempts(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new TypeError(`${name} must be an integer >= 1, got ${describe(value)}`);
  return value;
}

function checkDelay(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > MAX_TIMER_MS) throw new TypeError(`${name} must be a number of ms from 0 to ${MAX_TIMER_MS}, got ${describe(value)}`);
  return value;
}

/** The retry options in effect, checked, as a frozen object of the client's own (its `statuses` a frozen copy). */
function normaliseRetries(retries: unknown): Readonly<Required<RetryOptions>> {
  let merged: Record<string, unknown>;
  if (retries === undefined) merged = { ...DEFAULT_RETRIES };
  else if (retries === false) merged = { ...DEFAULT_RETRIES, attempts: 1 };
  else if (typeof retries === 'number') merged = { ...DEFAULT_RETRIES, attempts: checkAttempts('retries', retries) };
  else if (isPlainObject(retries)) {
    const known = new Set(['attempts', 'baseDelayMs', 'maxDelayMs', 'statuses']);
    for (const key of Object.keys(retries)) if (!known.has(key)) throw new TypeError(`retries.${key} is not an option (attempts, baseDelayMs, maxDelayMs, statuses)`);
    merged = { ...DEFAULT_RETRIES };
    for (const [key, value] of Object.entries(retries)) if (value !== undefined) merged[key] = value;
  } else throw new TypeError(`retries must be a number of attempts, false or { attempts, baseDelayMs, maxDelayMs, statuses }, got ${describe(retries)}`);
  const attempts = checkAttempts('retries.attempts', merged.attempts);
  const baseDelayMs = checkDelay('retries.baseDelayMs', merged.baseDelayMs);
  const maxDelayMs = checkDelay('retries.maxDelayMs', merged.maxDelayMs);
  const statuses = merged.statuses;
  if (!Array.isArray(statuses) || !statuses.every((s) => typeof s === 'number' && Number.isInteger(s) && s >= 100 && s <= 599)) {
    throw new TypeError(`retries.statuses must be an array of HTTP statuses (integers 100-599), got ${describe(statuses)}`);
  }
  return Object.freeze({ attempts, baseDelayMs, maxDelayMs, statuses: Object.freeze([...(statuses as number[])]) });
}

/** Checks the options that have no other check at construction; each failure names its option. */
function checkOptions(options: TransportOptions): void {
  if (!isPlainObject(options)) throw new TypeError(`options must be an object, got ${describe(options)}`);
  if (options.baseUrl !== undefined && typeof options.baseUrl !== 'string') throw new TypeError(`baseUrl must be a string, got ${describe(options.baseUrl)}`);
  if (options.tenant !== undefined && (typeof options.tenant !== 'string' || options.tenant === '')) throw new TypeError(`tenant must be a non-empty string, got ${describe(options.tenant)}`);
  if (options.timeoutMs !== undefined && (typeof options.timeoutMs !== 'number' || !Number.isFinite(options.timeoutMs) || options.timeoutMs <= 0 || options.timeoutMs > MAX_TIMER_MS)) {
    throw new TypeError(`timeoutMs must be a number of ms above 0 and at most ${MAX_TIMER_MS}, got ${describe(options.timeoutMs)}`);
  }
  if (options.connections !== undefined && (typeof options.connections !== 'number' || !Number.isInteger(options.connections) || options.connections < 1)) {
    throw new TypeError(`connections must be an integer >= 1, got ${describe(options.connections)}`);
  }
  if (options.transport !== undefined && options.transport !== 'undici' && options.transport !== 'fetch') throw new TypeError(`transport must be 'undici' or 'fetch', got ${describe(options.transport)}`);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') throw new TypeError(`fetch must be a function, got ${describe(options.fetch)}`);
  if (options.onRetry !== undefined && typeof options.onRetry !== 'function') throw new TypeError(`onRetry must be a function, got ${describe(options.onRetry)}`);
  if (options.dispatcher !== undefined && (typeof options.dispatcher !== 'object' || options.dispatcher === null || typeof (options.dispatcher as { request?: unknown }).request !== 'function')) {
    throw new TypeError(`dispatcher must be an undici Dispatcher, got ${describe(options.dispatcher)}`);
  }
  if (options.headers !== undefined) {
    if (!isPlainObject(options.headers)) throw new TypeError(`headers must be an object of strings, got ${describe(options.headers)}`);
    for (const [key, value] of Object.entries(options.headers)) if (typeof value !== 'string') throw new TypeError(`headers.${key} must be a string, got ${describe(value)}`);
  }
}

/** Exponential backoff with "equal jitter": half the doubled delay, plus up to the other half at random. */
export function backoffDelay(retry: number, retries: Pick<Required<RetryOptions>, 'baseDelayMs' | 'maxDelayMs'>): number {
  const full = Math.min(retries.maxDelayMs, retries.baseDelayMs * 2 ** (retry - 1));
  return Math.round(full / 2 + Math.random() * (full / 2));
}

function queryString(query: RequestSpec['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

class AttemptTimeout extends Error {}

/** The SDK's HTTP client: shared by every area of one client and by the clients derived from it with `with()`. */
export class Transport {
  readonly baseUrl: URL;
  readonly tenant: string | undefined;
  readonly timeoutMs: number;
  readonly retries: Readonly<Required<RetryOptions>>;
  private readonly options: TransportOptions;
  private readonly shared: { dispatcher: Dispatcher | undefined; owned: boolean; closed: boolean };

  constructor(options: TransportOptions = {}, shared?: Transport['shared']) {
    checkOptions(options);
    this.options = options;
    let baseUrl: URL;
    try {
      baseUrl = new URL(options.baseUrl ?? DEFAULT_BASE_URL);
    } catch {
      throw new TypeError(`baseUrl must be an absolute http(s) URL, got ${describe(options.baseUrl)}`);
    }
    this.baseUrl = baseUrl;
    if (this.baseUrl.protocol !== 'http:' && this.baseUrl.protocol !== 'https:') throw new TypeError(`baseUrl must be http(s), got ${options.baseUrl}`);
    this.tenant = options.tenant;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = normaliseRetries(options.retries);
    this.shared = shared ?? { dispatcher: options.dispatcher, owned: false, closed: false };
  }

  /** A transport with some options changed, sharing this one's connection pool. */
  derive(overrides: TransportOptions): Transport {
    const { dispatcher: _ignored, ...rest } = overrides;
    return new Transport({ ...this.options, ...rest, headers: { ...this.options.headers, ...overrides.headers } }, this.shared);
  }

  /** The undici dispatcher in use (created on first use unless one was injected). */
  get dispatcher(): Dispatcher {
    if (!this.shared.dispatcher) {
      this.shared.dispatcher = new Agent({ connections: this.options.connections ?? DEFAULT_CONNECTIONS, keepAliveTimeout: 10_000 });
      this.shared.owned = true;
    }
    return this.shared.dispatcher;
  }

  /** Closes the connection pool if the SDK created it (an injected dispatcher is the caller's to close). */
  async close(): Promise<void> {
    if (this.shared.closed) return;
    this.shared.closed = true;
    if (this.shared.owned && this.shared.dispatcher) await this.shared.dispatcher.close();
  }

  private headersFor(spec: RequestSpec): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': SDK_USER_AGENT, ...this.options.headers };
    if (this.tenant) headers['x-sandbox-tenant'] = this.tenant;
    if (spec.json !== undefined) headers['content-type'] = 'application/json';
    else if (spec.body !== undefined) headers['content-type'] = spec.contentType ?? 'application/octet-stream';
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
    for (const [k, v] of Object.entries(spec.headers ?? {})) if (v !== undefined) headers[k.toLowerCase()] = v;
    return headers;
  }

  /** Sends a request (with retries when it is idempotent) and answers the response, whatever its status. */
  async send(spec: RequestSpec): Promise<RawResponse> {
    const path = `${this.baseUrl.pathname.replace(/\/$/, '')}${spec.path}${queryString(spec.query)}`;
    const headers = this.headersFor(spec);
    const body = spec.json !== undefined ? JSON.stringify(spec.json) : spec.body;
    const idempotent = IDEMPOTENT_METHODS.has(spec.method) || headers['idempotency-key'] !== undefined;
    const attempts = idempotent ? this.retries.attempts : 1;
    if (this.shared.closed) throw new SandboxNetworkError(new Error('the client is closed'), { method: spec.method, path: spec.path + queryString(spec.query), attempts: 0 });
    for (let attempt = 1; ; attempt++) {
      const info: RequestInfo = { method: spec.method, path: spec.path + queryString(spec.query), attempts: attempt };
      let failure: { status?: number; error?: Error };
      try {
        const res = await this.attempt(spec.method, path, headers, body);
        if (attempt >= attempts || !this.retries.statuses.includes(res.status)) return { ...res, attempts: attempt };
        failure = { status: res.status };
      } catch (error) {
        const sdkError = error instanceof AttemptTimeout ? new SandboxTimeoutError(this.timeoutMs, info) : new SandboxNetworkError(error, info);
        if (attempt >= attempts) throw sdkError;
        failure = { error: sdkError };
      }
      const delayMs = backoffDelay(attempt, this.retries);
      this.options.onRetry?.({ method: spec.method, path: info.path, attempt, ...failure, delayMs });
      await sleep(delayMs);
    }
  }

  private async attempt(method: string, path: string, headers: Record<string, string>, body: string | Buffer | undefined): Promise<Omit<RawResponse, 'attempts'>> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new AttemptTimeout());
    }, this.timeoutMs);
    try {
      if (this.options.transport === 'fetch') {
        const fetchImpl = this.options.fetch ?? globalThis.fetch;
        const res = await fetchImpl(new URL(path, this.baseUrl.origin), { method, headers, ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }), signal: controller.signal });
        const out: Record<string, string> = {};
        res.headers.forEach((value, key) => {
          out[key] = value;
        });
        return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
      }
      const res = await this.dispatcher.request({ origin: this.baseUrl.origin, path, method: method as Dispatcher.HttpMethod, headers, body: body ?? null, signal: controller.signal });
      const out: Record<string, string> = {};
      for (const [key, value] of Object.entries(res.headers)) if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
      return { status: res.statusCode, headers: out, body: Buffer.from(await res.body.arrayBuffer()) };
    } catch (error) {
      if (timedOut) throw new AttemptTimeout();
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Sends and reads a JSON answer; a status >= 400 throws {@link SandboxProblemError}, an answer below 400 that is
   * not JSON (a wrong `baseUrl` serving an HTML page) {@link SandboxProtocolError} `SANDBOX_BAD_RESPONSE`.
   */
  async json<T>(spec: RequestSpec): Promise<T> {
    const res = await this.send({ ...spec, headers: { accept: 'application/json, application/problem+json', ...spec.headers } });
    if (res.status >= 400) throw problemError(res, spec);
    if (!res.body.length) return undefined as T;
    try {
      return JSON.parse(res.body.toString('utf8')) as T;
    } catch (error) {
      throw new SandboxProtocolError({ status: res.status, contentType: res.headers['content-type'], body: res.body, cause: error }, { method: spec.method, path: spec.path + queryString(spec.query), attempts: res.attempts });
    }
  }

  /** Sends and reads the answer's bytes; a status >= 400 throws {@link SandboxProblemError}. */
  async bytes(spec: RequestSpec): Promise<Buffer> {
    const res = await this.send(spec);
    if (res.status >= 400) throw problemError(res, spec);
    return res.body;
  }
}

/** The problem a >= 400 answer carries, as an error; a body that is not a problem gets code `HTTP_<status>`. */
export function problemError(res: RawResponse, spec: Pick<RequestSpec, 'method' | 'path' | 'query'>): SandboxProblemError {
  const info: RequestInfo = { method: spec.method, path: spec.path + queryString(spec.query), attempts: res.attempts };
  let problem: ProblemDetails | undefined;
  try {
    const parsed = JSON.parse(res.body.toString('utf8')) as Partial<ProblemDetails>;
    if (parsed && typeof parsed === 'object' && typeof parsed.code === 'string') problem = { type: '', title: '', detail: '', ...parsed, status: parsed.status ?? res.status } as ProblemDetails;
  } catch {
    // not JSON: reported below with the status as the code
  }
  problem ??= { type: 'about:blank', title: `HTTP ${res.status}`, status: res.status, detail: res.body.toString('utf8').slice(0, 300), code: `HTTP_${res.status}` };
  return new SandboxProblemError(problem, info);
}
