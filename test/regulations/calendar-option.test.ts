/**
 * The working-day calendar is configurable: a decreed transfer given to buildServer({ calendar }) moves the
 * deadlines the engine computes, on the same persona and regulation.
 */
import t from 'tap';
import { buildServer } from '../../src/server.js';
import { freezeClock, settle, submit } from '../helpers/applications.js';

async function deadlineOf(options: Parameters<typeof buildServer>[0]): Promise<{ deadline: string; code: string }> {
  const app = await buildServer({ logger: false, ...options });
  try {
    await freezeClock(app, 'calendar'); // Monday 2 March 2026, 09:00 Astana
    const res = await submit(app, 'calendar', { service: 'bailiff-license', variant: 'issue', channel: 'portal', applicantIin: '900115300013', documents: ['standard-documents'] });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
    const view = await settle(app, 'calendar', res.body.id);
    return { deadline: view.deadline, code: view.outcome.code };
  } finally {
    await app.close();
  }
}

t.test('a day off decreed by configuration moves a working-day deadline by one working day', async (t) => {
  const usual = await deadlineOf({});
  // Wednesday 4 March 2026 becomes a day off: every working-day term spanning it ends one working day later.
  const moved = await deadlineOf({ calendar: { transfers: [{ date: '2026-03-04', kind: 'off', basis: 'test decree' }] } });
  t.equal(usual.code, 'LICENCE_ISSUED');
  t.equal(moved.code, 'LICENCE_ISSUED');
  t.ok(Date.parse(moved.deadline) > Date.parse(usual.deadline), `${moved.deadline} is after ${usual.deadline}`);
  const usualDay = new Date(Date.parse(usual.deadline) + 5 * 3_600_000).getUTCDay();
  // One working day later: the next weekday, or Monday after a Friday.
  const expectedGapDays = usualDay === 5 ? 3 : 1;
  t.equal((Date.parse(moved.deadline) - Date.parse(usual.deadline)) / 86_400_000, expectedGapDays, 'exactly one working day later');
});
