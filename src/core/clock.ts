/**
 * The virtual clock: each tenant has its own "now", so a test can move time past a certificate's notAfter
 * or a back-office deadline without waiting.
 *
 * The clock runs with real time from an offset; it can also be frozen at an instant.
 */
export interface ClockState {
  /** The virtual now, ISO 8601. */
  now: string;
  /** Milliseconds added to real time (while running). */
  offsetMs: number;
  frozen: boolean;
}

export class VirtualClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;

  constructor(private readonly realNow: () => number = Date.now) {}

  /** The virtual time in milliseconds since the epoch. */
  nowMs(): number {
    return this.frozenAt ?? this.realNow() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** Sets the virtual now; keeps running from there unless `freeze`. */
  set(instant: Date, freeze = this.frozenAt !== null): void {
    if (freeze) {
      this.frozenAt = instant.getTime();
    } else {
      this.frozenAt = null;
      this.offsetMs = instant.getTime() - this.realNow();
    }
  }

  /** Moves the virtual now forward (or back, with a negative amount). */
  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  freeze(): void {
    this.frozenAt = this.nowMs();
  }

  resume(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - this.realNow();
    this.frozenAt = null;
  }

  state(): ClockState {
    return {
      now: this.now().toISOString(),
      offsetMs: this.frozenAt === null ? this.offsetMs : this.frozenAt - this.realNow(),
      frozen: this.frozenAt !== null,
    };
  }
}

const DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Parses the ISO 8601 durations the admin API accepts (`P2D`, `PT1H30M`, `P1DT2H`); null when not one. */
export function parseDurationMs(text: string): number | null {
  const m = DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Math.round(Number(s ?? 0) * 1000);
}

const CALENDAR_DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/**
 * `from` moved on by an ISO 8601 duration with calendar parts (`P6M`, `P2Y`, `P1Y2M10DT2H`): years and months
 * by the calendar (31 January + 1 month = 28 February, the day clamped to the month's end), then days and time
 * exactly. Null when the text is not such a duration.
 */
export function addIsoDuration(from: Date, text: string): Date | null {
  const m = CALENDAR_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return null;
  const [, y, mo, d, h, min, s] = m;
  let at = from;
  if (y || mo) {
    const months = from.getUTCMonth() + Number(y ?? 0) * 12 + Number(mo ?? 0);
    const year = from.getUTCFullYear() + Math.floor(months / 12);
    const month = ((months % 12) + 12) % 12;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const timeOfDay = from.getTime() - Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    at = new Date(Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay)) + timeOfDay);
  }
  const ms = ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Math.round(Number(s ?? 0) * 1000);
  return new Date(at.getTime() + ms);
}
