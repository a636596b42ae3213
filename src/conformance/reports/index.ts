/**
 * Writes a run's reports: `junit` (conformance.junit.xml), `json` (conformance.json), `html` (conformance.html).
 * @see ../../../docs/conformance.md "Reports"
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConformanceRun } from '../index.js';
import { htmlReport } from './html.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';

export { comparableReport, jsonReport, type JsonReport } from './json.js';
export { htmlReport } from './html.js';
export { junitReport } from './junit.js';

export const REPORT_KINDS = ['junit', 'json', 'html'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_FILES: Readonly<Record<ReportKind, string>> = { junit: 'conformance.junit.xml', json: 'conformance.json', html: 'conformance.html' };

/** Writes the reports asked for into `outDir` (created if missing); answers the files written. */
export function writeReports(run: ConformanceRun, kinds: readonly ReportKind[], outDir: string): string[] {
  mkdirSync(outDir, { recursive: true });
  return kinds.map((kind) => {
    const file = join(outDir, REPORT_FILES[kind]);
    const body = kind === 'junit' ? junitReport(run) : kind === 'json' ? `${JSON.stringify(jsonReport(run), null, 2)}\n` : htmlReport(run);
    writeFileSync(file, body);
    return file;
  });
}
