/**
 * The whole conformance suite against the bundled sandbox: every case passes and every branch of every service is
 * covered; eight at a time gives the same per-case results as one at a time; a sandbox started separately and
 * tested with `--target` gives the same report; the JUnit report validates against the Jenkins xUnit plugin's
 * junit-10.xsd (test/conformance/jenkins-junit.xsd, verbatim from github.com/jenkinsci/xunit-plugin,
 * src/main/resources/org/jenkinsci/plugins/xunit/types/model/xsd/junit-10.xsd); the HTML report shows every
 * service's graph in headless Chromium without a network request, a console error or a page error, is usable
 * from the keyboard, and shows a failed case and the branches only it walked in red.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';
import t from 'tap';
import { computeCoverage, runConformance, summaryLine, type ConformanceRun } from '../../src/conformance/index.js';
import { comparableReport, jsonReport, writeReports, type JsonReport } from '../../src/conformance/reports/index.js';
import { RunningSandbox, runCli } from '../cli/run-cli.js';

const XSD = new URL('./jenkins-junit.xsd', import.meta.url).pathname;

const one = await runConformance({ concurrency: 1 });
const eight = await runConformance({ concurrency: 8 });
const dir = mkdtempSync(join(tmpdir(), 'conformance-full-'));
const [junitFile, jsonFile, htmlFile] = writeReports(eight, ['junit', 'json', 'html'], dir);

/** The run of eight with one case failed: one that alone walks some branch, so that branch shows failed too. */
const failedRun = ((): { run: ConformanceRun; id: string; branch: string } => {
  const only = eight.coverage.services.flatMap((s) => s.detail.filter((b) => b.cases.length === 1).map((b) => ({ id: b.cases[0]!, branch: b.id })))[0]!;
  const results = eight.results.map((r) => (r.id === only.id ? { ...r, status: 'failed' as const, failures: ['outcome code SYNTHETIC, expected the real one (a failure made up by the test)'] } : r));
  const run = { ...eight, results, coverage: computeCoverage(eight.regulations, eight.suite.cases, results), totals: { ...eight.totals, passed: eight.totals.passed - 1, failed: 1 } };
  return { run, ...only };
})();
const [failedHtml] = writeReports(failedRun.run, ['html'], mkdtempSync(join(tmpdir(), 'conformance-failed-')));

async function openReport(file: string) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  const url = pathToFileURL(file).href;
  await page.goto(url);
  return { browser, page, requests, errors, url };
}

/** What a case found, without its timing and tenant. */
const found = (run: ConformanceRun) => run.results.map((r) => ({ id: r.id, status: r.status, path: r.path, choices: r.choices, outcome: r.outcome, citation: r.citation, deadline: r.deadline, failures: r.failures }));

t.test('every scenario of every service passes', async (t) => {
  t.ok(one.totals.total > 300, `${one.totals.total} cases`);
  t.same(
    one.results.filter((r) => r.status !== 'passed').map((r) => `${r.id}: ${r.failures.join('; ')}`),
    [],
    'no case fails',
  );
  t.same(new Set(one.results.map((r) => r.service)), new Set(one.regulations.map((r) => r.service)), 'every service has cases');
});

t.test('branch coverage is 100% on every service', async (t) => {
  const missing = one.coverage.services.flatMap((s) => s.detail.filter((b) => b.status !== 'covered').map((b) => `${s.service} ${b.id} (${b.status})`));
  const skipped = one.suite.skipped.map((s) => `${s.id}: ${s.reason}`);
  t.same(missing, [], `every branch is walked by a passing case${skipped.length ? `; paths no case can drive: ${skipped.join(' | ')}` : ''}`);
  t.equal(one.coverage.percent, 100);
});

t.test('--concurrency 8 gives the same per-scenario results as --concurrency 1', async (t) => {
  t.same(found(eight), found(one));
  t.same(eight.coverage, one.coverage);
});

t.test('the JUnit report validates against the Jenkins JUnit schema', async (t) => {
  const { stderr } = await promisify(execFile)('xmllint', ['--noout', '--schema', XSD, junitFile!]);
  t.match(stderr, /validates/);
  const xml = readFileSync(junitFile!, 'utf8');
  t.equal((xml.match(/<testsuite /g) ?? []).length, eight.suite.services.length, 'one testsuite per service');
  t.equal((xml.match(/<testcase /g) ?? []).length, eight.results.length + eight.suite.skipped.length, 'one testcase per case and skipped path');
  t.match(xml, /classname="advocate-license\.portal\.issue"/);
});

t.test('the JSON report lists each scenario and the branch coverage of each service', async (t) => {
  const report = JSON.parse(readFileSync(jsonFile!, 'utf8')) as JsonReport;
  t.equal(report.scenarios.length, eight.results.length);
  const row = report.scenarios.find((s) => s.id === 'advocate-license/LIC-01')!;
  t.match(row, { service: 'advocate-license', variant: 'issue', channel: 'portal', status: 'passed', outcome: { code: 'LICENCE_ISSUED', step: 'd1.p11' } });
  t.ok(row.path.length > 5 && row.citation?.lines && typeof row.durationMs === 'number');
  t.same(report.coverage.services.map((s) => s.service), eight.suite.services);
  for (const s of report.coverage.services) t.equal(s.covered + s.uncovered.length + s.failed.length, s.branches, `${s.service}: every branch has a status`);
});

t.test('the HTML report shows every service graph in headless Chromium, with no network request and no error', async (t) => {
  const { browser, page, requests, errors, url } = await openReport(htmlFile!);
  t.teardown(() => browser.close());
  t.match(await page.title(), summaryLine(eight.totals));
  for (const regulation of eight.regulations) {
    const section = page.locator(`section.service[data-service="${regulation.service}"]`);
    t.equal(await section.count(), 1, `${regulation.service} has a section`);
    for (const channel of regulation.channels) {
      const svg = section.locator(`svg.graph[data-channel="${channel.id}"]`);
      await svg.scrollIntoViewIfNeeded();
      const box = await svg.boundingBox();
      t.ok(box && box.width > 100 && box.height > 100, `${regulation.service} ${channel.id}: the graph is drawn (${box?.width}x${box?.height})`);
      t.equal(await svg.locator('g.node').count(), channel.steps.length, `${regulation.service} ${channel.id}: one node per step`);
      t.equal(await svg.locator('g.node.condition polygon').count(), channel.steps.filter((s) => s.kind === 'condition').length, 'conditions are diamonds');
    }
  }
  t.ok((await page.locator('.node.covered').count()) > 0, 'covered branches are marked');
  const row = page.locator('tr.case').first();
  await row.click();
  t.equal(await page.locator('svg.graph.highlighting').count(), 1, 'clicking a case highlights its path on its graph');
  await row.click();
  t.equal(await page.locator('svg.graph.highlighting').count(), 0, 'clicking it again clears it');

  // The keyboard: Tab reaches the graph's steps (each named with its citation) and the case buttons; Enter on one highlights.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const focused = () => page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName.toLowerCase(), cls: el?.getAttribute('class') ?? '', step: el?.getAttribute('data-step') ?? '', label: el?.getAttribute('aria-label') ?? '' };
  });
  let node: Awaited<ReturnType<typeof focused>> | undefined;
  for (let i = 0; i < 200 && !node; i++) {
    await page.keyboard.press('Tab');
    const f = await focused();
    if (f.cls.split(' ').includes('node')) node = f;
  }
  t.ok(node, 'Tab reaches a step of a graph');
  const first = eight.regulations[0]!.channels[0]!.steps.find((s) => s.id === node?.step);
  t.ok(first, `the step ${node?.step} is one of the first service's`);
  if (first) t.match(node!.label, `cites ${first.citation.seed} lines ${first.citation.lines}`, 'its accessible name gives its citation');
  let button = false;
  for (let i = 0; i < 400 && !button; i++) {
    await page.keyboard.press('Tab');
    button = (await focused()).cls === 'case-id';
  }
  t.ok(button, 'Tab reaches a case button');
  await page.keyboard.press('Enter');
  t.equal(await page.locator('svg.graph.highlighting').count(), 1, 'Enter on a case highlights its path');
  t.equal(await page.locator('tr.case.active').count(), 1);

  t.same(requests, [url], 'the page loads nothing but itself');
  t.same(errors, [], 'no console error, no page error (a request blocked by the Content Security Policy logs one)');
});

t.test('the HTML report shows a failed case, and the branch only it walked, in red', async (t) => {
  const { browser, page, errors } = await openReport(failedHtml!);
  t.teardown(() => browser.close());
  t.match(await page.title(), /\d+ passed, 1 failed/);
  const service = failedRun.id.split('/')[0]!;
  const cell = page.locator(`section.service[data-service="${service}"] tr.case td.status-failed`);
  t.equal(await cell.count(), 1, 'one case row is failed');
  t.equal(await cell.textContent(), 'failed');
  t.equal(await cell.evaluate((el) => getComputedStyle(el).color), 'rgb(185, 28, 28)', 'in red');
  t.match(await page.locator(`section.service[data-service="${service}"] tr.case .fail`).textContent(), /a failure made up by the test/);
  t.equal(await page.locator('table').first().locator('td.status-failed').count(), 1, "the service's failed count is marked in the overview");
  const [channel, step, outcome] = failedRun.branch.split(':');
  const svg = page.locator(`section.service[data-service="${service}"] svg.graph[data-channel="${channel}"]`);
  const marked = outcome
    ? svg.locator(`path.edge.failed[data-from="${step}"]`)
    : svg.locator(`g.node.failed[data-step="${step}"] rect`);
  t.ok((await marked.count()) >= 1, `${failedRun.branch} is drawn failed`);
  t.equal(await marked.first().evaluate((el) => getComputedStyle(el).stroke), 'rgb(185, 28, 28)', 'in red');
  t.same(errors, []);
});

t.test('a sandbox started separately and tested with --target gives the same report', async (t) => {
  const { sandbox, url } = await RunningSandbox.start(['--port', '0']);
  t.teardown(() => sandbox.kill());
  const out = mkdtempSync(join(tmpdir(), 'conformance-target-'));
  const cli = await runCli(['conformance', '--target', url, '--report', 'json', '--out', out]);
  t.equal(cli.code, 0, `the run passes: ${cli.stdout.split('\n').filter((l) => l.startsWith('FAILED')).join('; ')}`);
  t.match(cli.stderr, /\[\s*1\/\d+\] PASS /, 'progress goes to stderr');
  t.equal(cli.stdout.trimEnd().split('\n').at(-1), summaryLine(one.totals), 'the output ends with "N passed, N failed"');
  t.match(cli.stdout.trimEnd().split('\n').at(-1)!, /^\d+ passed, \d+ failed(, \d+ skipped)?$/);
  const remote = comparableReport(JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as JsonReport);
  const local = comparableReport(jsonReport(one));
  const differing = remote.scenarios.filter((s, i) => JSON.stringify(s) !== JSON.stringify(local.scenarios[i])).map((s) => s.id);
  t.same(differing, [], 'every scenario row is the same');
  t.same(remote, local, 'the whole report is the same, timings aside');
});
