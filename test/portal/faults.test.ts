/**
 * A system that cannot answer (fault `down` or `timeout` on /__admin/faults) is the regulation's "data cannot be
 * obtained": the condition that asks it goes to its `onUnavailable` step (else `onFail`), never a 500. The
 * systems are read from the regulation files' conditions, so a new check or service is covered without editing
 * this test; each is driven by a scenario row of the same channel that walks through that condition.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { DECISION_CHECKS } from '../../src/regulations/checks/names.js';
import type { Channel, Regulation, Scenario, Step } from '../../src/regulations/types.js';
import { Client, settle, submit } from './client.js';

const app = await buildServer({ logger: false });
t.teardown(() => app.close());

const setup = new Client(app, 'portal-faults-setup');
const services = (await setup.get('/portal/services')).body.services as { id: string }[];
const regulations: Regulation[] = [];
for (const { id } of services) regulations.push(await setup.service(id));
const systems = Object.keys((await setup.get('/__admin/faults')).body.systems as Record<string, string>);

/**
 * The system a check asks, read from its name: `<system>.<assertion>` with the system in camelCase
 * (`aisSu.noConviction` asks `ais-su`); the certificate check `eds.valid` asks the national CA (`pki`). Human
 * decisions and the portal login ask no system.
 */
function systemOf(check: string): string | null {
  if ((DECISION_CHECKS as readonly string[]).includes(check) || check === 'portal.authenticated') return null;
  const prefix = check.split('.')[0]!;
  return prefix === 'eds' ? 'pki' : prefix.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Checks that ask their system only about a representative. */
const ABOUT_REPRESENTATIVE = new Set(['notary.powerOfAttorney', 'gbdfl.representativeExists']);

interface Walk {
  code: string;
  step: string;
  /** The condition that asked the faulted system first. */
  asked?: string;
  path: string[];
}

/** Where a scenario row goes through the channel when every check passes except those asking `down` (unavailable). */
function walk(regulation: Regulation, channel: Channel, scenario: Scenario, down: string | null): Walk {
  const variant = scenario.variant ?? regulation.variants[0]!.id;
  const steps = new Map(channel.steps.map((s) => [s.id, s]));
  let step: Step = steps.get(channel.entry)!;
  let refusal: Step | undefined;
  let asked: string | undefined;
  const path: string[] = [];
  for (let guard = 0; guard < 300; guard++) {
    path.push(step.id);
    if (step.variants && !step.variants.includes(variant)) {
      step = steps.get(step.next!)!;
      continue;
    }
    if (step.kind === 'condition') {
      const consults = down !== null && systemOf(step.check!) === down && (!ABOUT_REPRESENTATIVE.has(step.check!) || scenario.representative !== undefined);
      if (consults && !asked) asked = step.id;
      step = steps.get(consults ? (step.onUnavailable ?? step.onFail!) : step.next!)!;
      continue;
    }
    if (step.kind === 'refusal') refusal ??= step;
    if (step.kind === 'result' || !step.next) {
      const end = refusal ?? step;
      return { code: end === step ? (step.resultByVariant?.[variant]?.code ?? step.code!) : end.code!, step: end.id, ...(asked ? { asked } : {}), path };
    }
    step = steps.get(step.next)!;
  }
  throw new Error(`${regulation.service}/${channel.id}: the walk does not end`);
}

/** Every system the conditions of a channel ask. */
function systemsAsked(channel: Channel): Set<string> {
  return new Set(channel.steps.flatMap((s) => (s.kind === 'condition' ? [systemOf(s.check!)] : [])).filter((s): s is string => s !== null));
}

t.test('every system a condition asks is one the admin API can fault', async (t) => {
  const asked = new Set(regulations.flatMap((r) => r.channels.flatMap((c) => [...systemsAsked(c)])));
  t.ok(asked.size >= 8, `the conditions ask ${[...asked].join(', ')}`);
  for (const system of asked) t.ok(systems.includes(system), `${system} is a system of /__admin/faults`);
  for (const system of ['gbdfl', 'ais-su', 'notary', 'payments', 'legal-stats', 'elicense', 'state-corporation', 'pki']) t.ok(asked.has(system), `some condition asks ${system}`);
});

let n = 0;
for (const regulation of regulations) {
  for (const channel of regulation.channels) {
    const rows = regulation.scenarios.filter((s) => s.channel === channel.id && !s.drive && !s.fault && !s.providerDecisions);
    for (const system of systemsAsked(channel)) {
      // A row the model predicts without faults (its own expected outcome), that walks through a condition asking the system.
      const row = rows.find((s) => {
        const plain = walk(regulation, channel, s, null);
        return plain.code === s.expect.code && plain.step === s.expect.step && walk(regulation, channel, s, system).asked !== undefined;
      });
      for (const mode of ['down', 'timeout'] as const) {
        t.test(`${regulation.service} (${channel.id}): with ${system} ${mode}, the regulation's outcome`, async (t) => {
          if (!row) {
            t.fail(`no scenario row of ${regulation.service}/${channel.id} walks through a condition that asks ${system}`);
            return;
          }
          const expected = walk(regulation, channel, row, system);
          const client = new Client(app, `portal-faults-${++n}`);
          await client.start();
          const fault = await client.post('/__admin/faults', { system, [mode]: true });
          t.equal(fault.status, 200, 'the fault is set');
          const res = await submit(client, {
            service: regulation.service,
            variant: row.variant ?? regulation.variants[0]!.id,
            channel: channel.id,
            applicantIin: row.persona,
            ...(row.representative ? { representativeIin: row.representative } : {}),
            ...(row.decisions ? { decisions: row.decisions } : {}),
            ...(row.readings ? { readings: row.readings } : {}),
          });
          t.equal(res.status, 201, `row ${row.id} is taken (${res.status}: ${res.body.code ?? 'ok'})`);
          if (res.status !== 201) return;
          const view = await settle(client, res.body.id);
          t.equal(view.outcome?.code, expected.code, `${expected.code} at ${expected.step}`);
          t.equal(view.outcome?.step, expected.step);
          const entry = view.timeline.find((e: { step: string }) => e.step === expected.asked);
          t.match(entry, { kind: 'condition', outcome: 'unavailable' }, `${expected.asked} could not ask ${system}`);
          t.match(entry?.detail ?? '', new RegExp(system === 'pki' ? 'pki' : `${system}|SYSTEM_`), 'the timeline says which system');
        });
      }
    }
  }
}

/** The system a process step's action calls. */
const ACTION_SYSTEM: Record<NonNullable<Step['action']>, string> = { 'stateCorporation.forward': 'state-corporation' };

for (const regulation of regulations) {
  for (const channel of regulation.channels) {
    for (const step of channel.steps.filter((s) => s.action)) {
      const system = ACTION_SYSTEM[step.action!];
      const row = regulation.scenarios.find((s) => s.channel === channel.id && !s.drive && !s.fault && !s.providerDecisions && walk(regulation, channel, s, null).path.includes(step.id));
      for (const mode of ['down', 'timeout'] as const) {
        t.test(`${regulation.service} (${channel.id}): with ${system} ${mode} at ${step.action} (${step.id}), the application still ends, not forwarded`, async (t) => {
          if (!row) {
            t.fail(`no scenario row of ${regulation.service}/${channel.id} walks through ${step.id}`);
            return;
          }
          const client = new Client(app, `portal-faults-${++n}`);
          await client.start();
          await client.post('/__admin/faults', { system, [mode]: true });
          const res = await submit(client, {
            service: regulation.service,
            variant: row.variant ?? regulation.variants[0]!.id,
            channel: channel.id,
            applicantIin: row.persona,
            ...(row.representative ? { representativeIin: row.representative } : {}),
            ...(row.decisions ? { decisions: row.decisions } : {}),
            ...(row.readings ? { readings: row.readings } : {}),
          });
          t.equal(res.status, 201, `row ${row.id} is taken`);
          const view = await settle(client, res.body.id);
          t.ok(view.outcome, `it ends (${view.outcome?.code})`);
          const entry = view.timeline.find((e: { step: string }) => e.step === step.id);
          if (entry) t.match(entry.detail, /not forwarded/, 'the forwarding step says it did not happen');
          t.notOk(view.forwardingId, 'no forwarding id');
        });
      }
    }
  }
}

t.test("the regulation files' own fault rows agree with the condition's unavailable branch", async (t) => {
  for (const regulation of regulations) {
    for (const row of regulation.scenarios.filter((s) => s.fault)) {
      const channel = regulation.channels.find((c) => c.id === row.channel)!;
      const expected = walk(regulation, channel, row, row.fault!.system);
      t.equal(`${expected.code} at ${expected.step}`, `${row.expect.code} at ${row.expect.step}`, `${regulation.service} ${row.id}`);
    }
  }
});
