/**
 * The regulation graph as the conformance harness sees it: every path from a channel's entry to the step that
 * ends it (a result, or a refusal with no `next`), per variant, and the branches those paths walk. A branch is
 * one outcome edge of a condition (шарт): `pass` → `next`, `fail` → `onFail`, `unavailable` → `onUnavailable`
 * (only where the file names one: otherwise "unavailable" is the `fail` edge itself), a named branch → its step;
 * and every refusal and result step. Steps whose `variants` leave out the variant are passed straight to `next`,
 * as the engine does, so they appear on no path of that variant.
 * @see ../regulations/engine.ts (targetOf, the walk), ../../docs/conformance.md "Coverage"
 */
import type { Channel, ChannelId, Regulation, Step } from '../regulations/types.js';

/** One choice taken at a condition on a path. */
export interface ConditionChoice {
  step: string;
  check: string;
  /** `pass`, `fail`, `unavailable` or a named branch. */
  outcome: string;
}

/** A path from the channel's entry to the step that ends the application. */
export interface GraphPath {
  service: string;
  channel: ChannelId;
  variant: string;
  /** Step ids in the order the engine walks (and the timeline lists) them. */
  steps: string[];
  /** The conditions on the path and the outcome taken at each. */
  choices: ConditionChoice[];
  /** The first refusal or result on the path: the application's outcome (a refusal with `next` goes on to a result). */
  outcomeStep: string;
  /** The branch ids walked (see {@link branchesOfChannel}). */
  branches: string[];
}

/** A branch of a channel's graph: a condition's outcome edge, or a refusal / result step. */
export interface Branch {
  id: string;
  service: string;
  channel: ChannelId;
  kind: 'condition' | 'refusal' | 'result';
  step: string;
  /** Condition edges: the outcome and the step it leads to. */
  outcome?: string;
  target?: string;
}

/** `channel:step:outcome` for a condition edge, `channel:step` for a refusal or result. */
export function branchId(channel: ChannelId, step: string, outcome?: string): string {
  return outcome === undefined ? `${channel}:${step}` : `${channel}:${step}:${outcome}`;
}

/** A condition's outcome edges, in the order pass, fail, unavailable (when named), then named branches. */
export function conditionEdges(step: Step): { outcome: string; target: string }[] {
  if (step.kind !== 'condition') return [];
  // A repeat of an earlier condition's check takes that condition's outcome: only its pass edge can be walked
  // (a failure was decided, and taken, at the earlier condition). See `repeatOf` in src/regulations/types.ts.
  if (step.repeatOf) return [{ outcome: 'pass', target: step.next! }];
  const edges = [
    { outcome: 'pass', target: step.next! },
    { outcome: 'fail', target: step.onFail! },
  ];
  if (step.onUnavailable) edges.push({ outcome: 'unavailable', target: step.onUnavailable });
  for (const [outcome, target] of Object.entries(step.branches ?? {})) edges.push({ outcome, target });
  return edges;
}

/** Where a step goes besides its condition edges: `next` of a process, and of a refusal that goes on. */
function plainNext(step: Step): string | undefined {
  if (step.kind === 'process') return step.next;
  if (step.kind === 'refusal') return step.next;
  return undefined;
}

/** Every branch of one channel. */
export function branchesOfChannel(service: string, channel: Channel): Branch[] {
  const out: Branch[] = [];
  for (const step of channel.steps) {
    if (step.kind === 'condition') {
      for (const edge of conditionEdges(step)) {
        out.push({ id: branchId(channel.id, step.id, edge.outcome), service, channel: channel.id, kind: 'condition', step: step.id, outcome: edge.outcome, target: edge.target });
      }
    } else if (step.kind === 'refusal' || step.kind === 'result') {
      out.push({ id: branchId(channel.id, step.id), service, channel: channel.id, kind: step.kind, step: step.id });
    }
  }
  return out;
}

/** Every branch of a service, channel by channel. */
export function branchesOf(regulation: Regulation): Branch[] {
  return regulation.channels.flatMap((c) => branchesOfChannel(regulation.service, c));
}

/** A walk longer than this is a loop in a regulation file (as in the engine). */
const MAX_PATH = 200;

/**
 * Every path of one channel for one variant, depth first in edge order (pass before fail), so the first path is
 * the one where every condition passes. A step met again on the same path ends that path (a loop: the catalogue
 * refuses none today, and the engine would stop it).
 */
export function enumeratePaths(regulation: Regulation, channel: Channel, variant: string): GraphPath[] {
  const byId = new Map(channel.steps.map((s) => [s.id, s]));
  const paths: GraphPath[] = [];
  const walk = (from: string | undefined, steps: string[], choices: ConditionChoice[]): void => {
    let id = from;
    // Steps of other variants are passed straight to next, as the engine does.
    for (let hops = 0; id !== undefined && hops < MAX_PATH; hops++) {
      const step = byId.get(id);
      if (!step || !step.variants || step.variants.includes(variant)) break;
      id = step.next;
    }
    if (id === undefined) return;
    const step = byId.get(id);
    if (!step || steps.includes(id) || steps.length >= MAX_PATH) return;
    const here = [...steps, id];
    if (step.kind === 'condition') {
      for (const edge of conditionEdges(step)) walk(edge.target, here, [...choices, { step: id, check: step.check!, outcome: edge.outcome }]);
      return;
    }
    const next = plainNext(step);
    if (next === undefined) {
      paths.push(finishPath(regulation, channel, variant, here, choices));
      return;
    }
    walk(next, here, choices);
  };
  walk(channel.entry, [], []);
  return paths;
}

function finishPath(regulation: Regulation, channel: Channel, variant: string, steps: string[], choices: ConditionChoice[]): GraphPath {
  const byId = new Map(channel.steps.map((s) => [s.id, s]));
  const outcomeStep = steps.find((id) => {
    const kind = byId.get(id)!.kind;
    return kind === 'refusal' || kind === 'result';
  })!;
  return { service: regulation.service, channel: channel.id, variant, steps, choices, outcomeStep, branches: branchesOfSteps(channel, steps, choices) };
}

/** The branches a walk covers: the condition edges taken and the refusal / result steps met. */
export function branchesOfSteps(channel: Channel, steps: string[], choices: ConditionChoice[]): string[] {
  const byId = new Map(channel.steps.map((s) => [s.id, s]));
  const out: string[] = [];
  for (const id of steps) {
    const step = byId.get(id);
    if (!step) continue;
    if (step.kind === 'refusal' || step.kind === 'result') out.push(branchId(channel.id, id));
  }
  for (const choice of choices) {
    const step = byId.get(choice.step);
    // An unavailable outcome with no onUnavailable edge walks the fail edge.
    const outcome = choice.outcome === 'unavailable' && !step?.onUnavailable ? 'fail' : choice.outcome;
    out.push(branchId(channel.id, choice.step, outcome));
  }
  return [...new Set(out)];
}

/**
 * The choices a walked path made, read back from the steps: which edge of each condition leads to the next step
 * on the path. Used for paths given as step lists (a regulation scenario's `expect.path`, a timeline).
 * Answers undefined when two consecutive steps are not joined by any edge.
 */
export function choicesOfSteps(channel: Channel, variant: string, steps: string[]): ConditionChoice[] | undefined {
  const byId = new Map(channel.steps.map((s) => [s.id, s]));
  const skipTo = (id: string | undefined): string | undefined => {
    for (let hops = 0; id !== undefined && hops < MAX_PATH; hops++) {
      const step = byId.get(id);
      if (!step || !step.variants || step.variants.includes(variant)) return id;
      id = step.next;
    }
    return id;
  };
  const choices: ConditionChoice[] = [];
  for (let i = 0; i < steps.length - 1; i++) {
    const step = byId.get(steps[i]!);
    if (!step) return undefined;
    const following = steps[i + 1]!;
    if (step.kind === 'condition') {
      const edge = conditionEdges(step).find((e) => skipTo(e.target) === following);
      if (!edge) return undefined;
      choices.push({ step: step.id, check: step.check!, outcome: edge.outcome });
    } else if (skipTo(plainNext(step)) !== following) {
      return undefined;
    }
  }
  return choices;
}

/** The regulation's channel, or throws. */
export function channelOf(regulation: Regulation, id: ChannelId): Channel {
  const channel = regulation.channels.find((c) => c.id === id);
  if (!channel) throw new Error(`${regulation.service} has no channel ${id}`);
  return channel;
}
