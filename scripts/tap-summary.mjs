#!/usr/bin/env node
/**
 * A tap reporter program (tap pipes raw TAP to its stdin): prints one line per test file, the whole
 * block of any file that failed (assertions and their diagnostics), and ends with the plain line
 * `N passed, N failed, N skipped` that CI reads. Counts are assertions, as tap's own summary counts them.
 * `npm test` prints that line once more after c8's coverage summary (`--repeat`), so it is the last line.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

// The closing line is kept, so `--repeat` can print it again after c8's coverage summary: it must be the last line.
const CLOSING_LINE_FILE = '.tap/closing-line.txt';
if (process.argv.includes('--repeat')) {
  process.stdout.write(readFileSync(CLOSING_LINE_FILE, 'utf8'));
  process.exit(0);
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
let block = [];
let summary = null;
let files = { ok: 0, failed: 0 };

for await (const line of lines) {
  const top = /^(not ok|ok) \d+ - (.*)$/.exec(line);
  if (top) {
    const failed = top[1] === 'not ok';
    files[failed ? 'failed' : 'ok']++;
    if (failed) process.stdout.write(block.join('\n') + '\n');
    process.stdout.write(`${failed ? '✗' : '✓'} ${top[2]}\n`);
    block = [];
    continue;
  }
  const totals = /^# \{ (.*) \}$/.exec(line);
  if (totals) {
    summary = Object.fromEntries(totals[1].split(', ').map((kv) => kv.split(': ')).map(([k, v]) => [k, Number(v)]));
    continue;
  }
  // tap's own coverage is off on purpose: it cannot see sources loaded through tsx, so c8 measures instead.
  if (/^(TAP version|1\.\.\d+$|# time=|# No coverage generated)/.test(line)) continue;
  if (!line.startsWith(' ') && line.trim() !== '') process.stdout.write(line + '\n'); // bail-outs, top-level comments
  else block.push(line);
}

if (!summary) {
  process.stdout.write('no test results were reported\n0 passed, 1 failed\n');
  process.exit(1);
}
const passed = summary.pass ?? 0;
const failed = summary.fail ?? 0;
const skipped = (summary.skip ?? 0) + (summary.todo ?? 0);
process.stdout.write(`\n${files.ok + files.failed} test files, ${files.failed} failed\n`);
const closing = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
process.stdout.write(closing);
mkdirSync('.tap', { recursive: true });
writeFileSync(CLOSING_LINE_FILE, closing);
process.exit(failed > 0 || files.failed > 0 ? 1 : 0);
