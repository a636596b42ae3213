/**
 * GET /__admin/journal records every gateway message of a tenant: success and faults, filterable.
 */
import t from 'tap';
import type { JournalEntry } from '../../src/core/journal.js';
import { buildServer } from '../../src/server.js';
import { post, readFault, sendMessage, setFault, SERVICE_ID } from './soap-helpers.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

type Entry = JournalEntry;

async function journal(tenant: string, query = ''): Promise<Entry[]> {
  const res = await app.inject({ method: 'GET', url: `/__admin/journal${query}`, headers: { 'x-sandbox-tenant': tenant } });
  if (res.statusCode !== 200) throw new Error(`GET /__admin/journal${query} answered ${res.statusCode}: ${res.body}`);
  return (res.json() as { entries: Entry[] }).entries;
}

const pick = (e: Entry) => ({ serviceId: e.serviceId, senderId: e.senderId, messageId: e.messageId, status: e.status, ok: e.ok });

t.test('a success and each kind of fault are journaled with serviceId, senderId, messageId, status and ok', async (t) => {
  const tenant = 'journal-kinds';
  await post(app, sendMessage({ messageId: 'j-ok' }), { tenant });
  await post(app, sendMessage({ messageId: 'j-iin', iin: '900115300014' }), { tenant });
  await post(app, sendMessage({ messageId: 'j-svc', serviceId: 'NoSuchService' }), { tenant });
  await post(app, sendMessage({ messageId: 'j-auth', sender: { senderId: 'stranger', password: 'x' } }), { tenant });
  await post(app, '<not-closed>', { tenant });
  await post(app, '{}', { tenant, headers: { 'content-type': 'application/json' } });
  await setFault(app, tenant, { down: true });
  await post(app, sendMessage({ messageId: 'j-down' }), { tenant });

  const entries = await journal(tenant);
  t.same(entries.map(pick), [
    { serviceId: SERVICE_ID, senderId: 'sandbox', messageId: 'j-ok', status: 'SCSS001', ok: true },
    { serviceId: SERVICE_ID, senderId: 'sandbox', messageId: 'j-iin', status: 'IIN_INVALID', ok: false },
    { serviceId: 'NoSuchService', senderId: 'sandbox', messageId: 'j-svc', status: 'UNKNOWN_SERVICE', ok: false },
    { serviceId: SERVICE_ID, senderId: 'stranger', messageId: 'j-auth', status: 'SENDER_AUTH_FAILED', ok: false },
    { serviceId: null, senderId: null, messageId: null, status: 'MALFORMED_XML', ok: false },
    { serviceId: null, senderId: null, messageId: null, status: 'UNSUPPORTED_MEDIA_TYPE', ok: false },
    { serviceId: SERVICE_ID, senderId: 'sandbox', messageId: 'j-down', status: 'SYSTEM_UNAVAILABLE', ok: false },
  ]);
  t.same(entries.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7], 'numbered in order from 1');
  for (const e of entries) {
    t.equal(e.tenant, tenant);
    t.equal(e.channel, 'bip-sync');
    t.notOk(Number.isNaN(Date.parse(e.time)), `time ${e.time} is a date`);
    t.ok(e.durationMs >= 0, 'a duration is recorded');
  }
});

t.test('the journal filters by serviceId, status, messageId, senderId and ok', async (t) => {
  const tenant = 'journal-filters';
  await post(app, sendMessage({ messageId: 'f-1' }), { tenant });
  await post(app, sendMessage({ messageId: 'f-2', serviceId: 'Other_Service' }), { tenant });
  await post(app, sendMessage({ messageId: 'f-3', iin: '90011530001' }), { tenant });
  await post(app, sendMessage({ messageId: 'f-4' }), { tenant });

  t.same((await journal(tenant, `?serviceId=${SERVICE_ID}`)).map((e) => e.messageId), ['f-1', 'f-3', 'f-4']);
  t.same((await journal(tenant, '?serviceId=Other_Service')).map((e) => e.status), ['UNKNOWN_SERVICE']);
  t.same((await journal(tenant, '?status=SCSS001')).map((e) => e.messageId), ['f-1', 'f-4']);
  t.same((await journal(tenant, '?status=IIN_INVALID')).map((e) => e.messageId), ['f-3']);
  t.same((await journal(tenant, '?messageId=f-2')).map((e) => e.status), ['UNKNOWN_SERVICE']);
  t.same((await journal(tenant, '?ok=false')).map((e) => e.messageId), ['f-2', 'f-3']);
  t.same((await journal(tenant, `?serviceId=${SERVICE_ID}&status=SCSS001`)).map((e) => e.messageId), ['f-1', 'f-4'], 'filters combine');
  t.same(await journal(tenant, '?senderId=nobody'), []);
  t.same((await journal(tenant, '?limit=1')).map((e) => e.messageId), ['f-4'], 'limit gives the last entries');
});

t.test('journals are per tenant, and reset empties only the tenant reset', async (t) => {
  await post(app, sendMessage({ messageId: 'only-a' }), { tenant: 'journal-a' });
  await post(app, sendMessage({ messageId: 'only-b', iin: '900115300014' }), { tenant: 'journal-b' });
  t.same((await journal('journal-a')).map(pick), [{ serviceId: SERVICE_ID, senderId: 'sandbox', messageId: 'only-a', status: 'SCSS001', ok: true }]);
  t.same((await journal('journal-b')).map(pick), [{ serviceId: SERVICE_ID, senderId: 'sandbox', messageId: 'only-b', status: 'IIN_INVALID', ok: false }]);
  t.same((await journal('journal-c')).length, 0, 'a tenant that sent nothing has an empty journal');

  const reset = await app.inject({ method: 'POST', url: '/__admin/reset', headers: { 'x-sandbox-tenant': 'journal-a' } });
  t.equal(reset.statusCode, 200);
  t.same(await journal('journal-a'), [], 'journal-a is empty after its reset');
  t.equal((await journal('journal-b')).length, 1, 'journal-b is untouched');
});

t.test('a SYSTEM_TIMEOUT is journaled under the serviceId that timed out', async (t) => {
  await setFault(app, 'journal-timeout', { timeout: true });
  const fault = readFault(await post(app, sendMessage({ messageId: 'slow-1' }), { tenant: 'journal-timeout' }));
  t.equal(fault.errorCode, 'SYSTEM_TIMEOUT');
  t.same((await journal('journal-timeout', '?status=SYSTEM_TIMEOUT')).map(pick), [
    { serviceId: SERVICE_ID, senderId: 'sandbox', messageId: 'slow-1', status: 'SYSTEM_TIMEOUT', ok: false },
  ]);
});

t.test('an unknown journal filter is a 400 problem', async (t) => {
  const res = await app.inject({ method: 'GET', url: '/__admin/journal?colour=red' });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /application\/problem\+json/);
});

t.test('faults raised before the handler are journaled under the channel they came in on, and afterSeq pages', async (t) => {
  const tenant = 'journal-channels';
  const headers = { 'x-sandbox-tenant': tenant, 'content-type': 'application/json' };
  await app.inject({ method: 'POST', url: '/shep/bip-sync-wss', payload: '{}', headers });
  await app.inject({ method: 'POST', url: '/shep/bip-sync', payload: '{}', headers });
  const wss = await journal(tenant, '?channel=bip-sync-wss');
  t.same(wss.map((e) => e.status), ['UNSUPPORTED_MEDIA_TYPE']);
  const plain = await journal(tenant, '?channel=bip-sync');
  t.same(plain.map((e) => e.status), ['UNSUPPORTED_MEDIA_TYPE']);
  t.same((await journal(tenant, `?afterSeq=${wss[0]!.seq}`)).map((e) => e.seq), [plain[0]!.seq], 'afterSeq gives only later entries');
});

t.test('the JSON routes under /shep answer a bad tenant header with problem+json, not a SOAP fault', async (t) => {
  const res = await app.inject({ url: '/shep/services', headers: { 'x-sandbox-tenant': 'not a tenant' } });
  t.equal(res.statusCode, 400);
  t.match(res.headers['content-type'], /^application\/problem\+json/);
  t.equal(res.json().code, 'TENANT_INVALID');
});
