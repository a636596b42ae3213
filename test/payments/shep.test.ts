import t from 'tap';
import { buildServer } from '../../src/server.js';
import { asXmlText, shepFault, shepJson } from './_soap.js';
import { advanceClock, createInvoice, invoiceBody, PAYERS, rest } from './_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const invoiceData = (payer: string, amount: string, applicationId: string) =>
  `<payerIin>${payer}</payerIin><amount>${amount}</amount><serviceSlug>advocate-license</serviceSlug><applicationId>${applicationId}</applicationId>`;

t.test('the gateway lists the payment services under our serviceIds', async (t) => {
  const { json } = await rest(app, { url: '/shep/services' });
  const ours = json.services.filter((s: any) => s.system === 'payments');
  t.same(ours.map((s: any) => s.serviceId).sort(), ['PAYMENTS_InvoiceSync', 'PAYMENTS_PaySync', 'PAYMENTS_StatusSync', 'PAYMENTS_UseSync']);
  t.ok(ours.every((s: any) => s.realName === false));
});

t.test('create, pay, status and use through SHEP give what REST shows', async (t) => {
  const tenant = 'shep-flow';
  const created = await shepJson(app, { serviceId: 'PAYMENTS_InvoiceSync', tenant, data: invoiceData(PAYERS.pays, '12966.00', 'APP-SHEP') });
  t.match(created, { result: { code: 'OK' }, invoice: { status: 'CREATED', amount: '12966', kbk: '105315', knp: '911', payerIin: PAYERS.pays } });
  const id = (created.invoice as any).id as string;
  const paid = await shepJson(app, { serviceId: 'PAYMENTS_PaySync', tenant, data: `<invoiceId>${id}</invoiceId>` });
  t.match(paid, { result: { code: 'OK' }, invoice: { id, status: 'CONFIRMED' } });
  const status = await shepJson(app, { serviceId: 'PAYMENTS_StatusSync', tenant, data: `<invoiceId>${id}</invoiceId>` });
  const viaRest = await rest(app, { url: `/payments/invoices/${id}`, tenant });
  t.same(status.invoice, asXmlText(viaRest.json), 'the same invoice, field for field');
  const used = await shepJson(app, { serviceId: 'PAYMENTS_UseSync', tenant, data: `<invoiceId>${id}</invoiceId><applicationId>APP-SHEP</applicationId>` });
  t.match(used, { result: { code: 'OK' }, invoice: { status: 'USED', usedBy: 'APP-SHEP' } });
  const twice = await shepJson(app, { serviceId: 'PAYMENTS_UseSync', tenant, data: `<invoiceId>${id}</invoiceId>` });
  t.match(twice, { result: { code: 'PAYMENT_ALREADY_USED' }, invoice: { status: 'USED' } }, 'a refusal is a result, with the invoice');
});

t.test('each bank outcome is a result code through SHEP, with the invoice as it is after', async (t) => {
  const tenant = 'shep-outcomes';
  const cases: [string, string, string, string][] = [
    [PAYERS.declined, '100.00', 'PAYMENT_DECLINED', 'REJECTED'],
    [PAYERS.timeout, '100.00', 'PAYMENT_TIMEOUT', 'CREATED'],
    [PAYERS.notPaid, '100.00', 'PAYMENT_NOT_MADE', 'CREATED'],
    [PAYERS.lateConfirmation, '100.00', 'OK', 'PAID'],
    [PAYERS.pays, '100.13', 'PAYMENT_DECLINED', 'REJECTED'],
  ];
  for (const [payer, amount, code, status] of cases) {
    const created = await shepJson(app, { serviceId: 'PAYMENTS_InvoiceSync', tenant, data: invoiceData(payer, amount, `APP-${payer}-${amount}`) });
    const id = (created.invoice as any).id;
    const paid = await shepJson(app, { serviceId: 'PAYMENTS_PaySync', tenant, data: `<invoiceId>${id}</invoiceId>` });
    t.match(paid, { result: { code }, invoice: { id, status } }, `${payer} ${amount}`);
  }
});

t.test('late confirmation and expiry are seen through StatusSync on the virtual clock', async (t) => {
  const tenant = 'shep-clock';
  const late = await createInvoice(app, tenant, invoiceBody(PAYERS.lateConfirmation, 50, 'APP-LATE'));
  await rest(app, { url: `/payments/invoices/${late.id}/pay`, payload: {}, tenant });
  const expiring = await createInvoice(app, tenant, { ...invoiceBody(PAYERS.pays, 50, 'APP-EXP'), expiresInMinutes: 10 });
  await advanceClock(app, tenant, 'PT10M');
  t.match(await shepJson(app, { serviceId: 'PAYMENTS_StatusSync', tenant, data: `<invoiceId>${late.id}</invoiceId>` }), { invoice: { status: 'CONFIRMED' } });
  t.match(await shepJson(app, { serviceId: 'PAYMENTS_StatusSync', tenant, data: `<invoiceId>${expiring.id}</invoiceId>` }), { invoice: { status: 'EXPIRED' } });
});

t.test('an unknown invoice is a NOT_FOUND result without an invoice', async (t) => {
  const answer = await shepJson(app, { serviceId: 'PAYMENTS_StatusSync', tenant: 'shep-404', data: '<invoiceId>PAY000000000000</invoiceId>' });
  t.same(answer, { result: { code: 'INVOICE_NOT_FOUND', message: 'No invoice PAY000000000000 in tenant shep-404' } });
});

t.test('bad data is a client fault naming the field or the problem code, and creates nothing', async (t) => {
  const tenant = 'shep-bad';
  const cases: [string, string, string | undefined][] = [
    [`<amount>10</amount><serviceSlug>advocate-license</serviceSlug><applicationId>A</applicationId>`, 'MISSING_FIELD', 'request/requestData/data/payerIin'],
    [invoiceData(PAYERS.pays, 'ten', 'A'), 'INVALID_FIELD', 'AMOUNT_INVALID'],
    [invoiceData(PAYERS.pays, '10.001', 'A'), 'INVALID_FIELD', 'AMOUNT_INVALID'],
    [invoiceData('900115300014', '10', 'A'), 'IIN_INVALID', 'IIN_INVALID'],
    [`${invoiceData(PAYERS.pays, '10', 'A')}<kbk>12</kbk>`, 'INVALID_FIELD', 'KBK_INVALID'],
    [`${invoiceData(PAYERS.pays, '10', 'A')}<expiresInMinutes>soon</expiresInMinutes>`, 'INVALID_FIELD', 'request/requestData/data/expiresInMinutes'],
    [`${invoiceData(PAYERS.pays, '10', 'A')}<idempotencyKey>has space</idempotencyKey>`, 'INVALID_FIELD', 'IDEMPOTENCY_KEY_INVALID'],
  ];
  for (const [data, errorCode, errorData] of cases) {
    const fault = await shepFault(app, { serviceId: 'PAYMENTS_InvoiceSync', tenant, data });
    t.equal(fault.faultcode, 'soap:Client', errorCode);
    t.equal(fault.errorCode, errorCode);
    t.equal(fault.errorData, errorData);
  }
  const noId = await shepFault(app, { serviceId: 'PAYMENTS_PaySync', tenant, data: '' });
  t.equal(noId.errorCode, 'MISSING_FIELD');
  t.same((await rest(app, { url: '/payments/invoices', tenant })).json.invoices, []);
});

t.test('faults injected on payments show in that tenant only, over REST and SHEP alike', async (t) => {
  const invoice = await createInvoice(app, 'shep-faulty', invoiceBody(PAYERS.pays));
  const healthy = await createInvoice(app, 'shep-healthy', invoiceBody(PAYERS.pays));
  await rest(app, { url: '/__admin/faults', payload: { system: 'payments', down: true }, tenant: 'shep-faulty' });
  const restDown = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant: 'shep-faulty' });
  t.equal(restDown.status, 503);
  t.match(restDown.json, { code: 'SYSTEM_UNAVAILABLE', system: 'payments', fault: 'down' });
  const shepDown = await shepFault(app, { serviceId: 'PAYMENTS_PaySync', tenant: 'shep-faulty', data: `<invoiceId>${invoice.id}</invoiceId>` });
  t.match(shepDown, { faultcode: 'soap:Server', errorCode: 'SYSTEM_UNAVAILABLE', errorData: 'payments' });
  const other = await shepJson(app, { serviceId: 'PAYMENTS_PaySync', tenant: 'shep-healthy', data: `<invoiceId>${healthy.id}</invoiceId>` });
  t.match(other, { result: { code: 'OK' }, invoice: { status: 'CONFIRMED' } }, 'the other tenant pays');
  await rest(app, { url: '/__admin/faults', payload: { system: 'payments', clear: true }, tenant: 'shep-faulty' });
  await rest(app, { url: '/__admin/faults', payload: { system: 'payments', timeout: true }, tenant: 'shep-faulty' });
  const timeout = await shepFault(app, { serviceId: 'PAYMENTS_StatusSync', tenant: 'shep-faulty', data: `<invoiceId>${invoice.id}</invoiceId>` });
  t.equal(timeout.errorCode, 'SYSTEM_TIMEOUT');
  await rest(app, { url: '/__admin/faults', payload: { system: 'payments', clear: true }, tenant: 'shep-faulty' });
  t.equal((await rest(app, { url: `/payments/invoices/${invoice.id}`, tenant: 'shep-faulty' })).json.status, 'CREATED', 'nothing was paid while down');
});
