/**
 * The emulated systems' REST APIs, one small area each: GBD FL (ЖТ МДҚ), АИС СУ, legal statistics (ҚР БП ҚСЖАЕК АЖ,
 * ББТ), the notary registry (БНАЖ), the payment gateway (ЭҮТШ) and e-licensing. Answers are the systems' JSON as
 * their docs describe it; errors are {@link SandboxProblemError}s.
 * @see ../../docs/systems/
 */
import type { SdkContext } from './context.js';
import { problemError } from './transport.js';
import type { JsonObject } from './types.js';

const seg = encodeURIComponent;

/** GBD FL, the population register (`client.gbdfl`). @see ../../README.md#gbd-fl-жт-мдқ */
export interface GbdflApi {
  /** A person by IIN (`GET /gbdfl/persons/{iin}`); 404 `PERSON_NOT_FOUND`, 400 `IIN_INVALID`. */
  person(iin: string): Promise<JsonObject>;
}

/** АИС СУ, special records (`client.aisSu`). @see ../../docs/systems/ais-su.md */
export interface AisSuApi {
  /** Criminal-record data (`GET /ais-su/persons/{iin}/criminal-record`): `NO_RECORD`, `RECORD`, `NO_DATA`, `ADDITIONAL_CHECK`. */
  criminalRecord(iin: string): Promise<JsonObject>;
  /** An additional check's state (`GET /ais-su/checks/{id}`). */
  check(id: string): Promise<JsonObject>;
  /**
   * Issues a criminal-record certificate (`POST /ais-su/certificates`): its id (from `Location`) and the signed XML.
   * 409 `ADDITIONAL_CHECK_IN_PROGRESS`, 422 `CRIMINAL_RECORD_NO_DATA`.
   */
  requestCertificate(iin: string): Promise<{ id: string; location: string; xml: string }>;
  /** A certificate issued earlier, as signed XML (`GET /ais-su/certificates/{id}`). */
  certificate(id: string): Promise<string>;
  /** Archive search (`GET /ais-su/persons/{iin}/archive`). */
  archive(iin: string): Promise<JsonObject>;
}

/** Legal statistics (`client.legalStats`). @see ../../docs/systems/legal-stats.md */
export interface LegalStatsApi {
  adminOffences(iin: string): Promise<JsonObject>;
  /** Checks against ҚР БП ҚСЖАЕК АЖ and ББТ, or the one `register` names (`prosecutor`, `bbt`). */
  registerChecks(iin: string, register?: 'prosecutor' | 'bbt'): Promise<JsonObject>;
  registers(): Promise<JsonObject>;
}

/** The notary registry, БНАЖ (`client.notary`). @see ../../docs/systems/notary.md */
export interface NotaryApi {
  powerOfAttorney(number: string): Promise<JsonObject>;
  powersOfAttorney(filter: { principalIin?: string; representativeIin?: string }): Promise<JsonObject>;
  /** May the representative act for the principal in this service? `FOUND_VALID`, `NOT_FOUND`, `EXPIRED`, `REVOKED`, `OUT_OF_SCOPE`. */
  checkPowerOfAttorney(input: { principalIin: string; representativeIin: string; service: string }): Promise<JsonObject>;
}

/** An optional idempotency key: with one, a payment POST is retried like an idempotent call. */
export interface IdempotencyOption {
  /** Sent as `Idempotency-Key`; the same key and body are answered once (a retried payment is charged once). */
  idempotencyKey?: string;
}

/** The payment gateway, ЭҮТШ (`client.payments`). @see ../../docs/systems/payments.md */
export interface PaymentsApi {
  /** Creates a fee invoice (`POST /payments/invoices`). */
  createInvoice(input: { payerIin: string; amount: number; serviceSlug: string; applicationId: string; kbk?: string; knp?: string; kno?: string; payerName?: string; expiresInMinutes?: number }, options?: IdempotencyOption): Promise<JsonObject>;
  invoices(filter?: { payerIin?: string; applicationId?: string; status?: string }): Promise<JsonObject[]>;
  /** An invoice and its status (`GET /payments/invoices/{id}`). */
  invoice(id: string): Promise<JsonObject>;
  /** Pays through the sandbox bank (`POST /payments/invoices/{id}/pay`): 402 `PAYMENT_DECLINED`, 504 `PAYMENT_TIMEOUT`... */
  pay(id: string, input?: { channel?: 'card' | 'account' }, options?: IdempotencyOption): Promise<JsonObject>;
  use(id: string, input?: { applicationId?: string }): Promise<JsonObject>;
  transactions(invoiceId?: string): Promise<JsonObject>;
  magicValues(): Promise<JsonObject>;
  registerCallback(input: JsonObject): Promise<JsonObject>;
  callbacks(): Promise<JsonObject>;
  deleteCallback(id: string): Promise<JsonObject>;
  deliveries(filter?: { invoiceId?: string; status?: string }): Promise<JsonObject>;
}

/** E-licensing (`client.elicense`). @see ../../docs/systems/elicense.md */
export interface ElicenseApi {
  licence(number: string): Promise<JsonObject>;
  licences(filter: { holderIin: string; type?: string }): Promise<JsonObject[]>;
  issue(input: { holderIin: string; type: string; applicationId?: string; holderName?: string; number?: string; [field: string]: unknown }): Promise<JsonObject>;
  reissue(number: string, input?: { applicationId?: string; reason?: string; holderName?: string }): Promise<JsonObject>;
  duplicate(number: string, input?: { applicationId?: string; reason?: string }): Promise<JsonObject>;
}

/** Builds the GBD FL area. @see ../../README.md#gbd-fl-жт-мдқ */
export function gbdflApi({ transport }: SdkContext): GbdflApi {
  return { person: (iin) => transport.json({ method: 'GET', path: `/gbdfl/persons/${seg(iin)}` }) };
}

/** Builds the АИС СУ area. @see ../../docs/systems/ais-su.md */
export function aisSuApi({ transport }: SdkContext): AisSuApi {
  return {
    criminalRecord: (iin) => transport.json({ method: 'GET', path: `/ais-su/persons/${seg(iin)}/criminal-record` }),
    check: (id) => transport.json({ method: 'GET', path: `/ais-su/checks/${seg(id)}` }),
    async requestCertificate(iin) {
      const spec = { method: 'POST', path: '/ais-su/certificates', json: { iin } } as const;
      const res = await transport.send(spec);
      if (res.status >= 400) throw problemError(res, spec);
      const location = res.headers.location ?? '';
      return { id: decodeURIComponent(location.split('/').pop() ?? ''), location, xml: res.body.toString('utf8') };
    },
    async certificate(id) {
      return (await transport.bytes({ method: 'GET', path: `/ais-su/certificates/${seg(id)}` })).toString('utf8');
    },
    archive: (iin) => transport.json({ method: 'GET', path: `/ais-su/persons/${seg(iin)}/archive` }),
  };
}

/** Builds the legal statistics area. @see ../../docs/systems/legal-stats.md */
export function legalStatsApi({ transport }: SdkContext): LegalStatsApi {
  return {
    adminOffences: (iin) => transport.json({ method: 'GET', path: `/legal-stats/persons/${seg(iin)}/admin-offences` }),
    registerChecks: (iin, register) => transport.json({ method: 'GET', path: `/legal-stats/persons/${seg(iin)}/register-checks`, query: { register } }),
    registers: () => transport.json({ method: 'GET', path: '/legal-stats/registers' }),
  };
}

/** Builds the notary area. @see ../../docs/systems/notary.md */
export function notaryApi({ transport }: SdkContext): NotaryApi {
  return {
    powerOfAttorney: (number) => transport.json({ method: 'GET', path: `/notary/powers-of-attorney/${seg(number)}` }),
    powersOfAttorney: (filter) => transport.json({ method: 'GET', path: '/notary/powers-of-attorney', query: { ...filter } }),
    checkPowerOfAttorney: (input) => transport.json({ method: 'POST', path: '/notary/powers-of-attorney/check', json: input }),
  };
}

/** Builds the payments area. @see ../../docs/systems/payments.md */
export function paymentsApi({ transport }: SdkContext): PaymentsApi {
  const key = (options: IdempotencyOption | undefined) => (options?.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey });
  return {
    createInvoice: (input, options) => transport.json({ method: 'POST', path: '/payments/invoices', json: input, ...key(options) }),
    async invoices(filter = {}) {
      return (await transport.json<{ invoices: JsonObject[] }>({ method: 'GET', path: '/payments/invoices', query: { ...filter } })).invoices;
    },
    invoice: (id) => transport.json({ method: 'GET', path: `/payments/invoices/${seg(id)}` }),
    pay: (id, input = {}, options) => transport.json({ method: 'POST', path: `/payments/invoices/${seg(id)}/pay`, json: input, ...key(options) }),
    use: (id, input = {}) => transport.json({ method: 'POST', path: `/payments/invoices/${seg(id)}/use`, json: input }),
    transactions: (invoiceId) => transport.json({ method: 'GET', path: '/payments/bank/transactions', query: { invoiceId } }),
    magicValues: () => transport.json({ method: 'GET', path: '/payments/magic-values' }),
    registerCallback: (input) => transport.json({ method: 'POST', path: '/payments/callbacks', json: input }),
    callbacks: () => transport.json({ method: 'GET', path: '/payments/callbacks' }),
    deleteCallback: (id) => transport.json({ method: 'DELETE', path: `/payments/callbacks/${seg(id)}` }),
    deliveries: (filter = {}) => transport.json({ method: 'GET', path: '/payments/callbacks/deliveries', query: { ...filter } }),
  };
}

/** Builds the e-licensing area. @see ../../docs/systems/elicense.md */
export function elicenseApi({ transport }: SdkContext): ElicenseApi {
  return {
    licence: (number) => transport.json({ method: 'GET', path: `/elicense/licences/${seg(number)}` }),
    async licences(filter) {
      return (await transport.json<{ licences: JsonObject[] }>({ method: 'GET', path: '/elicense/licences', query: { ...filter } })).licences;
    },
    issue: (input) => transport.json({ method: 'POST', path: '/elicense/licences', json: input }),
    reissue: (number, input = {}) => transport.json({ method: 'POST', path: `/elicense/licences/${seg(number)}/reissue`, json: input }),
    duplicate: (number, input = {}) => transport.json({ method: 'POST', path: `/elicense/licences/${seg(number)}/duplicate`, json: input }),
  };
}
