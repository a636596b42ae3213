/**
 * The regulation engine: walks one application through its channel's graph. Processes take their back-office
 * time on the tenant's virtual clock (working days by the Kazakh calendar); conditions (шарт) run their named
 * check; refusals and results end the walk with the outcome the step names. The whole walk is computed at once
 * ("result within 15 working days" is a date, not a wait); the clock then reveals it (see applications.ts).
 *
 * A condition that is a human decision waits for `POST /provider/applications/{id}/decisions` when the
 * application was submitted with `decisionMode: provider`.
 */
import type { FastifyInstance } from 'fastify';
import { kazakhDate, startOfKazakhDay, type WorkingCalendar } from '../core/calendar.js';
import type { Tenant } from '../core/tenant-store.js';
import type { ApplicationRecord, Outcome } from './applications.js';
import { isDecisionCheck, type CheckName } from './checks/names.js';
import type { Check, CheckContext, ShepAnswer } from './checks/types.js';
import type { Channel, Duration, Regulation, Step } from './types.js';

const HOUR = 3_600_000;
const UNIT_MS = { seconds: 1000, minutes: 60_000, hours: HOUR, calendarDays: 24 * HOUR } as const;
/** A walk longer than this is a loop in a regulation file. */
const MAX_STEPS = 200;

export interface EngineDeps {
  app: FastifyInstance;
  calendar: WorkingCalendar;
  checks: Record<CheckName, Check>;
  shep(tenant: Tenant, serviceId: string, dataXml: string): Promise<ShepAnswer>;
  /** Does a process step's `action`. */
  act(tenant: Tenant, record: ApplicationRecord, action: NonNullable<Step['action']>): Promise<string>;
  /** Called when the walk reaches a result or refusal that ends it: issue and deliver what it says. */
  conclude(tenant: Tenant, regulation: Regulation, channel: Channel, record: ApplicationRecord, step: Step): Promise<void>;
}

/**
 * `at` moved on by a duration: clock units as they are; working days to the same time of day `n` working days
 * later (a fraction of a working day counts as a whole one: the texts give whole days).
 */
export function addDuration(calendar: WorkingCalendar, at: Date, duration: Duration): Date {
  if (duration.unit === 'workingDays') {
    if (duration.value === 0) return at;
    const day = kazakhDate(at);
    const timeOfDay = at.getTime() - startOfKazakhDay(day).getTime();
    return new Date(startOfKazakhDay(calendar.addWorkingDays(day, Math.ceil(duration.value))).getTime() + timeOfDay);
  }
  return new Date(at.getTime() + duration.value * UNIT_MS[duration.unit]);
}

/** A step's duration for the application: by variant, else by the reading in force, else the step's own. */
export function durationOf(step: Step, variant: string, reading: (option: string) => string | undefined = () => undefined): Duration | undefined {
  const byVariant = step.durationByVariant?.[variant];
  if (byVariant) return byVariant;
  if (step.durationByReading) {
    const value = reading(step.durationByReading.option);
    const byReading = value === undefined ? undefined : step.durationByReading.durations[value];
    if (byReading) return byReading;
  }
  return step.duration;
}

/** The application's value of a reading option, else the regulation's default. */
export function readingOf(regulation: Regulation, record: ApplicationRecord, option: string): string | undefined {
  return record.readings[option] ?? regulation.ambiguities.find((a) => a.option?.name === option)?.option?.default;
}

export class RegulationEngine {
  constructor(private readonly deps: EngineDeps) {}

  /** Walks from `from` (the channel's entry, or a step a provider decision resumes) starting at virtual time `at`. */
  async walk(tenant: Tenant, regulation: Regulation, channel: Channel, record: ApplicationRecord, from: string, at: Date, decided?: { check: string; value: string }): Promise<void> {
    const steps = new Map(channel.steps.map((s) => [s.id, s]));
    let id: string | undefined = from;
    let now = at;
    for (let walked = 0; id !== undefined; walked++) {
      if (walked > MAX_STEPS) throw new Error(`${regulation.service}/${channel.id}: more than ${MAX_STEPS} steps from ${from}`);
      const step: Step = steps.get(id)!;
      if (step.variants && !step.variants.includes(record.variant)) {
        id = step.next;
        continue;
      }
      const duration = durationOf(step, record.variant, (option) => readingOf(regulation, record, option));
      const done = duration ? addDuration(this.deps.calendar, now, duration) : now;
      // The term counts a step once, when it is recorded (not when the walk pauses at a decision and resumes).
      const countTerm = (): void => {
        if (duration) record.term[duration.unit] = (record.term[duration.unit] ?? 0) + duration.value;
      };
      const entry = {
        step: step.id,
        kind: step.kind,
        number: step.number,
        actor: step.actor,
        title: step.title,
        at: done.toISOString(),
        ...(duration ? { duration } : {}),
        citation: step.citation,
        ...(step.inferred ? { inferred: true } : {}),
      };
      if (!(step.kind === 'condition' && isDecisionCheck(step.check!) && record.decisionMode === 'provider' && record.decisions[step.check!] === undefined && !(decided && decided.check === step.check && record.pending?.step === step.id))) countTerm();
      if (step.kind === 'process') {
        const detail = step.action ? await this.deps.act(tenant, record, step.action) : undefined;
        record.timeline.push({ ...entry, outcome: 'done', ...(detail ? { detail } : {}) });
        id = step.next;
      } else if (step.kind === 'condition') {
        const check = step.check as CheckName;
        let seen: { outcome: string; detail?: string };
        if (decided && decided.check === check && record.pending?.step === step.id) {
          seen = { outcome: decided.value, detail: 'decided through the provider API' };
          delete record.pending;
          decided = undefined;
        } else if (isDecisionCheck(check) && record.decisionMode === 'provider' && record.decisions[check] === undefined) {
          record.pending = { step: step.id, check, since: now.toISOString() };
          return;
        } else if (step.repeatOf && record.timeline.some((e) => e.step === step.repeatOf)) {
          const earlier = [...record.timeline].reverse().find((e) => e.step === step.repeatOf)!;
          seen = { outcome: earlier.outcome, detail: `as ${step.repeatOf} (the same check on the same evidence)` };
        } else {
          seen = await this.deps.checks[check](this.context(tenant, regulation, channel, step, record, now));
        }
        record.timeline.push({ ...entry, outcome: seen.outcome, ...(seen.detail ? { detail: seen.detail } : {}) });
        id = targetOf(step, seen.outcome);
      } else {
        record.timeline.push({ ...entry, outcome: step.kind === 'refusal' ? 'refused' : 'issued' });
        if (step.kind === 'refusal' && !record.outcome) record.outcome = outcomeOf(step, done, 'refusal', record.variant);
        if (step.kind === 'result') {
          if (!record.outcome) record.outcome = outcomeOf(step, done, 'result', record.variant);
          else record.outcome = { ...record.outcome, at: done.toISOString(), result: step.outcome! };
        }
        if (step.kind === 'result' || !step.next) {
          record.deadline = done.toISOString();
          await this.deps.conclude(tenant, regulation, channel, record, step);
          return;
        }
        id = step.next;
      }
      now = done;
    }
  }

  private context(tenant: Tenant, regulation: Regulation, channel: Channel, step: Step, record: ApplicationRecord, at: Date): CheckContext {
    const { app } = this.deps;
    return {
      app,
      tenant,
      regulation,
      channel,
      step,
      application: record,
      at,
      persona: (iin) => app.sandbox.personas.get(tenant, iin),
      shep: (serviceId, dataXml) => this.deps.shep(tenant, serviceId, dataXml),
      reading: (option) => readingOf(regulation, record, option),
    };
  }
}

/** Where a condition's outcome goes: a named branch, `next` on pass, `onUnavailable` (else `onFail`) when the system could not answer. */
export function targetOf(step: Step, outcome: string): string {
  if (step.branches?.[outcome]) return step.branches[outcome];
  if (outcome === 'pass') return step.next!;
  if (outcome === 'unavailable') return step.onUnavailable ?? step.onFail!;
  return step.onFail!;
}

function outcomeOf(step: Step, at: Date, kind: Outcome['kind'], variant: string): Outcome {
  const byVariant = step.resultByVariant?.[variant];
  return {
    kind,
    code: byVariant?.code ?? step.code!,
    message: byVariant?.message ?? step.message!,
    citation: step.citation,
    step: step.id,
    at: at.toISOString(),
    ...(step.outcome ? { result: step.outcome } : {}),
  };
}
