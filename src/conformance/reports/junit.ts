/**
 * The JUnit XML report of a conformance run, in the Ant / Jenkins format CI servers read: `<testsuites>`, one
 * `<testsuite>` per service, one `<testcase>` per case (classname `service.channel.variant`) with its time and,
 * when it failed, a `<failure>` whose message is the first failed assertion. A skipped path is a `<skipped>`
 * test case; an expected failure is `<skipped type="expected-failure">` (as pytest reports xfail); an
 * unexpected pass passes, with a note in `<system-out>`. Validated against test/conformance/jenkins-junit.xsd.
 * @see ../../../docs/conformance.md "Reports"
 */
import { hostname } from 'node:os';
import type { ConformanceRun } from '../index.js';

/** XML text or attribute value: the five entities, and no character XML 1.0 forbids. */
function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

export function junitReport(run: ConformanceRun): string {
  const host = hostname() || 'localhost';
  // Ant writes the timestamp without zone or fraction.
  const timestamp = run.startedAt.replace(/\.\d+Z$/, '').replace(/Z$/, '');
  const suites = run.suite.services.map((service, index) => {
    const cases = run.results.map((r, i) => ({ r, c: run.suite.cases[i]! })).filter(({ r }) => r.service === service);
    const skippedPaths = run.suite.skipped.filter((s) => s.service === service);
    const failures = cases.filter(({ r }) => r.status === 'failed').length;
    const skipped = skippedPaths.length + cases.filter(({ r }) => r.status === 'expected-failure').length;
    const time = cases.reduce((t, { r }) => t + r.durationMs, 0);
    const testcases = cases.map(({ r, c }) => {
      const attrs = `name="${xml(`${r.id.slice(service.length + 1)}: ${r.title}`)}" classname="${xml(`${service}.${r.channel}.${r.variant}`)}" time="${seconds(r.durationMs)}"`;
      const detail = [`tenant: ${r.tenant}`, `persona: ${c.drive.applicant}`, ...(c.note ? [`note: ${c.note}`] : []), `path: ${r.path.join(' > ')}`].join('\n');
      if (r.status === 'failed') {
        return `    <testcase ${attrs}>\n      <failure type="ConformanceFailure" message="${xml(r.failures[0] ?? 'failed')}">${xml(r.failures.join('\n'))}</failure>\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`;
      }
      if (r.status === 'expected-failure') {
        return `    <testcase ${attrs}>\n      <skipped type="expected-failure" message="${xml(`expected failure: ${r.expectedFailure}`)}">${xml(r.failures.join('\n'))}</skipped>\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`;
      }
      const note = r.status === 'unexpected-pass' ? `unexpected pass: listed as an expected failure (${r.expectedFailure})\n` : '';
      return `    <testcase ${attrs}>\n      <system-out>${xml(note + detail)}</system-out>\n    </testcase>`;
    });
    for (const s of skippedPaths) {
      testcases.push(
        `    <testcase name="${xml(`${s.id.slice(service.length + 1)}: no case drives this path`)}" classname="${xml(`${service}.${s.channel}.${s.variant}`)}" time="0.000">\n      <skipped message="${xml(s.reason)}">${xml(`path: ${s.path.join(' > ')}`)}</skipped>\n    </testcase>`,
      );
    }
    const coverage = run.coverage.services.find((s) => s.service === service);
    const properties = [
      ['target', run.target],
      ['runId', run.runId],
      ['branchCoverage', coverage ? `${coverage.covered}/${coverage.branches} (${coverage.percent}%)` : 'n/a'],
    ]
      .map(([name, value]) => `      <property name="${xml(name!)}" value="${xml(value!)}"/>`)
      .join('\n');
    return (
      `  <testsuite name="${xml(service)}" package="kz-egov-sandbox.conformance" id="${index}" tests="${cases.length + skippedPaths.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds(time)}" timestamp="${timestamp}" hostname="${xml(host)}">\n` +
      `    <properties>\n${properties}\n    </properties>\n${testcases.join('\n')}${testcases.length ? '\n' : ''}` +
      `    <system-out/>\n    <system-err/>\n  </testsuite>`
    );
  });
  const t = run.totals;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="kz-egov-sandbox conformance" tests="${t.total + t.skipped}" failures="${t.failed}" errors="0" time="${seconds(run.durationMs)}">\n` +
    `${suites.join('\n')}\n</testsuites>\n`
  );
}
