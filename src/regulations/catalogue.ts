/**
 * The regulation files (регламенттер) in `fixtures/regulations/`: loaded, validated against
 * `schemas/regulation.schema.json`, and checked as graphs (every step reachable, every reference known,
 * every condition's check implemented, every path ending in a refusal or a result).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFileValidator, describeAjvErrors, PACKAGE_ROOT } from '../core/schemas.js';
import { CHECK_NAMES, READING_OPTIONS } from './checks/names.js';
import type { Channel, ChannelId, Citation, LocalisedText, Regulation, Step } from './types.js';

export const BUNDLED_REGULATIONS_DIR = fileURLToPath(new URL('fixtures/regulations/', PACKAGE_ROOT));

export class RegulationFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: ${problems.join('; ')}`);
    this.name = 'RegulationFileError';
  }
}

/** One refusal or result code with every place it is used. */
export interface OutcomeCode {
  code: string;
  kind: 'refusal' | 'result';
  message: LocalisedText;
  /** Every step that gives the code, with its own wording (services word the same ground in their seed's terms). */
  uses: { service: string; channel: ChannelId; step: string; kind: 'refusal' | 'result'; citation: Citation; message: LocalisedText }[];
}

/** Checks one regulation as a graph; answers the problems found (empty when sound). */
export function graphProblems(regulation: Regulation): string[] {
  const problems: string[] = [];
  const variants = new Set(regulation.variants.map((v) => v.id));
  const ambiguities = new Set(regulation.ambiguities.map((a) => a.id));
  const citeSeed = (where: string, citation: Citation): void => {
    if (citation.seed !== regulation.seed) problems.push(`${where}: cites ${citation.seed}, the file's seed is ${regulation.seed}`);
  };
  citeSeed('legal', regulation.legal.citation);
  for (const channel of regulation.channels) {
    const where = `channel ${channel.id}`;
    citeSeed(where, channel.citation);
    const byId = new Map<string, Step>();
    for (const step of channel.steps) {
      if (byId.has(step.id)) problems.push(`${where}: step id ${step.id} is used twice`);
      byId.set(step.id, step);
    }
    if (!byId.has(channel.entry)) problems.push(`${where}: entry ${channel.entry} is not a step`);
    for (const step of channel.steps) {
      const at = `${where} step ${step.id}`;
      citeSeed(at, step.citation);
      for (const target of targetsOf(step)) if (!byId.has(target)) problems.push(`${at}: goes to unknown step ${target}`);
      if (step.next === step.id || step.onFail === step.id) problems.push(`${at}: goes to itself`);
      if (step.check && !CHECK_NAMES.includes(step.check as never)) problems.push(`${at}: check ${step.check} is not implemented (known: ${CHECK_NAMES.join(', ')})`);
      for (const v of [...(step.variants ?? []), ...Object.keys(step.durationByVariant ?? {})]) {
        if (!variants.has(v)) problems.push(`${at}: unknown variant ${v}`);
      }
      for (const a of step.ambiguities ?? []) if (!ambiguities.has(a)) problems.push(`${at}: unknown ambiguity ${a}`);
      if (step.repeatOf) {
        const earlier = byId.get(step.repeatOf);
        if (step.kind !== 'condition' || !earlier || earlier.check !== step.check) problems.push(`${at}: repeatOf names ${step.repeatOf}, which is not a condition with the same check`);
      }
      if (step.durationByReading) {
        const option = regulation.ambiguities.find((a) => a.option?.name === step.durationByReading!.option)?.option;
        if (!option) problems.push(`${at}: durationByReading names option ${step.durationByReading.option}, which no ambiguity offers`);
        else for (const value of option.values) if (!step.durationByReading.durations[value]) problems.push(`${at}: durationByReading has no duration for ${option.name}=${value}`);
      }
      for (const field of REQUIRED_BY_KIND[step.kind]) if (step[field] === undefined) problems.push(`${at}: a ${step.kind} needs ${field}`);
      if (step.kind === 'result' && step.next) problems.push(`${at}: a result ends the channel, it has no next`);
      if (step.kind !== 'condition' && (step.check || step.onFail || step.branches)) problems.push(`${at}: only a condition has check, onFail or branches`);
    }
    const reached = reachable(channel, byId);
    for (const step of channel.steps) if (!reached.has(step.id)) problems.push(`${where}: step ${step.id} cannot be reached from ${channel.entry}`);
    for (const step of channel.steps) {
      if (step.kind !== 'result' && targetsOf(step).length === 0 && step.kind !== 'refusal') {
        problems.push(`${where} step ${step.id}: a ${step.kind} must lead somewhere`);
      }
    }
  }
  for (const ambiguity of regulation.ambiguities) {
    const option = ambiguity.option;
    if (!option) continue;
    if (!option.values.includes(option.default)) problems.push(`ambiguity ${ambiguity.id}: default ${option.default} is not one of ${option.values.join(', ')}`);
    const known = READING_OPTIONS[option.name];
    const readByDuration = regulation.channels.some((c) => c.steps.some((st) => st.durationByReading?.option === option.name));
    if (!known && !readByDuration) problems.push(`ambiguity ${ambiguity.id}: option ${option.name} is read by no check (${Object.keys(READING_OPTIONS).join(', ')}) and no durationByReading, so it would change nothing`);
    if (known && [...option.values].sort().join() !== [...known.values].sort().join()) {
      problems.push(`ambiguity ${ambiguity.id}: option ${option.name} takes ${known.values.join(', ')} (the checks read those values), not ${option.values.join(', ')}`);
    }
  }
  const channelIds = new Set(regulation.channels.map((c) => c.id));
  for (const scenario of regulation.scenarios) {
    const at = `scenario ${scenario.id}`;
    if (!channelIds.has(scenario.channel)) problems.push(`${at}: no channel ${scenario.channel}`);
    if (scenario.variant && !variants.has(scenario.variant)) problems.push(`${at}: unknown variant ${scenario.variant}`);
    const channel = regulation.channels.find((c) => c.id === scenario.channel);
    const ids = new Set(channel?.steps.map((s) => s.id) ?? []);
    for (const id of [scenario.expect.step, ...(scenario.expect.path ?? [])]) if (channel && !ids.has(id)) problems.push(`${at}: step ${id} is not in channel ${scenario.channel}`);
  }
  return problems;
}

const REQUIRED_BY_KIND: Record<Step['kind'], (keyof Step)[]> = {
  process: ['next'],
  condition: ['check', 'next', 'onFail'],
  refusal: ['code', 'message'],
  result: ['code', 'message', 'outcome'],
};

function targetsOf(step: Step): string[] {
  return [step.next, step.onFail, step.onUnavailable, ...Object.values(step.branches ?? {})].filter((t): t is string => t !== undefined);
}

function reachable(channel: Channel, byId: Map<string, Step>): Set<string> {
  const seen = new Set<string>();
  const queue = [channel.entry];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = byId.get(id);
    if (step) queue.push(...targetsOf(step));
  }
  return seen;
}

/** Reads and validates every `*.json` in a folder; throws {@link RegulationFileError} naming the file and fields. */
export function loadRegulationDir(dir: string = BUNDLED_REGULATIONS_DIR): Regulation[] {
  const ajv = createFileValidator();
  const validate = ajv.getSchema('Regulation')!;
  const out: Regulation[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new RegulationFileError(file, [`not JSON: ${(error as Error).message}`]);
    }
    if (!validate(data)) throw new RegulationFileError(file, describeAjvErrors(validate.errors));
    const regulation = data as Regulation;
    const problems = graphProblems(regulation);
    if (problems.length) throw new RegulationFileError(file, problems);
    out.push(regulation);
  }
  return out;
}

/** The loaded regulations, by service id. */
export class RegulationCatalogue {
  private readonly byService = new Map<string, Regulation>();

  constructor(regulations: Regulation[]) {
    for (const regulation of regulations) {
      if (this.byService.has(regulation.service)) throw new Error(`service ${regulation.service} is defined twice`);
      this.byService.set(regulation.service, regulation);
    }
  }

  list(): Regulation[] {
    return [...this.byService.values()];
  }

  get(service: string): Regulation | undefined {
    return this.byService.get(service);
  }

  /** Every refusal and result code with the steps and citations that use it (`GET /portal/refusal-codes`). */
  outcomeCodes(): OutcomeCode[] {
    const codes = new Map<string, OutcomeCode>();
    for (const regulation of this.list()) {
      for (const channel of regulation.channels) {
        for (const step of channel.steps) {
          if (!step.code || !step.message || (step.kind !== 'refusal' && step.kind !== 'result')) continue;
          const given = [{ code: step.code, message: step.message }, ...Object.values(step.resultByVariant ?? {})];
          for (const { code, message } of given) {
            const entry = codes.get(code) ?? { code, kind: step.kind, message, uses: [] };
            entry.uses.push({ service: regulation.service, channel: channel.id, step: step.id, kind: step.kind, citation: step.citation, message });
            codes.set(code, entry);
          }
        }
      }
    }
    return [...codes.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
}
