/**
 * Idempotency keys (`Idempotency-Key` header over REST, `idempotencyKey` over SHEP): a retried create or pay
 * with the same key and the same request gets the first answer again, and nothing happens twice; the same
 * key with another request is refused with IDEMPOTENCY_KEY_REUSED.
 *
 * What is remembered: every answer the gateway decided (success, or a problem below 500). Not remembered:
 * request-validation errors (the request never started), PAYMENT_TIMEOUT (the bank did not answer, so
 * retrying is the point) and injected system faults.
 */
import { createHash } from 'node:crypto';
import { ProblemError } from '../../core/problem.js';
import { paymentsProblems } from './problems.js';

/** Printable ASCII, as Stripe and the IETF draft allow; 255 at most. */
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Keys remembered per tenant; the oldest are forgotten first. */
export const IDEMPOTENCY_CAPACITY = 10_000;

type Outcome<T> = { ok: true; value: T } | { ok: false; problem: ProblemError };

interface Remembered {
  fingerprint: string;
  outcome: Outcome<unknown>;
}

/** A stable fingerprint of an operation and its input (object keys sorted). */
export function fingerprintOf(operation: string, input: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(canonicalJson(input)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Checks the form of a key; throws IDEMPOTENCY_KEY_INVALID. */
export function assertIdempotencyKey(key: string): void {
  if (!KEY_PATTERN.test(key)) {
    throw paymentsProblems.IDEMPOTENCY_KEY_INVALID(`Idempotency-Key ${JSON.stringify(key.slice(0, 40))} is not 1-255 printable ASCII characters`);
  }
}

export class IdempotencyStore {
  private readonly remembered = new Map<string, Remembered>();
  private readonly inFlight = new Set<string>();

  /**
   * Runs `work` once per key: a replay answers the remembered outcome (`replayed: true`).
   * @throws IDEMPOTENCY_KEY_REUSED when the key was used with another fingerprint;
   *         IDEMPOTENCY_REQUEST_IN_PROGRESS while the first request with the key is still running
   */
  async run<T>(key: string | undefined, fingerprint: string, work: () => Promise<T>): Promise<{ value: T; replayed: boolean }> {
    if (key === undefined) return { value: await work(), replayed: false };
    assertIdempotencyKey(key);
    const seen = this.remembered.get(key);
    if (seen) {
      if (seen.fingerprint !== fingerprint) {
        throw paymentsProblems.IDEMPOTENCY_KEY_REUSED(
          `Idempotency-Key ${JSON.stringify(key)} was first used for a different request; use a new key for a new request`,
        );
      }
      if (!seen.outcome.ok) throw seen.outcome.problem;
      return { value: seen.outcome.value as T, replayed: true };
    }
    if (this.inFlight.has(key)) {
      throw paymentsProblems.IDEMPOTENCY_REQUEST_IN_PROGRESS(`A request with Idempotency-Key ${JSON.stringify(key)} is still running; retry later`);
    }
    this.inFlight.add(key);
    try {
      const value = await work();
      this.remember(key, { fingerprint, outcome: { ok: true, value } });
      return { value, replayed: false };
    } catch (e) {
      if (e instanceof ProblemError && e.status < 500) this.remember(key, { fingerprint, outcome: { ok: false, problem: e } });
      throw e;
    } finally {
      this.inFlight.delete(key);
    }
  }

  private remember(key: string, entry: Remembered): void {
    this.remembered.set(key, entry);
    if (this.remembered.size > IDEMPOTENCY_CAPACITY) {
      const oldest = this.remembered.keys().next().value;
      if (oldest !== undefined) this.remembered.delete(oldest);
    }
  }
}
