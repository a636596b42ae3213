/**
 * Runs the suite's cases through the SDK, each in its own tenant (named from the run id and the case id), so any
 * number run side by side without seeing each other's clock, faults or applications. A case freezes its clock at
 * the scenario start, sets up its licence and fault, submits on its channel (or logs in, for a refused login),
 * takes the provider decisions it asks for, follows the application to its outcome and checks the outcome code,
 * the citation, the path of steps walked, the back-office term (when the scenario gives one) and the deadline.
 * @see ../../docs/conformance.md
 */
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { kazakhCalendar, type WorkingCalendar } from '../core/calendar.js';
import { addDuration, durationOf } from '../regulations/engine.js';
import type { Regulation } from '../regulations/types.js';
import { DEFAULT_PORTAL_PASSWORD, SandboxError, SandboxProblemError, type ApplicationView, type SandboxClient } from '../sdk/index.js';
import { SCENARIO_START } from './suite.js';
import type { CaseResult, CaseStatus, FaultPlan, SuiteCase } from './types.js';

export interface RunOptions {
  /** Cases run side by side (default 1). */
  concurrency?: number;
  /** Names the tenants of this run (default: a new one). */
  runId?: string;
  /** Case id → the reason it is expected to fail. */
  expectedFailures?: ReadonlyMap<string, string>;
  /** The virtual instant each case starts at (default {@link SCENARIO_START}). */
  start?: string;
  /** Called as each case ends (in the order they end). */
  onResult?: (result: CaseResult, done: number, total: number) => void;
  /**
   * The regulations the expected deadlines are computed from (default: each case's service as the target serves
   * it, `GET /portal/services/{id}`).
   */
  regulations?: readonly Regulation[];
  /**
   * The working-day calendar of the expected deadlines (default: the bundled Kazakh calendar, `kazakhCalendar()`;
   * a target started with other calendar data will differ).
   */
  calendar?: WorkingCalendar;
}

/** A new run id: short, and safe in a tenant name. */
export function newRunId(): string {
  return `r${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0')}`;
}

/** The tenant a case runs in: the run id and the case id, shortened with a hash when too long for a tenant name. */
export function tenantOf(runId: string, caseId: string): string {
  const slug = caseId.replace(/[^A-Za-z0-9._-]+/g, '-');
  const name = `${runId}.${slug}`;
  if (name.length <= 64) return name;
  const hash = createHash('sha256').update(caseId).digest('hex').slice(0, 8);
  return `${name.slice(0, 64 - hash.length - 1)}.${hash}`;
}

/** Runs every case, `concurrency` at a time; answers the results in the suite's order. */
export async function runCases(client: SandboxClient, cases: SuiteCase[], options: RunOptions = {}): Promise<CaseResult[]> {
  const runId = options.runId ?? newRunId();
  // The regulations of the services run, fetched from the target once when not given.
  const known = new Map((options.regulations ?? []).map((r) => [r.service, r]));
  for (const service of new Set(cases.map((c) => c.service))) if (!known.has(service)) known.set(service, await client.portal.service(service));
  options = { ...options, regulations: [...known.values()] };
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const result = await runCase(client, cases[index]!, runId, options);
      results[index] = result;
      options.onResult?.(result, ++done, cases.length);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 1, cases.length || 1));
  await Promise.all(Array.from({ length: width }, worker));
  return results;
}

/**
 * After a run: `POST /__admin/reset` the tenant of every passing case (unexpected passes included) and the
 * `others` (the personas tenant), so a run leaves only the tenants of its failing cases (expected failures
 * included) on the target, for inspection. Answers the tenants reset and those kept.
 */
export async function releaseTenants(client: SandboxClient, results: readonly CaseResult[], others: readonly string[] = []): Promise<{ reset: string[]; kept: string[] }> {
  const kept = results.filter((r) => r.status === 'failed' || r.status === 'expected-failure').map((r) => r.tenant);
  const keep = new Set(kept);
  const reset = [...new Set([...results.map((r) => r.tenant), ...others])].filter((t) => !keep.has(t));
  for (let i = 0; i < reset.length; i += 16) await Promise.all(reset.slice(i, i + 16).map((tenant) => client.withTenant(tenant).admin.reset()));
  return { reset, kept };
}

/** Runs one case in its own tenant and checks what it expects. Never throws: a failure is in the result. */
export async function runCase(root: SandboxClient, suiteCase: SuiteCase, runId: string, options: RunOptions = {}): Promise<CaseResult> {
  const tenant = tenantOf(runId, suiteCase.id);
  const client = root.withTenant(tenant);
  const started = performance.now();
  const failures: string[] = [];
  let observed: Observed = { path: [], choices: [], outcome: null, citation: null, deadline: null };
  try {
    const regulation = options.regulations?.find((r) => r.service === suiteCase.service) ?? (await root.portal.service(suiteCase.service));
    observed = await drive(client, suiteCase, regulation, options.calendar ?? kazakhCalendar(), options.start ?? SCENARIO_START, failures);
  } catch (error) {
    failures.push(describeError(error));
  }
  const listed = options.expectedFailures?.get(suiteCase.id);
  const status: CaseStatus = failures.length === 0 ? (listed !== undefined ? 'unexpected-pass' : 'passed') : listed !== undefined ? 'expected-failure' : 'failed';
  return {
    id: suiteCase.id,
    service: suiteCase.service,
    channel: suiteCase.channel,
    variant: suiteCase.variant,
    origin: suiteCase.origin,
    title: suiteCase.title,
    tags: suiteCase.tags,
    status,
    ...observed,
    failures,
    ...(listed !== undefined ? { expectedFailure: listed } : {}),
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    tenant,
  };
}

interface Observed {
  path: string[];
  choices: { step: string; outcome: string }[];
  outcome: CaseResult['outcome'];
  citation: CaseResult['citation'];
  deadline: string | null;
}

function describeError(error: unknown): string {
  if (error instanceof SandboxProblemError) return `${error.request.method} ${error.request.path} answered ${error.status} ${error.code}: ${error.problem.detail}`;
  if (error instanceof SandboxError) return `${error.request.method} ${error.request.path}: ${error.code}: ${error.message}`;
  return `error: ${(error as Error)?.message ?? String(error)}`;
}

function faultSpec(plan: FaultPlan | NonNullable<SuiteCase['drive']['faultAt']>): Record<string, unknown> {
  if (plan.mode === 'error-rate') return { errorRate: plan.errorRate, seed: plan.seed };
  return plan.mode === 'down' ? { down: true } : { timeout: true };
}

async function drive(client: SandboxClient, c: SuiteCase, regulation: Regulation, calendar: WorkingCalendar, start: string, failures: string[]): Promise<Observed> {
  const { drive: d, expect } = c;
  await client.admin.setClock({ set: start, freeze: true });
  if (d.licence) await client.elicense.issue({ holderIin: d.applicant, type: d.licence });
  if (d.fault) await client.admin.setFault(d.fault.system, faultSpec(d.fault));

  if (d.login === 'fails') return refusedLogin(client, c, failures);

  const submission = {
    service: c.service,
    variant: c.variant,
    applicantIin: d.applicant,
    ...(d.representative ? { representativeIin: d.representative } : {}),
    documents: d.documents,
    decisionMode: d.decisionMode,
    ...(d.decisionMode === 'auto' && d.decisions ? { decisions: d.decisions } : {}),
    ...(d.readings ? { readings: d.readings } : {}),
    ...(d.form ? { form: d.form } : {}),
  };
  let view: ApplicationView;
  if (c.channel === 'portal') {
    // On the portal the applicant signs in and signs; a representative does both for them.
    const signer = d.representative ?? d.applicant;
    await client.portal.login(signer);
    view = await client.portal.submit({ ...submission, signWith: { iin: signer } });
  } else if (c.channel === 'provider') {
    view = await client.provider.submit(submission);
  } else {
    view = await client.stateCorporation.submit(submission);
  }
  const id = view.id;
  let injected = false;
  view = await client.provider.application(id);
  for (let taken = 0; view.status === 'awaiting-decision' && view.pending && taken < 50; taken++) {
    const { step, check } = view.pending;
    if (d.faultAt && !injected && step === d.faultAt.step) {
      await client.admin.setFault(d.faultAt.system, faultSpec(d.faultAt));
      injected = true;
    }
    const value = d.decisionsByStep?.[step] ?? d.decisions?.[check] ?? true;
    view = await client.provider.decide(id, check, value);
  }
  view = await client.provider.followToOutcome(id);

  const path = view.timeline.map((e) => e.step);
  const choices = view.timeline.filter((e) => e.kind === 'condition').map((e) => ({ step: e.step, outcome: e.outcome }));
  const outcome = view.outcome ? { kind: view.outcome.kind, code: view.outcome.code, step: view.outcome.step } : null;
  if (view.status !== 'completed' && view.status !== 'refused') failures.push(`the application did not end: status ${view.status}${view.pending ? ` (waiting at ${view.pending.step} for ${view.pending.check})` : ''}`);
  if (!view.outcome) {
    failures.push(`no outcome; expected ${expect.code} at ${expect.step}`);
  } else {
    if (view.outcome.code !== expect.code) failures.push(`outcome code ${view.outcome.code}, expected ${expect.code}`);
    if (view.outcome.step !== expect.step) failures.push(`outcome step ${view.outcome.step}, expected ${expect.step}`);
    if (view.outcome.kind !== expect.kind) failures.push(`outcome kind ${view.outcome.kind}, expected ${expect.kind}`);
    if (!isDeepStrictEqual(view.outcome.citation, expect.citation)) {
      failures.push(`outcome citation ${JSON.stringify(view.outcome.citation)}, expected the regulation step's ${JSON.stringify(expect.citation)}`);
    }
  }
  if (expect.path && !isDeepStrictEqual(path, expect.path)) failures.push(`path ${path.join(' > ')}, expected ${expect.path.join(' > ')}${divergence(path, expect.path)}`);
  if (expect.term) {
    const term = Object.fromEntries(Object.entries(view.term).filter(([, v]) => v !== 0));
    if (!isDeepStrictEqual(term, expect.term)) failures.push(`term ${JSON.stringify(term)}, expected ${JSON.stringify(expect.term)}`);
  }
  // The deadline: the durations of the steps walked, added up from the submission on the working-day calendar.
  failures.push(...timeProblems(view, expectedDeadline(regulation, c, expect.path ?? path, start, calendar)));
  if (c.choices) {
    // Same steps, another edge: a fail where the path needs an unavailable (or the reverse).
    const wanted = c.choices.map((x) => `${x.step}=${x.outcome}`).join(', ');
    const seen = choices.map((x) => `${x.step}=${x.outcome}`).join(', ');
    if (isDeepStrictEqual(path, expect.path) && !sameOutcomes(c.choices, choices)) failures.push(`condition outcomes ${seen}, expected ${wanted}`);
  }
  return { path, choices, outcome, citation: view.outcome?.citation ?? null, deadline: view.deadline };
}

/**
 * The deadline a path gives: each step's duration (by variant, else by the reading in force, else its own, as
 * the engine reads them) added in turn from `start` on `calendar`; steps left out for the variant take no time.
 */
export function expectedDeadline(regulation: Regulation, c: Pick<SuiteCase, 'channel' | 'variant' | 'drive'>, path: readonly string[], start: string, calendar: WorkingCalendar): string {
  const channel = regulation.channels.find((ch) => ch.id === c.channel);
  const steps = new Map((channel?.steps ?? []).map((s) => [s.id, s]));
  const reading = (option: string): string | undefined => c.drive.readings?.[option] ?? regulation.ambiguities.find((a) => a.option?.name === option)?.option?.default;
  let at = new Date(start);
  for (const id of path) {
    const step = steps.get(id);
    if (!step || (step.variants && !step.variants.includes(c.variant))) continue;
    const duration = durationOf(step, c.variant, reading);
    if (duration) at = addDuration(calendar, at, duration);
  }
  return at.toISOString();
}

/** What is wrong with a view's times: its deadline against the expected one, and a timeline going back in time or ending elsewhere. */
export function timeProblems(view: Pick<ApplicationView, 'deadline' | 'timeline'>, expected: string): string[] {
  const problems: string[] = [];
  if (!view.deadline) problems.push(`no deadline; expected ${expected}`);
  else if (Date.parse(view.deadline) !== Date.parse(expected)) problems.push(`deadline ${view.deadline}, expected ${expected} (the step durations of the path from the submission)`);
  for (let i = 1; i < view.timeline.length; i++) {
    const before = view.timeline[i - 1]!;
    const entry = view.timeline[i]!;
    if (Date.parse(entry.at) < Date.parse(before.at)) problems.push(`the timeline goes back in time: ${entry.step} at ${entry.at} after ${before.step} at ${before.at}`);
  }
  const last = view.timeline.at(-1);
  if (last && view.deadline && Date.parse(last.at) !== Date.parse(view.deadline)) problems.push(`the timeline ends at ${last.at} (${last.step}), not at the deadline ${view.deadline}`);
  return problems;
}

/** Condition outcomes agree (an unavailable system on a condition with no onUnavailable edge walks its fail edge). */
function sameOutcomes(expected: { step: string; outcome: string }[], seen: { step: string; outcome: string }[]): boolean {
  if (expected.length !== seen.length) return false;
  return expected.every((e, i) => e.step === seen[i]!.step && (e.outcome === seen[i]!.outcome || (e.outcome === 'fail' && seen[i]!.outcome === 'unavailable')));
}

/** Where two paths part, for the failure message. */
function divergence(actual: string[], expected: string[]): string {
  let i = 0;
  while (i < actual.length && i < expected.length && actual[i] === expected[i]) i++;
  return ` (they part after ${i === 0 ? 'the entry' : expected[i - 1]}: ${actual[i] ?? 'end'} instead of ${expected[i] ?? 'end'})`;
}

/** A refused portal login: the regulation's refusal with its citation, and no application made. */
async function refusedLogin(client: SandboxClient, c: SuiteCase, failures: string[]): Promise<Observed> {
  const { drive: d, expect } = c;
  const persona = (await client.admin.persona(d.applicant)) as { traits?: string[]; portal?: { password?: string } };
  // An unregistered or blocked account is refused with its right password; anyone else with a wrong one.
  const locked = persona.traits?.some((t) => t === 'portal-unregistered' || t === 'portal-blocked');
  const password = locked ? (persona.portal?.password ?? DEFAULT_PORTAL_PASSWORD) : 'not-the-password';
  const empty: Observed = { path: [], choices: [], outcome: null, citation: null, deadline: null };
  try {
    await client.portal.login(d.applicant, password, c.service);
    failures.push(`the login of ${d.applicant} was accepted; expected ${expect.code} at ${expect.step}`);
    return empty;
  } catch (error) {
    if (!(error instanceof SandboxProblemError)) throw error;
    const refusal = error.refusal;
    if (error.status !== 401 || error.code !== 'AUTH_REFUSED') failures.push(`the login answered ${error.status} ${error.code}, expected 401 AUTH_REFUSED`);
    if (!refusal) {
      failures.push('the refused login carries no refusal');
      return empty;
    }
    if (refusal.code !== expect.code) failures.push(`refusal code ${refusal.code}, expected ${expect.code}`);
    if (refusal.step !== expect.step) failures.push(`refusal step ${refusal.step}, expected ${expect.step}`);
    if (!isDeepStrictEqual(refusal.citation, expect.citation)) failures.push(`refusal citation ${JSON.stringify(refusal.citation)}, expected ${JSON.stringify(expect.citation)}`);
    const made = await client.provider.applications({ applicantIin: d.applicant });
    if (made.length) failures.push(`${made.length} application(s) made after a refused login`);
    // Only the refusal step is seen: a refused login shows no timeline (coverage counts the login condition's fail edge).
    return { path: [refusal.step], choices: [], outcome: { kind: 'refusal', code: refusal.code, step: refusal.step }, citation: refusal.citation, deadline: null };
  }
}
