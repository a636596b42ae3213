/**
 * Payment gateway (ЭҮТШ) REST routes under `/payments`: invoices, paying through the sandbox bank, use,
 * bank transactions, callback registrations and their delivery log.
 * @see ../../../docs/systems/payments.md
 */
import type { FastifyInstance } from 'fastify';
import { FEE_TRAIT_BEHAVIOUR, INVOICE_STATUSES, type InvoiceStatus, MAGIC_TIYN } from './invoice.js';
import { DEFAULT_RETRY, NOTIFICATION_NS, RETRY_LIMITS, SIGNATURE_HEADER } from './notifications.js';
import { type CallbackInput, type CreateInvoiceInput, type PayInput, PaymentsService, type UseInput } from './service.js';

declare module '../../core/sandbox-plugin.js' {
  interface Sandbox {
    /** The payment gateway (ЭҮТШ), for the SHEP gateway and the regulation engine. */
    payments: PaymentsService;
  }
}

export { PaymentsService };

const tags = ['payments'];
const problem = { $ref: 'Problem#' };
const nullableString = { type: ['string', 'null'] } as const;

export const invoiceSchema = {
  type: 'object',
  required: ['id', 'status', 'amount', 'currency', 'kbk', 'knp', 'kno', 'payerIin', 'payerName', 'serviceSlug', 'applicationId', 'createdAt', 'expiresAt'],
  properties: {
    id: { type: 'string', description: 'ЭҮТШ reference of the invoice (`reference` in the notification)' },
    status: { type: 'string', enum: [...INVOICE_STATUSES] },
    amount: { type: 'number', description: 'KZT' },
    currency: { type: 'string', enum: ['KZT'] },
    kbk: { type: 'string', description: 'КБК, budget classification code' },
    knp: { type: 'string', description: 'КНП, payment purpose code (911: state duty / fee)' },
    kno: { type: 'string', description: 'КНО, state revenue body code' },
    payerIin: { type: 'string' },
    payerName: { type: 'string' },
    serviceSlug: { type: 'string' },
    applicationId: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    paidAt: nullableString,
    confirmAt: { ...nullableString, description: 'When a PAID payment becomes CONFIRMED (virtual time)' },
    confirmedAt: nullableString,
    usedAt: nullableString,
    usedBy: { ...nullableString, description: 'The application that used the payment' },
    rejectedAt: nullableString,
    rejectionReason: nullableString,
    expiredAt: nullableString,
    bankReference: nullableString,
  },
} as const;

const idempotencyHeaders = {
  type: 'object',
  properties: {
    'idempotency-key': {
      type: 'string',
      description:
        'Makes a retry safe: the same key with the same request answers the first answer again (header `Idempotent-Replayed: true`); the same key with another request is 422 IDEMPOTENCY_KEY_REUSED. 1-255 printable ASCII characters.',
    },
  },
} as const;

const retrySchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(
    Object.entries(RETRY_LIMITS).map(([name, limits]) => [
      name,
      // No `default` here: a field left out takes the server's default (buildServer({ payments: { callbackRetry } })).
      { type: name === 'maxAttempts' ? 'integer' : 'number', ...limits, description: `default ${DEFAULT_RETRY[name as keyof typeof DEFAULT_RETRY]} unless the server sets another` },
    ]),
  ),
} as const;

const callbackSchema = {
  type: 'object',
  required: ['id', 'url', 'retry', 'createdAt'],
  properties: {
    id: { type: 'string' },
    url: { type: 'string' },
    retry: {
      type: 'object',
      properties: Object.fromEntries(Object.keys(RETRY_LIMITS).map((name) => [name, { type: 'number' }])),
    },
    createdAt: { type: 'string' },
    secret: { type: 'string', description: `HMAC-SHA256 key of the ${SIGNATURE_HEADER} header; shown only in the registration answer` },
  },
} as const;

const deliverySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    callbackId: { type: 'string' },
    url: { type: 'string' },
    event: { type: 'string' },
    invoiceId: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'delivered', 'failed', 'cancelled'] },
    maxAttempts: { type: 'integer' },
    attempts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attempt: { type: 'integer' },
          startedAt: { type: 'string' },
          statusCode: { type: ['integer', 'null'] },
          error: nullableString,
          delivered: { type: 'boolean' },
        },
      },
    },
    nextAttemptAt: nullableString,
    eventTime: { type: 'string' },
    contentType: { type: 'string' },
    payload: { type: 'string', description: `notificationPayment XML (namespace ${NOTIFICATION_NS})` },
  },
} as const;

const transactionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    invoiceId: { type: 'string' },
    amount: { type: 'number' },
    channel: { type: 'string' },
    outcome: { type: 'string', enum: ['charged', 'declined', 'timeout', 'not-made'] },
    decidedBy: { type: 'string' },
    bankReference: nullableString,
    at: { type: 'string' },
  },
} as const;

const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;

export async function paymentsPlugin(app: FastifyInstance): Promise<void> {
  const payments = app.sandbox.payments;
  app.addHook('onClose', async () => payments.close());
  // Bodies are optional on pay and use: an absent body is an empty one.
  const emptyBody = async (request: { body: unknown }) => {
    if (request.body === undefined || request.body === null) request.body = {};
  };

  app.post<{ Body: CreateInvoiceInput; Headers: { 'idempotency-key'?: string } }>(
    '/invoices',
    {
      schema: {
        summary: 'Create an invoice for a state fee (status CREATED)',
        description:
          'The tiyn part of `amount` may be a magic value: .13 declines, .14 times out, .15 confirms late, .16 is never paid. Otherwise the payer persona\'s fee-* trait decides. `kbk` defaults to 105315 for the licensing services, `knp` to 911, `kno` to 6205.',
        tags,
        operationId: 'paymentsCreateInvoice',
        headers: idempotencyHeaders,
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['payerIin', 'amount', 'serviceSlug', 'applicationId'],
          properties: {
            payerIin: { type: 'string', description: 'IIN of the payer (12 digits, valid checksum)' },
            amount: { type: 'number', description: 'KZT, at most two decimals' },
            serviceSlug: { type: 'string', description: 'The service the fee is for, e.g. advocate-license' },
            applicationId: { type: 'string', description: 'The application the fee pays for' },
            kbk: { type: 'string', description: 'КБК, 6 digits' },
            knp: { type: 'string', description: 'КНП, 3 digits; default 911' },
            kno: { type: 'string', description: 'КНО, 4 digits; default 6205' },
            payerName: { type: 'string', description: "Default: the persona's full name" },
            expiresInMinutes: { type: 'integer', description: 'Virtual minutes until a CREATED invoice EXPIRES; default 1440' },
          },
        },
        response: { 201: invoiceSchema, 400: problem, 409: problem, 422: problem, 503: problem },
      },
    },
    async (request, reply) => {
      const { invoice, replayed } = await payments.createInvoice(request.tenant, request.body, request.headers['idempotency-key']);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(invoice);
    },
  );

  app.get<{ Querystring: { payerIin?: string; applicationId?: string; status?: InvoiceStatus } }>(
    '/invoices',
    {
      schema: {
        summary: 'Invoices of the tenant, filtered',
        tags,
        operationId: 'paymentsListInvoices',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { payerIin: { type: 'string' }, applicationId: { type: 'string' }, status: { type: 'string', enum: [...INVOICE_STATUSES] } },
        },
        response: { 200: { type: 'object', required: ['invoices'], properties: { invoices: { type: 'array', items: invoiceSchema } } }, 400: problem, 503: problem },
      },
    },
    async (request) => ({ invoices: await payments.findInvoices(request.tenant, request.query) }),
  );

  app.get<{ Params: { id: string } }>(
    '/invoices/:id',
    {
      schema: {
        summary: 'One invoice; its status is evaluated on the virtual clock (expiry, late confirmation)',
        tags,
        operationId: 'paymentsGetInvoice',
        params: idParams,
        response: { 200: invoiceSchema, 404: problem, 503: problem },
      },
    },
    async (request) => payments.getInvoice(request.tenant, request.params.id),
  );

  app.post<{ Params: { id: string }; Body: PayInput; Headers: { 'idempotency-key'?: string } }>(
    '/invoices/:id/pay',
    {
      preValidation: emptyBody,
      schema: {
        summary: 'Pay the invoice through the sandbox bank',
        description:
          '200 with status CONFIRMED (or PAID, for a late confirmation). 402 PAYMENT_DECLINED (invoice REJECTED), 402 PAYMENT_NOT_MADE and 504 PAYMENT_TIMEOUT (invoice stays CREATED), 409 when the invoice is not payable. Use an Idempotency-Key to retry safely.',
        tags,
        operationId: 'paymentsPayInvoice',
        headers: idempotencyHeaders,
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { channel: { type: 'string', enum: ['card', 'account'], default: 'card' } } },
        response: { 200: invoiceSchema, 400: problem, 402: problem, 404: problem, 409: problem, 422: problem, 503: problem, 504: problem },
      },
    },
    async (request, reply) => {
      const { invoice, replayed } = await payments.pay(request.tenant, request.params.id, request.body, request.headers['idempotency-key']);
      if (replayed) reply.header('idempotent-replayed', 'true');
      return invoice;
    },
  );

  app.post<{ Params: { id: string }; Body: UseInput }>(
    '/invoices/:id/use',
    {
      preValidation: emptyBody,
      schema: {
        summary: 'Use a CONFIRMED payment for its application (once)',
        description: 'A second use is 409 PAYMENT_ALREADY_USED. When `applicationId` is given it must be the invoice\'s.',
        tags,
        operationId: 'paymentsUseInvoice',
        params: idParams,
        body: { type: 'object', additionalProperties: false, properties: { applicationId: { type: 'string' } } },
        response: { 200: invoiceSchema, 400: problem, 404: problem, 409: problem, 503: problem },
      },
    },
    async (request) => payments.use(request.tenant, request.params.id, request.body),
  );

  app.get<{ Querystring: { invoiceId?: string } }>(
    '/bank/transactions',
    {
      schema: {
        summary: "The sandbox bank's transactions: what was charged, declined, timed out or not made",
        tags,
        operationId: 'paymentsBankTransactions',
        querystring: { type: 'object', additionalProperties: false, properties: { invoiceId: { type: 'string' } } },
        response: { 200: { type: 'object', properties: { transactions: { type: 'array', items: transactionSchema } } }, 400: problem },
      },
    },
    async (request) => ({ transactions: payments.transactions(request.tenant, request.query.invoiceId) }),
  );

  app.post<{ Body: CallbackInput }>(
    '/callbacks',
    {
      schema: {
        summary: 'Register a callback URL for payment notifications (loopback hosts only)',
        description: `When a payment becomes CONFIRMED, a notificationPayment (XML, namespace ${NOTIFICATION_NS}) is POSTed with header \`${SIGNATURE_HEADER}: sha256=<HMAC-SHA256 of the body with the secret>\`, retried with exponential backoff until a 2xx or maxAttempts. A URL whose host is not localhost, 127.0.0.0/8 or [::1] is 400 CALLBACK_URL_NOT_LOOPBACK.`,
        tags,
        operationId: 'paymentsRegisterCallback',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['url'],
          properties: {
            url: { type: 'string', description: 'http(s) URL on a loopback host' },
            secret: { type: 'string', description: 'HMAC key, 8-256 characters; generated when absent' },
            retry: retrySchema,
          },
        },
        response: { 201: callbackSchema, 400: problem, 409: problem, 503: problem },
      },
    },
    async (request, reply) => reply.code(201).send(await payments.registerCallback(request.tenant, request.body)),
  );

  app.get(
    '/callbacks',
    {
      schema: {
        summary: 'Callback registrations of the tenant (without their secrets)',
        tags,
        operationId: 'paymentsListCallbacks',
        response: { 200: { type: 'object', properties: { callbacks: { type: 'array', items: callbackSchema } } } },
      },
    },
    async (request) => ({ callbacks: payments.listCallbacks(request.tenant) }),
  );

  app.delete<{ Params: { id: string } }>(
    '/callbacks/:id',
    {
      schema: {
        summary: 'Remove a callback registration',
        tags,
        operationId: 'paymentsDeleteCallback',
        params: idParams,
        response: { 200: { type: 'object', required: ['id', 'deleted'], properties: { id: { type: 'string' }, deleted: { type: 'boolean' } } }, 404: problem },
      },
    },
    async (request) => {
      payments.deleteCallback(request.tenant, request.params.id);
      return { id: request.params.id, deleted: true };
    },
  );

  app.get<{ Querystring: { invoiceId?: string; status?: 'pending' | 'delivered' | 'failed' | 'cancelled' } }>(
    '/callbacks/deliveries',
    {
      schema: {
        summary: 'The delivery log: every notification, its attempts and outcome',
        description:
          "Reading the log first brings the tenant's invoices up to the virtual now, as reading an invoice does: a late confirmation whose confirmAt the clock has passed is confirmed and notified then (moving the clock alone sends nothing).",
        tags,
        operationId: 'paymentsCallbackDeliveries',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { invoiceId: { type: 'string' }, status: { type: 'string', enum: ['pending', 'delivered', 'failed', 'cancelled'] } },
        },
        response: { 200: { type: 'object', properties: { deliveries: { type: 'array', items: deliverySchema } } }, 400: problem },
      },
    },
    async (request) => ({ deliveries: payments.deliveries(request.tenant, request.query) }),
  );

  app.get(
    '/magic-values',
    {
      schema: {
        summary: 'What forces each outcome of a payment: magic amounts and persona traits',
        tags,
        operationId: 'paymentsMagicValues',
        response: {
          200: {
            type: 'object',
            properties: {
              amounts: { type: 'array', items: { type: 'object', properties: { tiyn: { type: 'string' }, behaviour: { type: 'string' } } } },
              traits: { type: 'array', items: { type: 'object', properties: { trait: { type: 'string' }, behaviour: { type: 'string' } } } },
            },
          },
        },
      },
    },
    async () => ({
      amounts: Object.entries(MAGIC_TIYN).map(([tiyn, behaviour]) => ({ tiyn: `.${tiyn.padStart(2, '0')}`, behaviour })),
      traits: Object.entries(FEE_TRAIT_BEHAVIOUR).map(([trait, behaviour]) => ({ trait, behaviour })),
    }),
  );
}
