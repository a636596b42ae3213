/**
 * The demo page at /ui driven in headless Chromium (Debian's, through playwright-core) against a listening
 * sandbox: a persona whose scenario ends in a refusal, the happy path with its result document, a fault taken
 * down in the faults panel, the language switch, the clock, the keyboard. What the page shows is compared with
 * what the API answers for the same tenant. Every request the page makes stays on the sandbox's origin, and
 * the page logs no error. Screenshots of the refusal, the happy path and the fault go to test-output/ui/.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type Page } from 'playwright-core';
import t, { type Test } from 'tap';
import { addWorkingDays, kazakhDate } from '../../src/core/calendar.js';
import type { Regulation, Scenario } from '../../src/regulations/types.js';
import { buildServer } from '../../src/server.js';

const OUTPUT = fileURLToPath(new URL('../../test-output/ui/', import.meta.url));
mkdirSync(OUTPUT, { recursive: true });

const app = await buildServer({ logger: false });
await app.listen({ host: '127.0.0.1', port: 0 });
const origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
t.teardown(async () => {
  await browser.close();
  await app.close();
});

const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
const requests: string[] = [];
const errors: string[] = [];
page.on('request', (request) => requests.push(request.url()));
page.on('console', (message) => {
  if (message.type() === 'error') errors.push(`console: ${message.text()}`);
});
page.on('pageerror', (error) => errors.push(`page: ${error.message}`));

await page.goto(`${origin}/ui`);
await page.waitForSelector('body[data-ready="true"]');
const tenant = (await page.textContent('#tenant'))!.trim();

/** The API, as the page's tenant. */
async function api<T = Record<string, any>>(url: string): Promise<T> {
  const res = await app.inject({ url, headers: { 'x-sandbox-tenant': tenant } });
  return res.json() as T;
}

const regulation = await api<Regulation>('/portal/services/advocate-attestation');
const scenario = (id: string): Scenario => regulation.scenarios.find((s) => s.id === id)!;

async function idle(page: Page): Promise<void> {
  await page.waitForSelector('body[data-busy="false"]');
}

/** Clicks a service in the list and picks a scenario preset, as a user would. */
async function choose(page: Page, service: string, scenarioId: string): Promise<void> {
  await page.click(`#services button[data-service="${service}"]`);
  await idle(page);
  await page.selectOption('#scenario', scenarioId);
  await idle(page);
}

/** Submits, lets the path play (or skips it), then moves the clock to the deadline to reveal the outcome. */
async function submitAndReveal(page: Page, { skip }: { skip: boolean }): Promise<Record<string, any>> {
  await page.click('#submit');
  await idle(page);
  if (skip) await page.click('#skip');
  await page.waitForSelector('#diagram[data-animating="false"]');
  await page.waitForSelector('#outcome[data-state="pending"]');
  await page.click('#advance-deadline');
  await idle(page);
  await page.waitForSelector('#outcome[data-state="refusal"], #outcome[data-state="result"]');
  const id = await page.getAttribute('#outcome', 'data-application');
  return api(`/provider/applications/${id}`);
}

/** The steps highlighted on the diagram, in the order the page says they were visited. */
async function highlightedPath(page: Page): Promise<string[]> {
  const visits = await page.$$eval('#diagram g.node.visited', (nodes) =>
    nodes.flatMap((n) => (n.getAttribute('data-visit') ?? '').split(' ').map((i) => [Number(i), n.getAttribute('data-step')!] as const)),
  );
  return visits.sort((a, b) => a[0] - b[0]).map(([, step]) => step);
}

async function screenshot(t: Test, page: Page, name: string): Promise<void> {
  const path = `${OUTPUT}${name}.png`;
  await page.screenshot({ path, fullPage: false });
  t.ok(existsSync(path) && statSync(path).size > 10_000, `screenshot ${name}.png saved`);
}

t.test('a persona whose scenario ends in a refusal: the path is highlighted and the refusal shown', async (t) => {
  // ATT-04: the applicant's SIGN certificate has expired.
  const row = scenario('ATT-04');
  await choose(page, 'advocate-attestation', row.id);
  t.equal(await page.inputValue('#persona'), row.persona, 'the preset picks the persona');
  t.match(await page.textContent('#persona-explain'), /cert-sign-expired/, 'the persona is explained by its traits');
  const view = await submitAndReveal(page, { skip: false });
  t.equal(view.status, 'refused');
  const timeline = (view.timeline as { step: string }[]).map((e) => e.step);
  t.same(await highlightedPath(page), timeline, "the highlighted path is the application's timeline");
  if (row.expect.path) t.same(timeline, row.expect.path, "and the scenario's path");
  t.equal(await page.getAttribute('#diagram g.node.outcome', 'data-step'), view.outcome.step, 'the refusal step is emphasised');
  t.ok((await page.$$('#diagram path.edge.visited')).length >= timeline.length - 1, 'the edges walked are highlighted');
  t.equal(await page.textContent('#outcome-code'), row.expect.code, 'the refusal code');
  t.equal(await page.textContent('#outcome-message'), view.outcome.message.en, 'the refusal message, in English');
  t.match(await page.textContent('#outcome-citation'), view.outcome.citation.lines, 'the refusal cites the seed lines');
  const rows = await page.$$eval('#timeline tbody tr', (trs) => trs.map((tr) => tr.getAttribute('data-step')));
  t.same(rows, timeline, 'the timeline table lists the steps walked');
  await screenshot(t, page, 'refusal');
});

t.test('the language switch changes the titles and the refusal message', async (t) => {
  const services = (await api<{ services: { id: string; title: Record<string, string> }[] }>('/portal/services')).services;
  const title = (id: string) => page.textContent(`#services button[data-service="${id}"] .service-title`);
  const view = await api(`/provider/applications/${await page.getAttribute('#outcome', 'data-application')}`);
  const englishSubmit = await page.textContent('#submit');
  for (const lang of ['ru', 'kk', 'en'] as const) {
    await page.click(`[data-lang="${lang}"]`);
    await idle(page);
    t.equal(await page.getAttribute('html', 'lang'), lang);
    t.equal(await page.getAttribute(`[data-lang="${lang}"]`, 'aria-pressed'), 'true');
    for (const service of services) t.equal(await title(service.id), service.title[lang], `${service.id} in ${lang}`);
    t.equal(await page.textContent('#outcome-message'), view.outcome.message[lang], `the refusal message in ${lang}`);
    if (lang !== 'en') t.not(await page.textContent('#submit'), englishSubmit, `the page's own labels in ${lang}`);
  }
});

t.test('the happy path ends in the result document, with its signed XML on demand', async (t) => {
  const row = scenario('ATT-01');
  await choose(page, 'advocate-attestation', row.id);
  const view = await submitAndReveal(page, { skip: true });
  t.equal(view.status, 'completed');
  t.same(await highlightedPath(page), (view.timeline as { step: string }[]).map((e) => e.step), 'the whole path highlighted after skipping the animation');
  t.equal(await page.getAttribute('#outcome', 'data-state'), 'result');
  t.equal(await page.textContent('#outcome-code'), row.expect.code);
  t.equal(await page.textContent('#document-title'), view.document.title.en, 'the document title');
  t.equal(await page.textContent('#document-number'), view.document.number, 'the document number');
  t.equal(await page.isVisible('#document-xml'), false, 'the XML is hidden until asked for');
  await page.click('#xml-toggle');
  t.equal(await page.getAttribute('#xml-toggle', 'aria-expanded'), 'true');
  t.equal(await page.textContent('#document-xml'), view.document.signedXml, 'the signed XML as issued');
  t.match(view.document.signedXml, /SignatureValue/);
  await screenshot(t, page, 'happy-path');
  await page.click('#xml-toggle');
});

t.test('a system taken down in the faults panel gives the refusal the regulation prescribes', async (t) => {
  // The happy persona on the portal with АИС СУ down: the scenario row that injects the same fault says what follows.
  const happy = scenario('ATT-01');
  const row = regulation.scenarios.find((s) => s.fault?.mode === 'down' && s.channel === happy.channel && s.persona === happy.persona && !s.decisions)!;
  await choose(page, 'advocate-attestation', happy.id);
  const toggle = `#faults button[data-system="${row.fault!.system}"]`;
  t.equal(await page.getAttribute(toggle, 'aria-pressed'), 'false');
  await page.click(toggle);
  await idle(page);
  t.equal(await page.getAttribute(toggle, 'aria-pressed'), 'true', 'the toggle shows the system down');
  t.equal((await api('/__admin/faults')).faults[row.fault!.system]?.down, true, "the tenant's fault is set");
  const view = await submitAndReveal(page, { skip: false });
  t.equal(view.outcome.code, row.expect.code, `${row.id}'s refusal`);
  t.equal(view.outcome.step, row.expect.step);
  t.equal(await page.textContent('#outcome-code'), row.expect.code);
  t.equal(await page.getAttribute('#diagram g.node.outcome', 'data-step'), row.expect.step);
  await screenshot(t, page, 'fault');
  await page.click(toggle);
  await idle(page);
  t.equal(await page.getAttribute(toggle, 'aria-pressed'), 'false');
  t.same((await api('/__admin/faults')).faults, {}, 'the fault is cleared');
});

t.test('the clock moves by working days of the Kazakh calendar, and back to the demo start', async (t) => {
  await page.click('#clock-start');
  await idle(page);
  const start = (await api('/__admin/clock')).now as string;
  await page.click('#advance-15');
  await idle(page);
  const after = (await api('/__admin/clock')).now as string;
  t.equal(kazakhDate(new Date(after)), addWorkingDays(kazakhDate(new Date(start)), 15), '15 working days later, by the sandbox calendar');
  t.equal(after.slice(11), start.slice(11), 'at the same time of day');
  t.match(await page.textContent('#clock-now'), kazakhDate(new Date(after)), 'the page shows the new date');
  await page.click('#advance-1');
  await idle(page);
  t.equal(kazakhDate(new Date((await api('/__admin/clock')).now)), addWorkingDays(kazakhDate(new Date(after)), 1));
  await page.click('#clock-start');
  await idle(page);
  t.equal((await api('/__admin/clock')).now, start);
});

t.test('the diagram is usable by keyboard: a focused step opens with Enter and shows its Kazakh text', async (t) => {
  const step = regulation.channels.find((c) => c.id === 'portal')!.steps.find((s) => s.kind === 'condition')!;
  // Reach the step with the Tab key, from the diagram's section, as a keyboard user would.
  await page.evaluate(() => (document.querySelector('#diagram-section') as HTMLElement).focus());
  const focusedStep = () => page.evaluate(() => document.activeElement?.closest('#diagram g.node')?.getAttribute('data-step') ?? null);
  let presses = 0;
  for (; presses < 200 && (await focusedStep()) !== step.id; presses++) await page.keyboard.press('Tab');
  t.equal(await focusedStep(), step.id, `Tab reaches the step ${step.id} (${presses} presses)`);
  t.equal(await page.isVisible('#tooltip'), true, 'focus shows the citation');
  t.match(await page.textContent('#tooltip'), step.citation.lines);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`#step-body dl[data-step="${step.id}"]`);
  t.match(await page.textContent('#step-body'), step.citation.lines, 'the panel cites the lines');
  await page.focus('#seed-text-toggle');
  await page.keyboard.press('Enter');
  await idle(page);
  const text = await api<{ lines: { line: number; text: string }[] }>(`/portal/services/${regulation.service}/text?lines=${step.citation.lines}`);
  const shown = await page.$$eval('#seed-text .seed-lines li', (items) => items.map((li) => li.textContent));
  t.same(shown, text.lines.map((l) => l.text), "the seed's Kazakh text of the step");
});

t.test('the page made no request outside the sandbox and logged no error', async (t) => {
  t.ok(requests.length > 20, `${requests.length} requests recorded`);
  t.same(requests.filter((url) => !url.startsWith(`${origin}/`)), [], 'every request went to the sandbox');
  for (const path of ['/portal/sessions', '/portal/applications/document', '/__admin/sign', '/portal/applications', '/__admin/faults', '/__admin/clock']) {
    t.ok(requests.some((url) => new URL(url).pathname === path), `the page used ${path}`);
  }
  t.same(errors, [], 'no console error, no page error');
});
