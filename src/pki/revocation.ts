/**
 * Revocation state (кері қайтару / отзыв): each certificate starts in the state its persona's traits give it
 * (revoked with keyCompromise, on hold with certificateHold, or good) and a tenant's run-time changes
 * (`POST /__admin/certificates/{serial}/revoke|hold|release`) are kept as dated events. A status is always asked
 * "as of" an instant on the tenant's clock, so CRL, OCSP and validation agree, and a check can be made as of a
 * past time: a certificate revoked today was good yesterday.
 */
import type { RevocationReason } from './profile.js';

export type RevocationAction = 'revoke' | 'hold' | 'release';

export interface RevocationEvent {
  serialNumber: string;
  action: RevocationAction;
  /** For `revoke`; `hold` always means certificateHold. */
  reason?: RevocationReason;
  /** On the tenant's virtual clock. */
  time: Date;
}

/** `good`, `revoked` (on hold is `revoked` with reason certificateHold, as in CRL and OCSP), or `unknown` to the CA. */
export interface CertificateStatus {
  status: 'good' | 'revoked' | 'unknown';
  reason?: RevocationReason;
  revocationTime?: Date;
}

export const GOOD: CertificateStatus = Object.freeze({ status: 'good' as const });
export const UNKNOWN: CertificateStatus = Object.freeze({ status: 'unknown' as const });

/** A tenant's run-time revocation events, in the order they were made. */
export class RevocationLog {
  readonly events: RevocationEvent[] = [];

  add(event: RevocationEvent): void {
    this.events.push(event);
  }

  /** How many changes this tenant made: CRL numbers grow with it. */
  get sequence(): number {
    return this.events.length;
  }

  of(serialNumber: string): RevocationEvent[] {
    return this.events.filter((e) => e.serialNumber === serialNumber);
  }
}

/** The state a certificate was issued in: revoked or on hold from its persona's traits, or good. */
export function initialStatus(initial: { reason: RevocationReason; time: Date } | undefined, at: Date): CertificateStatus {
  return initial && initial.time.getTime() <= at.getTime() ? { status: 'revoked', reason: initial.reason, revocationTime: initial.time } : GOOD;
}

/**
 * The status as of `at`: the initial state, then each event dated at or before `at`, in order. Revocation
 * (other than a hold) is final; a hold can be released or turned into a revocation.
 */
export function statusAt(initial: { reason: RevocationReason; time: Date } | undefined, events: RevocationEvent[], at: Date): CertificateStatus {
  let status = initialStatus(initial, at);
  for (const event of events) {
    if (event.time.getTime() > at.getTime()) continue;
    const onHold = status.status === 'revoked' && status.reason === 'certificateHold';
    const final = status.status === 'revoked' && !onHold;
    if (final) break;
    if (event.action === 'revoke') status = { status: 'revoked', reason: event.reason ?? 'unspecified', revocationTime: event.time };
    else if (event.action === 'hold' && !onHold) status = { status: 'revoked', reason: 'certificateHold', revocationTime: event.time };
    else if (event.action === 'release' && onHold) status = GOOD;
  }
  return status;
}

/** Whether an action can be applied to a certificate in `status`; the reason why not otherwise. */
export function refusal(action: RevocationAction, status: CertificateStatus): string | null {
  const onHold = status.status === 'revoked' && status.reason === 'certificateHold';
  if (status.status === 'revoked' && !onHold) return `it is already revoked (${status.reason}) and revocation is final`;
  if (action === 'hold' && onHold) return 'it is already on hold';
  if (action === 'release' && !onHold) return 'it is not on hold';
  return null;
}
