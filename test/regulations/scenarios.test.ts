/**
 * Every scenario row of the five specs' scenario tables, as the regulation files list them, walked through the
 * HTTP API with its persona: the outcome code, the step and its citation, the path and the back-office term.
 * `SCENARIO_SERVICE=<service>` runs one service's rows.
 */
import t, { type Test } from 'tap';
import { buildServer } from '../../src/server.js';
import { requiredDocuments } from '../../src/regulations/checks/index.js';
import type { Duration, Regulation, Scenario } from '../../src/regulations/types.js';
import { addDuration } from '../../src/regulations/engine.js';
import { kazakhCalendar } from '../../src/core/calendar.js';
import { DEFAULT_PORTAL_PASSWORD } from '../../src/personas/persona.js';
import { freezeClock, json, settle, submit } from '../helpers/applications.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const only = process.env.SCENARIO_SERVICE;
const regulations = app.sandbox.regulations.catalogue.list().filter((r) => !only || r.service === only);

function stepOf(regulation: Regulation, scenario: Scenario, id: string) {
  return regulation.channels.find((c) => c.id === scenario.channel)!.steps.find((s) => s.id === id)!;
}

async function run(t: Test, regulation: Regulation, scenario: Scenario): Promise<void> {
  const tenant = `scenario-${regulation.service}-${scenario.id}`.slice(0, 64);
  await freezeClock(app, tenant);
  const expected = stepOf(regulation, scenario, scenario.expect.step);
  if (scenario.fault) {
    const res = await json(app, 'POST', '/__admin/faults', tenant, { system: scenario.fault.system, [scenario.fault.mode]: true });
    t.equal(res.status, 200, 'the fault is set');
  }
  if (scenario.drive === 'login-fails') {
    const persona = app.sandbox.personas.get(app.sandbox.tenants.get(tenant), scenario.persona);
    const password = persona?.traits.includes('portal-unregistered') || persona?.traits.includes('portal-blocked') ? (persona.portal?.password ?? DEFAULT_PORTAL_PASSWORD) : 'not-the-password';
    const res = await json(app, 'POST', '/portal/sessions', tenant, { iin: scenario.persona, password, service: regulation.service });
    t.equal(res.status, 401, 'the login is refused');
    t.equal(res.body.code, 'AUTH_REFUSED');
    t.equal(res.body.refusal?.code, scenario.expect.code, 'the refusal code');
    t.equal(res.body.refusal?.step, scenario.expect.step, 'the refusal step');
    t.same(res.body.refusal?.citation, expected.citation, 'the refusal citation');
    const apps = await json(app, 'GET', '/provider/applications', tenant);
    t.equal(apps.body.applications.length, 0, 'no application is created');
    return;
  }
  const variant = scenario.variant ?? regulation.variants[0]!.id;
  const documents = requiredDocuments({ regulation, application: { variant, channel: scenario.channel } as never }).filter((d) => !(scenario.omitDocuments ?? []).includes(d));
  const submitted = await submit(app, tenant, {
    service: regulation.service,
    variant,
    channel: scenario.channel,
    applicantIin: scenario.persona,
    ...(scenario.representative ? { representativeIin: scenario.representative } : {}),
    documents,
    ...(scenario.form ? { form: scenario.form } : {}),
    ...(scenario.decisions && !scenario.providerDecisions ? { decisions: scenario.decisions } : {}),
    ...(scenario.providerDecisions ? { decisionMode: 'provider' as const } : {}),
    ...(scenario.readings ? { readings: scenario.readings } : {}),
  });
  t.equal(submitted.status, 201, `submitted: ${submitted.status === 201 ? 'ok' : JSON.stringify(submitted.body)}`);
  if (submitted.status !== 201) return;
  const id = submitted.body.id as string;
  for (let round = 0; round < 10; round++) {
    const current = (await json(app, 'GET', `/provider/applications/${id}`, tenant)).body;
    if (current.status !== 'awaiting-decision') break;
    const check = current.pending.check as string;
    const decided = await json(app, 'POST', `/provider/applications/${id}/decisions`, tenant, { check, value: scenario.decisions?.[check] ?? true });
    t.equal(decided.status, 200, `the provider decides ${check}`);
  }
  const view = await settle(app, tenant, id);
  t.ok(view.status === 'completed' || view.status === 'refused', `the application ends (${view.status})`);
  t.equal(view.outcome?.code, scenario.expect.code, 'the outcome code');
  t.equal(view.outcome?.step, scenario.expect.step, 'the outcome step');
  t.same(view.outcome?.citation, expected.citation, 'the outcome citation');
  const path = (view.timeline as { step: string }[]).map((e) => e.step);
  if (scenario.expect.path) t.same(path, scenario.expect.path, 'the path walked');
  if (scenario.expect.term) {
    const term = Object.fromEntries(Object.entries(view.term as Record<string, number>).filter(([, v]) => v !== 0));
    t.same(term, scenario.expect.term, 'the back-office term');
    // The deadline is the submission moved on by each walked step's time, in order, on the working-day calendar.
    let at = new Date(view.submittedAt as string);
    for (const entry of view.timeline as { duration?: Duration }[]) if (entry.duration) at = addDuration(kazakhCalendar(), at, entry.duration);
    t.equal(view.deadline, at.toISOString(), 'the deadline');
    t.equal((view.timeline as { at: string }[]).at(-1)?.at, view.deadline, 'the last step ends at the deadline');
  }
  if (scenario.retention) {
    t.ok(view.forwardingId, 'the request was forwarded to the State Corporation');
    const after = await json(app, 'POST', '/__admin/clock', tenant, { advance: scenario.retention.after });
    t.equal(after.status, 200);
    await json(app, 'POST', '/__admin/clock', tenant, { advance: 'P1D' });
    const forwarding = (await json(app, 'GET', `/state-corporation/forwardings/${view.forwardingId}`, tenant)).body;
    if (scenario.retention.expect === 'resultDestroyed') t.equal(forwarding.status, 'DESTROYED', 'the uncollected result is destroyed');
    else t.ok(forwarding.submittedDocuments?.destroyedAt, 'the submitted documents are destroyed');
  }
}

for (const regulation of regulations) {
  t.test(regulation.service, async (t) => {
    for (const scenario of regulation.scenarios) {
      await t.test(`${scenario.id} (${scenario.channel}${scenario.variant ? `, ${scenario.variant}` : ''}) ends in ${scenario.expect.code} at ${scenario.expect.step}`, (t) => run(t, regulation, scenario));
    }
  });
}
