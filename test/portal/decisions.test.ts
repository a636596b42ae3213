/**
 * Human decisions of the provider (documents, qualification, the commission, the attestation): taken through
 * `POST /provider/applications/{id}/decisions` when the application was submitted with `decisionMode: provider`,
 * given in advance in `decisions`, or read from the applicant persona's traits.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { Client, endFrom, settle, submit, type Application } from './client.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

let n = 0;
async function fresh(): Promise<Client> {
  const client = new Client(app, `portal-decisions-${++n}`);
  await client.start();
  return client;
}

/** Answers each decision the application waits for (`values[check]`, else true); answers the checks asked, in order. */
async function decideAll(client: Client, id: string, values: Record<string, string | boolean> = {}): Promise<string[]> {
  const asked: string[] = [];
  for (let round = 0; round < 12; round++) {
    const view = (await client.get(`/provider/applications/${id}`)).body;
    if (view.status !== 'awaiting-decision') break;
    asked.push(view.pending.check);
    const res = await client.post(`/provider/applications/${id}/decisions`, { check: view.pending.check, value: values[view.pending.check] ?? true });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  }
  return asked;
}

async function happy(client: Client): Promise<string> {
  return client.personaWith('gbdfl-present', 'crime-clean', 'fee-pays', 'portal-registered');
}

t.test('submitted with decisionMode provider, the application waits at its first human decision', async (t) => {
  const client = await fresh();
  const applicant = await happy(client);
  const res = await submit(client, { service: 'advocate-attestation', variant: 'standard', channel: 'portal', applicantIin: applicant, decisionMode: 'provider' });
  t.equal(res.status, 201);
  t.equal(res.body.status, 'awaiting-decision');
  t.match(res.body.pending, { step: String, check: String, since: String });
  const regulation = await client.service('advocate-attestation');
  const step = regulation.channels.find((c) => c.id === 'portal')!.steps.find((s) => s.id === res.body.pending.step)!;
  t.equal(step.check, res.body.pending.check, 'pending names the condition and its check');
  t.equal(res.body.outcome, null);
  t.equal(res.body.deadline, null, 'no deadline while the walk waits');
  t.notOk(res.body.timeline.some((e: { step: string }) => e.step === step.id), 'the condition is not in the timeline yet');
  const waiting = await client.get('/provider/applications?status=awaiting-decision');
  t.same(waiting.body.applications.map((a: { id: string }) => a.id), [res.body.id], 'the provider lists what waits for it');
  await client.advance('P30D');
  t.equal((await client.get(`/provider/applications/${res.body.id}`)).body.status, 'awaiting-decision', 'time alone decides nothing');
});

t.test('a decision the application does not wait for is 409 NO_DECISION_PENDING and changes nothing', async (t) => {
  const client = await fresh();
  const res = await submit(client, { service: 'advocate-attestation', variant: 'standard', channel: 'portal', applicantIin: await happy(client), decisionMode: 'provider' });
  const before = (await client.get(`/provider/applications/${res.body.id}`)).body;
  const other = before.pending.check === 'commission.admits' ? 'documents.complete' : 'commission.admits';
  const wrong = await client.post(`/provider/applications/${res.body.id}/decisions`, { check: other, value: true });
  t.equal(wrong.status, 409);
  t.equal(wrong.body.code, 'NO_DECISION_PENDING');
  t.same(wrong.body.pending, before.pending, 'says what it waits for');
  t.same((await client.get(`/provider/applications/${res.body.id}`)).body, before, 'unchanged');

  const auto = await submit(client, { service: 'legal-stats-admin-offence-info', variant: 'standard', channel: 'portal', applicantIin: await happy(client) });
  const none = await client.post(`/provider/applications/${auto.body.id}/decisions`, { check: 'documents.complete', value: true });
  t.equal(none.status, 409, 'an application that waits for nothing');
  t.equal(none.body.code, 'NO_DECISION_PENDING');
});

t.test('a value the decision does not take is 400 DECISION_INVALID listing the values, and changes nothing', async (t) => {
  const client = await fresh();
  const res = await submit(client, { service: 'advocate-attestation', variant: 'standard', channel: 'portal', applicantIin: await happy(client), decisionMode: 'provider' });
  const before = (await client.get(`/provider/applications/${res.body.id}`)).body;
  const bad = await client.post(`/provider/applications/${res.body.id}/decisions`, { check: before.pending.check, value: 'perhaps' });
  t.equal(bad.status, 400);
  t.equal(bad.body.code, 'DECISION_INVALID');
  t.match(bad.body.detail, /pass, fail/);
  t.same((await client.get(`/provider/applications/${res.body.id}`)).body, before, 'unchanged');
  for (const body of [{ check: before.pending.check }, { check: before.pending.check, value: {} }, { check: before.pending.check, value: true, extra: 1 }]) {
    const res2 = await client.post(`/provider/applications/${res.body.id}/decisions`, body);
    t.equal(res2.status, 400, JSON.stringify(body));
    t.equal(res2.body.code, 'VALIDATION_FAILED');
  }
  const missing = await client.post('/provider/applications/APP-2026-424242/decisions', { check: 'commission.admits', value: true });
  t.equal(missing.status, 404);
  t.equal(missing.body.code, 'APPLICATION_NOT_FOUND');
});

t.test('every decision taken goes on the timeline, and the walk resumes from the time it was taken', async (t) => {
  const client = await fresh();
  const res = await submit(client, { service: 'advocate-attestation', variant: 'standard', channel: 'portal', applicantIin: await happy(client), decisionMode: 'provider' });
  await client.advance('P3D');
  const decidedAt = Date.parse(await client.now());
  const asked = await decideAll(client, res.body.id);
  t.ok(asked.includes('commission.admits') && asked.includes('attestation.result'), `asked ${asked.join(', ')}`);
  const view = await settle(client, res.body.id);
  t.equal(view.status, 'completed');
  t.equal(view.outcome.code, 'ATTESTATION_PASSED');
  const decided = view.timeline.filter((e: { detail?: string }) => e.detail === 'decided through the provider API');
  t.same(
    decided.map((e: { step: string }) => e.step).length,
    asked.length,
    'each decision is a timeline entry',
  );
  t.ok(Date.parse(view.deadline) > decidedAt, 'the outcome comes after the decisions');
});

const attestations: [service: string, channel: Application['channel']][] = [
  ['advocate-attestation', 'portal'],
  ['advocate-attestation', 'provider'],
  ['bailiff-attestation', 'portal'],
];

for (const [service, channel] of attestations) {
  t.test(`${service} (${channel}): the commission not admitting the candidate ends in ADMISSION_REFUSED`, async (t) => {
    const client = await fresh();
    const res = await submit(client, { service, variant: 'standard', channel, applicantIin: await happy(client), decisionMode: 'provider' });
    t.equal(res.status, 201);
    const asked = await decideAll(client, res.body.id, { 'commission.admits': false });
    t.equal(asked.at(-1), 'commission.admits', 'the commission is the last decision asked');
    const view = await settle(client, res.body.id);
    const regulation = await client.service(service);
    const condition = regulation.channels.find((c) => c.id === channel)!.steps.find((s) => s.check === 'commission.admits')!;
    const refusal = endFrom(regulation, channel, condition.onFail!);
    t.equal(view.status, 'refused');
    t.equal(view.outcome.code, 'ADMISSION_REFUSED');
    t.equal(view.outcome.step, refusal.id);
    t.same(view.outcome.citation, refusal.citation);
  });

  for (const [value, code] of [['noShow', 'ATTESTATION_NO_SHOW'], [false, 'ATTESTATION_FAILED']] as const) {
    t.test(`${service} (${channel}): the attestation result ${JSON.stringify(value)} ends in ${code}`, async (t) => {
      const client = await fresh();
      const res = await submit(client, { service, variant: 'standard', channel, applicantIin: await happy(client), decisionMode: 'provider' });
      const asked = await decideAll(client, res.body.id, { 'attestation.result': value });
      t.equal(asked.at(-1), 'attestation.result');
      const view = await settle(client, res.body.id);
      t.equal(view.status, 'completed', 'a result, not a refusal');
      t.equal(view.outcome.code, code);
      t.equal(view.outcome.kind, 'result');
      t.ok(view.document, 'with a result document');
    });
  }
}

t.test('decisions given with the application are taken without waiting', async (t) => {
  const client = await fresh();
  const res = await submit(client, {
    service: 'advocate-attestation',
    variant: 'standard',
    channel: 'provider',
    applicantIin: await happy(client),
    decisions: { 'provider.noRefusalGround': false },
  });
  t.equal(res.body.status, 'in-progress');
  const view = await settle(client, res.body.id);
  t.equal(view.outcome.code, 'REASONED_REFUSAL');
  const entry = view.timeline.find((e: { step: string }) => e.step === 'bo.grounds');
  t.match(entry, { outcome: 'fail', detail: 'decision given with the application' });
});

t.test('in provider mode a decision given in advance is not asked again', async (t) => {
  const client = await fresh();
  const res = await submit(client, {
    service: 'advocate-attestation',
    variant: 'standard',
    channel: 'portal',
    applicantIin: await happy(client),
    decisionMode: 'provider',
    decisions: { 'commission.admits': true },
  });
  const asked = await decideAll(client, res.body.id);
  t.notOk(asked.includes('commission.admits'), `asked ${asked.join(', ')}`);
  t.equal((await settle(client, res.body.id)).outcome.code, 'ATTESTATION_PASSED');
});

t.test('without a decision, the applicant persona\'s traits decide: commission-refuses, attestation-no-show, attestation-fails', async (t) => {
  const client = await fresh();
  for (const [trait, code] of [
    ['commission-refuses', 'ADMISSION_REFUSED'],
    ['attestation-no-show', 'ATTESTATION_NO_SHOW'],
    ['attestation-fails', 'ATTESTATION_FAILED'],
    ['docs-noncompliant', 'DATA_VIOLATIONS'],
    ['refusal-ground', 'REASONED_REFUSAL'],
  ] as const) {
    const res = await submit(client, { service: 'advocate-attestation', variant: 'standard', channel: 'portal', applicantIin: await client.personaWith(trait) });
    const view = await settle(client, res.body.id);
    t.equal(view.outcome.code, code, `${trait}: ${code}`);
    t.ok(view.timeline.some((e: { detail?: string }) => e.detail === `persona trait ${trait}`), `${trait}: the timeline says the trait decided`);
  }
});
