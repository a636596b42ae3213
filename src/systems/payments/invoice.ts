/**
 * Invoices of the e-gov payment gateway (ЭҮТШ, "электрондық үкіметтің төлем шлюзі"): the fee to pay, its
 * budget codes, and the statuses CREATED -> PAID -> CONFIRMED -> USED, or REJECTED / EXPIRED.
 *
 * What the sandbox bank does with a payment is decided by a magic amount (the tiyn part, as GOV.UK Pay's
 * test card numbers do) or else by the payer persona's `fee-*` trait.
 * @see ../../../../shared/spec/integration-shapes.md §7 (statuses [R], КНП 911)
 * @see ../../../docs/systems/payments.md
 */
import type { Persona } from '../../personas/persona.js';

export const INVOICE_STATUSES = ['CREATED', 'PAID', 'CONFIRMED', 'USED', 'REJECTED', 'EXPIRED'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** КНП 911: state duty and fees to the budget (integration-shapes §7). */
export const DEFAULT_KNP = '911';
/** КНО: code of the state revenue body receiving the fee. Ours: Astana's (the real code depends on the payer's district). */
export const DEFAULT_KNO = '6205';
/** КБК 105315: licence fee for the right to engage in certain activities. Our reading: the seeds give no code. */
export const LICENCE_FEE_KBK = '105315';

/** Default КБК by service slug (the regulations' licensing services); other services must name theirs. */
export const DEFAULT_KBK_BY_SERVICE: Readonly<Record<string, string>> = {
  'advocate-license': LICENCE_FEE_KBK,
  'forensic-expert-license': LICENCE_FEE_KBK,
  'bailiff-license': LICENCE_FEE_KBK,
};

/** What the sandbox bank does when asked to pay an invoice. */
export type BankBehaviour = 'pays' | 'not-made' | 'paper-receipt' | 'declines' | 'times-out' | 'confirms-late';

/**
 * Magic amounts: the tiyn part of the amount forces the bank's behaviour, whoever pays.
 * Other tiyn parts (e.g. .00, .50) let the payer persona's trait decide.
 */
export const MAGIC_TIYN: Readonly<Record<number, BankBehaviour>> = {
  13: 'declines',
  14: 'times-out',
  15: 'confirms-late',
  16: 'not-made',
};

/** The persona trait behind each behaviour; a payer who is no persona, or has no fee trait, pays. */
export const FEE_TRAIT_BEHAVIOUR: Readonly<Record<string, BankBehaviour>> = {
  'fee-pays': 'pays',
  'fee-not-paid': 'not-made',
  'fee-paper-receipt': 'paper-receipt',
  'fee-declined': 'declines',
  'fee-timeout': 'times-out',
  'fee-late-confirmation': 'confirms-late',
};

/** Decides the bank's behaviour: a magic amount first, then the persona's fee trait, else it pays. */
export function bankBehaviour(amountTiyn: number, payer: Persona | undefined): { behaviour: BankBehaviour; by: string } {
  const magic = MAGIC_TIYN[amountTiyn % 100];
  if (magic) return { behaviour: magic, by: `magic amount (tiyn .${String(amountTiyn % 100).padStart(2, '0')})` };
  for (const trait of payer?.traits ?? []) {
    const behaviour = FEE_TRAIT_BEHAVIOUR[trait];
    if (behaviour) return { behaviour, by: `persona trait ${trait}` };
  }
  return { behaviour: 'pays', by: payer ? 'persona default (fee-pays)' : 'default (not a persona)' };
}

export interface Invoice {
  /** ЭҮТШ reference of the invoice; `reference` in the notification. */
  id: string;
  status: InvoiceStatus;
  /** Whole tiyn: 1 KZT = 100 tiyn. */
  amountTiyn: number;
  kbk: string;
  knp: string;
  kno: string;
  payerIin: string;
  payerName: string;
  serviceSlug: string;
  applicationId: string;
  createdAt: Date;
  expiresAt: Date;
  paidAt: Date | null;
  /** When a PAID invoice becomes CONFIRMED (equal to paidAt unless the bank confirms late). */
  confirmAt: Date | null;
  confirmedAt: Date | null;
  usedAt: Date | null;
  usedBy: string | null;
  rejectedAt: Date | null;
  rejectionReason: string | null;
  expiredAt: Date | null;
  bankReference: string | null;
  /** Number of the payment order the bank sent to the treasury (`docNumber`). */
  docNumber: string | null;
}

/** An invoice as JSON (REST) and as the XML elements of the SHEP response. */
export interface InvoiceView {
  id: string;
  status: InvoiceStatus;
  amount: number;
  currency: 'KZT';
  kbk: string;
  knp: string;
  kno: string;
  payerIin: string;
  payerName: string;
  serviceSlug: string;
  applicationId: string;
  createdAt: string;
  expiresAt: string;
  paidAt: string | null;
  confirmAt: string | null;
  confirmedAt: string | null;
  usedAt: string | null;
  usedBy: string | null;
  rejectedAt: string | null;
  rejectionReason: string | null;
  expiredAt: string | null;
  bankReference: string | null;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function viewInvoice(invoice: Invoice): InvoiceView {
  return {
    id: invoice.id,
    status: invoice.status,
    amount: invoice.amountTiyn / 100,
    currency: 'KZT',
    kbk: invoice.kbk,
    knp: invoice.knp,
    kno: invoice.kno,
    payerIin: invoice.payerIin,
    payerName: invoice.payerName,
    serviceSlug: invoice.serviceSlug,
    applicationId: invoice.applicationId,
    createdAt: invoice.createdAt.toISOString(),
    expiresAt: invoice.expiresAt.toISOString(),
    paidAt: iso(invoice.paidAt),
    confirmAt: iso(invoice.confirmAt),
    confirmedAt: iso(invoice.confirmedAt),
    usedAt: iso(invoice.usedAt),
    usedBy: invoice.usedBy,
    rejectedAt: iso(invoice.rejectedAt),
    rejectionReason: invoice.rejectionReason,
    expiredAt: iso(invoice.expiredAt),
    bankReference: invoice.bankReference,
  };
}

/**
 * Moves an invoice along the virtual clock: CREATED past its expiry becomes EXPIRED, PAID past its
 * confirmation time becomes CONFIRMED. Statuses are evaluated lazily, whenever an invoice is read.
 * @returns whether the invoice has just become CONFIRMED (a notification is due)
 */
export function advanceInvoice(invoice: Invoice, now: Date): { confirmed: boolean } {
  if (invoice.status === 'CREATED' && now.getTime() >= invoice.expiresAt.getTime()) {
    invoice.status = 'EXPIRED';
    invoice.expiredAt = invoice.expiresAt;
  }
  if (invoice.status === 'PAID' && invoice.confirmAt && now.getTime() >= invoice.confirmAt.getTime()) {
    invoice.status = 'CONFIRMED';
    invoice.confirmedAt = invoice.confirmAt;
    return { confirmed: true };
  }
  return { confirmed: false };
}

/** Parses a KZT amount into whole tiyn; null when not positive or finer than a tiyn. */
export function amountToTiyn(amount: number): number | null {
  if (!Number.isFinite(amount) || amount <= 0 || amount > 1_000_000_000) return null;
  const tiyn = Math.round(amount * 100);
  if (Math.abs(tiyn - amount * 100) > 1e-6 || tiyn < 1) return null;
  return tiyn;
}

/** `1262.5` -> `1262.50`, as the payment order writes it. */
export function formatAmount(tiyn: number): string {
  return `${Math.floor(tiyn / 100)}.${String(tiyn % 100).padStart(2, '0')}`;
}
