/**
 * The payment gateway's (ЭҮТШ) problem codes, REST. Through SHEP, the 400s become `INVALID_FIELD` faults
 * and the rest are answered as `result/code` in the response data (see ./shep.ts).
 * @see ../../../docs/systems/payments.md
 */
import { defineProblems } from '../../core/problem.js';

export const paymentsProblems = defineProblems('payments', {
  AMOUNT_INVALID: { status: 400, title: 'The amount must be a positive number of tenge with at most two decimals (tiyn)' },
  KBK_INVALID: { status: 400, title: 'КБК (budget classification code) must be 6 digits' },
  KBK_REQUIRED: { status: 400, title: 'КБК is required for a service the gateway has no default for' },
  KNP_INVALID: { status: 400, title: 'КНП (payment purpose code) must be 3 digits' },
  KNO_INVALID: { status: 400, title: 'КНО (state revenue body code) must be 4 digits' },
  PAYMENT_FIELD_INVALID: { status: 400, title: 'A field of the payment request has an invalid value' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, title: 'Idempotency-Key must be 1-255 printable ASCII characters' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'This Idempotency-Key was used for a different request' },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  INVOICE_NOT_FOUND: { status: 404, title: 'No such invoice' },
  INVOICE_EXPIRED: { status: 409, title: 'The invoice expired before it was paid' },
  INVOICE_ALREADY_PAID: { status: 409, title: 'The invoice is already paid' },
  INVOICE_REJECTED: { status: 409, title: 'The payment of this invoice was declined; create a new invoice' },
  INVOICE_NOT_PAID: { status: 409, title: 'The invoice is not paid' },
  PAYMENT_NOT_MADE: { status: 402, title: 'The payer did not complete the payment; the invoice stays CREATED' },
  PAYMENT_DECLINED: { status: 402, title: 'The sandbox bank declined the payment; the invoice is REJECTED' },
  PAYMENT_TIMEOUT: { status: 504, title: 'The sandbox bank did not answer; the invoice stays CREATED' },
  PAYMENT_NOT_CONFIRMED: { status: 409, title: 'The payment is not confirmed yet' },
  PAYMENT_ALREADY_USED: { status: 409, title: 'The payment has already been used' },
  PAYMENT_APPLICATION_MISMATCH: { status: 409, title: 'The payment belongs to another application' },
  CALLBACK_URL_INVALID: { status: 400, title: 'The callback URL must be an absolute http(s) URL' },
  CALLBACK_URL_NOT_LOOPBACK: { status: 400, title: 'Callbacks are delivered to loopback hosts only' },
  CALLBACK_NOT_FOUND: { status: 404, title: 'No such callback registration' },
  CALLBACK_LIMIT_REACHED: { status: 409, title: 'Too many callback registrations in this tenant' },
});

export type PaymentsProblemCode = keyof typeof paymentsProblems;
