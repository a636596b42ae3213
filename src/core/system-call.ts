/**
 * One call into an emulated system, under the tenant's injected faults. The REST routes and the gateway
 * both go through here, so a fault looks the same whichever way a system is reached.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SystemId } from './systems.js';
import type { Tenant } from './tenant-store.js';

/** A system refused the call because of an injected fault. */
export class SystemFaultError extends Error {
  override readonly name = 'SystemFaultError';
  constructor(
    readonly system: SystemId,
    readonly kind: 'down' | 'error' | 'timeout',
  ) {
    super(
      kind === 'timeout'
        ? `${system} did not answer in time (injected timeout)`
        : `${system} is unavailable (injected ${kind === 'down' ? 'outage' : 'error'})`,
    );
  }
}

/**
 * Applies the tenant's faults for `system` (latency first, then down / timeout / error draw) and runs `work`.
 * Latency is real time: it is meant to exercise the caller's own timeouts.
 */
export async function callSystem<T>(tenant: Tenant, system: SystemId, work: () => T | Promise<T>): Promise<T> {
  const verdict = tenant.faults.verdict(system);
  // A wait abandoned by its caller (the gateway timed out) must not keep a closed sandbox's process alive.
  if (verdict.latencyMs > 0) await sleep(verdict.latencyMs, undefined, { signal: tenant.closing });
  if (verdict.kind !== 'ok') throw new SystemFaultError(system, verdict.kind);
  return work();
}
