import t from 'tap';
import { buildServer } from '../../src/server.js';
import { shepJson } from './_soap.js';
import { createInvoice, invoiceBody, PAYERS, rest } from './_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const key = (k: string) => ({ 'idempotency-key': k });

async function invoiceCount(tenant: string): Promise<number> {
  return (await rest(app, { url: '/payments/invoices', tenant })).json.invoices.length;
}

async function outcomes(tenant: string, invoiceId: string): Promise<string[]> {
  return (await rest(app, { url: `/payments/bank/transactions?invoiceId=${invoiceId}`, tenant })).json.transactions.map((x: any) => x.outcome);
}

t.test('a retried create with the same key answers the same invoice and creates one', async (t) => {
  const tenant = 'idem-create';
  const body = invoiceBody(PAYERS.pays, 2500, 'APP-IDEM');
  const first = await rest(app, { url: '/payments/invoices', payload: body, tenant, headers: key('create-1') });
  const second = await rest(app, { url: '/payments/invoices', payload: body, tenant, headers: key('create-1') });
  t.equal(first.status, 201);
  t.equal(second.status, 201);
  t.same(second.json, first.json, 'the same answer');
  t.equal(second.res.headers['idempotent-replayed'], 'true');
  t.notOk(first.res.headers['idempotent-replayed'], 'the first answer is not a replay');
  t.equal(await invoiceCount(tenant), 1, 'one invoice');
});

t.test('the same key with another body is 422 IDEMPOTENCY_KEY_REUSED and creates nothing', async (t) => {
  const tenant = 'idem-reuse';
  await rest(app, { url: '/payments/invoices', payload: invoiceBody(PAYERS.pays, 2500), tenant, headers: key('k') });
  const other = await rest(app, { url: '/payments/invoices', payload: invoiceBody(PAYERS.pays, 2600), tenant, headers: key('k') });
  t.equal(other.status, 422);
  t.equal(other.json.code, 'IDEMPOTENCY_KEY_REUSED');
  t.equal(await invoiceCount(tenant), 1);
});

t.test('the same key in another tenant is another key', async (t) => {
  const a = await rest(app, { url: '/payments/invoices', payload: invoiceBody(PAYERS.pays, 1), tenant: 'idem-ta', headers: key('shared') });
  const b = await rest(app, { url: '/payments/invoices', payload: invoiceBody(PAYERS.pays, 2), tenant: 'idem-tb', headers: key('shared') });
  t.equal(a.status, 201);
  t.equal(b.status, 201);
  t.equal(b.json.amount, 2);
});

t.test('a retried payment with the same key is not charged twice', async (t) => {
  const tenant = 'idem-pay';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays));
  const first = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant, headers: key('pay-1') });
  const retry = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant, headers: key('pay-1') });
  t.equal(first.status, 200);
  t.equal(retry.status, 200, 'the retry succeeds like the first');
  t.equal(retry.json.bankReference, first.json.bankReference, 'with the same bank reference');
  t.equal(retry.res.headers['idempotent-replayed'], 'true');
  t.same(await outcomes(tenant, invoice.id), ['charged'], 'one charge');
  const otherInvoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays, 10, 'APP-2'));
  const reused = await rest(app, { url: `/payments/invoices/${otherInvoice.id}/pay`, payload: {}, tenant, headers: key('pay-1') });
  t.equal(reused.status, 422, 'the key of one payment cannot pay another invoice');
  t.equal(reused.json.code, 'IDEMPOTENCY_KEY_REUSED');
  t.equal((await rest(app, { url: `/payments/invoices/${otherInvoice.id}`, tenant })).json.status, 'CREATED');
});

t.test('a decline is remembered: the retry answers the same decline without asking the bank again', async (t) => {
  const tenant = 'idem-decline';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.declined));
  const first = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant, headers: key('d') });
  const retry = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant, headers: key('d') });
  t.equal(first.json.code, 'PAYMENT_DECLINED');
  t.equal(retry.json.code, 'PAYMENT_DECLINED', 'not INVOICE_REJECTED: the first answer again');
  t.same(await outcomes(tenant, invoice.id), ['declined']);
});

t.test('a timeout is not remembered: the retry asks the bank again', async (t) => {
  const tenant = 'idem-timeout';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.timeout));
  for (let i = 0; i < 2; i++) {
    const res = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant, headers: key('tmo') });
    t.equal(res.json.code, 'PAYMENT_TIMEOUT');
  }
  t.same(await outcomes(tenant, invoice.id), ['timeout', 'timeout']);
});

t.test('a malformed key is 400 IDEMPOTENCY_KEY_INVALID and changes nothing', async (t) => {
  const tenant = 'idem-bad';
  for (const bad of ['with space', 'x'.repeat(256)]) {
    const res = await rest(app, { url: '/payments/invoices', payload: invoiceBody(PAYERS.pays), tenant, headers: key(bad) });
    t.equal(res.status, 400, bad.slice(0, 20));
    t.equal(res.json.code, 'IDEMPOTENCY_KEY_INVALID');
  }
  t.equal(await invoiceCount(tenant), 0);
});

t.test('REST and SHEP share keys: the same key and data through both give one invoice', async (t) => {
  const tenant = 'idem-shep';
  const viaRest = await rest(app, { url: '/payments/invoices', payload: invoiceBody(PAYERS.pays, 1262.5, 'APP-S'), tenant, headers: key('both') });
  const viaShep = await shepJson(app, {
    serviceId: 'PAYMENTS_InvoiceSync',
    tenant,
    data: `<payerIin>${PAYERS.pays}</payerIin><amount>1262.50</amount><serviceSlug>advocate-license</serviceSlug><applicationId>APP-S</applicationId><idempotencyKey>both</idempotencyKey>`,
  });
  t.match(viaShep, { result: { code: 'OK' }, invoice: { id: viaRest.json.id } });
  t.equal(await invoiceCount(tenant), 1);
});

t.test('a payment retried while the first is still slowed by injected latency is charged once', async (t) => {
  const tenant = 'idem-latency';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays));
  await rest(app, { url: '/__admin/faults', payload: { system: 'payments', latencyMs: 150 }, tenant });
  const pay = () => rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant, headers: key('slow') });
  const [first, retry] = await Promise.all([pay(), pay()]);
  await rest(app, { url: '/__admin/faults', payload: { system: 'payments', clear: true }, tenant });
  t.equal(first.status, 200);
  t.equal(retry.status, 200);
  t.equal(retry.json.bankReference, first.json.bankReference);
  t.same(await outcomes(tenant, invoice.id), ['charged']);
});
