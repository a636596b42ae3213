/**
 * `kz-egov-sandbox/msw`: msw 2 request handlers that serve the whole sandbox in-process, for unit tests of code
 * built on the SDK (or on any HTTP client msw intercepts) with no server listening. The one curated entry.
 *
 * The sandbox app is built once, on the first intercepted request (`buildServer` with the logger off), and every
 * request under the base URL is forwarded to it with `app.inject()`: the same routes, personas, regulations, PKI,
 * tenants and faults as a started sandbox.
 *
 * ```ts
 * import { setupServer } from 'msw/node';
 * import { createSandboxHandlers } from 'kz-egov-sandbox/msw';
 * import { createClient } from 'kz-egov-sandbox/sdk';
 * const sandbox = createSandboxHandlers();
 * const server = setupServer(...sandbox);
 * server.listen();
 * const client = createClient({ transport: 'fetch' }); // msw intercepts fetch, not undici's own Agent
 * // ... after the tests:
 * server.close(); await sandbox.close();
 * ```
 * @see ../../docs/sdk.md#msw-the-sandbox-in-process
 */
import type { FastifyInstance } from 'fastify';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { buildServer, type SandboxOptions } from '../server.js';

/** The address the handlers answer for when none is given: the sandbox's default (and the SDK's). */
export const DEFAULT_MSW_BASE_URL = 'http://127.0.0.1:8080';

/** Options of {@link createSandboxHandlers}. */
export interface SandboxHandlersOptions {
  /** The origin (and optional path prefix) the handlers answer for. Default `http://127.0.0.1:8080`. */
  baseUrl?: string;
  /**
   * Options of the sandbox built in-process (`buildServer`). Default `{ logger: false }`, with `publicUrl` set to
   * `baseUrl` so that run-time certificates and the WSDL name the intercepted address.
   */
  server?: SandboxOptions;
  /** An app you built yourself (not closed by `close()`); `server` is then unused. Default: built on first use. */
  app?: FastifyInstance | Promise<FastifyInstance>;
  /**
   * Only these route prefixes are served (e.g. `['/gbdfl', '/shep', '/__admin']`), each the path itself and every
   * path under it (`'/health'` serves `/health` and `/health/...`, not `/healthz`), two handlers each; other
   * requests under the base URL fall through to your other handlers or msw's `onUnhandledRequest`. Default: everything.
   */
  prefixes?: string[];
}

/** The handlers (spread them into `setupServer`), the app behind them and a `close()` to dispose of it. */
export type SandboxHandlers = HttpHandler[] & {
  /** The in-process sandbox (built on first call), e.g. to reach `app.sandbox` from a test. */
  app(): Promise<FastifyInstance>;
  /** Closes the app the handlers built (not an `app` you passed). Safe to call twice. */
  close(): Promise<void>;
};

/** Response headers that belong to the hop, not the answer. */
const HOP_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/**
 * msw 2 handlers (`http.all`) that answer every request under `baseUrl` from a sandbox built in-process.
 * @param options every option has a default: see {@link SandboxHandlersOptions}
 */
export function createSandboxHandlers(options: SandboxHandlersOptions = {}): SandboxHandlers {
  const base = new URL(options.baseUrl ?? DEFAULT_MSW_BASE_URL);
  const basePath = base.pathname.replace(/\/$/, '');
  const origin = `${base.origin}${basePath}`;
  let pending: Promise<FastifyInstance> | undefined = options.app ? Promise.resolve(options.app) : undefined;
  const owned = !options.app;
  let closed = false;

  const app = (): Promise<FastifyInstance> => {
    if (closed) return Promise.reject(new Error('the sandbox handlers are closed'));
    if (!pending) {
      const building = buildServer({ publicUrl: base.origin, ...options.server, logger: options.server?.logger ?? false }).then(async (built) => {
        await built.ready();
        return built;
      });
      // A sandbox that failed to start is tried again on the next request rather than failing every one after.
      building.catch(() => {
        if (pending === building) pending = undefined;
      });
      pending = building;
    }
    return pending;
  };

  const forward = async ({ request }: { request: Request }): Promise<Response> => {
    let sandbox: FastifyInstance;
    try {
      sandbox = await app();
    } catch (error) {
      // The one problem shape, as the sandbox answers every error: never a stack trace.
      return HttpResponse.json(
        { type: 'urn:kz-egov-sandbox:problem:SANDBOX_START_FAILED', title: 'The in-process sandbox could not start', status: 500, detail: String((error as Error).message ?? error).split('\n')[0], code: 'SANDBOX_START_FAILED' },
        { status: 500, headers: { 'content-type': 'application/problem+json; charset=utf-8' } },
      );
    }
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, key) => {
      headers[key] = value;
    });
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const payload = hasBody ? Buffer.from(await request.arrayBuffer()) : undefined;
    const res = await sandbox.inject({
      method: request.method as 'GET',
      url: `${url.pathname.slice(basePath.length) || '/'}${url.search}`,
      headers,
      ...(payload && payload.length ? { payload } : {}),
    });
    const out = new Headers();
    for (const [key, value] of Object.entries(res.headers)) {
      if (value === undefined || HOP_HEADERS.has(key)) continue;
      for (const v of Array.isArray(value) ? value : [value]) out.append(key, String(v));
    }
    const status = res.statusCode;
    const body = status === 204 || status === 304 || request.method === 'HEAD' ? null : new Uint8Array(res.rawPayload);
    return new HttpResponse(body, { status, headers: out });
  };

  // A prefix answers its own path (`/health`) and everything under it (`/health/...`): msw's `/health/*` alone
  // does not match `/health`. Not `/healthz`: a prefix is a whole path segment.
  const routes = options.prefixes?.length
    ? options.prefixes.flatMap((p) => {
        const prefix = p.replace(/\/+$/, '');
        return prefix ? [http.all(`${origin}${prefix}`, forward), http.all(`${origin}${prefix}/*`, forward)] : [http.all(`${origin}/*`, forward)];
      })
    : [http.all(`${origin}/*`, forward)];
  const handlers = routes as SandboxHandlers;
  handlers.app = app;
  handlers.close = async () => {
    if (closed) return;
    closed = true;
    if (owned && pending) await (await pending).close();
  };
  return handlers;
}
