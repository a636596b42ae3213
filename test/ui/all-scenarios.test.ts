/**
 * Every scenario row of every regulation, played through the demo page in headless Chromium as a presenter
 * would: pick the service, pick the preset, submit, advance to the deadline, and read the outcome the page
 * shows. Two to four minutes, so it runs only with `UI_ALL_SCENARIOS=1`
 * (`UI_ALL_SCENARIOS=1 npx tap --timeout=600 test/ui/all-scenarios.test.ts`).
 */
import type { AddressInfo } from 'node:net';
import t from 'tap';

if (process.env.UI_ALL_SCENARIOS !== '1') {
  t.plan(0, 'skipped: set UI_ALL_SCENARIOS=1 to play every scenario through the page');
} else {
  t.setTimeout(600_000);
  const { chromium } = await import('playwright-core');
  const { buildServer } = await import('../../src/server.js');
  const app = await buildServer({ logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  t.teardown(async () => {
    await browser.close();
    await app.close();
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}/ui`);
  await page.waitForSelector('body[data-ready="true"]');
  const idle = () => page.waitForSelector('body[data-busy="false"]');

  for (const regulation of app.sandbox.regulations.catalogue.list()) {
    await t.test(regulation.service, async (t) => {
      await page.click(`#services button[data-service="${regulation.service}"]`);
      await idle();
      for (const scenario of regulation.scenarios) {
        await page.selectOption('#scenario', scenario.id);
        await idle();
        await page.click('#submit');
        await idle();
        if ((await page.getAttribute('#outcome', 'data-state')) === 'pending') {
          await page.click('#advance-deadline');
          await idle();
        }
        t.equal(await page.textContent('#outcome-code'), scenario.expect.code, `${scenario.id}: ${scenario.expect.code}`);
        t.equal(await page.getAttribute('#diagram g.node.outcome', 'data-step'), scenario.expect.step, `${scenario.id}: at ${scenario.expect.step}`);
      }
    });
  }
  t.same(pageErrors, [], 'no page error');
}
