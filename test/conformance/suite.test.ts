/**
 * The suite derived from the regulation files: every path of every channel and variant is driven by a case or
 * listed as skipped with its reason; regulation scenario rows come first with their own drive; synthesized cases
 * pick personas by the trait that drives the check, decisions for human checks and faults for unavailable systems.
 */
import t from 'tap';
import { deriveSuite, SuiteError } from '../../src/conformance/suite.js';
import { branchesOf, enumeratePaths } from '../../src/conformance/graph.js';
import { loadRegulationDir } from '../../src/regulations/catalogue.js';
import type { Regulation } from '../../src/regulations/types.js';
import { loadPersonas } from '../../src/server.js';

const regulations = loadRegulationDir();
const personas = loadPersonas({ personasDirs: [] }).bundled();
const suite = deriveSuite(regulations, personas);
const traitsOf = (iin: string): string[] => personas.find((p) => p.iin === iin)?.traits ?? [];

t.test('every path of every channel and variant is driven by a case, or skipped with a reason', async (t) => {
  let paths = 0;
  const undriven: string[] = [];
  for (const regulation of regulations) {
    for (const channel of regulation.channels) {
      for (const variant of regulation.variants) {
        for (const path of enumeratePaths(regulation, channel, variant.id)) {
          paths++;
          const outcomes = path.choices.map((c) => `${c.step}=${c.outcome}`).join(',');
          const driven = suite.cases.some(
            (c) =>
              c.service === regulation.service &&
              c.channel === channel.id &&
              c.variant === variant.id &&
              c.expect.path?.join('>') === path.steps.join('>') &&
              c.choices?.map((x) => `${x.step}=${x.outcome}`).join(',') === outcomes,
          );
          const skipped = suite.skipped.find((s) => s.service === regulation.service && s.channel === channel.id && s.variant === variant.id && s.path.join('>') === path.steps.join('>'));
          if (!driven && !skipped?.reason) undriven.push(`${regulation.service}/${channel.id}/${variant.id}: ${path.steps.join(' > ')}`);
        }
      }
    }
  }
  t.ok(paths > regulations.length * 5, `the graphs have ${paths} paths`);
  t.same(undriven, [], 'no path is left without a case or a reason');
  for (const s of suite.skipped) t.match(s.reason, /\w{10,}/, `${s.id} says why it is skipped`);
});

t.test('every regulation scenario row is a case, with its persona, fault and expected outcome', async (t) => {
  for (const regulation of regulations) {
    for (const scenario of regulation.scenarios) {
      const c = suite.cases.find((x) => x.id === `${regulation.service}/${scenario.id}`);
      if (!t.ok(c, `${regulation.service}/${scenario.id} is in the suite`)) continue;
      t.equal(c!.origin, 'regulation');
      t.equal(c!.drive.applicant, scenario.persona);
      t.same(c!.drive.fault, scenario.fault);
      t.equal(c!.expect.code, scenario.expect.code);
      t.equal(c!.expect.step, scenario.expect.step);
      const step = regulation.channels.find((ch) => ch.id === scenario.channel)!.steps.find((s) => s.id === scenario.expect.step)!;
      t.same(c!.expect.citation, step.citation, 'the expected citation is the step\'s');
      t.ok(c!.tags.includes(regulation.service) && c!.tags.includes(scenario.channel) && c!.tags.includes(c!.expect.kind));
      if (scenario.fault) t.ok(c!.tags.includes('fault'), 'a fault row is tagged fault');
    }
  }
});

t.test('a synthesized case drives a failed automated check with the persona whose trait makes it fail', async (t) => {
  const expected: Record<string, string> = {
    'gbdfl.personExists': 'gbdfl-absent',
    'aisSu.criminalRecordObtained': 'crime-no-data',
    'aisSu.noConviction': 'crime-convicted',
    'eds.valid': 'cert-sign-',
    'payments.feePaid': 'fee-',
    'legalStats.bbtClean': 'bbt-debtor',
  };
  const seen = new Set<string>();
  for (const c of suite.cases.filter((x) => x.origin === 'synthesized')) {
    const failed = (c.choices ?? []).filter((x) => x.outcome === 'fail');
    if (failed.length !== 1) continue;
    const trait = expected[failed[0]!.check];
    if (!trait) continue;
    seen.add(failed[0]!.check);
    t.ok(traitsOf(c.drive.applicant).some((x) => x.startsWith(trait)), `${c.id}: persona ${c.drive.applicant} carries ${trait}`);
    t.notOk(c.drive.fault, `${c.id}: no fault is needed`);
  }
  t.ok(seen.size >= 4, `checked personas for ${[...seen].join(', ')}`);
});

t.test('an unavailable system is a fault; after the system answered once, it is injected at a provider decision in between', async (t) => {
  const before = suite.cases.find((c) => c.id === 'advocate-license/provider/reissue/d2.c1a=unavailable');
  t.same(before?.drive.fault, { system: 'gbdfl', mode: 'down' }, 'the first GBD FL check: down before submitting');
  t.ok(before?.tags.includes('fault'));
  const staged = suite.cases.find((c) => c.id === 'advocate-license/portal/issue/bo.conviction=unavailable');
  t.equal(staged?.drive.faultAt?.system, 'ais-su', 'АИС СУ answered at t3.c4, so the fault comes later');
  t.equal(staged?.drive.decisionMode, 'provider', 'while the application waits for a provider decision');
  const decision = staged?.choices?.find((c) => c.step === staged.drive.faultAt?.step);
  t.ok(decision && /^(documents|provider|commission|attestation)\./.test(decision.check), `the pause is a human decision (${decision?.check})`);
});

t.test('human decisions are given with the application; a refused package leaves a document out', async (t) => {
  const commission = suite.cases.find((c) => c.id === 'advocate-attestation/provider/standard/ch3.s6=fail');
  t.equal(commission?.drive.decisions?.['commission.admits'], false);
  t.equal(commission?.drive.decisions?.['documents.complete'], true);
  const noShow = suite.cases.find((c) => c.id === 'advocate-attestation/provider/standard/ch3.s9=noShow');
  t.equal(noShow?.drive.decisions?.['attestation.result'], 'noShow', 'a named branch is decided by its name');
  const refused = suite.cases.find((c) => c.id === 'minor-property-inheritance-certificates/stateCorporation/ownership/sc.c0=fail');
  t.ok(refused?.drive.omitDocuments?.length, 'a document is left out');
  t.notOk(refused?.drive.documents.some((d) => refused.drive.omitDocuments!.includes(d)), 'and is not in the package');
});

t.test('--service and --tag select cases; an unknown service is refused', async (t) => {
  const some = deriveSuite(regulations, personas, { services: ['bailiff-license'], tags: ['fault'] });
  t.same(some.services, ['bailiff-license']);
  t.ok(some.cases.length > 0);
  t.ok(some.cases.every((c) => c.service === 'bailiff-license' && c.tags.includes('fault')));
  t.throws(() => deriveSuite(regulations, personas, { services: ['no-such-service'] }), SuiteError);
});

t.test('paths and branches of a small graph: variant-only steps, unavailable edges, named branches, a refusal that goes on', async (t) => {
  const cite = { seed: 's', lines: '1' };
  const regulation = {
    service: 'toy',
    seed: 's',
    variants: [{ id: 'a' }, { id: 'b' }],
    channels: [
      {
        id: 'portal',
        entry: 'p1',
        steps: [
          { id: 'p1', kind: 'process', next: 'v1', citation: cite },
          { id: 'v1', kind: 'condition', check: 'elicense.licenceHeld', next: 'c1', onFail: 'r1', variants: ['b'], citation: cite },
          { id: 'c1', kind: 'condition', check: 'gbdfl.personExists', next: 'c2', onFail: 'r1', onUnavailable: 'r2', citation: cite },
          { id: 'c2', kind: 'condition', check: 'attestation.result', next: 'ok', onFail: 'r1', branches: { noShow: 'ok2' }, citation: cite },
          { id: 'r1', kind: 'refusal', code: 'NO', next: 'end', citation: cite },
          { id: 'r2', kind: 'refusal', code: 'DOWN', citation: cite },
          { id: 'end', kind: 'result', code: 'REFUSED', outcome: 'refused', citation: cite },
          { id: 'ok', kind: 'result', code: 'YES', outcome: 'granted', citation: cite },
          { id: 'ok2', kind: 'result', code: 'NOSHOW', outcome: 'negative', citation: cite },
        ],
      },
    ],
  } as unknown as Regulation;
  const channel = regulation.channels[0]!;
  const a = enumeratePaths(regulation, channel, 'a');
  t.same(
    a.map((p) => p.steps.join(' ')),
    ['p1 c1 c2 ok', 'p1 c1 c2 r1 end', 'p1 c1 c2 ok2', 'p1 c1 r1 end', 'p1 c1 r2'],
    'variant a passes v1 by; pass first, then fail, unavailable, named branches',
  );
  t.same(a.map((p) => p.outcomeStep), ['ok', 'r1', 'ok2', 'r1', 'r2'], 'the outcome is the first refusal or result');
  t.equal(enumeratePaths(regulation, channel, 'b').length, 6, 'variant b also fails at v1');
  t.same(
    branchesOf(regulation).map((b) => b.id),
    ['portal:v1:pass', 'portal:v1:fail', 'portal:c1:pass', 'portal:c1:fail', 'portal:c1:unavailable', 'portal:c2:pass', 'portal:c2:fail', 'portal:c2:noShow', 'portal:r1', 'portal:r2', 'portal:end', 'portal:ok', 'portal:ok2'],
  );
});
