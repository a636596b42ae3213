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
