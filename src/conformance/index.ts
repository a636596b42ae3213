/**
 * The conformance harness (`kz-egov-sandbox conformance`): derives the suite from the regulation files of a
 * sandbox, runs it through the SDK against that sandbox (the one at `target`, or one started in this process on a
 * free loopback port), and measures branch coverage. Reports are written by ./reports/.
 * @see ../../docs/conformance.md
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { calendarWith, kazakhCalendar } from '../core/calendar.js';
import type { SandboxOptions } from '../core/config.js';
import type { Persona } from '../personas/persona.js';
import { loadRegulationDir } from '../regulations/catalogue.js';
import type { Regulation } from '../regulations/types.js';
import { createClient } from '../sdk/index.js';
import { buildServer } from '../server.js';
import { computeCoverage, type Coverage } from './coverage.js';
import { newRunId, releaseTenants, runCases } from './runner.js';
import { deriveSuite, SCENARIO_START } from './suite.js';
import type { CaseResult, Suite } from './types.js';

export { computeCoverage, type Coverage, type ServiceCoverage } from './coverage.js';
export { expectedDeadline, newRunId, releaseTenants, runCase, runCases, tenantOf, timeProblems } from './runner.js';
export { deriveSuite, knownTags, SCENARIO_START, SuiteError } from './suite.js';
export type { CaseDrive, CaseExpectation, CaseResult, CaseStatus, SkippedPath, Suite, SuiteCase } from './types.js';

export interface ConformanceOptions {
  /** The sandbox to test (`http://host:port`); default: one started in this process on a free loopback port. */
  target?: string;
  /** Only these services. */
  services?: string[];
  /** Only cases carrying every one of these tags. */
  tags?: string[];
  /** Cases run side by side, each in its own tenant (default 1). */
  concurrency?: number;
  /** Case id → why it is expected to fail (see {@link loadExpectedFailures}). */
  expectedFailures?: ReadonlyMap<string, string>;
  /** Names the run's tenants (default: a new id). */
  runId?: string;
  /** Options of the sandbox started in process (ignored with `target`). */
  sandbox?: SandboxOptions;
  /** Called as each case ends. */
  onResult?: (result: CaseResult, done: number, total: number) => void;
}

export interface ConformanceTotals {
  /** Cases run. */
  total: number;
  /** Passed, unexpected passes included. */
  passed: number;
  failed: number;
  /** Paths no case can drive. */
  skipped: number;
  expectedFailures: number;
  unexpectedPasses: number;
}

export interface ConformanceRun {
  runId: string;
  target: string;
  /** True when the sandbox was started in this process for the run. */
  inProcess: boolean;
  startedAt: string;
  durationMs: number;
  /** The regulations of the services run, as the target serves them. */
  regulations: Regulation[];
  suite: Suite;
  results: CaseResult[];
  coverage: Coverage;
  totals: ConformanceTotals;
  /** Ids listed as expected failures that are no case of this suite. */
  unknownExpectedFailures: string[];
  /**
   * The tenants reset after the run (`POST /__admin/reset`: every passing case's and the personas tenant) and
   * those kept for inspection (the failing cases', expected failures included).
   */
  tenants: { reset: number; kept: string[] };
  /**
   * With `target`: the services whose regulation the target serves differently from the bundled file, or serves
   * alone, or lacks (the suite follows the target's; the expected deadlines use the bundled calendar). Empty in process.
   */
  regulationDifferences: string[];
}

/** A problem with the expected-failures file. */
export class ExpectedFailuresError extends Error {
  override readonly name = 'ExpectedFailuresError';
}

/**
 * Reads an expected-failures file: a JSON array of `{ "id": "<case id>", "reason": "<why>" }`.
 * @throws ExpectedFailuresError naming the file and the entry at fault
 */
export function loadExpectedFailures(file: string): Map<string, string> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ExpectedFailuresError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not JSON: ${(error as Error).message}`}`);
  }
  if (!Array.isArray(data)) throw new ExpectedFailuresError(`${file}: must be a JSON array of {"id", "reason"}`);
  const out = new Map<string, string>();
  data.forEach((entry: unknown, i) => {
    const e = entry as { id?: unknown; reason?: unknown };
    if (typeof e !== 'object' || e === null || typeof e.id !== 'string' || e.id === '' || typeof e.reason !== 'string' || e.reason === '') {
      throw new ExpectedFailuresError(`${file}[${i}]: each entry is {"id": "<case id>", "reason": "<why it fails>"}`);
    }
    if (out.has(e.id)) throw new ExpectedFailuresError(`${file}[${i}]: ${e.id} is listed twice`);
    out.set(e.id, e.reason);
  });
  return out;
}

/** Derives the suite from the target's regulations and personas, runs it and measures coverage. */
export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceRun> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const runId = options.runId ?? newRunId();
  let close = async (): Promise<void> => {};
  let target = options.target;
  if (!target) {
    const app = await buildServer({ logger: false, ...options.sandbox });
    try {
      target = await app.listen({ port: 0, host: '127.0.0.1' });
    } catch (error) {
      await app.close();
      throw error;
    }
    close = () => app.close();
  }
  const client = createClient({ baseUrl: target, connections: Math.max(10, (options.concurrency ?? 1) * 2) });
  try {
    const summaries = await client.portal.services();
    const all = await Promise.all(summaries.map((s) => client.portal.service(s.id)));
    // The personas a fresh tenant sees, as each case's tenant will (not those added to some other tenant).
    const personas = (await client.withTenant(`${runId}.personas`).admin.personas()) as unknown as Persona[];
    const suite = deriveSuite(all, personas, { ...(options.services ? { services: options.services } : {}), ...(options.tags ? { tags: options.tags } : {}), start: SCENARIO_START });
    const regulations = all.filter((r) => suite.services.includes(r.service));
    const results = await runCases(client, suite.cases, {
      runId,
      regulations,
      // In process the sandbox's own calendar; against a target the bundled one is assumed.
      calendar: options.target ? kazakhCalendar() : calendarWith(options.sandbox?.calendar),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(options.expectedFailures ? { expectedFailures: options.expectedFailures } : {}),
      ...(options.onResult ? { onResult: options.onResult } : {}),
    });
    const coverage = computeCoverage(regulations, suite.cases, results);
    const released = await releaseTenants(client, results, [`${runId}.personas`]);
    const count = (status: CaseResult['status']): number => results.filter((r) => r.status === status).length;
    const ids = new Set(suite.cases.map((c) => c.id));
    return {
      runId,
      target,
      inProcess: !options.target,
      startedAt,
      durationMs: Date.now() - started,
      regulations,
      suite,
      results,
      coverage,
      totals: {
        total: results.length,
        passed: count('passed') + count('unexpected-pass'),
        failed: count('failed'),
        skipped: suite.skipped.length,
        expectedFailures: count('expected-failure'),
        unexpectedPasses: count('unexpected-pass'),
      },
      unknownExpectedFailures: [...(options.expectedFailures?.keys() ?? [])].filter((id) => !ids.has(id)),
      tenants: { reset: released.reset.length, kept: released.kept },
      regulationDifferences: options.target ? regulationDifferences(all, loadRegulationDir()) : [],
    };
  } finally {
    await client.close();
    await close();
  }
}

/** The services whose regulation differs between `served` and `bundled` (or is in one only), in `served`'s order then the bundled-only ones. */
export function regulationDifferences(served: readonly Regulation[], bundled: readonly Regulation[]): string[] {
  const mine = new Map(bundled.map((r) => [r.service, JSON.parse(JSON.stringify(r)) as Regulation]));
  const differing = served.filter((r) => !isDeepStrictEqual(JSON.parse(JSON.stringify(r)), mine.get(r.service))).map((r) => r.service);
  const missing = bundled.filter((r) => !served.some((s) => s.service === r.service)).map((r) => r.service);
  return [...differing, ...missing];
}

/** The summary line every run ends with: `N passed, N failed` (and `, N skipped` when any path was skipped). */
export function summaryLine(totals: ConformanceTotals): string {
  return `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`;
}
