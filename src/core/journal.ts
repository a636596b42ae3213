/**
 * The journal: every gateway message of a tenant (time, serviceId, senderId, messageId, outcome, duration),
 * so a test can assert what its code actually sent.
 */
export interface JournalEntry {
  /** Sequence number within the tenant, from 1. */
  seq: number;
  /** Virtual time of receipt (ISO). */
  time: string;
  tenant: string;
  channel: string;
  serviceId: string | null;
  senderId: string | null;
  messageId: string | null;
  /** `SCSS001` on success, otherwise the fault code. */
  status: string;
  ok: boolean;
  durationMs: number;
}

export interface JournalQuery {
  serviceId?: string;
  senderId?: string;
  messageId?: string;
  status?: string;
  channel?: string;
  ok?: boolean;
  /** Only entries with a larger seq. */
  afterSeq?: number;
  limit?: number;
}

/** Entries kept per tenant; the oldest go first, so a long-running sandbox does not grow without bound. */
export const JOURNAL_CAPACITY = 10_000;

export class Journal {
  private entries: JournalEntry[] = [];
  private nextSeq = 1;

  append(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full = { seq: this.nextSeq++, ...entry };
    this.entries.push(full);
    if (this.entries.length > JOURNAL_CAPACITY) this.entries.splice(0, this.entries.length - JOURNAL_CAPACITY);
    return full;
  }

  query(q: JournalQuery = {}): JournalEntry[] {
    const matches = this.entries.filter(
      (e) =>
        (q.serviceId === undefined || e.serviceId === q.serviceId) &&
        (q.senderId === undefined || e.senderId === q.senderId) &&
        (q.messageId === undefined || e.messageId === q.messageId) &&
        (q.status === undefined || e.status === q.status) &&
        (q.channel === undefined || e.channel === q.channel) &&
        (q.ok === undefined || e.ok === q.ok) &&
        (q.afterSeq === undefined || e.seq > q.afterSeq),
    );
    return q.limit === undefined ? matches : matches.slice(-q.limit);
  }
}
