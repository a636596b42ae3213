/**
 * Test control under `/__admin`, per tenant: reset, the gateway journal, the virtual clock, injected faults,
 * personas, and signing with a persona's key.
 * @see ../../README.md#tenants-and-test-control
 */
import type { SdkContext } from './context.js';
import type { ClockState, FaultSpec, JournalEntry, JsonObject } from './types.js';

/** Filters of `admin.journal`. */
export interface JournalFilter {
  serviceId?: string;
  senderId?: string;
  messageId?: string;
  /** `SCSS001` or a fault code. */
  status?: string;
  channel?: string;
  ok?: boolean;
  afterSeq?: number;
  /** The last N matching entries. */
  limit?: number;
}

/** The admin area of a client (`client.admin`). */
export interface AdminApi {
  /** Forgets the tenant's state (`POST /__admin/reset`); `{ all: true }` resets every tenant. */
  reset(options?: { all?: boolean }): Promise<{ reset: string[] }>;
  /** The tenant's gateway messages, oldest first (`GET /__admin/journal`). */
  journal(filter?: JournalFilter): Promise<JournalEntry[]>;
  /** The tenant's virtual clock. */
  clock(): Promise<ClockState>;
  /** Sets (`set`, ISO instant), advances (`advance`, ISO duration like `P15D`; `advanceMs`), freezes or resumes the clock. */
  setClock(change: { set?: string; advance?: string; advanceMs?: number; freeze?: boolean }): Promise<ClockState>;
  /** Advances the clock by an ISO 8601 duration (`P15D`, `PT2H30M`). */
  advanceClock(duration: string): Promise<ClockState>;
  /** The tenant's active faults and the systems that take one. */
  faults(): Promise<{ faults: Record<string, FaultSpec>; systems: Record<string, string> }>;
  /** Injects a fault into one system for this tenant (`gbdfl`, `payments`, `pki`...). */
  setFault(system: string, fault: FaultSpec): Promise<{ faults: Record<string, FaultSpec> }>;
  /** Clears one system's fault, or every fault when no system is given. */
  clearFault(system?: string): Promise<{ faults: Record<string, FaultSpec> }>;
  /** The personas this tenant sees, carrying every trait named. */
  personas(traits?: string | string[]): Promise<JsonObject[]>;
  persona(iin: string): Promise<JsonObject>;
  /** Adds a persona to this tenant (validated like a persona file; 400 `PERSONA_INVALID`, 409 `PERSONA_EXISTS`). */
  addPersona(persona: JsonObject): Promise<JsonObject>;
  /** The trait vocabulary. */
  traits(): Promise<JsonObject[]>;
  /** Signs an XML document (enveloped XMLDSig) with a persona's AUTH or SIGN key (`POST /__admin/sign`). */
  sign(input: { iin: string; usage?: 'auth' | 'sign'; xml: string }): Promise<string>;
}

/** Builds the admin area over a client's context. @see ../../README.md */
export function adminApi({ transport }: SdkContext): AdminApi {
  const base = '/__admin';
  const api: AdminApi = {
    reset: (options = {}) => transport.json({ method: 'POST', path: `${base}/reset`, query: options.all ? { all: true } : {} }),
    async journal(filter = {}) {
      return (await transport.json<{ entries: JournalEntry[] }>({ method: 'GET', path: `${base}/journal`, query: { ...filter } })).entries;
    },
    clock: () => transport.json({ method: 'GET', path: `${base}/clock` }),
    setClock: (change) => transport.json({ method: 'POST', path: `${base}/clock`, json: change }),
    advanceClock: (duration) => api.setClock({ advance: duration }),
    faults: () => transport.json({ method: 'GET', path: `${base}/faults` }),
    setFault: (system, fault) => transport.json({ method: 'POST', path: `${base}/faults`, json: { system, ...fault } }),
    clearFault: (system) => transport.json({ method: 'POST', path: `${base}/faults`, json: { system: system ?? '*', clear: true } }),
    async personas(traits) {
      const trait = traits === undefined ? undefined : Array.isArray(traits) ? traits.join(',') : traits;
      return (await transport.json<{ personas: JsonObject[] }>({ method: 'GET', path: `${base}/personas`, query: { trait } })).personas;
    },
    persona: (iin) => transport.json({ method: 'GET', path: `${base}/personas/${encodeURIComponent(iin)}` }),
    addPersona: (persona) => transport.json({ method: 'POST', path: `${base}/personas`, json: persona }),
    async traits() {
      return (await transport.json<{ traits: JsonObject[] }>({ method: 'GET', path: `${base}/personas/traits` })).traits;
    },
    async sign(input) {
      return (await transport.json<{ signedXml: string }>({ method: 'POST', path: `${base}/sign`, json: { usage: 'sign', ...input } })).signedXml;
    },
  };
  return api;
}
