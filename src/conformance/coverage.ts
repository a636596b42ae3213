/**
 * Branch coverage of a run, per service. The branches are every condition outcome edge and every refusal and
 * result step of the service's channels (./graph.ts); a branch is covered when a passing case walked it, failed
 * when only failing cases did, uncovered when no case walked it.
 * @see ../../docs/conformance.md "Coverage"
 */
import type { Regulation } from '../regulations/types.js';
import { branchesOf, branchesOfSteps, branchId, channelOf, choicesOfSteps, type Branch } from './graph.js';
import type { CaseResult, SuiteCase } from './types.js';

export type BranchStatus = 'covered' | 'failed' | 'uncovered';

export interface ServiceCoverage {
  service: string;
  branches: number;
  covered: number;
  /** Covered share in percent, one decimal. */
  percent: number;
  /** Every branch with its status and the cases that walked it. */
  detail: (Branch & { status: BranchStatus; cases: string[] })[];
}

export interface Coverage {
  services: ServiceCoverage[];
  branches: number;
  covered: number;
  percent: number;
}

const passed = (r: CaseResult): boolean => r.status === 'passed' || r.status === 'unexpected-pass';

/**
 * The branches a result walked: its observed path when it passed, the path it was meant to walk when it failed.
 * A refused login shows no timeline: it walks the login condition's (`portal.authenticated`) fail edge and the
 * refusal step, nothing else.
 */
function walkedBranches(regulation: Regulation, suiteCase: SuiteCase, result: CaseResult): string[] {
  const channel = channelOf(regulation, suiteCase.channel);
  if (suiteCase.drive.login === 'fails') {
    const login = channel.steps.find((s) => s.kind === 'condition' && s.check === 'portal.authenticated');
    const refusal = passed(result) && result.outcome ? result.outcome.step : suiteCase.expect.step;
    return [...(login ? [branchId(channel.id, login.id, 'fail')] : []), branchId(channel.id, refusal)];
  }
  if (passed(result) && result.path.length) {
    const checks = new Map(channel.steps.map((s) => [s.id, s.check ?? '']));
    return branchesOfSteps(channel, result.path, result.choices.map((c) => ({ ...c, check: checks.get(c.step) ?? '' })));
  }
  const steps = suiteCase.expect.path ?? result.path;
  const choices = suiteCase.choices ?? choicesOfSteps(channel, suiteCase.variant, steps) ?? [];
  return branchesOfSteps(channel, steps, choices);
}

const percentOf = (covered: number, total: number): number => (total === 0 ? 100 : Math.floor((covered / total) * 1000) / 10);

/** Coverage of the services run, from the cases and their results (in the same order). */
export function computeCoverage(regulations: Regulation[], cases: SuiteCase[], results: CaseResult[]): Coverage {
  const byService = new Map(regulations.map((r) => [r.service, r]));
  const walkedBy = new Map<string, { passing: string[]; failing: string[] }>();
  cases.forEach((c, i) => {
    const result = results[i]!;
    const regulation = byService.get(c.service);
    if (!regulation) return;
    for (const branch of walkedBranches(regulation, c, result)) {
      const key = `${c.service}|${branch}`;
      const entry = walkedBy.get(key) ?? { passing: [], failing: [] };
      (passed(result) ? entry.passing : entry.failing).push(c.id);
      walkedBy.set(key, entry);
    }
  });
  const services = regulations.map((regulation): ServiceCoverage => {
    const detail = branchesOf(regulation).map((b) => {
      const walked = walkedBy.get(`${regulation.service}|${b.id}`);
      const status: BranchStatus = walked?.passing.length ? 'covered' : walked?.failing.length ? 'failed' : 'uncovered';
      return { ...b, status, cases: [...(walked?.passing ?? []), ...(walked?.failing ?? [])] };
    });
    const covered = detail.filter((b) => b.status === 'covered').length;
    return { service: regulation.service, branches: detail.length, covered, percent: percentOf(covered, detail.length), detail };
  });
  const branches = services.reduce((n, s) => n + s.branches, 0);
  const covered = services.reduce((n, s) => n + s.covered, 0);
  return { services, branches, covered, percent: percentOf(covered, branches) };
}
