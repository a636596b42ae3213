/**
 * The engine's timeline and the virtual clock, as a client sees them: the walk is scheduled at submission on
 * the Kazakh working-day calendar, and the clock reveals it (status, outcome, the result document, the cabinet's
 * notification, the licence in the e-licensing register).
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import type { Regulation, Step } from '../../src/regulations/types.js';
import { Client, settle, submit } from './client.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

let n = 0;
async function fresh(at?: string): Promise<Client> {
  const client = new Client(app, `portal-timeline-${++n}`);
  await client.start(at);
  return client;
}

/**
 * Days off of Kazakhstan in spring 2026 that fall on weekdays, written out by hand from the Law on holidays (art. 5:
 * a holiday on a Saturday or Sunday moves to the next working day) and the Labour Code (art. 84): 8 March is a
 * Sunday (Monday 9 March off); Nauryz 21-23 March is Saturday to Monday, so 21 and 22 move to Tuesday 24 and
 * Wednesday 25; 1 May (Friday), 7 May (Thursday), 9 May a Saturday (Monday 11 May off), Kurban ait 27 May.
 */
const WEEKDAYS_OFF_2026 = new Set(['2026-03-09', '2026-03-23', '2026-03-24', '2026-03-25', '2026-05-01', '2026-05-07', '2026-05-11', '2026-05-27']);
const ASTANA_MS = 5 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

function isWorkingDay(ms: number): boolean {
  const local = new Date(ms + ASTANA_MS);
  const weekday = local.getUTCDay();
  return weekday !== 0 && weekday !== 6 && !WEEKDAYS_OFF_2026.has(local.toISOString().slice(0, 10));
}

/** `at` plus one step's time: clock units as they are; working days to the same time of day on the n-th working day after. */
function plus(regulation: Regulation, at: number, step: Step, variant: string): number {
  const reading = step.durationByReading && regulation.ambiguities.find((a) => a.option?.name === step.durationByReading!.option)?.option?.default;
  const d = step.durationByVariant?.[variant] ?? (reading ? step.durationByReading!.durations[reading] : undefined) ?? step.duration;
  if (!d) return at;
  const unit = { seconds: 1000, minutes: 60_000, hours: 3_600_000, calendarDays: DAY_MS } as Record<string, number>;
  if (d.unit !== 'workingDays') return at + d.value * unit[d.unit]!;
  let out = at;
  for (let left = Math.ceil(d.value); left > 0; ) {
    out += DAY_MS;
    if (isWorkingDay(out)) left--;
  }
  return out;
}

/** Where each step of the walked path ends, computed from the regulation's durations. */
function expectedTimes(regulation: Regulation, channel: string, variant: string, path: string[], start: string): number[] {
  const steps = regulation.channels.find((c) => c.id === channel)!.steps;
  let at = Date.parse(start);
  return path.map((id) => (at = plus(regulation, at, steps.find((s) => s.id === id)!, variant)));
}

async function licenceHolder(client: Client, type: string): Promise<string> {
  const personas = (await client.get('/__admin/personas?trait=licence-holder')).body.personas as { iin: string; licences?: { type: string }[] }[];
  return personas.find((p) => p.licences?.some((l) => l.type === type))!.iin;
}

t.test('before its deadline an application is in progress with no outcome; at the deadline it is completed with its result', async (t) => {
  const client = await fresh();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'fee-pays', 'portal-registered');
  const res = await submit(client, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: applicant });
  t.equal(res.status, 201);
  t.equal(res.body.status, 'in-progress');
  t.equal(res.body.outcome, null, 'the outcome is hidden');
  t.equal(res.body.document, null, 'no document yet');
  t.equal(res.body.pending, null);
  t.ok(Date.parse(res.body.deadline) > Date.parse(await client.now()), 'the deadline is ahead');
  t.ok(res.body.timeline.some((e: { state: string }) => e.state === 'scheduled'), 'steps ahead are scheduled');

  const justBefore = new Date(Date.parse(res.body.deadline) - 1000).toISOString();
  await client.setClock(justBefore);
  let token = await client.login(applicant);
  const before = (await client.get(`/portal/applications/${res.body.id}`, token)).body;
  t.equal(before.status, 'in-progress', 'a second before the deadline: in progress');
  t.equal(before.outcome, null);
  t.equal(before.timeline.at(-1).state, 'scheduled', 'the last step is still scheduled');
  const cabinetBefore = (await client.get('/portal/cabinet', token)).body;
  t.same(cabinetBefore.applications.map((a: { id: string }) => a.id), [res.body.id], 'the cabinet lists the application');
  t.same(cabinetBefore.notifications, [], 'no notification yet');

  await client.setClock(res.body.deadline);
  token = await client.login(applicant);
  const after = (await client.get(`/portal/applications/${res.body.id}`, token)).body;
  t.equal(after.status, 'completed');
  t.equal(after.outcome.code, 'LICENCE_ISSUED');
  t.equal(after.outcome.kind, 'result');
  t.equal(after.outcome.at, res.body.deadline, 'the outcome is dated at the deadline');
  t.ok(after.timeline.every((e: { state: string }) => e.state === 'done'), 'every step is done');
  const cabinet = (await client.get('/portal/cabinet', token)).body;
  t.equal(cabinet.applications[0].status, 'completed');
  t.equal(cabinet.notifications.length, 1, 'one notification');
  t.match(cabinet.notifications[0], { applicationId: res.body.id, code: 'LICENCE_ISSUED', at: res.body.deadline });
  t.type(cabinet.notifications[0].message.kk, 'string', 'the notification is in Kazakh');
});

t.test('every timeline entry carries the citation, number and actor of its step in the regulation', async (t) => {
  const client = await fresh();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'fee-pays', 'portal-registered');
  const res = await submit(client, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: applicant });
  const regulation = await client.service('advocate-license');
  const steps = regulation.channels.find((c) => c.id === 'portal')!.steps;
  t.ok(res.body.timeline.length > 5);
  for (const entry of res.body.timeline) {
    const step = steps.find((s) => s.id === entry.step)!;
    t.ok(step, `${entry.step} is a step of the portal channel`);
    t.same(entry.citation, step.citation, `${entry.step} cites ${step.citation.seed} L${step.citation.lines}`);
    t.match(entry, { kind: step.kind, number: step.number, actor: step.actor });
    t.ok(entry.outcome, `${entry.step} has an outcome`);
  }
  t.equal(res.body.timeline[0].step, regulation.channels.find((c) => c.id === 'portal')!.entry, 'the walk starts at the entry');
  const conditions = res.body.timeline.filter((e: { kind: string }) => e.kind === 'condition');
  t.ok(conditions.every((e: { outcome: string }) => e.outcome === 'pass'), 'every condition passed on the happy path');
});

t.test('a re-issue submitted on Friday 20 March 2026 lands after the Nauryz days off (23-25 March), as the regulation\'s durations give', async (t) => {
  const friday = '2026-03-20T04:00:00.000Z'; // 09:00 in Astana
  const client = await fresh(friday);
  const holder = await licenceHolder(client, 'advocacy');
  const res = await submit(client, { service: 'advocate-license', variant: 'reissue', channel: 'portal', applicantIin: holder });
  t.equal(res.status, 201, JSON.stringify(res.body.detail ?? ''));
  const regulation = await client.service('advocate-license');
  const path = res.body.timeline.map((e: { step: string }) => e.step) as string[];
  const expected = expectedTimes(regulation, 'portal', 'reissue', path, friday);
  t.same(
    res.body.timeline.map((e: { at: string }) => e.at),
    expected.map((ms) => new Date(ms).toISOString()),
    'every step ends when the durations on the working-day calendar say',
  );
  t.equal(res.body.deadline, new Date(expected.at(-1)!).toISOString(), 'the deadline is the last step');
  const workingDaySteps = res.body.timeline.filter((e: { duration?: { unit: string } }) => e.duration?.unit === 'workingDays');
  t.ok(workingDaySteps.length > 0, 'the path has working-day steps');
  t.ok(Date.parse(workingDaySteps[0].at) > Date.parse('2026-03-25T19:00:00Z'), `the first working-day step ends after Nauryz (${workingDaySteps[0].at})`);
  const view = await settle(client, res.body.id);
  const result = regulation.channels.find((c) => c.id === 'portal')!.steps.find((s) => s.id === view.outcome.step)!;
  t.equal(view.status, 'completed');
  t.equal(view.outcome.code, result.resultByVariant?.reissue?.code ?? result.code, "the re-issue's result code");
});

t.test('working days skip the weekend: a step of working days that starts on a Friday ends the next week', async (t) => {
  const friday = '2026-04-03T04:00:00.000Z';
  const client = await fresh(friday);
  const holder = await licenceHolder(client, 'advocacy');
  const res = await submit(client, { service: 'advocate-license', variant: 'duplicate', channel: 'portal', applicantIin: holder });
  t.equal(res.status, 201);
  const regulation = await client.service('advocate-license');
  const path = res.body.timeline.map((e: { step: string }) => e.step) as string[];
  const expected = expectedTimes(regulation, 'portal', 'duplicate', path, friday);
  t.equal(res.body.deadline, new Date(expected.at(-1)!).toISOString());
  const firstWorking = res.body.timeline.find((e: { duration?: { unit: string } }) => e.duration?.unit === 'workingDays');
  t.equal(new Date(Date.parse(firstWorking.at) + ASTANA_MS).getUTCDay(), 1, 'one working day after Friday is Monday');
});

t.test('calendar days do not skip days off: a guardianship resolution counts them straight through Nauryz', async (t) => {
  const friday = '2026-03-20T04:00:00.000Z';
  const client = await fresh(friday);
  const guardian = await client.personaWith('guardian');
  const regulation = await client.service('guardianship-orphan');
  const res = await submit(client, { service: 'guardianship-orphan', variant: 'standard', channel: 'portal', applicantIin: guardian });
  t.equal(res.status, 201);
  const path = res.body.timeline.map((e: { step: string }) => e.step) as string[];
  const expected = expectedTimes(regulation, 'portal', 'standard', path, friday);
  t.equal(res.body.deadline, new Date(expected.at(-1)!).toISOString());
  const days = res.body.timeline.filter((e: { duration?: { unit: string } }) => e.duration?.unit === 'calendarDays').reduce((sum: number, e: { duration: { value: number } }) => sum + e.duration.value, 0);
  t.ok(days > 0);
  t.ok(Date.parse(res.body.deadline) - Date.parse(friday) < (days + 1) * DAY_MS, 'no more than the calendar days (and minutes) of the path');
});

t.test('the result document is signed by the provider and verifies with POST /eds/xml/verify', async (t) => {
  const client = await fresh();
  const applicant = await client.personaWith('admin-offence-recorded');
  const res = await submit(client, { service: 'legal-stats-admin-offence-info', variant: 'standard', channel: 'portal', applicantIin: applicant });
  const view = await settle(client, res.body.id);
  t.equal(view.status, 'completed');
  t.ok(view.document, 'a document');
  t.match(view.document, { kind: String, number: String, issuedAt: view.outcome.at });
  const employee = await client.personaWith('provider-employee');
  t.equal(view.document.signedBy, employee, 'signed by the provider employee');
  const verified = await client.post('/eds/xml/verify', { xml: view.document.signedXml });
  t.equal(verified.status, 200);
  t.equal(verified.body.valid, true, `verifies (${verified.body.code})`);
  t.equal(verified.body.signers.length, 1);
  t.match(view.document.signedXml, view.outcome.code, 'the document carries the outcome code');
  t.match(view.document.signedXml, `lines="${view.outcome.citation.lines}"`, 'and its citation');
  const tampered = await client.post('/eds/xml/verify', { xml: String(view.document.signedXml).replace(view.outcome.code, 'SOMETHING_ELSE') });
  t.equal(tampered.body.valid, false, 'a changed document does not verify');
});

t.test('an issued licence is in the e-licensing register for the applicant once the deadline is reached', async (t) => {
  const client = await fresh();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'fee-pays', 'portal-registered');
  const before = await client.get(`/elicense/licences?holderIin=${applicant}`);
  t.same(before.body.licences, [], 'no licence before');
  const res = await submit(client, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: applicant });
  const view = await settle(client, res.body.id);
  t.equal(view.outcome.code, 'LICENCE_ISSUED');
  const after = await client.get(`/elicense/licences?holderIin=${applicant}`);
  t.equal(after.body.licences.length, 1, 'one licence');
  t.match(after.body.licences[0], { number: view.document.number, type: 'advocacy', holderIin: applicant, status: 'active' });
  t.equal(after.body.licences[0].history[0].applicationId, res.body.id, 'written by the application');
});

t.test('the register shows no licence while the application is still in progress', async (t) => {
  const client = await fresh();
  const applicant = await client.personaWith('gbdfl-present', 'crime-clean', 'fee-pays', 'portal-registered');
  const res = await submit(client, { service: 'advocate-license', variant: 'issue', channel: 'portal', applicantIin: applicant });
  t.equal(res.body.status, 'in-progress');
  const during = await client.get(`/elicense/licences?holderIin=${applicant}`);
  t.same(during.body.licences, [], 'the licence is not issued before the outcome is');
});

t.test('a re-issue writes a re-issue event on the licence the applicant holds', async (t) => {
  const client = await fresh();
  const holder = await licenceHolder(client, 'advocacy');
  const held = (await client.get(`/elicense/licences?holderIin=${holder}&type=advocacy`)).body.licences[0];
  const res = await submit(client, { service: 'advocate-license', variant: 'reissue', channel: 'portal', applicantIin: holder });
  const view = await settle(client, res.body.id);
  t.equal(view.status, 'completed');
  t.equal(view.document.number, held.number, 'the result names the licence held');
  const after = (await client.get(`/elicense/licences/${held.number}`)).body;
  t.match(after.history.at(-1), { action: 'reissue', applicationId: res.body.id });
});
