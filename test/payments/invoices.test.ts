import t from 'tap';
import { buildServer } from '../../src/server.js';
import { advanceClock, createInvoice, invoiceBody, PAYERS, rest } from './_support.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

t.test('a created invoice carries the fee, its budget codes and the payer, and is CREATED', async (t) => {
  const tenant = 'inv-create';
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays, 12966.5, 'APP-1'));
  t.match(invoice, {
    status: 'CREATED',
    amount: 12966.5,
    currency: 'KZT',
    kbk: '105315',
    knp: '911',
    kno: '6205',
    payerIin: PAYERS.pays,
    payerName: 'Әбілқайыров Ғалымжан Нұрланұлы',
    serviceSlug: 'advocate-license',
    applicationId: 'APP-1',
    paidAt: null,
    bankReference: null,
  });
  t.equal(Date.parse(invoice.expiresAt) - Date.parse(invoice.createdAt), 24 * 3600_000, 'expires after 24 hours by default');
  const read = await rest(app, { url: `/payments/invoices/${invoice.id}`, tenant });
  t.same(read.json, invoice, 'GET answers the same invoice');
  const list = await rest(app, { url: `/payments/invoices?applicationId=APP-1`, tenant });
  t.same(list.json.invoices, [invoice]);
});

t.test('an invoice for another service needs its own КБК; knp, kno and the payer name can be given', async (t) => {
  const tenant = 'inv-codes';
  const missing = await rest(app, { url: '/payments/invoices', payload: { ...invoiceBody(PAYERS.pays), serviceSlug: 'some-other-service' }, tenant });
  t.equal(missing.status, 400);
  t.equal(missing.json.code, 'KBK_REQUIRED');
  const invoice = await createInvoice(app, tenant, {
    ...invoiceBody('900115300401'),
    serviceSlug: 'some-other-service',
    kbk: '108104',
    knp: '912',
    kno: '0302',
    payerName: 'Someone Else',
  });
  t.match(invoice, { kbk: '108104', knp: '912', kno: '0302', payerName: 'Someone Else', payerIin: '900115300401' });
});

t.test('bad input is refused with a code and creates nothing', async (t) => {
  const tenant = 'inv-bad';
  const cases: [string, Record<string, unknown>, number, string][] = [
    ['IIN with a wrong check digit', { ...invoiceBody('900115300014') }, 400, 'IIN_INVALID'],
    ['zero amount', invoiceBody(PAYERS.pays, 0), 400, 'AMOUNT_INVALID'],
    ['negative amount', invoiceBody(PAYERS.pays, -5), 400, 'AMOUNT_INVALID'],
    ['amount finer than a tiyn', invoiceBody(PAYERS.pays, 10.001), 400, 'AMOUNT_INVALID'],
    ['КБК of 5 digits', { ...invoiceBody(PAYERS.pays), kbk: '10531' }, 400, 'KBK_INVALID'],
    ['КНП of letters', { ...invoiceBody(PAYERS.pays), knp: 'abc' }, 400, 'KNP_INVALID'],
    ['КНО of 3 digits', { ...invoiceBody(PAYERS.pays), kno: '620' }, 400, 'KNO_INVALID'],
    ['upper-case service slug', { ...invoiceBody(PAYERS.pays), serviceSlug: 'Advocate License' }, 400, 'PAYMENT_FIELD_INVALID'],
    ['expiry of 0 minutes', { ...invoiceBody(PAYERS.pays), expiresInMinutes: 0 }, 400, 'PAYMENT_FIELD_INVALID'],
    ['an unknown field', { ...invoiceBody(PAYERS.pays), discount: 10 }, 400, 'VALIDATION_FAILED'],
    ['no applicationId', { payerIin: PAYERS.pays, amount: 1, serviceSlug: 'advocate-license' }, 400, 'VALIDATION_FAILED'],
    ['amount as a string', { ...invoiceBody(PAYERS.pays), amount: 'lots' }, 400, 'VALIDATION_FAILED'],
  ];
  for (const [name, body, status, code] of cases) {
    const res = await rest(app, { url: '/payments/invoices', payload: body, tenant });
    t.equal(res.status, status, `${name}: status`);
    t.equal(res.json.code, code, `${name}: code`);
    t.match(res.res.headers['content-type'], /^application\/problem\+json/, `${name}: problem+json`);
  }
  const list = await rest(app, { url: '/payments/invoices', tenant });
  t.same(list.json.invoices, [], 'no invoice was created');
});

t.test('an unknown invoice is 404 INVOICE_NOT_FOUND on read, pay and use', async (t) => {
  for (const [method, url] of [
    ['GET', '/payments/invoices/PAY000000000000'],
    ['POST', '/payments/invoices/PAY000000000000/pay'],
    ['POST', '/payments/invoices/PAY000000000000/use'],
  ] as const) {
    const res = await rest(app, { method, url, tenant: 'inv-404' });
    t.equal(res.status, 404, url);
    t.equal(res.json.code, 'INVOICE_NOT_FOUND', url);
  }
});

t.test('a CREATED invoice EXPIRES on the virtual clock and can no longer be paid', async (t) => {
  const tenant = 'inv-expiry';
  const invoice = await createInvoice(app, tenant, { ...invoiceBody(PAYERS.pays), expiresInMinutes: 30 });
  await advanceClock(app, tenant, 'PT29M');
  t.equal((await rest(app, { url: `/payments/invoices/${invoice.id}`, tenant })).json.status, 'CREATED', 'still CREATED before its expiry');
  await advanceClock(app, tenant, 'PT1M');
  const expired = await rest(app, { url: `/payments/invoices/${invoice.id}`, tenant });
  t.equal(expired.json.status, 'EXPIRED');
  t.equal(expired.json.expiredAt, invoice.expiresAt, 'expired at its expiry time');
  const pay = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant });
  t.equal(pay.status, 409);
  t.equal(pay.json.code, 'INVOICE_EXPIRED');
  t.equal(pay.json.invoiceStatus, 'EXPIRED');
  const tx = await rest(app, { url: `/payments/bank/transactions?invoiceId=${invoice.id}`, tenant });
  t.same(tx.json.transactions, [], 'the bank was never asked');
});

t.test('the list filters by payer and status', async (t) => {
  const tenant = 'inv-filter';
  const a = await createInvoice(app, tenant, invoiceBody(PAYERS.pays, 100, 'A'));
  const b = await createInvoice(app, tenant, invoiceBody(PAYERS.declined, 100, 'B'));
  await rest(app, { url: `/payments/invoices/${a.id}/pay`, payload: {}, tenant });
  const byPayer = await rest(app, { url: `/payments/invoices?payerIin=${PAYERS.declined}`, tenant });
  t.same(byPayer.json.invoices.map((i: any) => i.id), [b.id]);
  const confirmed = await rest(app, { url: '/payments/invoices?status=CONFIRMED', tenant });
  t.same(confirmed.json.invoices.map((i: any) => i.id), [a.id]);
  const badIin = await rest(app, { url: '/payments/invoices?payerIin=123', tenant });
  t.equal(badIin.json.code, 'IIN_INVALID');
});

t.test('tenants do not see each other\'s invoices', async (t) => {
  const invoice = await createInvoice(app, 'inv-tenant-a', invoiceBody(PAYERS.pays));
  const other = await rest(app, { url: `/payments/invoices/${invoice.id}`, tenant: 'inv-tenant-b' });
  t.equal(other.status, 404);
});

t.test('the magic values are listed', async (t) => {
  const res = await rest(app, { url: '/payments/magic-values' });
  t.same(res.json.amounts, [
    { tiyn: '.13', behaviour: 'declines' },
    { tiyn: '.14', behaviour: 'times-out' },
    { tiyn: '.15', behaviour: 'confirms-late' },
    { tiyn: '.16', behaviour: 'not-made' },
  ]);
  t.ok(res.json.traits.some((x: any) => x.trait === 'fee-declined' && x.behaviour === 'declines'));
});
