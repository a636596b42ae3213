/**
 * Kazakh time (UTC+5, one zone since March 2024) and working days, from the sandbox's own calendar
 * (GET /ui/api/working-days): weekends, public holidays and their moves, Kurban ait, decreed transfers.
 */

const OFFSET_MS = 5 * 3_600_000;
const DAY_MS = 86_400_000;
const CHUNK_DAYS = 366;

/** The Kazakh calendar date (YYYY-MM-DD) of an instant. */
export function kazakhDate(instant) {
  return new Date(new Date(instant).getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

/** The date `n` calendar days after a date. */
export function addDays(date, n) {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Calendar days from one date to another. */
export function daysBetween(from, to) {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Day of the week of a date (0 = Sunday). */
export function weekday(date) {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** `YYYY-MM-DD HH:mm` in Kazakh time. */
export function kazakhDateTime(instant) {
  const shifted = new Date(new Date(instant).getTime() + OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** The working-day calendar, loaded a year at a time as the page needs it. */
export class WorkingDays {
  /** @param {(from: string, to: string) => Promise<{days: {date: string, working: boolean, reason: string, holiday?: Record<string, string>}[]}>} load */
  constructor(load) {
    this.load = load;
    /** @type {Map<string, {date: string, working: boolean, reason: string, holiday?: Record<string, string>}>} */
    this.days = new Map();
  }

  /** Loads every date from `from` to `to` not yet known. */
  async ensure(from, to) {
    let start = from;
    while (start <= to) {
      if (this.days.has(start)) {
        start = addDays(start, 1);
        continue;
      }
      const end = daysBetween(start, to) >= CHUNK_DAYS ? addDays(start, CHUNK_DAYS - 1) : to;
      const answer = await this.load(start, end);
      for (const day of answer.days) this.days.set(day.date, day);
      start = addDays(end, 1);
    }
  }

  /** What a (loaded) date is. */
  describe(date) {
    const day = this.days.get(date);
    if (!day) throw new Error(`the calendar has not loaded ${date}`);
    return day;
  }

  /** The `n`-th working day after `date` (loads what it needs). */
  async addWorkingDays(date, n) {
    let at = date;
    for (let left = n; left > 0; ) {
      at = addDays(at, 1);
      await this.ensure(at, addDays(at, 60));
      if (this.describe(at).working) left--;
    }
    return at;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  async workingDaysBetween(from, to) {
    if (to <= from) return 0;
    await this.ensure(addDays(from, 1), to);
    let count = 0;
    for (let at = addDays(from, 1); at <= to; at = addDays(at, 1)) if (this.describe(at).working) count++;
    return count;
  }

  /** The days off after `from` up to and including `to`. */
  async daysOffBetween(from, to) {
    if (to <= from) return [];
    await this.ensure(addDays(from, 1), to);
    const off = [];
    for (let at = addDays(from, 1); at <= to; at = addDays(at, 1)) if (!this.describe(at).working) off.push(this.describe(at));
    return off;
  }
}
