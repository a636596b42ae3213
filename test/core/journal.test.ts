import t from 'tap';
import { Journal, JOURNAL_CAPACITY, type JournalEntry } from '../../src/core/journal.js';

function entry(overrides: Partial<Omit<JournalEntry, 'seq'>> = {}): Omit<JournalEntry, 'seq'> {
  return {
    time: '2026-01-10T08:00:00.000Z',
    tenant: 'default',
    channel: 'bip-sync',
    serviceId: 'GBDFL_UniversalServiceSync',
    senderId: 'sandbox',
    messageId: 'm-1',
    status: 'SCSS001',
    ok: true,
    durationMs: 1.5,
    ...overrides,
  };
}

t.test('entries are numbered from 1 in the order they arrive', async (t) => {
  const journal = new Journal();
  t.same(journal.query(), [], 'empty at first');
  t.equal(journal.append(entry()).seq, 1);
  t.equal(journal.append(entry({ messageId: 'm-2' })).seq, 2);
  t.same(
    journal.query().map((e) => [e.seq, e.messageId]),
    [
      [1, 'm-1'],
      [2, 'm-2'],
    ],
  );
});

t.test('query filters by each field, and the filters combine', async (t) => {
  const journal = new Journal();
  journal.append(entry({ messageId: 'a' }));
  journal.append(entry({ messageId: 'b', serviceId: 'AIS_SU_CriminalRecord', senderId: 'portal', status: 'SENDER_AUTH_FAILED', ok: false }));
  journal.append(entry({ messageId: 'c', channel: 'bip-async' }));
  journal.append(entry({ messageId: 'd', serviceId: null, senderId: null, status: 'MALFORMED_ENVELOPE', ok: false }));
  const ids = (q: Parameters<Journal['query']>[0]) => journal.query(q).map((e) => e.messageId);
  t.same(ids({ serviceId: 'AIS_SU_CriminalRecord' }), ['b']);
  t.same(ids({ senderId: 'portal' }), ['b']);
  t.same(ids({ messageId: 'c' }), ['c']);
  t.same(ids({ status: 'SCSS001' }), ['a', 'c']);
  t.same(ids({ channel: 'bip-async' }), ['c']);
  t.same(ids({ ok: false }), ['b', 'd']);
  t.same(ids({ ok: true, channel: 'bip-sync' }), ['a']);
  t.same(ids({ afterSeq: 2 }), ['c', 'd']);
  t.same(ids({ limit: 2 }), ['c', 'd'], 'limit keeps the last N');
  t.same(ids({ ok: false, limit: 1 }), ['d'], 'limit applies after the filters');
  t.same(ids({ serviceId: 'nothing' }), []);
});

t.test(`the journal keeps the last ${JOURNAL_CAPACITY} entries; numbering goes on`, async (t) => {
  const journal = new Journal();
  for (let i = 1; i <= JOURNAL_CAPACITY + 5; i++) journal.append(entry({ messageId: `m-${i}` }));
  const all = journal.query();
  t.equal(all.length, JOURNAL_CAPACITY);
  t.equal(all[0]!.seq, 6, 'the oldest went first');
  t.equal(all.at(-1)!.seq, JOURNAL_CAPACITY + 5);
  t.equal(journal.append(entry()).seq, JOURNAL_CAPACITY + 6);
  t.equal(journal.query().length, JOURNAL_CAPACITY);
});
