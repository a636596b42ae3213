import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DOMParser } from '@xmldom/xmldom';
import t from 'tap';
import { kazakhDate } from '../../src/core/calendar.js';
import { buildServer } from '../../src/server.js';
import { DEFAULT_RETRY, type Delivery, isLoopbackAddress, loopbackLookup, NotificationDispatcher, type Resolver } from '../../src/systems/payments/notifications.js';
import { advanceClock, createInvoice, invoiceBody, PAYERS, rest } from './_support.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  answered: number;
}

/** A callback receiver on 127.0.0.1: answers each request with the next status of `statuses` (the last repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const answered = statuses[Math.min(received.length, statuses.length - 1)]!;
      received.push({ headers: req.headers, body, answered });
      res.statusCode = answered;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`, received, server };
}

/** Reads the delivery log until no delivery of the invoice is pending (retries run on real time). */
async function settledDeliveries(app: Awaited<ReturnType<typeof buildServer>>, tenant: string, invoiceId: string): Promise<any[]> {
  for (let i = 0; i < 500; i++) {
    const { json } = await rest(app, { url: `/payments/callbacks/deliveries?invoiceId=${invoiceId}`, tenant });
    if (json.deliveries.length > 0 && json.deliveries.every((d: any) => d.status !== 'pending')) return json.deliveries;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('deliveries did not settle');
}

const FAST_RETRY = { initialDelayMs: 20, factor: 2, maxDelayMs: 200, maxAttempts: 4, attemptTimeoutMs: 2000 };

t.test('a notification reaches an unreliable receiver: the first attempt fails, the retry is delivered', async (t) => {
  const app = await buildServer({ logger: false });
  const sink = await receiver([500, 200]);
  t.teardown(async () => {
    await app.close();
    sink.server.close();
  });
  const tenant = 'cb-retry';
  const registration = await rest(app, { url: '/payments/callbacks', payload: { url: sink.url, retry: FAST_RETRY }, tenant });
  t.equal(registration.status, 201);
  const secret: string = registration.json.secret;
  t.ok(secret.length >= 16, 'a secret is generated and shown once');
  t.notOk((await rest(app, { url: '/payments/callbacks', tenant })).json.callbacks[0].secret, 'the list does not show it');

  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays, 12966.5, 'APP-CB'));
  const paid = await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant });
  const [delivery] = await settledDeliveries(app, tenant, invoice.id);
  t.match(delivery, { status: 'delivered', event: 'payment.confirmed', callbackId: registration.json.id, maxAttempts: 4 });
  t.same(delivery.attempts.map((a: any) => [a.attempt, a.statusCode, a.delivered]), [
    [1, 500, false],
    [2, 200, true],
  ]);
  t.equal(sink.received.length, 2, 'the receiver saw two attempts');
  t.same(sink.received.map((r) => r.headers['x-sandbox-attempt']), ['1', '2']);

  const last = sink.received[1]!;
  t.equal(last.body, sink.received[0]!.body, 'the retry carries the same notification');
  t.equal(last.headers['content-type'], 'application/xml; charset=utf-8');
  t.equal(last.headers['x-sandbox-signature'], `sha256=${createHmac('sha256', secret).update(last.body).digest('hex')}`, 'HMAC-signed with the secret');
  t.equal(last.headers['x-sandbox-tenant'], tenant);

  const verdict = await rest(app, { url: '/eds/xml/verify', payload: { xml: last.body, revocationCheck: [] }, tenant });
  t.equal(verdict.json.signers.length, 1, 'one enveloped XMLDSig');
  t.equal(verdict.json.signers[0].checks.signature.status, 'passed', JSON.stringify(verdict.json.signers[0].checks.signature));
  t.equal(verdict.json.signers[0].valid, true, `signed with a valid sandbox certificate: ${verdict.json.signers[0].code}`);
  const tampered = await rest(app, { url: '/eds/xml/verify', payload: { xml: last.body.replace('12966.50', '1.00'), revocationCheck: [] }, tenant });
  t.equal(tampered.json.code, 'SIGNATURE_INVALID', 'a changed amount breaks the signature');

  const root = new DOMParser().parseFromString(last.body, 'text/xml').documentElement!;
  t.equal(root.localName, 'notificationPayment');
  t.equal(root.namespaceURI, 'http://payments.bee.kz/GatewayNkNotification');
  const fields: [string, string][] = [];
  for (let c = root.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1 && (c as any).namespaceURI !== 'http://www.w3.org/2000/09/xmldsig#') fields.push([(c as any).localName, c.textContent ?? '']);
  }
  t.same(
    fields.map(([name]) => name),
    ['reference', 'bankReference', 'payDate', 'docDate', 'amount', 'payerIdn', 'payerName', 'bankIdn', 'bankBik', 'bankName', 'treasuryIdn', 'treasuryName', 'kno', 'kbk', 'knp', 'vo', 'docNumber', 'assign'],
    'the field set of integration-shapes §7, in order',
  );
  const value = Object.fromEntries(fields);
  t.match(value, {
    reference: invoice.id,
    bankReference: paid.json.bankReference,
    payDate: paid.json.paidAt,
    docDate: kazakhDate(new Date(paid.json.paidAt)),
    amount: '12966.50',
    payerIdn: PAYERS.pays,
    payerName: 'Әбілқайыров Ғалымжан Нұрланұлы',
    kbk: '105315',
    knp: '911',
    kno: '6205',
    docNumber: /^\d+$/,
    assign: /APP-CB/,
  });
  t.equal(delivery.payload, last.body, 'the log keeps the payload sent');
});

t.test('a receiver that never accepts gets maxAttempts attempts, then the delivery is failed', async (t) => {
  const app = await buildServer({ logger: false });
  const sink = await receiver([503]);
  t.teardown(async () => {
    await app.close();
    sink.server.close();
  });
  const tenant = 'cb-fail';
  await rest(app, { url: '/payments/callbacks', payload: { url: sink.url, retry: { ...FAST_RETRY, maxAttempts: 3 } }, tenant });
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays));
  await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant });
  const [delivery] = await settledDeliveries(app, tenant, invoice.id);
  t.equal(delivery.status, 'failed');
  t.same(delivery.attempts.map((a: any) => a.statusCode), [503, 503, 503]);
  t.match(delivery.attempts[0].error, /503/);
  t.equal(sink.received.length, 3, 'no attempt beyond the bound');
});

t.test('an unreachable receiver is retried like a failing one', async (t) => {
  const app = await buildServer({ logger: false });
  const sink = await receiver([200]);
  const url = sink.url;
  await new Promise((r) => sink.server.close(r));
  t.teardown(() => app.close());
  const tenant = 'cb-unreachable';
  await rest(app, { url: '/payments/callbacks', payload: { url, retry: { ...FAST_RETRY, maxAttempts: 2 } }, tenant });
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays));
  await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant });
  const [delivery] = await settledDeliveries(app, tenant, invoice.id);
  t.equal(delivery.status, 'failed');
  t.equal(delivery.attempts.length, 2);
  t.ok(delivery.attempts.every((a: any) => a.statusCode === null && a.error), 'each attempt records the connection error');
});

t.test('a late confirmation is notified when it becomes CONFIRMED on the virtual clock, not before', async (t) => {
  const app = await buildServer({ logger: false });
  const sink = await receiver([200]);
  t.teardown(async () => {
    await app.close();
    sink.server.close();
  });
  const tenant = 'cb-late';
  await rest(app, { url: '/payments/callbacks', payload: { url: sink.url, retry: FAST_RETRY }, tenant });
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.lateConfirmation));
  await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant });
  t.same((await rest(app, { url: `/payments/callbacks/deliveries?invoiceId=${invoice.id}`, tenant })).json.deliveries, [], 'nothing while PAID');
  const declined = await createInvoice(app, tenant, invoiceBody(PAYERS.declined, 1, 'APP-D'));
  await rest(app, { url: `/payments/invoices/${declined.id}/pay`, payload: {}, tenant });
  await advanceClock(app, tenant, 'PT5M');
  t.equal((await rest(app, { url: `/payments/invoices/${invoice.id}`, tenant })).json.status, 'CONFIRMED');
  const [delivery] = await settledDeliveries(app, tenant, invoice.id);
  t.equal(delivery.status, 'delivered');
  t.equal(sink.received.length, 1, 'one notification: none for the declined payment');
});

t.test('a late confirmation is notified once the clock passes confirmAt and the log or the list is read, the invoice never', async (t) => {
  const app = await buildServer({ logger: false });
  const sink = await receiver([200]);
  t.teardown(async () => {
    await app.close();
    sink.server.close();
  });
  const tenant = 'cb-late-log';
  await rest(app, { url: '/payments/callbacks', payload: { url: sink.url, retry: FAST_RETRY }, tenant });
  const waitAtReceiver = async (count: number) => {
    for (let i = 0; i < 500 && sink.received.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    return sink.received.length;
  };

  const byLog = await createInvoice(app, tenant, invoiceBody(PAYERS.lateConfirmation, 12966, 'APP-LOG'));
  t.equal((await rest(app, { url: `/payments/invoices/${byLog.id}/pay`, payload: {}, tenant })).json.status, 'PAID');
  await advanceClock(app, tenant, 'PT5M');
  const log = (await rest(app, { url: '/payments/callbacks/deliveries', tenant })).json.deliveries;
  t.same(log.map((d: any) => d.invoiceId), [byLog.id], 'reading the delivery log confirmed the payment and logged its notification');
  t.equal(await waitAtReceiver(1), 1, 'the receiver gets it without anyone reading the invoice');
  t.match(sink.received[0]!.body, `<reference>${byLog.id}</reference>`);

  const byList = await createInvoice(app, tenant, invoiceBody(PAYERS.lateConfirmation, 12966, 'APP-LIST'));
  await rest(app, { url: `/payments/invoices/${byList.id}/pay`, payload: {}, tenant });
  await advanceClock(app, tenant, 'PT5M');
  const listed = await rest(app, { url: `/payments/invoices?payerIin=${PAYERS.pays}`, tenant });
  t.same(listed.json.invoices, [], 'a list filtered to another payer');
  t.equal(await waitAtReceiver(2), 2, 'still brings every invoice of the tenant up to the virtual now');
  t.match(sink.received[1]!.body, `<reference>${byList.id}</reference>`);
  const [delivered] = await settledDeliveries(app, tenant, byList.id);
  t.equal(delivered.status, 'delivered');
});

t.test('localhost is not trusted by name: a callback is sent only to the loopback addresses it resolves to', async (t) => {
  t.ok(isLoopbackAddress('127.0.0.1') && isLoopbackAddress('127.8.9.10') && isLoopbackAddress('::1') && isLoopbackAddress('::ffff:127.0.0.1'));
  t.notOk(isLoopbackAddress('10.0.0.5') || isLoopbackAddress('::2') || isLoopbackAddress('::ffff:10.0.0.1') || isLoopbackAddress('128.0.0.1'));
  const fixed =
    (...addresses: string[]): Resolver =>
    (_host, _options, callback) =>
      callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
  const lookup = (resolve: Resolver, all: boolean) =>
    new Promise<{ err: NodeJS.ErrnoException | null; address: unknown }>((resolved) =>
      loopbackLookup(resolve)('localhost', { all }, (err, address) => resolved({ err, address })),
    );
  const refused = await lookup(fixed('10.0.0.5'), false);
  t.equal(refused.err?.code, 'ENOTLOOPBACK');
  t.match(refused.err?.message, 'localhost resolved to 10.0.0.5, not a loopback address');
  t.same((await lookup(fixed('10.0.0.5', '127.0.0.1'), false)).address, '127.0.0.1', 'the loopback result is kept, the other dropped');
  t.same((await lookup(fixed('::1', '10.0.0.5', '127.0.0.1'), true)).address, [{ address: '::1', family: 6 }, { address: '127.0.0.1', family: 4 }]);

  const sink = await receiver([200]);
  t.teardown(() => sink.server.close());
  const port = new URL(sink.url).port;
  const send = async (resolve: Resolver): Promise<Delivery> => {
    const dispatcher = new NotificationDispatcher({ resolve });
    const registration = { id: 'CB0001', url: `http://localhost:${port}/notify`, secret: 'a-test-secret', retry: { ...DEFAULT_RETRY, maxAttempts: 1, attemptTimeoutMs: 1000 }, createdAt: new Date().toISOString() };
    const delivery: Delivery = {
      id: 'DL000001',
      callbackId: registration.id,
      url: registration.url,
      event: 'payment.confirmed',
      invoiceId: 'PAY000001',
      status: 'pending',
      maxAttempts: 1,
      attempts: [],
      nextAttemptAt: null,
      eventTime: new Date().toISOString(),
      contentType: 'application/xml; charset=utf-8',
      payload: '<x/>',
    };
    dispatcher.start(delivery, registration, 'cb-lookup', () => true);
    for (let i = 0; i < 300 && delivery.status === 'pending'; i++) await new Promise((r) => setTimeout(r, 10));
    dispatcher.close();
    return delivery;
  };
  const elsewhere = await send(fixed('10.0.0.5'));
  t.equal(elsewhere.status, 'failed', '/etc/hosts pointing localhost elsewhere: nothing is sent');
  t.match(elsewhere.attempts[0]!.error, 'localhost resolved to 10.0.0.5, not a loopback address');
  t.equal(sink.received.length, 0);
  const mixed = await send(fixed('10.0.0.5', '127.0.0.1'));
  t.equal(mixed.status, 'delivered', 'delivered to the loopback address localhost resolves to');
  t.equal(sink.received.length, 1);

  const app = await buildServer({ logger: false });
  t.teardown(() => app.close());
  const tenant = 'cb-localhost';
  const registered = await rest(app, { url: '/payments/callbacks', payload: { url: `http://localhost:${port}/notify`, retry: FAST_RETRY }, tenant });
  t.equal(registered.json.url, `http://localhost:${port}/notify`, 'the URL is shown as given');
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays, 12966, 'APP-LOCALHOST'));
  await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant });
  const [delivery] = await settledDeliveries(app, tenant, invoice.id);
  t.equal(delivery.status, 'delivered', 'with the system resolver, localhost (a loopback name here) is delivered to');
});

t.test('closing the server cancels pending retries', async (t) => {
  const app = await buildServer({ logger: false, payments: { callbackRetry: { initialDelayMs: 60_000, maxAttempts: 5 } } });
  const sink = await receiver([500]);
  t.teardown(() => sink.server.close());
  const tenant = 'cb-close';
  const registration = await rest(app, { url: '/payments/callbacks', payload: { url: sink.url, retry: { maxAttempts: 4 } }, tenant });
  t.match(registration.json.retry, { initialDelayMs: 60_000, maxAttempts: 4 }, 'the server default applies to what the registration leaves out');
  const invoice = await createInvoice(app, tenant, invoiceBody(PAYERS.pays));
  await rest(app, { url: `/payments/invoices/${invoice.id}/pay`, payload: {}, tenant });
  let pending: any;
  for (let i = 0; i < 500 && !pending; i++) {
    const { json } = await rest(app, { url: '/payments/callbacks/deliveries', tenant });
    pending = json.deliveries.find((d: any) => d.attempts.length === 1 && d.nextAttemptAt);
    if (!pending) await new Promise((r) => setTimeout(r, 20));
  }
  t.ok(pending, 'the first attempt failed and a retry is scheduled');
  const payments = app.sandbox.payments;
  const tenantState = app.sandbox.tenants.get(tenant);
  await app.close();
  const [after] = payments.deliveries(tenantState);
  t.match(after, { status: 'cancelled', nextAttemptAt: null });
  t.equal(after!.attempts.length, 1);
});

t.test('callback URLs: loopback only, absolute http(s); bad registrations change nothing', async (t) => {
  const app = await buildServer({ logger: false });
  t.teardown(() => app.close());
  const tenant = 'cb-urls';
  const refused: [string, string][] = [
    ['http://example.com/hook', 'CALLBACK_URL_NOT_LOOPBACK'],
    ['http://10.0.0.5:8080/hook', 'CALLBACK_URL_NOT_LOOPBACK'],
    ['http://169.254.169.254/latest/meta-data', 'CALLBACK_URL_NOT_LOOPBACK'],
    ['http://127.0.0.1.nip.io/hook', 'CALLBACK_URL_NOT_LOOPBACK'],
    ['http://[::2]/hook', 'CALLBACK_URL_NOT_LOOPBACK'],
    ['ftp://127.0.0.1/hook', 'CALLBACK_URL_INVALID'],
    ['/relative/hook', 'CALLBACK_URL_INVALID'],
    ['http://user:pw@127.0.0.1/hook', 'CALLBACK_URL_INVALID'],
  ];
  for (const [url, code] of refused) {
    const res = await rest(app, { url: '/payments/callbacks', payload: { url }, tenant });
    t.equal(res.status, 400, url);
    t.equal(res.json.code, code, url);
  }
  const badRetry = await rest(app, { url: '/payments/callbacks', payload: { url: 'http://127.0.0.1:9/x', retry: { maxAttempts: 50 } }, tenant });
  t.equal(badRetry.status, 400);
  const shortSecret = await rest(app, { url: '/payments/callbacks', payload: { url: 'http://127.0.0.1:9/x', secret: 'short' }, tenant });
  t.equal(shortSecret.json.code, 'PAYMENT_FIELD_INVALID');
  t.same((await rest(app, { url: '/payments/callbacks', tenant })).json.callbacks, [], 'nothing was registered');

  for (const url of ['http://localhost:9/a', 'http://127.1:9/b', 'http://[::1]:9/c', 'https://127.0.0.2/d']) {
    t.equal((await rest(app, { url: '/payments/callbacks', payload: { url, secret: 'a-given-secret' }, tenant })).status, 201, url);
  }
  const list = (await rest(app, { url: '/payments/callbacks', tenant })).json.callbacks;
  t.equal(list[1].url, 'http://127.0.0.1:9/b', 'stored normalised');
  const removed = await rest(app, { method: 'DELETE', url: `/payments/callbacks/${list[0].id}`, tenant });
  t.equal(removed.status, 200);
  t.same(removed.json, { id: list[0].id, deleted: true });
  const again = await rest(app, { method: 'DELETE', url: `/payments/callbacks/${list[0].id}`, tenant });
  t.equal(again.json.code, 'CALLBACK_NOT_FOUND');
  t.equal((await rest(app, { url: '/payments/callbacks', tenant })).json.callbacks.length, 3);
  for (let i = 3; i < 10; i++) await rest(app, { url: '/payments/callbacks', payload: { url: `http://127.0.0.1:9/${i}` }, tenant });
  const eleventh = await rest(app, { url: '/payments/callbacks', payload: { url: 'http://127.0.0.1:9/11' }, tenant });
  t.equal(eleventh.status, 409);
  t.equal(eleventh.json.code, 'CALLBACK_LIMIT_REACHED');
  t.equal((await rest(app, { url: '/payments/callbacks', tenant })).json.callbacks.length, 10);
});
