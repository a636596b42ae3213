import t from 'tap';
import { buildServer } from '../../src/server.js';
import { advanceClock, createInvoice, invoiceBody, PAYERS, rest } from './_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

async function pay(tenant: string, id: string) {
  return rest(app, { url: `/payments/invoices/${id}/pay`, payload: {}, tenant });
}
async function read(tenant: string, id: string) {
  return (await rest(app, { url: `/payments/invoices/${id}`, tenant })).json;
}
async function transactions(tenant: string, id: string) {
  return (await rest(app, { url: `/payments/bank/transactions?invoiceId=${id}`, tenant })).json.transactions;
}

t.test('fee-pays: the bank charges and the payment is CONFIRMED at once', async (t) => {
  const tenant = 'pay-ok';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays));
  const res = await pay(tenant, invoice.id);
  t.equal(res.status, 200);
  t.equal(res.json.status, 'CONFIRMED');
  t.match(res.json.bankReference, /^SB\d{6}[0-9A-F]{10}$/);
  t.equal(res.json.paidAt, res.json.confirmedAt);
  t.match(await transactions(tenant, invoice.id), [{ outcome: 'charged', amount: 12966, bankReference: res.json.bankReference, decidedBy: 'persona trait fee-pays' }]);
  const again = await pay(tenant, invoice.id);
  t.equal(again.status, 409, 'paying again without a key is refused');
  t.equal(again.json.code, 'INVOICE_ALREADY_PAID');
  t.equal((await transactions(tenant, invoice.id)).length, 1, 'charged once');
});

t.test('a payer who is no persona pays too', async (t) => {
  const tenant = 'pay-stranger';
  const invoice = await createInvoice(app, tenant, invoiceBody('850720400017'));
  t.equal((await pay(tenant, invoice.id)).json.status, 'CONFIRMED');
});

t.test('fee-declined: 402 PAYMENT_DECLINED and the invoice is REJECTED for good', async (t) => {
  const tenant = 'pay-declined';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.declined));
  const res = await pay(tenant, invoice.id);
  t.equal(res.status, 402);
  t.equal(res.json.code, 'PAYMENT_DECLINED');
  t.equal(res.json.invoiceStatus, 'REJECTED');
  t.equal(res.json.decidedBy, 'persona trait fee-declined');
  const after = await read(tenant, invoice.id);
  t.match(after, { status: 'REJECTED', paidAt: null, bankReference: null, rejectionReason: /declined/ });
  const again = await pay(tenant, invoice.id);
  t.equal(again.json.code, 'INVOICE_REJECTED');
  t.match(await transactions(tenant, invoice.id), [{ outcome: 'declined' }]);
});

t.test('fee-timeout: 504 PAYMENT_TIMEOUT and the invoice stays CREATED', async (t) => {
  const tenant = 'pay-timeout';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.timeout));
  const res = await pay(tenant, invoice.id);
  t.equal(res.status, 504);
  t.equal(res.json.code, 'PAYMENT_TIMEOUT');
  t.equal((await read(tenant, invoice.id)).status, 'CREATED');
  t.match(await transactions(tenant, invoice.id), [{ outcome: 'timeout', bankReference: null }]);
});

t.test('fee-not-paid and fee-paper-receipt: 402 PAYMENT_NOT_MADE, the invoice stays CREATED, then EXPIRES', async (t) => {
  const tenant = 'pay-not-made';
  for (const payer of [PAYERS.notPaid, PAYERS.paperReceipt]) {
    const invoice = await createInvoice(app, tenant, invoiceBody(payer));
    const res = await pay(tenant, invoice.id);
    t.equal(res.status, 402, payer);
    t.equal(res.json.code, 'PAYMENT_NOT_MADE', payer);
    t.equal((await read(tenant, invoice.id)).status, 'CREATED', payer);
  }
  t.match((await rest(app, { url: '/payments/invoices', tenant })).json.invoices, [{ status: 'CREATED' }, { status: 'CREATED' }]);
  const paper = await rest(app, { url: `/payments/invoices?payerIin=${PAYERS.paperReceipt}`, tenant });
  const payPaper = await pay(tenant, paper.json.invoices[0].id);
  t.match(payPaper.json.detail, /paper receipt/, 'the paper-receipt payer is told why');
  await advanceClock(app, tenant, 'P1D');
  t.same((await rest(app, { url: '/payments/invoices', tenant })).json.invoices.map((i: any) => i.status), ['EXPIRED', 'EXPIRED']);
});

t.test('fee-late-confirmation: PAID at once, CONFIRMED only after 5 minutes of virtual time', async (t) => {
  const tenant = 'pay-late';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.lateConfirmation));
  const res = await pay(tenant, invoice.id);
  t.equal(res.status, 200);
  t.equal(res.json.status, 'PAID');
  t.equal(Date.parse(res.json.confirmAt) - Date.parse(res.json.paidAt), 5 * 60_000);
  await advanceClock(app, tenant, 'PT90S');
  t.equal((await read(tenant, invoice.id)).status, 'PAID', 'still PAID at the 1.5-minute payment check');
  const use = await rest(app, { url: `/payments/invoices/${invoice.id}/use`, payload: {}, tenant });
  t.equal(use.json.code, 'PAYMENT_NOT_CONFIRMED', 'a PAID payment cannot be used yet');
  await advanceClock(app, tenant, 'PT4M');
  const confirmed = await read(tenant, invoice.id);
  t.equal(confirmed.status, 'CONFIRMED');
  t.equal(confirmed.confirmedAt, res.json.confirmAt, 'confirmed at the announced time');
});

t.test('magic amounts force the outcome whoever pays, before the persona trait', async (t) => {
  const tenant = 'pay-magic';
  const cases: [number, string, number, string | undefined, string][] = [
    [1000.13, PAYERS.pays, 402, 'PAYMENT_DECLINED', 'REJECTED'],
    [1000.14, PAYERS.pays, 504, 'PAYMENT_TIMEOUT', 'CREATED'],
    [1000.15, PAYERS.pays, 200, undefined, 'PAID'],
    [1000.16, PAYERS.pays, 402, 'PAYMENT_NOT_MADE', 'CREATED'],
    [1000.15, PAYERS.declined, 200, undefined, 'PAID'],
    [1000.5, PAYERS.declined, 402, 'PAYMENT_DECLINED', 'REJECTED'],
  ];
  for (const [amount, payer, status, code, invoiceStatus] of cases) {
    const invoice = await createInvoice(app, tenant, invoiceBody(payer, amount, `APP-${amount}-${payer}`));
    const res = await pay(tenant, invoice.id);
    t.equal(res.status, status, `${amount} by ${payer}: HTTP status`);
    t.equal(res.json.code, code, `${amount} by ${payer}: code`);
    t.equal((await read(tenant, invoice.id)).status, invoiceStatus, `${amount} by ${payer}: invoice status`);
  }
  const magic = await createInvoice(app, tenant, invoiceBody(PAYERS.pays, 7.13, 'APP-magic-by'));
  t.match((await pay(tenant, magic.id)).json.decidedBy, /magic amount \(tiyn \.13\)/);
});

t.test('a CONFIRMED payment is USED once, by its own application', async (t) => {
  const tenant = 'pay-use';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays, 500, 'APP-USE'));
  const notPaid = await rest(app, { url: `/payments/invoices/${invoice.id}/use`, payload: {}, tenant });
  t.equal(notPaid.status, 409);
  t.equal(notPaid.json.code, 'INVOICE_NOT_PAID');
  await pay(tenant, invoice.id);
  const mismatch = await rest(app, { url: `/payments/invoices/${invoice.id}/use`, payload: { applicationId: 'APP-OTHER' }, tenant });
  t.equal(mismatch.status, 409);
  t.equal(mismatch.json.code, 'PAYMENT_APPLICATION_MISMATCH');
  t.equal((await read(tenant, invoice.id)).status, 'CONFIRMED', 'the refused use changed nothing');
  const used = await rest(app, { url: `/payments/invoices/${invoice.id}/use`, payload: { applicationId: 'APP-USE' }, tenant });
  t.equal(used.status, 200);
  t.match(used.json, { status: 'USED', usedBy: 'APP-USE' });
  const twice = await rest(app, { method: 'POST', url: `/payments/invoices/${invoice.id}/use`, tenant });
  t.equal(twice.status, 409);
  t.equal(twice.json.code, 'PAYMENT_ALREADY_USED');
  t.equal((await read(tenant, invoice.id)).usedAt, used.json.usedAt, 'the first use stands');
});

t.test('the in-process fee check sees only CONFIRMED or USED payments of the application', async (t) => {
  const tenant = app.sandbox.tenants.get('pay-fee-check');
  const { payments } = app.sandbox;
  t.same(await payments.feePaid(tenant, 'APP-FEE'), { paid: false, invoice: null });
  const late = await createInvoice(app, 'pay-fee-check', invoiceBody(PAYERS.lateConfirmation, 100, 'APP-FEE'));
  await pay('pay-fee-check', late.id);
  t.match(await payments.feePaid(tenant, 'APP-FEE'), { paid: false, invoice: { status: 'PAID' } });
  await advanceClock(app, 'pay-fee-check', 'PT5M');
  t.match(await payments.feePaid(tenant, 'APP-FEE'), { paid: true, invoice: { id: late.id, status: 'CONFIRMED' } });
});

t.test('bad pay and use bodies are refused and change nothing', async (t) => {
  const tenant = 'pay-bad';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays));
  const badChannel = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: { channel: 'cash' }, tenant });
  t.equal(badChannel.status, 400);
  t.equal(badChannel.json.code, 'VALIDATION_FAILED');
  const badUse = await rest(app, { url: `/payments/invoices/${invoice.id}/use`, payload: { applicationId: '' }, tenant });
  t.equal(badUse.json.code, 'PAYMENT_FIELD_INVALID');
  t.equal((await read(tenant, invoice.id)).status, 'CREATED');
  t.same(await transactions(tenant, invoice.id), []);
});
