/**
 * Portal login (the regulations' condition "IIN and password authentic", ЖСН мен парольдің түпнұсқалығы): by
 * password, or by an EDS challenge signed with the AUTH key; sessions last 8 virtual hours.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { Client, DEFAULT_PASSWORD, MONDAY_0900 } from './client.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

let n = 0;
async function fresh(): Promise<Client> {
  const client = new Client(app, `portal-login-${++n}`);
  await client.start();
  return client;
}

/** The refusal a service's regulation gives for a failed login: the step its `portal.authenticated` condition fails to. */
async function authRefusalOf(client: Client, service: string) {
  const regulation = await client.service(service);
  const portal = regulation.channels.find((c) => c.id === 'portal')!;
  const condition = portal.steps.find((s) => s.check === 'portal.authenticated')!;
  return portal.steps.find((s) => s.id === condition.onFail)!;
}

t.test('the right password opens a session of 8 virtual hours whose token reads the cabinet', async (t) => {
  const client = await fresh();
  const iin = await client.personaWith('portal-registered');
  const res = await client.post('/portal/sessions', { iin, password: DEFAULT_PASSWORD });
  t.equal(res.status, 200);
  t.equal(res.body.iin, iin);
  t.type(res.body.token, 'string');
  t.equal(res.body.method, 'password');
  t.equal(Date.parse(res.body.expiresAt) - Date.parse(MONDAY_0900), 8 * 3_600_000, 'the session ends 8 hours after login');
  const cabinet = await client.get('/portal/cabinet', res.body.token);
  t.equal(cabinet.status, 200);
  t.equal(cabinet.body.iin, iin);
});

t.test('a persona with their own portal password logs in with it, not the default one', async (t) => {
  const client = await fresh();
  const personas = (await client.get('/__admin/personas')).body.personas as { iin: string; portal?: { password?: string }; traits: string[] }[];
  const own = personas.find((p) => p.portal?.password && p.portal.password !== DEFAULT_PASSWORD && !p.traits.includes('portal-blocked'))!;
  t.ok(own, 'a persona has a password of their own');
  t.equal((await client.post('/portal/sessions', { iin: own.iin, password: own.portal!.password })).status, 200);
  t.equal((await client.post('/portal/sessions', { iin: own.iin, password: DEFAULT_PASSWORD })).status, 401);
});

t.test('a wrong password, an unregistered and a blocked persona are refused with 401 AUTH_REFUSED', async (t) => {
  const client = await fresh();
  const registered = await client.personaWith('portal-registered');
  const unregistered = await client.personaWith('portal-unregistered');
  const blocked = await client.personaWith('portal-blocked');
  const blockedPassword = (await client.persona(blocked)).portal?.password ?? DEFAULT_PASSWORD;
  const cases: [string, { iin: string; password: string }, RegExp][] = [
    ['wrong password', { iin: registered, password: 'not-the-password' }, /do not match/],
    ['unregistered', { iin: unregistered, password: DEFAULT_PASSWORD }, /not registered/],
    ['blocked, even with her own password', { iin: blocked, password: blockedPassword }, /blocked/],
    ['an IIN no persona has', { iin: '000000000000', password: DEFAULT_PASSWORD }, /not registered/],
  ];
  for (const [what, body, detail] of cases) {
    const res = await client.post('/portal/sessions', body);
    t.equal(res.status, 401, `${what}: 401`);
    t.match(res.contentType, /application\/problem\+json/, `${what}: problem+json`);
    t.equal(res.body.code, 'AUTH_REFUSED', `${what}: AUTH_REFUSED`);
    t.match(res.body.detail, detail, `${what}: says why`);
    t.notOk(res.body.token, `${what}: no token`);
    t.equal(res.body.refusal, undefined, `${what}: no regulation refusal without a service`);
  }
});

t.test("with a service, a refused login carries that service's refusal for a failed login, with its citation", async (t) => {
  const client = await fresh();
  const services = (await client.get('/portal/services')).body.services as { id: string }[];
  const unregistered = await client.personaWith('portal-unregistered');
  const blocked = await client.personaWith('portal-blocked');
  for (const { id } of services) {
    const expected = await authRefusalOf(client, id);
    for (const iin of [unregistered, blocked]) {
      const res = await client.post('/portal/sessions', { iin, password: 'whatever', service: id });
      t.equal(res.status, 401, `${id}: 401`);
      t.same(
        res.body.refusal,
        { code: expected.code, message: expected.message, citation: expected.citation, step: expected.id },
        `${id}: the refusal of step ${expected.id} (${expected.citation.seed} L${expected.citation.lines})`,
      );
    }
  }
});

t.test('a login refused for an unknown service is still 401 AUTH_REFUSED, without a refusal', async (t) => {
  const client = await fresh();
  const res = await client.post('/portal/sessions', { iin: await client.personaWith('portal-unregistered'), password: 'x', service: 'no-such-service' });
  t.equal(res.status, 401);
  t.equal(res.body.code, 'AUTH_REFUSED');
  t.equal(res.body.refusal, undefined);
});

t.test('a malformed login body is 400 problem+json and opens nothing', async (t) => {
  const client = await fresh();
  for (const body of [{ iin: '12345', password: 'x' }, { iin: '900115300013' }, { iin: '900115300013', password: 'x', extra: 1 }]) {
    const res = await client.post('/portal/sessions', body);
    t.equal(res.status, 400, JSON.stringify(body));
    t.equal(res.body.code, 'VALIDATION_FAILED');
  }
});

t.test('an EDS login: the challenge signed with the AUTH key opens a session', async (t) => {
  const client = await fresh();
  const iin = await client.personaWith('portal-registered');
  const challenge = await client.get('/portal/sessions/challenge');
  t.equal(challenge.status, 200);
  t.match(challenge.body.document, challenge.body.challenge, 'the document carries the challenge');
  t.equal(Date.parse(challenge.body.expiresAt) - Date.parse(MONDAY_0900), 5 * 60_000, 'the challenge lasts 5 minutes');
  const signedXml = await client.sign(iin, 'auth', challenge.body.document);
  const res = await client.post('/portal/sessions/eds', { signedXml });
  t.equal(res.status, 200, JSON.stringify(res.body));
  t.equal(res.body.iin, iin, 'the session is the certificate holder\'s');
  t.equal(res.body.method, 'eds');
  t.equal((await client.get('/portal/cabinet', res.body.token)).body.iin, iin);
});

t.test('a challenge signs in once: used again it is 401 CHALLENGE_INVALID', async (t) => {
  const client = await fresh();
  const iin = await client.personaWith('portal-registered');
  const signedXml = await client.sign(iin, 'auth', (await client.get('/portal/sessions/challenge')).body.document);
  t.equal((await client.post('/portal/sessions/eds', { signedXml })).status, 200);
  const again = await client.post('/portal/sessions/eds', { signedXml });
  t.equal(again.status, 401);
  t.equal(again.body.code, 'CHALLENGE_INVALID');
});

t.test('a challenge signed after 6 minutes has expired: 401 CHALLENGE_INVALID', async (t) => {
  const client = await fresh();
  const iin = await client.personaWith('portal-registered');
  const document = (await client.get('/portal/sessions/challenge')).body.document as string;
  await client.advance('PT6M');
  const res = await client.post('/portal/sessions/eds', { signedXml: await client.sign(iin, 'auth', document) });
  t.equal(res.status, 401);
  t.equal(res.body.code, 'CHALLENGE_INVALID');
});

t.test('a challenge the portal never issued is 401 CHALLENGE_INVALID', async (t) => {
  const client = await fresh();
  const iin = await client.personaWith('portal-registered');
  const forged = '<login xmlns="urn:kz-egov-sandbox:portal:v1"><challenge>made-up</challenge></login>';
  const res = await client.post('/portal/sessions/eds', { signedXml: await client.sign(iin, 'auth', forged) });
  t.equal(res.status, 401);
  t.equal(res.body.code, 'CHALLENGE_INVALID');
});

t.test('a challenge signed with an expired, revoked or otherwise unusable AUTH certificate is 401 AUTH_REFUSED naming the fault', async (t) => {
  const client = await fresh();
  const traits = ['cert-auth-expired', 'cert-auth-revoked', 'cert-auth-not-yet-valid', 'cert-auth-on-hold', 'cert-auth-untrusted', 'cert-auth-wrong-key-usage'];
  for (const trait of traits) {
    const iin = await client.personaWith(trait);
    const signedXml = await client.sign(iin, 'auth', (await client.get('/portal/sessions/challenge')).body.document);
    const res = await client.post('/portal/sessions/eds', { signedXml });
    t.equal(res.status, 401, `${trait}: 401`);
    t.equal(res.body.code, 'AUTH_REFUSED', `${trait}: AUTH_REFUSED`);
    t.ok(Array.isArray(res.body.codes) && res.body.codes.length > 0, `${trait}: the certificate's failures are listed (${res.body.codes})`);
    t.notOk(res.body.token, `${trait}: no session`);
  }
  const expired = await client.post('/portal/sessions/eds', {
    signedXml: await client.sign(await client.personaWith('cert-auth-expired'), 'auth', (await client.get('/portal/sessions/challenge')).body.document),
  });
  t.match(expired.body.codes.join(), /EXPIRED/, 'expired says so');
  const revoked = await client.post('/portal/sessions/eds', {
    signedXml: await client.sign(await client.personaWith('cert-auth-revoked'), 'auth', (await client.get('/portal/sessions/challenge')).body.document),
  });
  t.match(revoked.body.codes.join(), /REVOKED/, 'revoked says so');
});

t.test('an unregistered or blocked account is refused by EDS too, with the service\'s refusal when a service is named', async (t) => {
  const client = await fresh();
  const expected = await authRefusalOf(client, 'advocate-license');
  for (const trait of ['portal-unregistered', 'portal-blocked']) {
    const iin = await client.personaWith(trait);
    const signedXml = await client.sign(iin, 'auth', (await client.get('/portal/sessions/challenge')).body.document);
    const res = await client.post('/portal/sessions/eds', { signedXml, service: 'advocate-license' });
    t.equal(res.status, 401, `${trait}: 401`);
    t.equal(res.body.code, 'AUTH_REFUSED', `${trait}: AUTH_REFUSED`);
    t.match(res.body.detail, trait === 'portal-blocked' ? /blocked/ : /not registered/, `${trait}: says why`);
    t.equal(res.body.refusal?.code, expected.code, `${trait}: the regulation's refusal`);
    t.same(res.body.refusal?.citation, expected.citation, `${trait}: with its citation`);
  }
});

t.test('a challenge signed with the SIGN key instead of the AUTH key is refused', async (t) => {
  const client = await fresh();
  const iin = await client.personaWith('portal-registered');
  const res = await client.post('/portal/sessions/eds', { signedXml: await client.sign(iin, 'sign', (await client.get('/portal/sessions/challenge')).body.document) });
  t.equal(res.status, 401);
  t.equal(res.body.code, 'AUTH_REFUSED');
});

t.test('a tampered signed challenge is 401 AUTH_REFUSED, and the challenge stays usable', async (t) => {
  const client = await fresh();
  const iin = await client.personaWith('portal-registered');
  const document = (await client.get('/portal/sessions/challenge')).body.document as string;
  const signedXml = await client.sign(iin, 'auth', document);
  const tampered = signedXml.replace('<challenge>', '<note>added after signing</note><challenge>');
  t.not(tampered, signedXml);
  const res = await client.post('/portal/sessions/eds', { signedXml: tampered });
  t.equal(res.status, 401);
  t.equal(res.body.code, 'AUTH_REFUSED');
  t.match(res.body.detail, /DIGEST|SIGNATURE/i, 'the detail names the signature failure');
  const unsigned = await client.post('/portal/sessions/eds', { signedXml: document });
  t.equal(unsigned.status, 401, 'an unsigned challenge is refused');
  t.equal(unsigned.body.code, 'AUTH_REFUSED');
  t.equal((await client.post('/portal/sessions/eds', { signedXml })).status, 200, 'the genuine signature still signs in');
});

t.test('a DOCTYPE in the signed challenge is refused before anything is read', async (t) => {
  const client = await fresh();
  const xxe = '<?xml version="1.0"?><!DOCTYPE login [<!ENTITY x SYSTEM "file:///etc/passwd">]><login xmlns="urn:kz-egov-sandbox:portal:v1"><challenge>&x;</challenge></login>';
  const res = await client.post('/portal/sessions/eds', { signedXml: xxe });
  t.equal(res.status, 401);
  t.equal(res.body.code, 'AUTH_REFUSED');
  t.notMatch(JSON.stringify(res.body), /root:/);
});

t.test('a session ends after 8 virtual hours: then 401 SESSION_REQUIRED', async (t) => {
  const client = await fresh();
  const token = await client.login(await client.personaWith('portal-registered'));
  await client.advance('PT7H59M');
  t.equal((await client.get('/portal/cabinet', token)).status, 200, 'still open a minute before');
  await client.advance('PT2M');
  const res = await client.get('/portal/cabinet', token);
  t.equal(res.status, 401);
  t.equal(res.body.code, 'SESSION_REQUIRED');
});

t.test('no Bearer token, or an unknown one, is 401 SESSION_REQUIRED', async (t) => {
  const client = await fresh();
  for (const token of [undefined, 'not-a-token']) {
    const res = await client.get('/portal/cabinet', token);
    t.equal(res.status, 401);
    t.equal(res.body.code, 'SESSION_REQUIRED');
  }
});

t.test("a session is the tenant's: another tenant does not know the token", async (t) => {
  const client = await fresh();
  const token = await client.login(await client.personaWith('portal-registered'));
  const other = new Client(app, `${client.tenant}-other`);
  const res = await other.get('/portal/cabinet', token);
  t.equal(res.status, 401);
  t.equal(res.body.code, 'SESSION_REQUIRED');
});
