/**
 * The Kazakh working-day calendar (өндірістік күнтізбе / производственный календарь), five-day week:
 * Saturdays and Sundays off; the public holidays of Kazakhstan off; a state or national holiday that falls
 * on a Saturday or Sunday gives the next working day off; the first day of Kurban ait and 7 January
 * (Orthodox Christmas) are days off that are never moved; and the transfers the Minister of Labour decrees
 * each year (`fixtures/calendar/transfers.json`).
 *
 * Dates are ISO calendar dates (`YYYY-MM-DD`) in Kazakhstan. An instant (a `Date`, e.g. the tenant's virtual
 * now) is read in Kazakh time: UTC+5, the single time zone of the country since 1 March 2024 (earlier
 * instants are read at UTC+5 too, a simplification).
 *
 * Data, not code: the moving date of Kurban ait is a table (`fixtures/calendar/kurban-ait.json`, 2024-2030),
 * and so are the transfers. Years outside the Kurban ait table are computed without it ({@link WorkingCalendar.knowsYear}).
 *
 * @see Law of RK "On holidays in the Republic of Kazakhstan" (13.12.2001) art. 5: holidays are non-working days;
 *      when a day off and a holiday coincide, the next working day after the holiday is a day off.
 * @see Labour Code of RK (2015) art. 84 §5: the first day of Kurban ait and 7 January are days off; they are not
 *      state holidays, so the moving rule does not apply to them.
 */
import { readFileSync } from 'node:fs';
import { PACKAGE_ROOT } from './schemas.js';

/** A calendar date in Kazakhstan, `YYYY-MM-DD`. */
export type IsoDate = string;

/** Kazakhstan's offset from UTC (one time zone, UTC+5, since 1 March 2024). */
export const KAZAKHSTAN_UTC_OFFSET_MINUTES = 5 * 60;

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface LocalisedName {
  kk: string;
  ru: string;
  en: string;
}

/** A holiday on the same date every year. */
export interface FixedHoliday {
  month: number;
  day: number;
  name: LocalisedName;
  /** State and national holidays move to the next working day when on a weekend; religious days off do not. */
  movesIfWeekend: boolean;
}

const NEW_YEAR = { kk: 'Жаңа жыл', ru: 'Новый год', en: "New Year's Day" };
const NAURYZ = { kk: 'Наурыз мейрамы', ru: 'Наурыз мейрамы', en: 'Nauryz' };

/** The public holidays of Kazakhstan that are days off, as in force since 2022 (Republic Day restored, 1 and 17 December dropped). */
export const FIXED_HOLIDAYS: readonly FixedHoliday[] = [
  { month: 1, day: 1, name: NEW_YEAR, movesIfWeekend: true },
  { month: 1, day: 2, name: NEW_YEAR, movesIfWeekend: true },
  { month: 1, day: 7, name: { kk: 'Православиелік Рождество', ru: 'Православное Рождество', en: 'Orthodox Christmas' }, movesIfWeekend: false },
  { month: 3, day: 8, name: { kk: 'Халықаралық әйелдер күні', ru: 'Международный женский день', en: "International Women's Day" }, movesIfWeekend: true },
  { month: 3, day: 21, name: NAURYZ, movesIfWeekend: true },
  { month: 3, day: 22, name: NAURYZ, movesIfWeekend: true },
  { month: 3, day: 23, name: NAURYZ, movesIfWeekend: true },
  { month: 5, day: 1, name: { kk: 'Қазақстан халқының бірлігі мерекесі', ru: 'Праздник единства народа Казахстана', en: "Kazakhstan People's Unity Day" }, movesIfWeekend: true },
  { month: 5, day: 7, name: { kk: 'Отан қорғаушы күні', ru: 'День защитника Отечества', en: 'Defender of the Fatherland Day' }, movesIfWeekend: true },
  { month: 5, day: 9, name: { kk: 'Жеңіс күні', ru: 'День Победы', en: 'Victory Day' }, movesIfWeekend: true },
  { month: 7, day: 6, name: { kk: 'Астана күні', ru: 'День столицы', en: 'Capital City Day' }, movesIfWeekend: true },
  { month: 8, day: 30, name: { kk: 'Конституция күні', ru: 'День Конституции', en: 'Constitution Day' }, movesIfWeekend: true },
  { month: 10, day: 25, name: { kk: 'Республика күні', ru: 'День Республики', en: 'Republic Day' }, movesIfWeekend: true },
  { month: 12, day: 16, name: { kk: 'Тәуелсіздік күні', ru: 'День Независимости', en: 'Independence Day' }, movesIfWeekend: true },
];

export const KURBAN_AIT_NAME: LocalisedName = { kk: 'Құрбан айт', ru: 'Курбан айт', en: 'Kurban ait (Eid al-Adha), first day' };

/** One row of `fixtures/calendar/kurban-ait.json`. */
export interface KurbanAitDate {
  year: number;
  date: IsoDate;
  /** `announced`, `calendar` (ДУМК's yearly calendar) or `projected` (astronomical). */
  status: string;
}

/** One row of `fixtures/calendar/transfers.json`: a decreed transfer of a day off. */
export interface DayTransfer {
  date: IsoDate;
  /** `off`: a working day becomes a day off; `work`: a Saturday or Sunday becomes a working day. */
  kind: 'off' | 'work';
  /** The act that decreed it. */
  basis?: string;
}

export interface CalendarData {
  kurbanAit: KurbanAitDate[];
  transfers: DayTransfer[];
}

/** Why a day is, or is not, a working day. */
export type DayReason = 'weekday' | 'weekend' | 'holiday' | 'holiday-moved' | 'kurban-ait' | 'transfer-off' | 'transfer-work';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  reason: DayReason;
  /** The holiday, for `holiday`, `holiday-moved` (the holiday it stands for) and `kurban-ait`. */
  holiday?: LocalisedName;
}

type DayOff = { reason: 'holiday' | 'holiday-moved' | 'kurban-ait' | 'transfer-off'; holiday?: LocalisedName };

function parseIsoDate(date: IsoDate): { y: number; m: number; d: number; ms: number } {
  const match = ISO_DATE.exec(date);
  if (match) {
    const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const ms = Date.UTC(y, m - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d) return { y, m, d, ms };
  }
  throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
}

function isoFromMs(ms: number): IsoDate {
  return new Date(ms).toISOString().slice(0, 10);
}

function toIsoDate(date: IsoDate | Date): IsoDate {
  if (date instanceof Date) return kazakhDate(date);
  parseIsoDate(date);
  return date;
}

/** The calendar date in Kazakhstan (UTC+5) of an instant. */
export function kazakhDate(instant: Date): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('not a valid instant');
  return isoFromMs(instant.getTime() + KAZAKHSTAN_UTC_OFFSET_MINUTES * 60_000);
}

/** The instant a Kazakh calendar day starts (00:00 at UTC+5). */
export function startOfKazakhDay(date: IsoDate): Date {
  return new Date(parseIsoDate(date).ms - KAZAKHSTAN_UTC_OFFSET_MINUTES * 60_000);
}

/** The date `n` calendar days after `date` (before it when negative). */
export function addCalendarDays(date: IsoDate | Date, n: number): IsoDate {
  if (!Number.isInteger(n)) throw new RangeError(`a number of days must be an integer, got ${n}`);
  return isoFromMs(parseIsoDate(toIsoDate(date)).ms + n * DAY_MS);
}

/** 0 = Sunday ... 6 = Saturday. */
function weekday(date: IsoDate): number {
  return new Date(parseIsoDate(date).ms).getUTCDay();
}

function isWeekend(date: IsoDate): boolean {
  const wd = weekday(date);
  return wd === 0 || wd === 6;
}

/** Longest run the working-day walks will take, so a bad argument fails instead of looping. */
const MAX_WORKING_DAYS = 100_000;

/**
 * The Kazakh working-day calendar over a set of data (Kurban ait dates, decreed transfers).
 * Build one with {@link WorkingCalendar.bundled} (the data in `fixtures/calendar/`) or with your own data.
 */
export class WorkingCalendar {
  private readonly kurbanAit: Map<number, KurbanAitDate>;
  private readonly transfers: Map<IsoDate, DayTransfer>;
  private readonly daysOffByYear = new Map<number, Map<IsoDate, DayOff>>();

  constructor(data: CalendarData) {
    this.kurbanAit = new Map();
    for (const row of data.kurbanAit) {
      const parsed = parseIsoDate(row.date);
      if (parsed.y !== row.year) throw new RangeError(`Kurban ait ${row.date} is not in year ${row.year}`);
      this.kurbanAit.set(row.year, row);
    }
    this.transfers = new Map();
    for (const transfer of data.transfers) {
      parseIsoDate(transfer.date);
      if (transfer.kind !== 'off' && transfer.kind !== 'work') throw new RangeError(`transfer ${transfer.date}: kind must be 'off' or 'work'`);
      this.transfers.set(transfer.date, transfer);
    }
  }

  /** The calendar with the bundled data of `fixtures/calendar/` (Kurban ait 2024-2030, transfers 2025-2026). */
  static bundled(): WorkingCalendar {
    return new WorkingCalendar(readBundledCalendarData());
  }

  /** Whether the year's Kurban ait date is in the data (outside it, the year is computed without Kurban ait). */
  knowsYear(year: number): boolean {
    return this.kurbanAit.has(year);
  }

  /** The first day of Kurban ait in a year, when known. */
  kurbanAitOf(year: number): KurbanAitDate | undefined {
    return this.kurbanAit.get(year);
  }

  /** The decreed transfers in the data. */
  transferList(): DayTransfer[] {
    return [...this.transfers.values()].sort((a, b) => a.date.localeCompare(b.date));
  }

  /** Days off of a year other than ordinary weekends: holidays, moved holidays, Kurban ait, transfers. */
  private daysOff(year: number): Map<IsoDate, DayOff> {
    let days = this.daysOffByYear.get(year);
    if (days) return days;
    days = new Map();
    const pad = (n: number) => String(n).padStart(2, '0');
    const holidays = FIXED_HOLIDAYS.map((h) => ({ date: `${year}-${pad(h.month)}-${pad(h.day)}`, holiday: h }));
    for (const { date, holiday } of holidays) days.set(date, { reason: 'holiday', holiday: holiday.name });
    const kurban = this.kurbanAit.get(year);
    if (kurban && !days.has(kurban.date)) days.set(kurban.date, { reason: 'kurban-ait', holiday: KURBAN_AIT_NAME });
    for (const transfer of this.transfers.values()) {
      if (transfer.kind === 'off' && transfer.date.startsWith(`${year}-`)) days.set(transfer.date, { reason: 'transfer-off' });
    }
    // A state or national holiday on a weekend gives the next weekday that is not already off (in date order,
    // so 22 and 23 March on a weekend give 24 and 25 March).
    for (const { date, holiday } of holidays) {
      if (!holiday.movesIfWeekend || !isWeekend(date)) continue;
      let candidate = addCalendarDays(date, 1);
      while (isWeekend(candidate) || days.has(candidate)) candidate = addCalendarDays(candidate, 1);
      days.set(candidate, { reason: 'holiday-moved', holiday: holiday.name });
    }
    this.daysOffByYear.set(year, days);
    return days;
  }

  /** What a day is: working or not, and why. */
  describe(date: IsoDate | Date): DayInfo {
    const iso = toIsoDate(date);
    const transfer = this.transfers.get(iso);
    if (transfer?.kind === 'work') return { date: iso, working: true, reason: 'transfer-work' };
    const off = this.daysOff(parseIsoDate(iso).y).get(iso);
    if (off) return { date: iso, working: false, reason: off.reason, ...(off.holiday ? { holiday: off.holiday } : {}) };
    return isWeekend(iso) ? { date: iso, working: false, reason: 'weekend' } : { date: iso, working: true, reason: 'weekday' };
  }

  isWorkingDay(date: IsoDate | Date): boolean {
    return this.describe(date).working;
  }

  /**
   * The `n`-th working day after `start` (before it when `n` is negative); `start` itself is not counted,
   * as a deadline "within N working days" runs from the day after receipt. `n = 0` gives `start`.
   */
  addWorkingDays(start: IsoDate | Date, n: number): IsoDate {
    if (!Number.isInteger(n) || Math.abs(n) > MAX_WORKING_DAYS) throw new RangeError(`n must be an integer within ±${MAX_WORKING_DAYS}, got ${n}`);
    let date = toIsoDate(start);
    const step = n < 0 ? -1 : 1;
    for (let left = Math.abs(n); left > 0; ) {
      date = addCalendarDays(date, step);
      if (this.isWorkingDay(date)) left--;
    }
    return date;
  }

  /**
   * Working days after `from` up to and including `to`; negative when `to` is before `from`.
   * So `workingDaysBetween(d, addWorkingDays(d, n)) === n`.
   */
  workingDaysBetween(from: IsoDate | Date, to: IsoDate | Date): number {
    const a = toIsoDate(from);
    const b = toIsoDate(to);
    if (a === b) return 0;
    const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
    const span = (parseIsoDate(hi).ms - parseIsoDate(lo).ms) / DAY_MS;
    if (span > MAX_WORKING_DAYS * 2) throw new RangeError(`the dates are more than ${MAX_WORKING_DAYS * 2} days apart`);
    let count = 0;
    for (let date = addCalendarDays(lo, 1); date <= hi; date = addCalendarDays(date, 1)) if (this.isWorkingDay(date)) count++;
    return sign * count;
  }

  /**
   * The instant `n` working days have fully passed after the instant `from`: the start (00:00, Kazakh time)
   * of the day after the `n`-th working day after `from`'s date.
   */
  afterWorkingDays(from: Date, n: number): Date {
    return startOfKazakhDay(addCalendarDays(this.addWorkingDays(kazakhDate(from), n), 1));
  }
}

/** Reads `fixtures/calendar/kurban-ait.json` and `transfers.json`. */
export function readBundledCalendarData(): CalendarData {
  const dir = new URL('fixtures/calendar/', PACKAGE_ROOT);
  const kurban = JSON.parse(readFileSync(new URL('kurban-ait.json', dir), 'utf8')) as { dates: KurbanAitDate[] };
  const transfers = JSON.parse(readFileSync(new URL('transfers.json', dir), 'utf8')) as { transfers: DayTransfer[] };
  return { kurbanAit: kurban.dates, transfers: transfers.transfers };
}

/** The bundled data with `extra` added: its transfers and Kurban ait dates replace the bundled ones of the same date / year. */
export function calendarWith(extra: Partial<CalendarData> = {}): WorkingCalendar {
  if (!extra.transfers?.length && !extra.kurbanAit?.length) return kazakhCalendar();
  const data = readBundledCalendarData();
  const transfers = new Map(data.transfers.map((t) => [t.date, t]));
  for (const t of extra.transfers ?? []) transfers.set(t.date, t);
  const kurbanAit = new Map(data.kurbanAit.map((k) => [k.year, k]));
  for (const k of extra.kurbanAit ?? []) kurbanAit.set(k.year, k);
  return new WorkingCalendar({ transfers: [...transfers.values()], kurbanAit: [...kurbanAit.values()] });
}

let bundled: WorkingCalendar | undefined;

/** The bundled calendar, read once (read-only data, the same for every tenant). */
export function kazakhCalendar(): WorkingCalendar {
  bundled ??= WorkingCalendar.bundled();
  return bundled;
}

/** Whether a date is a working day in the bundled calendar. */
export function isWorkingDay(date: IsoDate | Date): boolean {
  return kazakhCalendar().isWorkingDay(date);
}

/** The `n`-th working day after `start` in the bundled calendar (see {@link WorkingCalendar.addWorkingDays}). */
export function addWorkingDays(start: IsoDate | Date, n: number): IsoDate {
  return kazakhCalendar().addWorkingDays(start, n);
}

/** Working days after `from` up to and including `to` in the bundled calendar. */
export function workingDaysBetween(from: IsoDate | Date, to: IsoDate | Date): number {
  return kazakhCalendar().workingDaysBetween(from, to);
}
