/**
 * Injected faults, per tenant and per system: a system can be `down`, slow (`latencyMs`), time out
 * (`timeout`), or fail a share of calls (`errorRate`) drawn from a seeded generator so that runs repeat.
 */
import type { SystemId } from './systems.js';

export interface FaultSpec {
  down: boolean;
  /** Added to every call, real milliseconds. */
  latencyMs: number;
  /** Every call times out (the gateway answers its timeout fault at once). */
  timeout: boolean;
  /** Share of calls (0..1) that fail as "unavailable". */
  errorRate: number;
  /** Seed of the generator that draws the failing calls. */
  seed: number;
}

export const NO_FAULT: Readonly<FaultSpec> = Object.freeze({ down: false, latencyMs: 0, timeout: false, errorRate: 0, seed: 1 });

/** What a call to a system should do under the current faults. */
export type FaultVerdict = { kind: 'ok'; latencyMs: number } | { kind: 'down' | 'error' | 'timeout'; latencyMs: number };

/** mulberry32: a tiny, well-known 32-bit PRNG; enough to make error-rate draws repeatable. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultBoard {
  private readonly specs = new Map<SystemId, { spec: FaultSpec; draw: () => number }>();

  set(system: SystemId, patch: Partial<FaultSpec>): FaultSpec {
    const spec = { ...this.get(system), ...patch };
    if (isNoFault(spec)) this.specs.delete(system);
    else this.specs.set(system, { spec, draw: mulberry32(spec.seed) });
    return spec;
  }

  get(system: SystemId): FaultSpec {
    return this.specs.get(system)?.spec ?? { ...NO_FAULT };
  }

  clear(system?: SystemId): void {
    if (system) this.specs.delete(system);
    else this.specs.clear();
  }

  /** The systems with an active fault. */
  active(): Partial<Record<SystemId, FaultSpec>> {
    return Object.fromEntries([...this.specs].map(([id, { spec }]) => [id, spec]));
  }

  /** Decides the fate of one call to `system` (consumes one draw when an error rate is set). */
  verdict(system: SystemId): FaultVerdict {
    const entry = this.specs.get(system);
    if (!entry) return { kind: 'ok', latencyMs: 0 };
    const { spec, draw } = entry;
    if (spec.down) return { kind: 'down', latencyMs: spec.latencyMs };
    if (spec.timeout) return { kind: 'timeout', latencyMs: spec.latencyMs };
    if (spec.errorRate > 0 && draw() < spec.errorRate) return { kind: 'error', latencyMs: spec.latencyMs };
    return { kind: 'ok', latencyMs: spec.latencyMs };
  }
}

function isNoFault(spec: FaultSpec): boolean {
  return !spec.down && !spec.timeout && spec.latencyMs === 0 && spec.errorRate === 0;
}
