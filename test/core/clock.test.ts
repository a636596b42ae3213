import t from 'tap';
import { parseDurationMs, VirtualClock } from '../../src/core/clock.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

t.test('parseDurationMs reads the ISO 8601 durations the admin API accepts', async (t) => {
  const cases: [string, number][] = [
    ['P15D', 15 * DAY],
    ['PT2H30M', 2 * HOUR + 30 * MINUTE],
    ['P1DT2H', DAY + 2 * HOUR],
    ['PT90M', 90 * MINUTE],
    ['PT45S', 45_000],
    ['PT0.5S', 500],
    ['PT1M30.25S', MINUTE + 30_250],
    ['P0D', 0],
    ['P2DT3H4M5S', 2 * DAY + 3 * HOUR + 4 * MINUTE + 5000],
  ];
  for (const [text, ms] of cases) t.equal(parseDurationMs(text), ms, text);
});

t.test('parseDurationMs answers null for what is not such a duration', async (t) => {
  for (const text of ['', 'P', 'PT', 'P1DT', '15D', 'P15', 'PT2H30', 'p1d', 'P1W', 'P1Y', 'P1M', 'PT-1H', '-P1D', 'P1.5D', 'P1D ', ' P1D', 'PT1S2M']) {
    t.equal(parseDurationMs(text), null, JSON.stringify(text));
  }
});

t.test('the virtual clock runs with real time from an offset, and can be set, advanced, frozen and resumed', async (t) => {
  let real = Date.parse('2026-01-10T08:00:00.000Z');
  const clock = new VirtualClock(() => real);
  t.same(clock.state(), { now: '2026-01-10T08:00:00.000Z', offsetMs: 0, frozen: false }, 'starts at real time');

  clock.set(new Date('2026-03-01T09:00:00.000Z'));
  t.equal(clock.now().toISOString(), '2026-03-01T09:00:00.000Z');
  real += 1500;
  t.equal(clock.now().toISOString(), '2026-03-01T09:00:01.500Z', 'runs on from the instant set');

  clock.advance(15 * DAY);
  t.equal(clock.now().toISOString(), '2026-03-16T09:00:01.500Z');
  clock.advance(-DAY);
  t.equal(clock.now().toISOString(), '2026-03-15T09:00:01.500Z', 'a negative amount moves it back');

  clock.freeze();
  real += 10 * MINUTE;
  t.same(clock.state(), { now: '2026-03-15T09:00:01.500Z', offsetMs: clock.nowMs() - real, frozen: true }, 'frozen: real time passes, it does not');
  clock.advance(HOUR);
  t.equal(clock.now().toISOString(), '2026-03-15T10:00:01.500Z', 'a frozen clock still advances when told');
  clock.set(new Date('2026-04-01T00:00:00.000Z'));
  t.equal(clock.state().frozen, true, 'set keeps a frozen clock frozen');
  real += MINUTE;
  t.equal(clock.now().toISOString(), '2026-04-01T00:00:00.000Z');

  clock.resume();
  real += 2000;
  t.same(clock.state().frozen, false);
  t.equal(clock.now().toISOString(), '2026-04-01T00:00:02.000Z', 'resumed: it runs from where it stood');
  clock.resume();
  t.equal(clock.now().toISOString(), '2026-04-01T00:00:02.000Z', 'resuming a running clock changes nothing');

  clock.set(new Date('2026-05-01T00:00:00.000Z'), true);
  real += 5000;
  t.equal(clock.now().toISOString(), '2026-05-01T00:00:00.000Z', 'set with freeze stops it at that instant');
});
