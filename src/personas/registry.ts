/**
 * The persona registry: the personas loaded at start-up (shared by every tenant, read-only) plus the ones a
 * tenant added at run time with `POST /__admin/personas` (kept in that tenant only, gone on reset).
 */
import type { Tenant } from '../core/tenant-store.js';
import type { Persona } from './persona.js';

type AddedPersonas = Map<string, Persona>;

/** Listeners told when a tenant adds a persona (the PKI issues its certificates on the spot). */
export type PersonaAddedListener = (tenant: Tenant, persona: Persona) => void | Promise<void>;

export class PersonaRegistry {
  private readonly listeners: PersonaAddedListener[] = [];

  constructor(private readonly base: ReadonlyMap<string, Persona>) {}

  private added(tenant: Tenant): AddedPersonas {
    return tenant.slice<AddedPersonas>('personas', () => new Map());
  }

  get(tenant: Tenant, iin: string): Persona | undefined {
    return this.added(tenant).get(iin) ?? this.base.get(iin);
  }

  /** The personas a tenant sees, optionally only those carrying every trait in `traits`. */
  list(tenant: Tenant, traits: string[] = []): Persona[] {
    const all = new Map(this.base);
    for (const [iin, persona] of this.added(tenant)) all.set(iin, persona);
    return [...all.values()].filter((p) => traits.every((t) => p.traits.includes(t)));
  }

  /** Whether the IIN belongs to a bundled (start-up) persona, which a tenant cannot replace. */
  isBundled(iin: string): boolean {
    return this.base.has(iin);
  }

  async add(tenant: Tenant, persona: Persona): Promise<void> {
    this.added(tenant).set(persona.iin, persona);
    for (const listener of this.listeners) await listener(tenant, persona);
  }

  onAdded(listener: PersonaAddedListener): void {
    this.listeners.push(listener);
  }

  /** Every persona loaded at start-up. */
  bundled(): Persona[] {
    return [...this.base.values()];
  }
}
