/**
 * The suite derived from the regulation files: every path of every channel and variant is driven by a case or
 * listed as skipped with its reason; regulation scenario rows come first with their own drive; synthesized cases
 * pick personas by the trait that drives the check, decisions for human checks and faults for unavailable systems.
 */
import t from 'tap';
import { CHECK_SYSTEM, seedFailingAfter } from '../../src/conformance/drivers.js';
import { deriveSuite, SuiteError } from '../../src/conformance/suite.js';
import { FaultBoard } from '../../src/core/faults.js';
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

/** The same regulations without their scenario rows: every path is synthesized (or skipped). */
const bare = deriveSuite(
  regulations.map((r) => ({ ...r, scenarios: [] })),
  personas,
);

t.test('with no scenario rows, every path is synthesized or skipped', async (t) => {
  t.ok(bare.cases.length > 200, `${bare.cases.length} synthesized cases`);
  t.ok(bare.cases.every((c) => c.origin === 'synthesized' && c.tags.includes('synthesized')));
});

t.test('an unavailable system is a fault on it; after the system answered once, it waits for a pause or fails by a seeded draw', async (t) => {
  let staged = 0;
  for (const c of bare.cases) {
    const choices = c.choices ?? [];
    const i = choices.findIndex((x) => x.outcome === 'unavailable');
    if (i < 0) continue;
    const system = CHECK_SYSTEM[choices[i]!.check];
    t.ok(c.tags.includes('fault'), `${c.id} is tagged fault`);
    const answeredBefore = choices.slice(0, i).some((x) => CHECK_SYSTEM[x.check] === system);
    if (!answeredBefore) {
      t.same(c.drive.fault, { system, mode: 'down' }, `${c.id}: ${system} down before submitting`);
    } else if (c.drive.faultAt) {
      staged++;
      t.equal(c.drive.faultAt.system, system, `${c.id}: ${system} down later`);
      t.equal(c.drive.decisionMode, 'provider', 'while the application waits for a provider decision');
      const pause = choices.findIndex((x) => x.step === c.drive.faultAt!.step);
      const lastAnswer = Math.max(...choices.slice(0, i).map((x, j) => (CHECK_SYSTEM[x.check] === system ? j : -1)));
      t.ok(pause > lastAnswer && pause < i, 'between the last answer and the unavailable check');
      t.match(choices[pause]!.check, /^(documents|provider|commission|attestation)\./, 'at a human decision');
    } else {
      t.equal(c.drive.fault?.mode, 'error-rate', `${c.id}: no pause between, so a share of calls fails`);
    }
  }
  t.ok(staged > 0, 'some faults are injected while a decision is pending');
});

t.test('a seeded error rate lets the first calls through and fails the next one', async (t) => {
  for (const ok of [0, 1, 2, 5]) {
    const seed = seedFailingAfter(ok, 0.5);
    const board = new FaultBoard();
    board.set('legal-stats', { errorRate: 0.5, seed });
    const verdicts = Array.from({ length: ok + 1 }, () => board.verdict('legal-stats').kind);
    t.same(verdicts, [...Array(ok).fill('ok'), 'error'], `seed ${seed}: ${ok} call(s) answered, then unavailable`);
  }
});

t.test('human decisions are given as the path takes them; a refused package leaves a document out', async (t) => {
  const decision = (o: string): string | boolean => (o === 'pass' ? true : o === 'fail' ? false : o);
  let named = 0;
  let omitted = 0;
  for (const c of bare.cases) {
    for (const x of (c.choices ?? []).filter((y) => /^(documents|provider|commission|attestation)\./.test(y.check))) {
      const given = c.drive.decisionMode === 'provider' ? c.drive.decisionsByStep?.[x.step] : c.drive.decisions?.[x.check];
      t.equal(given, decision(x.outcome), `${c.id}: ${x.check} at ${x.step}`);
      if (x.outcome !== 'pass' && x.outcome !== 'fail') named++;
    }
    if ((c.choices ?? []).some((x) => x.check === 'stateCorporation.packageAccepted' && x.outcome === 'fail')) {
      omitted++;
      t.ok(c.drive.omitDocuments?.length, `${c.id}: a document is left out`);
      t.notOk(c.drive.documents.some((d) => c.drive.omitDocuments!.includes(d)), 'and is not in the package');
    }
  }
  t.ok(named > 0, 'a named branch (noShow) is decided by its name');
  t.ok(omitted > 0, 'refused packages are driven');
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
