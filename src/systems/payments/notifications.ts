/**
 * Payment notifications: when a payment is CONFIRMED, ЭҮТШ POSTs a `notificationPayment` to every callback URL
 * the tenant registered, with retries and exponential backoff (real time), and keeps a delivery log.
 *
 * The body is XML in the real namespace and field set of integration-shapes §7, children unqualified. It is
 * signed with HMAC-SHA256 over the raw body, key = the registration's secret, in the header
 * `X-Sandbox-Signature: sha256=<hex>` (the sandbox's own scheme; the real gateway's signing is not public).
 * Callback URLs must name a loopback host: the sandbox never calls beyond the machine. A literal address is checked
 * when registered; the name `localhost` is resolved at each connection and only loopback results are used (a
 * container's /etc/hosts may point it elsewhere: then the attempt fails, naming the address it resolved to).
 * @see ../../../../shared/spec/integration-shapes.md §7
 * @see ../../../docs/systems/payments.md
 */
import { createHmac, randomBytes } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { kazakhDate } from '../../core/calendar.js';
import { escapeXml } from '../../core/xml.js';
import { formatAmount, type Invoice } from './invoice.js';
import { paymentsProblems } from './problems.js';

/** The namespace of the real notification (integration-shapes §7, seen in public code). */
export const NOTIFICATION_NS = 'http://payments.bee.kz/GatewayNkNotification';
export const SIGNATURE_HEADER = 'x-sandbox-signature';
export const NOTIFICATION_CONTENT_TYPE = 'application/xml; charset=utf-8';

/** The sandbox bank and the treasury, as they appear in notifications (BINs with valid checksums; ours). */
export const SANDBOX_BANK = {
  bankIdn: '940140000385',
  bankBik: 'SNDBKZKA',
  bankName: '«Sandbox Bank» АҚ',
  treasuryIdn: '960640000436',
  treasuryName: 'ҚР Қаржы министрлігінің Қазынашылық комитеті',
  /** Вид операции of a payment order to the budget. */
  vo: '01',
} as const;

/** The §7 field set, in its order. */
export interface NotificationPayment {
  reference: string;
  bankReference: string;
  payDate: string;
  docDate: string;
  amount: string;
  payerIdn: string;
  payerName: string;
  bankIdn: string;
  bankBik: string;
  bankName: string;
  treasuryIdn: string;
  treasuryName: string;
  kno: string;
  kbk: string;
  knp: string;
  vo: string;
  docNumber: string;
  assign: string;
}

export function notificationOf(invoice: Invoice): NotificationPayment {
  const paidAt = invoice.paidAt ?? invoice.confirmedAt ?? invoice.createdAt;
  return {
    reference: invoice.id,
    bankReference: invoice.bankReference ?? '',
    payDate: paidAt.toISOString(),
    docDate: kazakhDate(paidAt),
    amount: formatAmount(invoice.amountTiyn),
    payerIdn: invoice.payerIin,
    payerName: invoice.payerName,
    bankIdn: SANDBOX_BANK.bankIdn,
    bankBik: SANDBOX_BANK.bankBik,
    bankName: SANDBOX_BANK.bankName,
    treasuryIdn: SANDBOX_BANK.treasuryIdn,
    treasuryName: SANDBOX_BANK.treasuryName,
    kno: invoice.kno,
    kbk: invoice.kbk,
    knp: invoice.knp,
    vo: SANDBOX_BANK.vo,
    docNumber: invoice.docNumber ?? '',
    assign: `Мемлекеттік алым / Государственный сбор: ${invoice.serviceSlug}, өтініш / заявление ${invoice.applicationId}`,
  };
}

/** `<ns2:notificationPayment xmlns:ns2="http://payments.bee.kz/GatewayNkNotification">` with unqualified children. */
export function notificationXml(fields: NotificationPayment): string {
  const children = Object.entries(fields)
    .map(([name, value]) => `<${name}>${escapeXml(String(value))}</${name}>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><ns2:notificationPayment xmlns:ns2="${NOTIFICATION_NS}">${children}</ns2:notificationPayment>`;
}

/** `sha256=<hex>`: HMAC-SHA256 of the raw body with the registration's secret. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Delay before the second attempt, real milliseconds. */
  initialDelayMs: number;
  /** Each further delay is the previous one times this. */
  factor: number;
  /** No delay is longer than this. */
  maxDelayMs: number;
  /** An attempt that has no answer after this is a failed attempt. */
  attemptTimeoutMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  initialDelayMs: 200,
  factor: 2,
  maxDelayMs: 5000,
  attemptTimeoutMs: 3000,
});

/** The bounds a registration's policy must keep (attempts are bounded, so is the wait). */
export const RETRY_LIMITS = {
  maxAttempts: { minimum: 1, maximum: 10 },
  initialDelayMs: { minimum: 0, maximum: 60_000 },
  factor: { minimum: 1, maximum: 10 },
  maxDelayMs: { minimum: 0, maximum: 60_000 },
  attemptTimeoutMs: { minimum: 50, maximum: 30_000 },
} as const satisfies Record<keyof RetryPolicy, { minimum: number; maximum: number }>;

/** Delay before attempt `n + 1` after attempt `n` failed (n from 1). */
export function backoffDelay(policy: RetryPolicy, n: number): number {
  return Math.min(policy.maxDelayMs, Math.round(policy.initialDelayMs * policy.factor ** (n - 1)));
}

export interface CallbackRegistration {
  id: string;
  url: string;
  secret: string;
  retry: RetryPolicy;
  /** Virtual time of registration. */
  createdAt: string;
}

export interface DeliveryAttempt {
  attempt: number;
  /** Real time: retries run on real time, not the virtual clock. */
  startedAt: string;
  statusCode: number | null;
  error: string | null;
  delivered: boolean;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

export interface Delivery {
  id: string;
  callbackId: string;
  url: string;
  event: 'payment.confirmed';
  invoiceId: string;
  status: DeliveryStatus;
  maxAttempts: number;
  attempts: DeliveryAttempt[];
  /** Real time of the next attempt while pending. */
  nextAttemptAt: string | null;
  /** Virtual time of the event. */
  eventTime: string;
  contentType: string;
  payload: string;
}

const LOOPBACK_V4 = /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * Checks a callback URL: absolute http(s), no credentials, and a loopback host (localhost, 127.0.0.0/8, [::1]).
 * @throws CALLBACK_URL_INVALID, CALLBACK_URL_NOT_LOOPBACK
 */
export function checkCallbackUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw paymentsProblems.CALLBACK_URL_INVALID(`${JSON.stringify(raw.slice(0, 200))} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw paymentsProblems.CALLBACK_URL_INVALID(`the callback URL must be http or https, not ${url.protocol.replace(/:$/, '')}`);
  }
  if (url.username || url.password) throw paymentsProblems.CALLBACK_URL_INVALID('the callback URL must not carry credentials');
  const host = url.hostname;
  // The URL parser normalises 127.1 and 0x7f.0.0.1 to 127.0.0.1 and ::ffff:127.0.0.1 to [::ffff:7f00:1].
  const loopback = host === 'localhost' || LOOPBACK_V4.test(host) || host === '[::1]' || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host);
  if (!loopback) {
    throw paymentsProblems.CALLBACK_URL_NOT_LOOPBACK(
      `${host} is not a loopback host: the sandbox delivers notifications to localhost, 127.0.0.0/8 or [::1] only`,
    );
  }
  return url;
}

/** Whether a resolved address (as dns.lookup answers it) is a loopback address: 127.0.0.0/8, ::1 or ::ffff:127.x.x.x. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  return LOOPBACK_V4.test(a) || a === '::1' || a === '0:0:0:0:0:0:0:1' || (a.startsWith('::ffff:') && LOOPBACK_V4.test(a.slice(7)));
}

/** A name resolver with dns.lookup's `all: true` form (tests give a fake one). */
export type Resolver = (hostname: string, options: LookupAllOptions, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/**
 * The `lookup` of the connections notifications are sent on: resolves the callback host (`localhost`; literal
 * addresses are not looked up) and keeps only loopback addresses. When none is left the connection fails with
 * code ENOTLOOPBACK and a message naming what the host resolved to; nothing is sent beyond the machine.
 */
export function loopbackLookup(resolve: Resolver = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const loopback = addresses.filter((a) => isLoopbackAddress(a.address));
      if (loopback.length === 0) {
        const error: NodeJS.ErrnoException = new Error(
          `${hostname} resolved to ${addresses.map((a) => a.address).join(', ') || 'nothing'}, not a loopback address: the sandbox delivers notifications on this machine only`,
        );
        error.code = 'ENOTLOOPBACK';
        return callback(error, '');
      }
      if (options.all) return callback(null, loopback);
      callback(null, loopback[0]!.address, loopback[0]!.family);
    });
  };
}

export function newCallbackSecret(): string {
  return randomBytes(24).toString('base64url');
}

/**
 * Sends deliveries and schedules their retries. One per server instance: {@link close} (the server's onClose)
 * cancels every pending retry and aborts attempts in flight, so nothing fires after the server is gone.
 */
export class NotificationDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<AbortController>();
  private readonly pending = new Set<Delivery>();
  /** Connections whose host names resolve to loopback addresses only. */
  private readonly agent: Agent;
  private closed = false;

  /** @param options.resolve the name resolver behind {@link loopbackLookup}; default dns.lookup */
  constructor(options: { resolve?: Resolver } = {}) {
    this.agent = new Agent({ connect: { lookup: loopbackLookup(options.resolve) } });
  }

  /**
   * Starts delivering: the first attempt at once, then retries while attempts remain.
   * @param isLive false once the tenant was reset: its pending deliveries are cancelled
   */
  start(delivery: Delivery, registration: CallbackRegistration, tenantName: string, isLive: () => boolean): void {
    if (this.closed) {
      delivery.status = 'cancelled';
      return;
    }
    this.pending.add(delivery);
    this.schedule(delivery, registration, tenantName, isLive, 1, 0);
  }

  /** Cancels pending retries and aborts attempts in flight. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const controller of this.inFlight) controller.abort();
    for (const delivery of this.pending) {
      delivery.status = 'cancelled';
      delivery.nextAttemptAt = null;
    }
    this.pending.clear();
    void this.agent.destroy().catch(() => undefined);
  }

  private schedule(delivery: Delivery, registration: CallbackRegistration, tenantName: string, isLive: () => boolean, attempt: number, delayMs: number): void {
    delivery.nextAttemptAt = new Date(Date.now() + delayMs).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, registration, tenantName, isLive, attempt);
    }, delayMs);
    this.timers.add(timer);
  }

  private finish(delivery: Delivery, status: DeliveryStatus): void {
    delivery.status = status;
    delivery.nextAttemptAt = null;
    this.pending.delete(delivery);
  }

  private async attempt(delivery: Delivery, registration: CallbackRegistration, tenantName: string, isLive: () => boolean, n: number): Promise<void> {
    if (this.closed) return;
    if (!isLive()) return this.finish(delivery, 'cancelled');
    delivery.nextAttemptAt = null;
    const record: DeliveryAttempt = { attempt: n, startedAt: new Date().toISOString(), statusCode: null, error: null, delivered: false };
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${registration.retry.attemptTimeoutMs} ms`)), registration.retry.attemptTimeoutMs);
    this.inFlight.add(controller);
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        body: delivery.payload,
        signal: controller.signal,
        dispatcher: this.agent,
        headers: {
          'content-type': delivery.contentType,
          [SIGNATURE_HEADER]: signatureOf(delivery.payload, registration.secret),
          'x-sandbox-event': delivery.event,
          'x-sandbox-delivery': delivery.id,
          'x-sandbox-attempt': String(n),
          'x-sandbox-tenant': tenantName,
        },
      });
      await response.body.dump();
      record.statusCode = response.statusCode;
      record.delivered = response.statusCode >= 200 && response.statusCode < 300;
      if (!record.delivered) record.error = `the receiver answered HTTP ${response.statusCode}`;
    } catch (e) {
      const reason = controller.signal.aborted ? controller.signal.reason : e;
      record.error = reason instanceof Error ? reason.message : String(reason);
    } finally {
      clearTimeout(timeout);
      this.inFlight.delete(controller);
    }
    delivery.attempts.push(record);
    if (this.closed) return;
    if (record.delivered) return this.finish(delivery, 'delivered');
    if (n >= delivery.maxAttempts) return this.finish(delivery, 'failed');
    this.schedule(delivery, registration, tenantName, isLive, n + 1, backoffDelay(registration.retry, n));
  }
}
