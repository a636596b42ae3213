/**
 * What the payment-gateway tests share: the personas of each fee behaviour, and a JSON call helper.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** Bundled personas by fee trait (fixtures/personas/000-happy.json, 040-payments.json). */
export const PAYERS = {
  pays: '900115300013',
  notPaid: '920214417781',
  declined: '881119302404',
  timeout: '910730409039',
  lateConfirmation: '860404313145',
  paperReceipt: '830909404559',
} as const;

export interface Call {
  method?: 'GET' | 'POST' | 'DELETE' | 'PUT';
  url: string;
  payload?: unknown;
  tenant?: string;
  headers?: Record<string, string>;
}

/** One REST call; `json` is the parsed body (or null when there is none). */
export async function rest(app: FastifyInstance, call: Call): Promise<{ status: number; json: any; res: LightMyRequestResponse }> {
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  if (call.tenant) headers['x-sandbox-tenant'] = call.tenant;
  const res = await app.inject({
    method: call.method ?? (call.payload === undefined ? 'GET' : 'POST'),
    url: call.url,
    headers,
    ...(call.payload === undefined ? {} : { payload: call.payload as Record<string, unknown> }),
  });
  return { status: res.statusCode, json: res.body ? JSON.parse(res.body) : null, res };
}

/** A fee invoice body for a payer, with the amount given (magic tiyn parts force outcomes). */
export function invoiceBody(payerIin: string, amount = 12966, applicationId = `APP-${payerIin}`): Record<string, unknown> {
  return { payerIin, amount, serviceSlug: 'advocate-license', applicationId };
}

/** Creates an invoice and returns it; fails the test's expectation loudly when the gateway refuses. */
export async function createInvoice(app: FastifyInstance, tenant: string, body: Record<string, unknown>): Promise<any> {
  const { status, json } = await rest(app, { url: '/payments/invoices', payload: body, tenant });
  if (status !== 201) throw new Error(`create invoice answered ${status}: ${JSON.stringify(json)}`);
  return json;
}

export async function advanceClock(app: FastifyInstance, tenant: string, advance: string): Promise<void> {
  const { status, json } = await rest(app, { url: '/__admin/clock', payload: { advance }, tenant });
  if (status !== 200) throw new Error(`clock answered ${status}: ${JSON.stringify(json)}`);
}
