/**
 * The tenant-scoped store. Every request may name a tenant with `X-Sandbox-Tenant`; state, journal,
 * clock and faults live per tenant, so parallel test runs never see each other.
 *
 * Systems keep their own state in a named slice, created on first use: `tenant.slice('payments', () => ...)`.
 */
import { VirtualClock } from './clock.js';
import { FaultBoard } from './faults.js';
import { Journal } from './journal.js';

export const TENANT_HEADER = 'x-sandbox-tenant';
export const DEFAULT_TENANT = 'default';
export const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export class Tenant {
  readonly clock: VirtualClock;
  readonly faults = new FaultBoard();
  readonly journal = new Journal();
  private readonly slices = new Map<string, unknown>();

  constructor(
    readonly name: string,
    realNow: () => number,
    /** Aborted when the sandbox closes: waits still pending then (injected latency) stop at once. */
    readonly closing: AbortSignal = new AbortController().signal,
  ) {
    this.clock = new VirtualClock(realNow);
  }

  /** This tenant's state for one system, created by `create` on first use. */
  slice<T>(key: string, create: () => T): T {
    let value = this.slices.get(key) as T | undefined;
    if (value === undefined) {
      value = create();
      this.slices.set(key, value);
    }
    return value;
  }
}

export class TenantStore {
  private readonly tenants = new Map<string, Tenant>();
  private readonly closing = new AbortController();

  constructor(private readonly realNow: () => number = Date.now) {}

  /** Stops every tenant's pending waits; called when the sandbox closes. */
  close(): void {
    this.closing.abort();
  }

  get(name: string = DEFAULT_TENANT): Tenant {
    let tenant = this.tenants.get(name);
    if (!tenant) {
      tenant = new Tenant(name, this.realNow, this.closing.signal);
      this.tenants.set(name, tenant);
    }
    return tenant;
  }

  /** Forgets a tenant's state: the next request starts afresh. */
  reset(name: string): void {
    this.tenants.delete(name);
  }

  resetAll(): void {
    this.tenants.clear();
  }

  names(): string[] {
    return [...this.tenants.keys()];
  }
}
