import t from 'tap';
import {
  addCalendarDays,
  addWorkingDays,
  isWorkingDay,
  kazakhCalendar,
  kazakhDate,
  readBundledCalendarData,
  startOfKazakhDay,
  WorkingCalendar,
  workingDaysBetween,
} from '../../src/core/calendar.js';

t.test('Saturdays and Sundays are days off, weekdays are working days', async (t) => {
  t.equal(isWorkingDay('2025-11-12'), true, 'Wednesday 12 November 2025');
  t.equal(isWorkingDay('2025-11-15'), false, 'Saturday 15 November 2025');
  t.equal(isWorkingDay('2025-11-16'), false, 'Sunday 16 November 2025');
  t.equal(kazakhCalendar().describe('2025-11-15').reason, 'weekend');
});

t.test('every public holiday of Kazakhstan on a weekday is a day off', async (t) => {
  // 2025 and 2026 dates that fall on weekdays.
  const holidays = [
    '2025-01-01', '2025-01-02', '2025-01-07', '2025-03-21', '2025-05-01', '2025-05-07', '2025-05-09', '2025-12-16',
    '2026-01-01', '2026-01-02', '2026-01-07', '2026-03-23', '2026-05-01', '2026-05-07', '2026-07-06', '2026-12-16',
  ];
  for (const date of holidays) t.equal(isWorkingDay(date), false, date);
  t.equal(kazakhCalendar().describe('2025-12-16').holiday?.en, 'Independence Day');
  t.equal(kazakhCalendar().describe('2026-07-06').holiday?.kk, 'Астана күні');
});

t.test('a state holiday on a weekend gives the next working day off: the 2025 moves the Ministry of Labour announced', async (t) => {
  const moved: [string, string, string][] = [
    ['2025-03-08', '2025-03-10', "International Women's Day"],
    ['2025-03-22', '2025-03-24', 'Nauryz'],
    ['2025-03-23', '2025-03-25', 'Nauryz'],
    ['2025-07-06', '2025-07-07', 'Capital City Day'],
    ['2025-08-30', '2025-09-01', 'Constitution Day'],
    ['2025-10-25', '2025-10-27', 'Republic Day'],
  ];
  for (const [holiday, dayOff, name] of moved) {
    t.equal(isWorkingDay(holiday), false, `${holiday} is a day off`);
    const info = kazakhCalendar().describe(dayOff);
    t.same({ working: info.working, reason: info.reason, holiday: info.holiday?.en }, { working: false, reason: 'holiday-moved', holiday: name }, `${dayOff} is off for ${name}`);
  }
  t.equal(isWorkingDay('2025-03-26'), true, 'Wednesday after Nauryz 2025 is a working day');
  t.equal(isWorkingDay('2025-03-11'), true, 'Tuesday after the moved 8 March is a working day');
});

t.test('Nauryz 2026 (Saturday to Monday) gives 21-25 March off; 9 May 2026 (Saturday) gives Monday 11 May', async (t) => {
  for (const date of ['2026-03-21', '2026-03-22', '2026-03-23', '2026-03-24', '2026-03-25']) t.equal(isWorkingDay(date), false, date);
  t.equal(isWorkingDay('2026-03-26'), true, '26 March 2026');
  t.equal(isWorkingDay('2026-05-11'), false, '11 May 2026');
  t.equal(isWorkingDay('2026-05-12'), true, '12 May 2026');
});

t.test('7 January and Kurban ait are days off that never move to a Monday', async (t) => {
  t.equal(isWorkingDay('2024-01-07'), false, 'Orthodox Christmas 2024, a Sunday');
  t.equal(isWorkingDay('2024-01-08'), true, 'Monday 8 January 2024 is a working day');
  t.equal(isWorkingDay('2024-06-16'), false, 'Kurban ait 2024, a Sunday');
  t.equal(isWorkingDay('2024-06-17'), true, 'Monday 17 June 2024 is a working day');
  const kurban2025 = kazakhCalendar().describe('2025-06-06');
  t.same({ working: kurban2025.working, reason: kurban2025.reason }, { working: false, reason: 'kurban-ait' }, 'Friday 6 June 2025');
  t.equal(isWorkingDay('2026-05-27'), false, 'Kurban ait 2026, a Wednesday');
  t.equal(isWorkingDay('2026-05-28'), true, 'the day after Kurban ait 2026');
});

t.test('the decreed transfer of 2025: Friday 3 January off, Sunday 5 January a working day', async (t) => {
  t.same(kazakhCalendar().describe('2025-01-03'), { date: '2025-01-03', working: false, reason: 'transfer-off' });
  t.same(kazakhCalendar().describe('2025-01-05'), { date: '2025-01-05', working: true, reason: 'transfer-work' });
  t.equal(isWorkingDay('2025-01-04'), false, 'Saturday 4 January 2025');
  t.equal(isWorkingDay('2025-01-06'), true, 'Monday 6 January 2025');
});

t.test('working days in a month match the official production calendar', async (t) => {
  t.equal(workingDaysBetween('2024-12-31', '2025-01-31'), 20, 'January 2025: 20 working days');
  t.equal(workingDaysBetween('2025-12-31', '2026-01-31'), 19, 'January 2026: 19 working days');
  t.equal(workingDaysBetween('2025-02-28', '2025-03-31'), 17, 'March 2025: 17 working days (10, 21, 24 and 25 March off on weekdays)');
});

t.test('addWorkingDays counts from the day after the start, across holidays and transfers', async (t) => {
  t.equal(addWorkingDays('2025-06-02', 5), '2025-06-10', 'Monday 2 June 2025 + 5 skips Kurban ait and the weekend');
  t.equal(addWorkingDays('2025-03-20', 1), '2025-03-26', 'the working day after Thursday 20 March 2025 is Wednesday 26 March');
  t.equal(addWorkingDays('2024-12-31', 3), '2025-01-08', '5 January 2025 counts, 7 January does not');
  t.equal(addWorkingDays('2025-01-08', -3), '2024-12-31', 'backwards');
  t.equal(addWorkingDays('2025-06-07', 0), '2025-06-07', 'n = 0 gives the start, working day or not');
  t.equal(addWorkingDays('2025-06-07', 1), '2025-06-09', 'from a Saturday, the next Monday is the first working day');
});

t.test('workingDaysBetween undoes addWorkingDays, and is negative backwards', async (t) => {
  for (const start of ['2024-12-28', '2025-03-07', '2025-06-05', '2025-12-15', '2026-05-08']) {
    for (const n of [1, 5, 15, 30]) t.equal(workingDaysBetween(start, addWorkingDays(start, n)), n, `${start} + ${n}`);
  }
  t.equal(workingDaysBetween('2025-06-10', '2025-06-02'), -5);
  t.equal(workingDaysBetween('2025-06-02', '2025-06-02'), 0);
  t.equal(workingDaysBetween('2025-06-06', '2025-06-08'), 0, 'Kurban ait Friday to Sunday: no working day after the 6th');
});

t.test('addCalendarDays moves by calendar days, across months, years and leap days', async (t) => {
  t.equal(addCalendarDays('2024-02-28', 1), '2024-02-29');
  t.equal(addCalendarDays('2025-12-31', 1), '2026-01-01');
  t.equal(addCalendarDays('2025-03-01', -1), '2025-02-28');
  t.equal(addCalendarDays('2025-06-02', 8), '2025-06-10');
});

t.test('instants are read in Kazakh time (UTC+5)', async (t) => {
  t.equal(kazakhDate(new Date('2025-06-01T18:59:59Z')), '2025-06-01', '23:59:59 in Astana');
  t.equal(kazakhDate(new Date('2025-06-01T19:00:00Z')), '2025-06-02', 'midnight in Astana');
  t.equal(startOfKazakhDay('2025-06-11').toISOString(), '2025-06-10T19:00:00.000Z');
  t.equal(isWorkingDay(new Date('2025-06-05T20:00:00Z')), false, 'Thursday 20:00 UTC is Friday 6 June (Kurban ait) in Astana');
  t.equal(
    kazakhCalendar().afterWorkingDays(new Date('2025-06-02T05:00:00Z'), 5).toISOString(),
    '2025-06-10T19:00:00.000Z',
    '5 working days after Monday 2 June 2025 have passed at the start of 11 June, Astana time',
  );
});

t.test('a malformed date is refused, not guessed', async (t) => {
  for (const bad of ['2025-02-30', '2025/01/01', '25-01-01', '', '2025-1-1']) {
    t.throws(() => isWorkingDay(bad), RangeError, JSON.stringify(bad));
  }
  t.throws(() => addWorkingDays('2025-01-01', 1.5), RangeError, 'a fractional count');
  t.throws(() => addCalendarDays('2025-01-01', Number.NaN), RangeError, 'NaN days');
  t.throws(() => kazakhDate(new Date('nope')), RangeError, 'an invalid instant');
});

t.test('the data is configurable: without the bundled transfers and Kurban ait table, those days are ordinary', async (t) => {
  const bare = new WorkingCalendar({ kurbanAit: [], transfers: [] });
  t.equal(bare.isWorkingDay('2025-01-03'), true, 'Friday 3 January 2025 without the transfer');
  t.equal(bare.isWorkingDay('2025-01-05'), false, 'Sunday 5 January 2025 without the transfer');
  t.equal(bare.isWorkingDay('2025-06-06'), true, 'Friday 6 June 2025 without Kurban ait');
  t.equal(bare.knowsYear(2025), false);
  const custom = new WorkingCalendar({ kurbanAit: [], transfers: [{ date: '2027-12-31', kind: 'off', basis: 'test decree' }] });
  t.equal(custom.isWorkingDay('2027-12-31'), false, 'a decreed day off');
  t.throws(() => new WorkingCalendar({ kurbanAit: [{ year: 2027, date: '2028-05-05', status: 'projected' }], transfers: [] }), RangeError, 'a date outside its year');
  t.throws(() => new WorkingCalendar({ kurbanAit: [], transfers: [{ date: '2027-01-01', kind: 'holiday' as 'off' }] }), RangeError, 'an unknown kind');
});

t.test('the bundled data covers Kurban ait 2024-2030 and every transfer says its basis', async (t) => {
  const data = readBundledCalendarData();
  t.same(data.kurbanAit.map((k) => k.year), [2024, 2025, 2026, 2027, 2028, 2029, 2030]);
  for (const year of [2024, 2030]) t.ok(kazakhCalendar().knowsYear(year), `${year}`);
  t.notOk(kazakhCalendar().knowsYear(2031), '2031 is not in the table');
  t.equal(isWorkingDay('2031-01-07'), false, 'a year past the table still has its fixed holidays');
  for (const transfer of kazakhCalendar().transferList()) t.ok(transfer.basis, `${transfer.date} has a basis`);
});
