/**
 * The JSON report of a conformance run: per case its id, service, variant, channel, the path of step ids walked,
 * the outcome and its citation, the duration and the status; the paths skipped and why; per service the branch
 * coverage with every branch's status. `runId`, `target`, `startedAt` and the `durationMs` fields change from run
 * to run; the rest is the same for the same sandbox and suite ({@link comparableReport} drops them).
 * @see ../../../docs/conformance.md "Reports"
 */
import { packageVersion } from '../../core/schemas.js';
import type { ConformanceRun } from '../index.js';

export interface JsonReport {
  tool: string;
  version: string;
  runId: string;
  target: string;
  startedAt: string;
  durationMs: number;
  summary: ConformanceRun['totals'] & { coverage: number };
  scenarios: {
    id: string;
    service: string;
    variant: string;
    channel: string;
    origin: 'regulation' | 'synthesized';
    title: string;
    tags: string[];
    status: string;
    path: string[];
    outcome: { kind: string; code: string; step: string } | null;
    citation: { seed: string; lines: string; step?: string } | null;
    deadline: string | null;
    expected: { code: string; step: string; path: string[] | null };
    persona: string;
    note?: string;
    failures: string[];
    expectedFailure?: string;
    durationMs: number;
  }[];
  skipped: { id: string; service: string; variant: string; channel: string; path: string[]; reason: string }[];
  coverage: {
    branches: number;
    covered: number;
    percent: number;
    services: {
      service: string;
      branches: number;
      covered: number;
      percent: number;
      uncovered: string[];
      failed: string[];
      detail: { id: string; channel: string; kind: string; step: string; outcome?: string; target?: string; status: string; cases: string[] }[];
    }[];
  };
}

export function jsonReport(run: ConformanceRun): JsonReport {
  return {
    tool: 'kz-egov-sandbox conformance',
    version: packageVersion(),
    runId: run.runId,
    target: run.target,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    summary: { ...run.totals, coverage: run.coverage.percent },
    scenarios: run.results.map((r, i) => {
      const c = run.suite.cases[i]!;
      return {
        id: r.id,
        service: r.service,
        variant: r.variant,
        channel: r.channel,
        origin: r.origin,
        title: r.title,
        tags: r.tags,
        status: r.status,
        path: r.path,
        outcome: r.outcome,
        citation: r.citation,
        deadline: r.deadline,
        expected: { code: c.expect.code, step: c.expect.step, path: c.expect.path ?? null },
        persona: c.drive.applicant,
        ...(c.note ? { note: c.note } : {}),
        failures: r.failures,
        ...(r.expectedFailure !== undefined ? { expectedFailure: r.expectedFailure } : {}),
        durationMs: r.durationMs,
      };
    }),
    skipped: run.suite.skipped.map((s) => ({ id: s.id, service: s.service, variant: s.variant, channel: s.channel, path: s.path, reason: s.reason })),
    coverage: {
      branches: run.coverage.branches,
      covered: run.coverage.covered,
      percent: run.coverage.percent,
      services: run.coverage.services.map((s) => ({
        service: s.service,
        branches: s.branches,
        covered: s.covered,
        percent: s.percent,
        uncovered: s.detail.filter((b) => b.status === 'uncovered').map((b) => b.id),
        failed: s.detail.filter((b) => b.status === 'failed').map((b) => b.id),
        detail: s.detail.map((b) => ({
          id: b.id,
          channel: b.channel,
          kind: b.kind,
          step: b.step,
          ...(b.outcome ? { outcome: b.outcome } : {}),
          ...(b.target ? { target: b.target } : {}),
          status: b.status,
          cases: b.cases,
        })),
      })),
    },
  };
}

/** The report without what changes from run to run (run id, target, start time, durations). */
export function comparableReport(report: JsonReport): Omit<JsonReport, 'runId' | 'target' | 'startedAt' | 'durationMs'> {
  const { runId: _r, target: _t, startedAt: _s, durationMs: _d, ...rest } = report;
  return { ...rest, scenarios: rest.scenarios.map(({ durationMs: _ms, ...s }) => ({ ...s, durationMs: 0 })) };
}
