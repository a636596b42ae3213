/**
 * Derives the conformance suite from the regulation files: every path from each channel's entry to each result
 * or refusal, per service, variant and channel. A path walked by one of the regulation's own scenario rows is
 * driven by that row (with its persona, decisions, readings, documents and fault); a path no row walks gets a
 * synthesized case whose persona, decisions, fault and documents are read off the conditions on the path (see
 * ./drivers.ts). A path nothing can drive is listed as skipped, with the reason.
 * @see ../../docs/conformance.md
 */
import { kazakhDate } from '../core/calendar.js';
import type { Persona } from '../personas/persona.js';
import { requiredDocuments } from '../regulations/checks/index.js';
import { isDecisionCheck } from '../regulations/checks/names.js';
import type { Channel, Regulation, Scenario, Step } from '../regulations/types.js';
import { CHECK_SYSTEM, licenceTypeOf, notableTraits, predictCheck, seedFailingAfter, SHEP_CALLS, type DriveContext } from './drivers.js';
import { choicesOfSteps, enumeratePaths, type ConditionChoice, type GraphPath } from './graph.js';
import type { CaseDrive, SkippedPath, Suite, SuiteCase } from './types.js';

/** Every case starts with the tenant's clock frozen here: Monday 2 March 2026, 09:00 in Astana (a working day). */
export const SCENARIO_START = '2026-03-02T04:00:00.000Z';

export interface DeriveOptions {
  /** Only these services (all when empty). */
  services?: string[];
  /** Only cases carrying every one of these tags (all when empty). */
  tags?: string[];
  /** The virtual instant each case starts at (default {@link SCENARIO_START}). */
  start?: string;
}

/** Derives the suite: the regulation scenario rows, then a synthesized case for every path no row walks. */
export function deriveSuite(regulations: Regulation[], personas: Persona[], options: DeriveOptions = {}): Suite {
  const wanted = new Set(options.services ?? []);
  const unknown = [...wanted].filter((s) => !regulations.some((r) => r.service === s));
  if (unknown.length) throw new SuiteError(`unknown service ${unknown.join(', ')}; services: ${regulations.map((r) => r.service).join(', ')}`);
  const tagsKnown = knownTags(regulations);
  const unknownTags = (options.tags ?? []).filter((t) => !tagsKnown.includes(t));
  if (unknownTags.length) throw new SuiteError(`unknown tag ${unknownTags.join(', ')}; tags: ${tagsKnown.join(', ')}`);
  const selected = regulations.filter((r) => wanted.size === 0 || wanted.has(r.service));
  const today = kazakhDate(new Date(options.start ?? SCENARIO_START));
  const cases: SuiteCase[] = [];
  const skipped: SkippedPath[] = [];
  for (const regulation of selected) {
    const rows = regulation.scenarios.map((s) => caseFromScenario(regulation, s));
    cases.push(...rows);
    const walked = new Set(rows.flatMap((c) => (c.expect.path && c.choices ? [pathKey(c.channel, c.variant, c.expect.path, c.choices)] : [])));
    for (const channel of regulation.channels) {
      for (const variant of regulation.variants) {
        for (const path of enumeratePaths(regulation, channel, variant.id)) {
          if (walked.has(pathKey(channel.id, variant.id, path.steps, path.choices))) continue;
          const made = synthesize(regulation, channel, path, personas, today);
          if ('reason' in made) skipped.push(made);
          else cases.push(made);
        }
      }
    }
  }
  const tags = options.tags ?? [];
  const keep = <T extends { tags: string[] }>(item: T): boolean => tags.every((t) => item.tags.includes(t));
  return { services: selected.map((r) => r.service), cases: cases.filter(keep), skipped: skipped.filter(keep) };
}

/** The tags a case can carry: the kinds below, then every service, channel and variant of the regulations. */
export function knownTags(regulations: readonly Regulation[]): string[] {
  const fixed = ['refusal', 'result', 'regulation', 'synthesized', 'fault', 'login'];
  const named = new Set(regulations.flatMap((r) => [r.service, ...r.channels.map((c) => c.id), ...r.variants.map((v) => v.id)]));
  return [...fixed, ...[...named].filter((t) => !fixed.includes(t)).sort()];
}

/** A usage problem with the suite's selection (an unknown service or tag). */
export class SuiteError extends Error {
  override readonly name = 'SuiteError';
}

/** A path by its steps and the outcome taken at each condition (a fail and an unavailable edge may share a target). */
function pathKey(channel: string, variant: string, steps: string[], choices: ConditionChoice[]): string {
  return `${channel}|${variant}|${steps.join('>')}|${choices.map((c) => `${c.step}=${c.outcome}`).join(',')}`;
}

function stepOf(channel: Channel, id: string): Step {
  const step = channel.steps.find((s) => s.id === id);
  if (!step) throw new Error(`no step ${id} in channel ${channel.id}`);
  return step;
}

function documentsFor(regulation: Regulation, channel: Channel, variant: string, omit: string[] = []): string[] {
  return requiredDocuments({ regulation, application: { variant, channel: channel.id } as never }).filter((d) => !omit.includes(d));
}

function baseTags(regulation: Regulation, channel: Channel, variant: string, kind: string, origin: SuiteCase['origin']): string[] {
  return [regulation.service, channel.id, variant, kind, origin];
}

/** A regulation scenario row as a case: its own drive; the path it gives, else the one the graph implies. */
function caseFromScenario(regulation: Regulation, scenario: Scenario): SuiteCase {
  const channel = regulation.channels.find((c) => c.id === scenario.channel)!;
  const variant = scenario.variant ?? regulation.variants[0]!.id;
  const step = stepOf(channel, scenario.expect.step);
  const kind = step.kind === 'refusal' ? 'refusal' : 'result';
  let path = scenario.expect.path;
  if (!path) {
    // No path given: the graph's, when one path alone ends there (for a refused login, the one through the login check).
    const ending = enumeratePaths(regulation, channel, variant).filter((p) => p.outcomeStep === scenario.expect.step);
    const login = ending.filter((p) => p.choices.some((c) => c.check === 'portal.authenticated' && c.outcome === 'fail'));
    const candidates = scenario.drive === 'login-fails' && login.length ? login : ending;
    if (candidates.length === 1) path = candidates[0]!.steps;
  }
  const drive: CaseDrive = {
    applicant: scenario.persona,
    ...(scenario.representative ? { representative: scenario.representative } : {}),
    decisionMode: scenario.providerDecisions ? 'provider' : 'auto',
    ...(scenario.decisions ? { decisions: scenario.decisions } : {}),
    ...(scenario.readings ? { readings: scenario.readings } : {}),
    ...(scenario.form ? { form: scenario.form } : {}),
    documents: documentsFor(regulation, channel, variant, scenario.omitDocuments),
    ...(scenario.omitDocuments ? { omitDocuments: scenario.omitDocuments } : {}),
    ...(scenario.fault ? { fault: scenario.fault } : {}),
    ...(scenario.drive === 'login-fails' ? { login: 'fails' as const } : {}),
  };
  const tags = baseTags(regulation, channel, variant, kind, 'regulation');
  if (scenario.fault) tags.push('fault');
  if (scenario.drive === 'login-fails') tags.push('login');
  // A fail and an unavailable edge may lead to the same step: the row's fault says which one it takes.
  const choices = path
    ? choicesOfSteps(channel, variant, path)?.map((c) => {
        const onUnavailable = stepOf(channel, c.step).onUnavailable;
        const next = path![path!.indexOf(c.step) + 1];
        return scenario.fault && CHECK_SYSTEM[c.check] === scenario.fault.system && onUnavailable && onUnavailable === next ? { ...c, outcome: 'unavailable' } : c;
      })
    : undefined;
  return {
    id: `${regulation.service}/${scenario.id}`,
    service: regulation.service,
    channel: channel.id,
    variant,
    origin: 'regulation',
    scenario: scenario.id,
    title: `${scenario.id} (${channel.id}, ${variant}) ends in ${scenario.expect.code} at ${scenario.expect.step}`,
    tags,
    drive,
    expect: {
      kind,
      code: scenario.expect.code,
      step: scenario.expect.step,
      citation: step.citation,
      ...(path ? { path } : {}),
      ...(scenario.expect.term ? { term: scenario.expect.term } : {}),
    },
    ...(choices ? { choices } : {}),
    ...(scenario.note ? { note: scenario.note } : {}),
  };
}

/** The id of a synthesized case: the conditions that do not pass, in path order (`pass` when all do). */
function synthesizedId(path: GraphPath): string {
  const turns = path.choices.filter((c) => c.outcome !== 'pass').map((c) => `${c.step}=${c.outcome}`);
  return `${path.service}/${path.channel}/${path.variant}/${turns.join('+') || 'pass'}`;
}

const toDecision = (outcome: string): string | boolean => (outcome === 'pass' ? true : outcome === 'fail' ? false : outcome);

/** Checks whose answer is fixed when the application is submitted (the signature is verified then). */
const AT_SUBMISSION = new Set(['eds.valid']);

/**
 * A case that drives `path`, or the reason none can. The conditions on the path say what is needed: decisions
 * for human checks, a fault for `unavailable`, a left-out document for a refused package, and a persona (and
 * representative) whose data makes every automated check answer as the path needs.
 */
export function synthesize(regulation: Regulation, channel: Channel, path: GraphPath, personas: Persona[], today: string): SuiteCase | SkippedPath {
  const variant = path.variant;
  const outcome = stepOf(channel, path.outcomeStep);
  const kind = outcome.kind === 'refusal' ? 'refusal' : 'result';
  const id = synthesizedId(path);
  const tags = baseTags(regulation, channel, variant, kind, 'synthesized');
  const skip = (reason: string, extraTags: string[] = []): SkippedPath => ({
    id,
    service: regulation.service,
    channel: channel.id,
    variant,
    path: path.steps,
    reason,
    tags: [...tags, ...extraTags],
  });
  const choices = path.choices;
  const code = outcome.resultByVariant?.[variant]?.code ?? outcome.code!;
  const expect = { kind, code, step: outcome.id, citation: outcome.citation, path: path.steps } as const;
  const base = { id, service: regulation.service, channel: channel.id, variant, origin: 'synthesized' as const, expect, choices };
  const title = `${channel.id}, ${variant}: ${code} at ${outcome.id}${choices.some((c) => c.outcome !== 'pass') ? ` (${choices.filter((c) => c.outcome !== 'pass').map((c) => `${c.check} ${c.outcome}`).join(', ')})` : ''}`;

  // A refused portal login: no application is made.
  const login = choices.findIndex((c) => c.check === 'portal.authenticated' && c.outcome === 'fail');
  if (login >= 0) {
    if (choices.slice(0, login).some((c) => c.outcome !== 'pass')) return skip('the login refusal follows another failed condition');
    const persona = personas.find((p) => p.traits.includes('portal-unregistered')) ?? personas.find((p) => p.traits.includes('portal-blocked'));
    if (!persona) return skip('no persona with the trait portal-unregistered or portal-blocked to refuse the login');
    return {
      ...base,
      title,
      tags: [...tags, 'login'],
      drive: { applicant: persona.iin, decisionMode: 'auto', documents: [], login: 'fails' },
      note: `persona ${persona.iin} (${notableTraits(persona).join(', ')}): the portal refuses the login`,
    };
  }

  // The same automated check answers the same on one application (a fault aside).
  const answers = new Map<string, ConditionChoice>();
  for (const c of choices) {
    if (isDecisionCheck(c.check) || c.outcome === 'unavailable') continue;
    const earlier = answers.get(c.check);
    if (earlier && earlier.outcome !== c.outcome) {
      return skip(`${c.check} answers ${earlier.outcome} at ${earlier.step} and would have to answer ${c.outcome} at ${c.step}: the same check on the same application gives the same answer`);
    }
    answers.set(c.check, c);
  }

  // Faults: before submitting, or while the application waits for a provider decision after the system last answered.
  let fault: CaseDrive['fault'];
  let faultAt: CaseDrive['faultAt'];
  for (let i = 0; i < choices.length; i++) {
    const c = choices[i]!;
    if (c.outcome !== 'unavailable') continue;
    const system = CHECK_SYSTEM[c.check];
    if (!system) return skip(`${c.check} at ${c.step} asks no system a fault could make unavailable`, ['fault']);
    const sameSystem = (j: number): boolean => CHECK_SYSTEM[choices[j]!.check] === system && choices[j]!.outcome !== 'unavailable';
    if (choices.some((_, j) => j > i && sameSystem(j))) return skip(`${system} must answer after being unavailable at ${c.step}`, ['fault']);
    let prior = -1;
    for (let j = 0; j < i; j++) if (sameSystem(j)) prior = j;
    if (prior < 0) {
      if (fault && fault.system !== system) return skip('two systems would have to fail before submitting', ['fault']);
      fault = { system, mode: 'down' };
      continue;
    }
    const priorChoice = choices[prior]!;
    let pause = -1;
    for (let j = prior + 1; j < i; j++) if (isDecisionCheck(choices[j]!.check)) pause = j;
    if (pause < 0 && !AT_SUBMISSION.has(c.check) && !fault) {
      // No pause between: a share of calls fails, with a seed whose first failing draw is this check's call.
      const calls = choices.slice(0, i).filter((_, j) => sameSystem(j)).reduce((n, p) => n + (SHEP_CALLS[p.check] ?? 1), 0);
      fault = { system, mode: 'error-rate', errorRate: 0.5, seed: seedFailingAfter(calls, 0.5) };
      continue;
    }
    if (pause < 0 || AT_SUBMISSION.has(c.check) || faultAt) {
      return skip(
        `${c.check} must be unavailable at ${c.step} after ${system} answered ${priorChoice.check} at ${priorChoice.step}, and no provider decision between them lets a fault be injected there`,
        ['fault'],
      );
    }
    faultAt = { step: choices[pause]!.step, system, mode: 'down' };
  }

  // Decisions: by check when each check decides one way on the path, else one by one through the provider.
  const decisionChoices = choices.filter((c) => isDecisionCheck(c.check));
  const byCheck = new Map<string, string>();
  let perStep = false;
  for (const c of decisionChoices) {
    const seen = byCheck.get(c.check);
    if (seen !== undefined && seen !== c.outcome) perStep = true;
    byCheck.set(c.check, c.outcome);
  }
  const providerMode = perStep || faultAt !== undefined;
  const decisions = Object.fromEntries([...byCheck].map(([check, o]) => [check, toDecision(o)]));
  const decisionsByStep = Object.fromEntries(decisionChoices.map((c) => [c.step, toDecision(c.outcome)]));

  // A refused package: leave out a document the operator requires.
  const packageRefused = choices.some((c) => c.check === 'stateCorporation.packageAccepted' && c.outcome === 'fail');
  let omit: string[] = [];
  if (packageRefused) {
    const fromRows = regulation.scenarios.find((s) => s.channel === channel.id && s.omitDocuments?.length && s.expect.path?.some((id) => id === path.outcomeStep));
    const all = documentsFor(regulation, channel, variant);
    omit = fromRows?.omitDocuments?.filter((d) => all.includes(d)) ?? [];
    if (omit.length === 0) omit = all.filter((d) => d !== 'application' && d !== 'power-of-attorney').slice(0, 1);
    if (omit.length === 0) return skip('stateCorporation.packageAccepted must fail, and the package has no document to leave out');
  }

  // The persona (and representative, and licence) whose data answers every automated check as the path needs.
  const automated = choices.map((c, i) => ({ c, i })).filter(({ c }) => !isDecisionCheck(c.check) && c.check !== 'portal.authenticated');
  const reading = (option: string): string | undefined => regulation.ambiguities.find((a) => a.option?.name === option)?.option?.default;
  const licenceType = licenceTypeOf(regulation.service);
  const needsLicence = choices.some((c) => c.check === 'elicense.licenceHeld' && c.outcome === 'pass');
  const faultsAt = (i: number): Set<string> => {
    const down = new Set<string>();
    // An error-rate fault lets the system's earlier calls through and fails the one the path needs.
    if (fault && (fault.mode !== 'error-rate' || choices[i]!.outcome === 'unavailable')) down.add(fault.system);
    if (faultAt && choices.findIndex((c) => c.step === faultAt!.step) < i) down.add(faultAt.system);
    return down;
  };
  const usable = personas.filter((p) => usableApplicant(p, channel.id));
  const ranked = usable.map((p, order) => ({ p, order, weight: notableTraits(p).length })).sort((a, b) => a.weight - b.weight || a.order - b.order);
  let best: { applicant: Persona; representative?: Persona; licence: boolean; score: number } | undefined;
  for (const { p: applicant, weight } of ranked) {
    if (best && weight >= best.score) break;
    for (const representative of [undefined, ...representativesFor(applicant, personas, channel.id)]) {
      for (const licence of needsLicence && licenceType ? [false, true] : [false]) {
        const score = weight + (representative ? 1 : 0) + (licence ? 2 : 0);
        if (best && score >= best.score) continue;
        const drives = automated.every(({ c, i }) => {
          const ctx: DriveContext = {
            service: regulation.service,
            channel: channel.id,
            applicant,
            ...(representative ? { representative } : {}),
            reading,
            today,
            documentsOmitted: omit.length > 0,
            licenceIssued: licence,
            faults: faultsAt(i),
          };
          const predicted = predictCheck(c.check, ctx);
          const step = stepOf(channel, c.step);
          const walked = predicted === 'unavailable' && !step.onUnavailable ? 'fail' : predicted;
          return walked === c.outcome;
        });
        if (drives) best = { applicant, ...(representative ? { representative } : {}), licence, score };
      }
    }
  }
  if (!best) {
    const needs = automated.map(({ c }) => `${c.check} ${c.outcome}`).join(', ');
    return skip(`no persona (with or without a representative) makes ${needs}`, fault || faultAt ? ['fault'] : []);
  }

  const drive: CaseDrive = {
    applicant: best.applicant.iin,
    ...(best.representative ? { representative: best.representative.iin } : {}),
    decisionMode: providerMode ? 'provider' : 'auto',
    ...(providerMode ? (decisionChoices.length ? { decisionsByStep } : {}) : Object.keys(decisions).length ? { decisions } : {}),
    documents: documentsFor(regulation, channel, variant, omit),
    ...(omit.length ? { omitDocuments: omit } : {}),
    ...(fault ? { fault } : {}),
    ...(faultAt ? { faultAt } : {}),
    ...(best.licence && licenceType ? { licence: licenceType } : {}),
  };
  const notes = [`persona ${best.applicant.iin}${notableTraits(best.applicant).length ? ` (${notableTraits(best.applicant).join(', ')})` : ''}`];
  if (best.representative) notes.push(`representative ${best.representative.iin}`);
  if (best.licence) notes.push(`a ${licenceType} licence issued to the applicant first`);
  if (decisionChoices.length) notes.push(`decisions ${decisionChoices.map((c) => `${c.check}=${c.outcome}`).join(', ')}${providerMode ? ' through the provider' : ''}`);
  if (fault?.mode === 'error-rate') notes.push(`fault: ${fault.system} fails a share of calls (errorRate ${fault.errorRate}, seed ${fault.seed}: the first failing call is the one at ${choices.find((c) => c.outcome === 'unavailable')?.step})`);
  else if (fault) notes.push(`fault: ${fault.system} ${fault.mode} before submitting`);
  if (faultAt) notes.push(`fault: ${faultAt.system} down while the application waits at ${faultAt.step}`);
  if (omit.length) notes.push(`left out: ${omit.join(', ')}`);
  return { ...base, title, tags: fault || faultAt ? [...tags, 'fault'] : tags, drive, note: notes.join('; ') };
}

/** Roles that are not applicants, and states that cannot apply on the channel at all. */
function usableApplicant(p: Persona, channel: string): boolean {
  if (p.traits.some((t) => t === 'sc-operator' || t === 'provider-employee' || t === 'minor' || t === 'deceased')) return false;
  if (channel === 'portal' && p.traits.some((t) => t === 'portal-unregistered' || t === 'portal-blocked' || t === 'cert-sign-none')) return false;
  return true;
}

/** Representatives worth trying for an applicant: those named in its powers of attorney, and those who have none. */
function representativesFor(applicant: Persona, personas: Persona[], channel: string): Persona[] {
  const named = new Set((applicant.powersOfAttorney ?? []).map((p) => p.representativeIin));
  return personas.filter(
    (p) => p.iin !== applicant.iin && (named.has(p.iin) || p.traits.includes('poa-absent')) && (channel !== 'portal' || usableApplicant(p, channel)),
  );
}
