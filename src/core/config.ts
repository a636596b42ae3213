/**
 * Sandbox options, with the defaults DESIGN.md fixes. Every option is documented in the README.
 */
import type { LegalStatsOptions } from '../systems/legal-stats/registers.js';
import type { CalendarData } from './calendar.js';

export interface SandboxOptions {
  /** Extra persona folders, loaded after the bundled ones (`--personas DIR`). */
  personasDirs?: string[];
  /** Leave out the bundled personas (tests of the loader). Default false. */
  withoutBundledPersonas?: boolean;
  /** pino logger options, `false` to silence (tests), `true` for JSON logs at info. Default true. */
  logger?: boolean | Record<string, unknown>;
  /** Largest request body, bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** SHEP gateway sender authentication. Default `sandbox` / `sandbox`. */
  shep?: { senderId?: string; password?: string; upstreamTimeoutMs?: number };
  /** Real time source (tests fix it); the virtual clocks run from it. Default Date.now. */
  realNow?: () => number;
  /** The address the server is reached at, for URLs it writes into documents (CRL, OCSP). Default http://127.0.0.1:8080. */
  publicUrl?: string;
  /**
   * Legal statistics: another reading of ББТ, which the seeds never expand (`bbt: { abbreviation?, label?: { kk,
   * ru, en }, meaning? }`, each field replacing the default's). Default: the unified register of debtors.
   * `GET /legal-stats/registers` shows the reading in force. @see ../../docs/systems/legal-stats.md
   */
  legalStats?: LegalStatsOptions;
  /**
   * The working-day calendar of the regulation engine: extra decreed transfers of days off (`{date, kind: 'off' |
   * 'work', basis?}`) and Kurban ait dates, added to the bundled ones (fixtures/calendar/). A transfer given for a
   * date the bundled data has replaces it. @see ../../docs/regulations.md
   */
  calendar?: Partial<CalendarData>;
  /** The folder of regulation files. Default: the bundled `fixtures/regulations/`. @see ../../docs/regulations.md */
  regulationsDir?: string;
}

export interface SandboxConfig {
  bodyLimit: number;
  shep: { senderId: string; password: string; upstreamTimeoutMs: number };
  publicUrl: string;
}

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export function resolveConfig(options: SandboxOptions): SandboxConfig {
  return {
    bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT,
    shep: {
      senderId: options.shep?.senderId ?? 'sandbox',
      password: options.shep?.password ?? 'sandbox',
      upstreamTimeoutMs: options.shep?.upstreamTimeoutMs ?? 5000,
    },
    publicUrl: options.publicUrl ?? `http://${DEFAULT_HOST}:${DEFAULT_PORT}`,
  };
}
