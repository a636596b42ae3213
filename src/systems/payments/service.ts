/**
 * The e-gov payment gateway (ЭҮТШ, ПШЭП): fee invoices, payment through the sandbox bank, use of a payment by
 * an application, and notifications. The in-process service that the REST routes, the SHEP gateway and the
 * regulation engine (`payments.feePaid`) all call; every operation runs under the tenant's faults for `payments`.
 * @see ../../../docs/systems/payments.md
 */
import { randomUUID } from 'node:crypto';
import { callSystem } from '../../core/system-call.js';
import type { Tenant, TenantStore } from '../../core/tenant-store.js';
import type { PersonaRegistry } from '../../personas/registry.js';
import { fullNameOf, requireValidIin } from '../shared/identity.js';
import { assertIdempotencyKey, fingerprintOf, IdempotencyStore } from './idempotency.js';
import {
  advanceInvoice,
  amountToTiyn,
  bankBehaviour,
  DEFAULT_KBK_BY_SERVICE,
  DEFAULT_KNO,
  DEFAULT_KNP,
  type Invoice,
  type InvoiceStatus,
  type InvoiceView,
  viewInvoice,
} from './invoice.js';
import {
  type CallbackRegistration,
  checkCallbackUrl,
  DEFAULT_RETRY,
  type Delivery,
  newCallbackSecret,
  NOTIFICATION_CONTENT_TYPE,
  NotificationDispatcher,
  notificationOf,
  notificationXml,
  RETRY_LIMITS,
  type RetryPolicy,
} from './notifications.js';
import { paymentsProblems } from './problems.js';

export interface PaymentsOptions {
  /** Virtual time between PAID and CONFIRMED for a late confirmation. Default 5 minutes (longer than the 1.5-minute payment check of seed 000 Table 3). */
  lateConfirmationMs?: number;
  /** Virtual time a CREATED invoice waits before it EXPIRES, unless the invoice says. Default 24 hours. */
  invoiceTtlMs?: number;
  /** Default retry policy of callback registrations (each registration may set its own). */
  callbackRetry?: Partial<RetryPolicy>;
}

declare module '../../core/config.js' {
  interface SandboxOptions {
    /** The payment gateway (ЭҮТШ): confirmation delay, invoice lifetime, callback retries. */
    payments?: PaymentsOptions;
  }
}

/** What signs the notifications: the server wires the PKI's enveloped XMLDSig with the sandbox's system key. */
export interface PaymentsSigning {
  /** Returns the notification XML with an enveloped signature; absent, notifications carry the HMAC header only. */
  signNotification?: (xml: string) => string;
}

export const DEFAULT_LATE_CONFIRMATION_MS = 5 * 60_000;
export const DEFAULT_INVOICE_TTL_MS = 24 * 60 * 60_000;
/** Registrations per tenant. */
export const MAX_CALLBACKS = 10;
/** Deliveries kept in a tenant's log; the oldest finished ones go first. */
export const DELIVERY_LOG_CAPACITY = 1000;

export interface CreateInvoiceInput {
  payerIin: string;
  /** KZT, at most two decimals; the tiyn part may be a magic value. */
  amount: number;
  serviceSlug: string;
  applicationId: string;
  kbk?: string;
  knp?: string;
  kno?: string;
  payerName?: string;
  /** Virtual minutes before a CREATED invoice expires, 1..43200. */
  expiresInMinutes?: number;
}

export interface PayInput {
  /** How the payer pays; recorded on the bank transaction. Default `card`. */
  channel?: 'card' | 'account';
}

export interface UseInput {
  /** When given, it must be the invoice's application. */
  applicationId?: string;
}

export interface InvoiceFilter {
  payerIin?: string;
  applicationId?: string;
  status?: InvoiceStatus;
}

export interface BankTransaction {
  id: string;
  invoiceId: string;
  amount: number;
  channel: 'card' | 'account';
  outcome: 'charged' | 'declined' | 'timeout' | 'not-made';
  /** What decided the outcome: a magic amount or a persona trait. */
  decidedBy: string;
  bankReference: string | null;
  at: string;
}

export interface CallbackInput {
  url: string;
  secret?: string;
  retry?: Partial<RetryPolicy>;
}

export interface CallbackView {
  id: string;
  url: string;
  retry: RetryPolicy;
  createdAt: string;
}

/** A tenant's payment-gateway state. */
export class PaymentsState {
  readonly invoices = new Map<string, Invoice>();
  readonly transactions: BankTransaction[] = [];
  readonly idempotency = new IdempotencyStore();
  readonly callbacks = new Map<string, CallbackRegistration>();
  readonly deliveries: Delivery[] = [];
  private seq = { invoice: 0, doc: 0, tx: 0, callback: 0, delivery: 0 };

  next(kind: keyof PaymentsState['seq']): number {
    return ++this.seq[kind];
  }
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const APPLICATION_ID = /^[\x21-\x7e]{1,64}$/;

function yymmdd(d: Date): string {
  return d.toISOString().slice(2, 10).replace(/-/g, '');
}

export class PaymentsService {
  private readonly dispatcher = new NotificationDispatcher();
  private readonly lateConfirmationMs: number;
  private readonly invoiceTtlMs: number;
  private readonly defaultRetry: RetryPolicy;

  constructor(
    private readonly personas: PersonaRegistry,
    private readonly tenants: TenantStore,
    options: PaymentsOptions = {},
    private readonly signing: PaymentsSigning = {},
  ) {
    this.lateConfirmationMs = options.lateConfirmationMs ?? DEFAULT_LATE_CONFIRMATION_MS;
    this.invoiceTtlMs = options.invoiceTtlMs ?? DEFAULT_INVOICE_TTL_MS;
    this.defaultRetry = { ...DEFAULT_RETRY, ...options.callbackRetry };
  }

  /** The tenant's state. */
  state(tenant: Tenant): PaymentsState {
    return tenant.slice('payments', () => new PaymentsState());
  }

  /** Cancels pending notification retries: the server's onClose. */
  close(): void {
    this.dispatcher.close();
  }

  /**
   * Creates an invoice for a fee (status CREATED).
   * @throws IIN_INVALID, AMOUNT_INVALID, KBK_*, KNP_INVALID, KNO_INVALID, PAYMENT_FIELD_INVALID, IDEMPOTENCY_*; SystemFaultError
   */
  async createInvoice(tenant: Tenant, input: CreateInvoiceInput, idempotencyKey?: string): Promise<{ invoice: InvoiceView; replayed: boolean }> {
    const normalised = this.normaliseCreate(input);
    if (idempotencyKey !== undefined) assertIdempotencyKey(idempotencyKey);
    return callSystem(tenant, 'payments', async () => {
      const state = this.state(tenant);
      const { value, replayed } = await state.idempotency.run(idempotencyKey, fingerprintOf('createInvoice', normalised), async () => {
        const now = tenant.clock.now();
        const persona = this.personas.get(tenant, normalised.payerIin);
        const invoice: Invoice = {
          id: `PAY${yymmdd(now)}${String(state.next('invoice')).padStart(6, '0')}`,
          status: 'CREATED',
          amountTiyn: normalised.amountTiyn,
          kbk: normalised.kbk,
          knp: normalised.knp,
          kno: normalised.kno,
          payerIin: normalised.payerIin,
          payerName: normalised.payerName ?? (persona ? fullNameOf(persona) : normalised.payerIin),
          serviceSlug: normalised.serviceSlug,
          applicationId: normalised.applicationId,
          createdAt: now,
          expiresAt: new Date(now.getTime() + (normalised.expiresInMinutes === undefined ? this.invoiceTtlMs : normalised.expiresInMinutes * 60_000)),
          paidAt: null,
          confirmAt: null,
          confirmedAt: null,
          usedAt: null,
          usedBy: null,
          rejectedAt: null,
          rejectionReason: null,
          expiredAt: null,
          bankReference: null,
          docNumber: null,
        };
        state.invoices.set(invoice.id, invoice);
        return viewInvoice(invoice);
      });
      return { invoice: value, replayed };
    });
  }

  /** One invoice, its status brought up to the virtual now. @throws INVOICE_NOT_FOUND */
  async getInvoice(tenant: Tenant, id: string): Promise<InvoiceView> {
    return callSystem(tenant, 'payments', () => viewInvoice(this.current(tenant, id)));
  }

  /** Invoices matching the filter, oldest first; every invoice of the tenant is first brought up to the virtual now. */
  async findInvoices(tenant: Tenant, filter: InvoiceFilter = {}): Promise<InvoiceView[]> {
    if (filter.payerIin !== undefined) requireValidIin(filter.payerIin);
    return callSystem(tenant, 'payments', () => {
      const state = this.advanceAll(tenant);
      const out: InvoiceView[] = [];
      for (const invoice of state.invoices.values()) {
        if (filter.payerIin !== undefined && invoice.payerIin !== filter.payerIin) continue;
        if (filter.applicationId !== undefined && invoice.applicationId !== filter.applicationId) continue;
        if (filter.status !== undefined && invoice.status !== filter.status) continue;
        out.push(viewInvoice(invoice));
      }
      return out;
    });
  }

  /**
   * The payment fact the portal checks (seed 000 condition 2, `payments.feePaid`): whether an invoice of the
   * application is CONFIRMED or USED.
   */
  async feePaid(tenant: Tenant, applicationId: string): Promise<{ paid: boolean; invoice: InvoiceView | null }> {
    const invoices = await this.findInvoices(tenant, { applicationId });
    const paid = invoices.find((i) => i.status === 'CONFIRMED' || i.status === 'USED');
    return { paid: paid !== undefined, invoice: paid ?? invoices.at(-1) ?? null };
  }

  /**
   * Pays an invoice through the sandbox bank. The bank's behaviour comes from a magic amount or the payer's
   * fee trait: it charges (PAID, then CONFIRMED at once or late), declines (REJECTED), does not answer
   * (PAYMENT_TIMEOUT, stays CREATED), or the payer does not pay (PAYMENT_NOT_MADE, stays CREATED).
   */
  async pay(tenant: Tenant, id: string, input: PayInput = {}, idempotencyKey?: string): Promise<{ invoice: InvoiceView; replayed: boolean }> {
    const channel = input.channel ?? 'card';
    if (channel !== 'card' && channel !== 'account') throw paymentsProblems.PAYMENT_FIELD_INVALID(`channel must be card or account, got ${JSON.stringify(channel)}`);
    if (idempotencyKey !== undefined) assertIdempotencyKey(idempotencyKey);
    return callSystem(tenant, 'payments', async () => {
      const state = this.state(tenant);
      const { value, replayed } = await state.idempotency.run(idempotencyKey, fingerprintOf('pay', { id, channel }), async () => {
        const invoice = this.current(tenant, id);
        switch (invoice.status) {
          case 'EXPIRED':
            throw paymentsProblems.INVOICE_EXPIRED(`Invoice ${id} expired at ${invoice.expiresAt.toISOString()}`, { invoiceStatus: invoice.status });
          case 'REJECTED':
            throw paymentsProblems.INVOICE_REJECTED(`The payment of invoice ${id} was declined; create a new invoice`, { invoiceStatus: invoice.status });
          case 'PAID':
          case 'CONFIRMED':
          case 'USED':
            throw paymentsProblems.INVOICE_ALREADY_PAID(`Invoice ${id} was paid at ${invoice.paidAt!.toISOString()}`, { invoiceStatus: invoice.status });
          case 'CREATED':
            break;
        }
        const now = tenant.clock.now();
        const { behaviour, by } = bankBehaviour(invoice.amountTiyn, this.personas.get(tenant, invoice.payerIin));
        const tx: BankTransaction = {
          id: `TX${String(state.next('tx')).padStart(8, '0')}`,
          invoiceId: id,
          amount: invoice.amountTiyn / 100,
          channel,
          outcome: 'charged',
          decidedBy: by,
          bankReference: null,
          at: now.toISOString(),
        };
        state.transactions.push(tx);
        switch (behaviour) {
          case 'not-made':
          case 'paper-receipt':
            tx.outcome = 'not-made';
            throw paymentsProblems.PAYMENT_NOT_MADE(
              behaviour === 'paper-receipt'
                ? `The payer pays at a bank counter (${by}): ЭҮТШ receives no payment for invoice ${id}; only a scan of the paper receipt exists`
                : `The payer did not complete the payment of invoice ${id} (${by})`,
              { invoiceStatus: invoice.status, decidedBy: by },
            );
          case 'times-out':
            tx.outcome = 'timeout';
            throw paymentsProblems.PAYMENT_TIMEOUT(`The sandbox bank did not answer for invoice ${id} (${by}); nothing was charged, retry`, {
              invoiceStatus: invoice.status,
              decidedBy: by,
            });
          case 'declines':
            tx.outcome = 'declined';
            invoice.status = 'REJECTED';
            invoice.rejectedAt = now;
            invoice.rejectionReason = `declined by the sandbox bank (${by})`;
            throw paymentsProblems.PAYMENT_DECLINED(`The sandbox bank declined the payment of invoice ${id} (${by})`, {
              invoiceStatus: invoice.status,
              decidedBy: by,
            });
          case 'pays':
          case 'confirms-late':
            break;
        }
        tx.bankReference = `SB${yymmdd(now)}${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
        invoice.status = 'PAID';
        invoice.paidAt = now;
        invoice.bankReference = tx.bankReference;
        invoice.docNumber = String(state.next('doc'));
        invoice.confirmAt = new Date(now.getTime() + (behaviour === 'confirms-late' ? this.lateConfirmationMs : 0));
        this.advance(tenant, state, invoice);
        return viewInvoice(invoice);
      });
      return { invoice: value, replayed };
    });
  }

  /**
   * Marks a CONFIRMED payment USED by its application, once.
   * @throws PAYMENT_ALREADY_USED, PAYMENT_NOT_CONFIRMED, INVOICE_NOT_PAID, PAYMENT_APPLICATION_MISMATCH, INVOICE_NOT_FOUND
   */
  async use(tenant: Tenant, id: string, input: UseInput = {}): Promise<InvoiceView> {
    if (input.applicationId !== undefined && !APPLICATION_ID.test(input.applicationId)) {
      throw paymentsProblems.PAYMENT_FIELD_INVALID('applicationId must be 1-64 printable ASCII characters');
    }
    return callSystem(tenant, 'payments', () => {
      const invoice = this.current(tenant, id);
      switch (invoice.status) {
        case 'USED':
          throw paymentsProblems.PAYMENT_ALREADY_USED(`The payment of invoice ${id} was used at ${invoice.usedAt!.toISOString()} by ${invoice.usedBy}`, {
            invoiceStatus: invoice.status,
          });
        case 'PAID':
          throw paymentsProblems.PAYMENT_NOT_CONFIRMED(`The payment of invoice ${id} is not confirmed before ${invoice.confirmAt!.toISOString()}`, {
            invoiceStatus: invoice.status,
          });
        case 'CREATED':
        case 'REJECTED':
        case 'EXPIRED':
          throw paymentsProblems.INVOICE_NOT_PAID(`Invoice ${id} is ${invoice.status}: there is no payment to use`, { invoiceStatus: invoice.status });
        case 'CONFIRMED':
          break;
      }
      if (input.applicationId !== undefined && input.applicationId !== invoice.applicationId) {
        throw paymentsProblems.PAYMENT_APPLICATION_MISMATCH(`Invoice ${id} pays for application ${invoice.applicationId}, not ${input.applicationId}`, {
          invoiceStatus: invoice.status,
        });
      }
      invoice.status = 'USED';
      invoice.usedAt = tenant.clock.now();
      invoice.usedBy = invoice.applicationId;
      return viewInvoice(invoice);
    });
  }

  /** What the sandbox bank did, oldest first: one `charged` entry per paid invoice. */
  transactions(tenant: Tenant, invoiceId?: string): BankTransaction[] {
    const all = this.state(tenant).transactions;
    return invoiceId === undefined ? [...all] : all.filter((t) => t.invoiceId === invoiceId);
  }

  /** Registers a callback URL (loopback only). @throws CALLBACK_URL_INVALID, CALLBACK_URL_NOT_LOOPBACK, CALLBACK_LIMIT_REACHED, PAYMENT_FIELD_INVALID */
  async registerCallback(tenant: Tenant, input: CallbackInput): Promise<CallbackView & { secret: string }> {
    const url = checkCallbackUrl(input.url);
    const retry = this.retryPolicy(input.retry);
    if (input.secret !== undefined && (input.secret.length < 8 || input.secret.length > 256)) {
      throw paymentsProblems.PAYMENT_FIELD_INVALID('secret must be 8-256 characters');
    }
    return callSystem(tenant, 'payments', () => {
      const state = this.state(tenant);
      if (state.callbacks.size >= MAX_CALLBACKS) {
        throw paymentsProblems.CALLBACK_LIMIT_REACHED(`A tenant may register ${MAX_CALLBACKS} callbacks; delete one first`);
      }
      const registration: CallbackRegistration = {
        id: `CB${String(state.next('callback')).padStart(4, '0')}`,
        url: url.href,
        secret: input.secret ?? newCallbackSecret(),
        retry,
        createdAt: tenant.clock.now().toISOString(),
      };
      state.callbacks.set(registration.id, registration);
      return { ...viewCallback(registration), secret: registration.secret };
    });
  }

  listCallbacks(tenant: Tenant): CallbackView[] {
    return [...this.state(tenant).callbacks.values()].map(viewCallback);
  }

  /** Removes a registration; deliveries already started go on. @throws CALLBACK_NOT_FOUND */
  deleteCallback(tenant: Tenant, id: string): void {
    if (!this.state(tenant).callbacks.delete(id)) throw paymentsProblems.CALLBACK_NOT_FOUND(`No callback ${id} in tenant ${tenant.name}`);
  }

  /**
   * The tenant's delivery log, oldest first. The tenant's invoices are first brought up to the virtual now, so a
   * late confirmation the clock has passed is notified (and logged) without its invoice being read.
   */
  deliveries(tenant: Tenant, filter: { invoiceId?: string; status?: Delivery['status'] } = {}): Delivery[] {
    return this.advanceAll(tenant).deliveries.filter(
      (d) => (filter.invoiceId === undefined || d.invoiceId === filter.invoiceId) && (filter.status === undefined || d.status === filter.status),
    );
  }

  private retryPolicy(patch: Partial<RetryPolicy> | undefined): RetryPolicy {
    const policy = { ...this.defaultRetry, ...patch };
    for (const [name, { minimum, maximum }] of Object.entries(RETRY_LIMITS) as [keyof RetryPolicy, { minimum: number; maximum: number }][]) {
      const value = policy[name];
      if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum || value > maximum) {
        throw paymentsProblems.PAYMENT_FIELD_INVALID(`retry.${name} must be a number from ${minimum} to ${maximum}, got ${JSON.stringify(value)}`);
      }
    }
    if (!Number.isInteger(policy.maxAttempts)) throw paymentsProblems.PAYMENT_FIELD_INVALID('retry.maxAttempts must be a whole number');
    return policy;
  }

  /** The invoice by id, advanced to the virtual now. */
  private current(tenant: Tenant, id: string): Invoice {
    const state = this.state(tenant);
    const invoice = state.invoices.get(id);
    if (!invoice) throw paymentsProblems.INVOICE_NOT_FOUND(`No invoice ${id} in tenant ${tenant.name}`);
    this.advance(tenant, state, invoice);
    return invoice;
  }

  /**
   * Brings every invoice of the tenant up to the virtual now (expiry, late confirmation, with its notification).
   * Status is evaluated lazily: moving the clock alone changes nothing until the tenant's payments are read.
   */
  private advanceAll(tenant: Tenant): PaymentsState {
    const state = this.state(tenant);
    for (const invoice of state.invoices.values()) this.advance(tenant, state, invoice);
    return state;
  }

  /** Lazy evaluation on the virtual clock; a payment that just became CONFIRMED is notified. */
  private advance(tenant: Tenant, state: PaymentsState, invoice: Invoice): void {
    if (advanceInvoice(invoice, tenant.clock.now()).confirmed) this.notify(tenant, state, invoice);
  }

  private notify(tenant: Tenant, state: PaymentsState, invoice: Invoice): void {
    if (state.callbacks.size === 0) return;
    const unsigned = notificationXml(notificationOf(invoice));
    const payload = this.signing.signNotification ? this.signing.signNotification(unsigned) : unsigned;
    const isLive = () => this.tenants.names().includes(tenant.name) && this.tenants.get(tenant.name) === tenant;
    for (const registration of state.callbacks.values()) {
      const delivery: Delivery = {
        id: `DL${String(state.next('delivery')).padStart(6, '0')}`,
        callbackId: registration.id,
        url: registration.url,
        event: 'payment.confirmed',
        invoiceId: invoice.id,
        status: 'pending',
        maxAttempts: registration.retry.maxAttempts,
        attempts: [],
        nextAttemptAt: null,
        eventTime: (invoice.confirmedAt ?? tenant.clock.now()).toISOString(),
        contentType: NOTIFICATION_CONTENT_TYPE,
        payload,
      };
      state.deliveries.push(delivery);
      trimLog(state.deliveries);
      this.dispatcher.start(delivery, registration, tenant.name, isLive);
    }
  }

  private normaliseCreate(input: CreateInvoiceInput): {
    payerIin: string;
    amountTiyn: number;
    serviceSlug: string;
    applicationId: string;
    kbk: string;
    knp: string;
    kno: string;
    payerName?: string;
    expiresInMinutes?: number;
  } {
    requireValidIin(input.payerIin);
    const amountTiyn = typeof input.amount === 'number' ? amountToTiyn(input.amount) : null;
    if (amountTiyn === null) {
      throw paymentsProblems.AMOUNT_INVALID(`amount must be a positive number of tenge with at most two decimals, got ${JSON.stringify(input.amount)}`);
    }
    if (!SLUG.test(input.serviceSlug)) throw paymentsProblems.PAYMENT_FIELD_INVALID(`serviceSlug must be a lower-case slug, got ${JSON.stringify(input.serviceSlug.slice(0, 80))}`);
    if (!APPLICATION_ID.test(input.applicationId)) throw paymentsProblems.PAYMENT_FIELD_INVALID('applicationId must be 1-64 printable ASCII characters');
    const kbk = input.kbk ?? DEFAULT_KBK_BY_SERVICE[input.serviceSlug];
    if (kbk === undefined) {
      throw paymentsProblems.KBK_REQUIRED(
        `Service ${input.serviceSlug} has no default КБК; give kbk (defaults exist for ${Object.keys(DEFAULT_KBK_BY_SERVICE).join(', ')})`,
      );
    }
    if (!/^\d{6}$/.test(kbk)) throw paymentsProblems.KBK_INVALID(`kbk must be 6 digits, got ${JSON.stringify(kbk.slice(0, 20))}`);
    const knp = input.knp ?? DEFAULT_KNP;
    if (!/^\d{3}$/.test(knp)) throw paymentsProblems.KNP_INVALID(`knp must be 3 digits, got ${JSON.stringify(knp.slice(0, 20))}`);
    const kno = input.kno ?? DEFAULT_KNO;
    if (!/^\d{4}$/.test(kno)) throw paymentsProblems.KNO_INVALID(`kno must be 4 digits, got ${JSON.stringify(kno.slice(0, 20))}`);
    if (input.payerName !== undefined && (input.payerName.trim() === '' || input.payerName.length > 200)) {
      throw paymentsProblems.PAYMENT_FIELD_INVALID('payerName must be 1-200 characters');
    }
    const ttl = input.expiresInMinutes;
    if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 1 || ttl > 43_200)) {
      throw paymentsProblems.PAYMENT_FIELD_INVALID(`expiresInMinutes must be a whole number from 1 to 43200, got ${JSON.stringify(ttl)}`);
    }
    return {
      payerIin: input.payerIin,
      amountTiyn,
      serviceSlug: input.serviceSlug,
      applicationId: input.applicationId,
      kbk,
      knp,
      kno,
      ...(input.payerName === undefined ? {} : { payerName: input.payerName.trim() }),
      ...(ttl === undefined ? {} : { expiresInMinutes: ttl }),
    };
  }
}

function viewCallback(r: CallbackRegistration): CallbackView {
  return { id: r.id, url: r.url, retry: r.retry, createdAt: r.createdAt };
}

/** Keeps the log bounded: drops the oldest finished deliveries. */
function trimLog(log: Delivery[]): void {
  while (log.length > DELIVERY_LOG_CAPACITY) {
    const index = log.findIndex((d) => d.status !== 'pending');
    if (index < 0) return;
    log.splice(index, 1);
  }
}
