/**
 * What a check (шарт) gets and answers. A check makes one assertion; the engine decides where its outcome goes
 * (the condition's `next`, `onFail`, `onUnavailable` or a named branch).
 */
import type { FastifyInstance } from 'fastify';
import type { Tenant } from '../../core/tenant-store.js';
import type { Persona } from '../../personas/persona.js';
import type { ApplicationRecord } from '../applications.js';
import type { Channel, Regulation, Step } from '../types.js';

export interface ShepAnswer {
  ok: boolean;
  /** `responseData/data` as plain JSON (leaf elements become strings, repeated elements arrays). */
  data?: Record<string, unknown>;
  /** The SOAP fault's errorCode (SYSTEM_UNAVAILABLE, SYSTEM_TIMEOUT...) when not ok. */
  faultCode?: string;
  faultMessage?: string;
}

export interface CheckContext {
  app: FastifyInstance;
  tenant: Tenant;
  regulation: Regulation;
  channel: Channel;
  step: Step;
  application: ApplicationRecord;
  /** The virtual time the check runs at. */
  at: Date;
  persona(iin: string): Persona | undefined;
  /** Sends one SyncChannel SendMessage through the gateway (`POST /shep/bip-sync`) in the application's tenant. */
  shep(serviceId: string, dataXml: string): Promise<ShepAnswer>;
  /** The application's reading of a configurable ambiguity (its default from the regulation file otherwise). */
  reading(option: string): string | undefined;
}

export interface CheckOutcome {
  /** `pass`, `fail`, `unavailable` (the system could not answer), or a named branch (e.g. `noShow`). */
  outcome: string;
  /** What was seen, for the timeline ("АИС СУ: NO_DATA", "certificate revoked"). */
  detail?: string;
}

export type Check = (ctx: CheckContext) => Promise<CheckOutcome>;
