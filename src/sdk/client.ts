/**
 * `createClient(options)`: the typed client of the sandbox, one area per system or channel, over one pooled
 * undici `Agent` (or the global `fetch`), with a timeout per attempt and retries for idempotent calls.
 * @see ../../docs/sdk.md
 */
import type { Dispatcher } from 'undici';
import { adminApi, type AdminApi } from './admin.js';
import { providerApi, stateCorporationApi, type ProviderApi, type StateCorporationApi } from './channels.js';
import { SdkContext } from './context.js';
import { pkiApi, type PkiApi } from './pki.js';
import { portalApi, type PortalApi } from './portal.js';
import { shepApi, type ShepApi } from './shep.js';
import { aisSuApi, elicenseApi, gbdflApi, legalStatsApi, notaryApi, paymentsApi, type AisSuApi, type ElicenseApi, type GbdflApi, type LegalStatsApi, type NotaryApi, type PaymentsApi } from './systems.js';
import { Transport, type RetryEvent, type RetryOptions } from './transport.js';
import type { Regulation } from './types.js';

/** The SHEP sender the sandbox knows by default (`buildServer({ shep: { senderId, password } })` changes it). */
export const DEFAULT_SHEP_SENDER = Object.freeze({ senderId: 'sandbox', password: 'sandbox' });

/** Options of {@link createClient}. Every one is optional. */
export interface ClientOptions {
  /** The sandbox's address. Default `http://127.0.0.1:8080` (what `npm start` serves). A path prefix is kept. */
  baseUrl?: string;
  /** Sent as `X-Sandbox-Tenant` on every call: state, journal, clock and faults apart from other runs. Default none (the sandbox's `default` tenant). */
  tenant?: string;
  /** Per attempt, from sending the request to the end of the answer; then {@link SandboxTimeoutError}. Default 30000 ms. */
  timeoutMs?: number;
  /**
   * Retries of idempotent calls (GET, HEAD, PUT, DELETE, and a POST with an idempotency key) on 502 / 503 / 504,
   * timeouts and network errors, with exponential backoff. A number is the attempts in all; `false` turns them off.
   * Default `{ attempts: 3, baseDelayMs: 100, maxDelayMs: 2000, statuses: [502, 503, 504] }`.
   */
  retries?: RetryOptions | number | false;
  /** Called before each retry, e.g. to log or count attempts. Default none. */
  onRetry?: (event: RetryEvent) => void;
  /** An undici dispatcher to send through (an `Agent`, `Pool`, `MockAgent`, a `ProxyAgent`...); the caller closes it. Default: the client's own `Agent`. */
  dispatcher?: Dispatcher;
  /** Connections per origin of the client's own `Agent` (when no `dispatcher` is given). Default 10. */
  connections?: number;
  /**
   * `undici` (default): the dispatcher above. `fetch`: the global `fetch` (looked up on each call, or the `fetch`
   * option), so that interceptors that patch it (msw's `setupServer`) see the calls; `dispatcher` is then unused.
   */
  transport?: 'undici' | 'fetch';
  /** The fetch function of the `fetch` transport. Default `globalThis.fetch`, read at each call. */
  fetch?: typeof globalThis.fetch;
  /** Headers sent on every call. Default none. */
  headers?: Record<string, string>;
  /** The SHEP sender of `shep.sendMessage`. Default `{ senderId: 'sandbox', password: 'sandbox' }`. */
  shep?: { senderId?: string; password?: string };
}

/** A client of the sandbox: one area per system or channel. Made by {@link createClient}. */
export interface SandboxClient {
  /** The options in effect (defaults applied where the client reads them). */
  readonly options: Readonly<ClientOptions> & { baseUrl: string; timeoutMs: number; retries: Readonly<Required<RetryOptions>> };
  /** The e-gov portal and the personal cabinet: login, services, submit, follow to the outcome. */
  readonly portal: PortalApi;
  /** The service provider's channel and decisions API. */
  readonly provider: ProviderApi;
  /** The State Corporation's channel and operator workstation. */
  readonly stateCorporation: StateCorporationApi;
  /** The SHEP gateway: SOAP SendMessage, plain or WS-Security signed. */
  readonly shep: ShepApi;
  readonly gbdfl: GbdflApi;
  readonly aisSu: AisSuApi;
  readonly legalStats: LegalStatsApi;
  readonly notary: NotaryApi;
  readonly payments: PaymentsApi;
  readonly elicense: ElicenseApi;
  /** The test PKI: persona keys and certificates, CRLs, `/eds/*` verification and signing. */
  readonly pki: PkiApi;
  /** Test control under `/__admin`: reset, journal, clock, faults, personas, sign. */
  readonly admin: AdminApi;
  /**
   * A client with some options changed (typically `tenant`), sharing this one's connection pool and regulation
   * cache but not its sessions. Closing it does nothing; close the client it came from.
   */
  with(overrides: Omit<ClientOptions, 'dispatcher' | 'connections'>): SandboxClient;
  /** A client of another tenant: `with({ tenant })`. */
  withTenant(tenant: string): SandboxClient;
  /** `GET /health`: `{ status: 'ok' }`. */
  health(): Promise<{ status: string }>;
  /** Closes the connection pool the client created (not an injected dispatcher). */
  close(): Promise<void>;
}

function build(transport: Transport, options: ClientOptions, regulations: Map<string, Promise<Regulation>>, root: boolean): SandboxClient {
  const sender = { senderId: options.shep?.senderId ?? DEFAULT_SHEP_SENDER.senderId, password: options.shep?.password ?? DEFAULT_SHEP_SENDER.password };
  const ctx = new SdkContext(transport, sender, regulations);
  const client: SandboxClient = {
    options: Object.freeze({ ...options, baseUrl: transport.baseUrl.toString().replace(/\/$/, ''), timeoutMs: transport.timeoutMs, retries: transport.retries }),
    portal: portalApi(ctx),
    provider: providerApi(ctx),
    stateCorporation: stateCorporationApi(ctx),
    shep: shepApi(ctx),
    gbdfl: gbdflApi(ctx),
    aisSu: aisSuApi(ctx),
    legalStats: legalStatsApi(ctx),
    notary: notaryApi(ctx),
    payments: paymentsApi(ctx),
    elicense: elicenseApi(ctx),
    pki: pkiApi(ctx),
    admin: adminApi(ctx),
    with(overrides) {
      const merged: ClientOptions = { ...options, ...overrides, shep: { ...options.shep, ...overrides.shep } };
      return build(transport.derive(overrides), merged, regulations, false);
    },
    withTenant: (tenant) => client.with({ tenant }),
    health: () => transport.json({ method: 'GET', path: '/health' }),
    close: async () => {
      if (root) await transport.close();
    },
  };
  return client;
}

/**
 * Creates a client of the sandbox.
 * @example
 * const client = createClient({ baseUrl: 'http://127.0.0.1:8080', tenant: 'my-run' });
 * await client.portal.login('900115300013');
 * const app = await client.portal.submit({ service: 'legal-stats-admin-offence-info' });
 * const done = await client.portal.followToOutcome(app.id);
 * @param options every option has a default: see {@link ClientOptions}
 * @see ../../docs/sdk.md
 */
export function createClient(options: ClientOptions = {}): SandboxClient {
  const transport = new Transport(options);
  return build(transport, options, new Map(), true);
}
