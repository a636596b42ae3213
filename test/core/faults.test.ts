import t from 'tap';
import { FaultBoard, NO_FAULT } from '../../src/core/faults.js';

/** The kinds of the next `n` verdicts for gbdfl. */
const draws = (board: FaultBoard, n: number): string[] => Array.from({ length: n }, () => board.verdict('gbdfl').kind);

t.test('a system with no fault answers ok with no latency', async (t) => {
  const board = new FaultBoard();
  t.same(board.verdict('gbdfl'), { kind: 'ok', latencyMs: 0 });
  t.same(board.get('gbdfl'), NO_FAULT);
  t.same(board.active(), {});
});

t.test('set merges a patch into the current fault; a patch back to no fault removes it', async (t) => {
  const board = new FaultBoard();
  board.set('gbdfl', { latencyMs: 250 });
  t.same(board.set('gbdfl', { down: true }), { ...NO_FAULT, latencyMs: 250, down: true }, 'latency kept, down added');
  t.same(board.verdict('gbdfl'), { kind: 'down', latencyMs: 250 });
  t.same(Object.keys(board.active()), ['gbdfl']);
  board.set('gbdfl', { down: false, latencyMs: 0 });
  t.same(board.active(), {}, 'nothing active once every field is back to normal');
  t.same(board.verdict('gbdfl'), { kind: 'ok', latencyMs: 0 });
});

t.test('faults are per system', async (t) => {
  const board = new FaultBoard();
  board.set('notary', { timeout: true });
  t.equal(board.verdict('notary').kind, 'timeout');
  t.equal(board.verdict('gbdfl').kind, 'ok');
});

t.test('down wins over timeout, timeout over the error rate; latency applies to every verdict', async (t) => {
  const board = new FaultBoard();
  board.set('gbdfl', { down: true, timeout: true, errorRate: 1, latencyMs: 5 });
  t.same(board.verdict('gbdfl'), { kind: 'down', latencyMs: 5 });
  board.set('gbdfl', { down: false });
  t.same(board.verdict('gbdfl'), { kind: 'timeout', latencyMs: 5 });
  board.set('gbdfl', { timeout: false });
  t.same(board.verdict('gbdfl'), { kind: 'error', latencyMs: 5 });
  board.set('gbdfl', { errorRate: 0 });
  t.same(board.verdict('gbdfl'), { kind: 'ok', latencyMs: 5 });
});

t.test('an error rate draws from its seed: the same seed repeats the same outcomes', async (t) => {
  const a = new FaultBoard();
  a.set('gbdfl', { errorRate: 0.5, seed: 42 });
  const first = draws(a, 40);
  t.ok(first.includes('error') && first.includes('ok'), 'a rate of 0.5 gives both outcomes');
  const b = new FaultBoard();
  b.set('gbdfl', { errorRate: 0.5, seed: 42 });
  t.same(draws(b, 40), first, 'another board with the same seed draws the same');
  a.set('gbdfl', { errorRate: 0.5, seed: 42 });
  t.same(draws(a, 40), first, 'setting the fault again restarts its draws');
  const c = new FaultBoard();
  c.set('gbdfl', { errorRate: 0.5, seed: 7 });
  t.not(draws(c, 40).join(), first.join(), 'another seed draws otherwise');
});

t.test('an error rate of 1 fails every call; the share of failures follows the rate', async (t) => {
  const board = new FaultBoard();
  board.set('gbdfl', { errorRate: 1 });
  t.same(new Set(draws(board, 20)), new Set(['error']));
  board.set('gbdfl', { errorRate: 0.2, seed: 3 });
  const errors = draws(board, 1000).filter((k) => k === 'error').length;
  t.ok(errors > 120 && errors < 280, `about 200 of 1000 calls fail (${errors})`);
});

t.test('clear removes one system fault, or all', async (t) => {
  const board = new FaultBoard();
  board.set('gbdfl', { down: true });
  board.set('notary', { down: true });
  board.clear('gbdfl');
  t.same(Object.keys(board.active()), ['notary']);
  board.set('payments', { timeout: true });
  board.clear();
  t.same(board.active(), {});
  t.equal(board.verdict('notary').kind, 'ok');
});
