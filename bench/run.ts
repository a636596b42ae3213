/**
 * `npm run bench`: the sandbox side by side with a bare Fastify route answering the same bytes, loaded with
 * autocannon on loopback. Prints requests/s, p99 latency and the ratio sandbox/bare for each case in
 * ./cases.ts, and whether each case's target is met. Prints only; writes no file.
 *
 * The servers run in a worker thread (./servers.ts) so the load generator does not share their event loop.
 *
 * With `--rounds N` the two servers are loaded in turn N times, so a change in the machine's load during the
 * run weighs on both alike; requests/s is then the mean over the rounds, p99 the worst round's.
 *
 *   npm run bench -- [--duration S] [--warmup S] [--connections N] [--rounds N]
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import autocannon from 'autocannon';
import { BENCH_CASES, type BenchCase } from './cases.js';
import type { ServersReady } from './servers.js';

const USAGE = `Usage: npm run bench -- [--duration S] [--warmup S] [--connections N] [--rounds N]

  --duration S      Seconds of load per server, case and round (default 10)
  --warmup S        Seconds of unmeasured load before each server's first round (default 1)
  --connections N   Concurrent connections (default 10)
  --rounds N        Load sandbox and reference in turn N times (default 1)`;

interface Measurement {
  requestsPerSecond: number;
  p99Ms: number;
  total: number;
  /** Connection errors, timeouts and non-2xx answers: any of them makes the run invalid. */
  failures: number;
}

function options(): { duration: number; warmup: number; connections: number; rounds: number } {
  let values;
  try {
    values = parseArgs({
      options: {
        duration: { type: 'string' },
        warmup: { type: 'string' },
        connections: { type: 'string' },
        rounds: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    process.stderr.write(`bench: ${(e as Error).message.split('. ')[0]}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const number = (text: string | undefined, fallback: number, name: string, min: number): number => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < min) {
      process.stderr.write(`bench: --${name} must be a whole number >= ${min}, got ${JSON.stringify(text)}\n`);
      process.exit(2);
    }
    return n;
  };
  return {
    duration: number(values.duration, 10, 'duration', 1),
    warmup: number(values.warmup, 1, 'warmup', 0),
    connections: number(values.connections, 10, 'connections', 1),
    rounds: number(values.rounds, 1, 'rounds', 1),
  };
}

/** Starts the servers' worker; resolves with their URLs and the cases the sandbox cannot serve yet. */
function startServers(): Promise<{ worker: Worker; ready: Extract<ServersReady, { kind: 'ready' }> }> {
  // The worker runs TypeScript too: it registers tsx (as the bin launcher does), then loads the servers.
  const servers = new URL('./servers.ts', import.meta.url).href;
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const worker = new Worker(`import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(servers)}); });`, {
    eval: true,
  });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: ServersReady) => {
      if (message.kind === 'ready') resolve({ worker, ready: message });
      else reject(new Error(`the servers did not start: ${message.message}`));
    });
  });
}

async function load(url: string, c: BenchCase, seconds: number, connections: number): Promise<Measurement> {
  const makeBody = c.body;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: c.method,
        path: c.path,
        ...(c.headers ? { headers: c.headers } : {}),
        ...(makeBody ? { setupRequest: (request: autocannon.Request) => ({ ...request, body: makeBody() }) } : {}),
      },
    ],
  });
  return {
    requestsPerSecond: result.requests.total / seconds,
    p99Ms: result.latency.p99,
    total: result.requests.total,
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

/** Rounds of one server put together: the mean requests/s, the worst p99. */
function combine(rounds: Measurement[]): Measurement {
  return {
    requestsPerSecond: rounds.reduce((sum, m) => sum + m.requestsPerSecond, 0) / rounds.length,
    p99Ms: Math.max(...rounds.map((m) => m.p99Ms)),
    total: rounds.reduce((sum, m) => sum + m.total, 0),
    failures: rounds.reduce((sum, m) => sum + m.failures, 0),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ')).join('\n');
}

const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main(): Promise<number> {
  const { duration, warmup, connections, rounds } = options();
  const { worker, ready } = await startServers();
  const load1m = loadavg()[0]!;
  process.stdout.write(
    `kz-egov-sandbox bench: ${rounds > 1 ? `${rounds} rounds of ` : ''}${duration} s per server and case after ${warmup} s warm-up, ` +
      `${connections} connections, loopback, Node ${process.version}\n` +
      `machine: ${availableParallelism()} CPUs, load average ${load1m.toFixed(2)} at start` +
      `${load1m > availableParallelism() / 2 ? ' (busy: other work shares the CPUs, figures are noisy)' : ''}\n` +
      `sandbox ${ready.sandboxUrl} (buildServer, logger off); reference ${ready.bareUrl} (bare Fastify route answering the same bytes)\n\n`,
  );
  const rows = [['case', 'sandbox req/s', 'sandbox p99 ms', 'bare req/s', 'bare p99 ms', 'sandbox/bare']];
  const verdicts: string[] = [];
  let invalid = false;
  try {
    for (const c of BENCH_CASES) {
      const skip = ready.skipped[c.name];
      if (skip) {
        process.stdout.write(`skipped: ${c.name}: ${skip}\n`);
        rows.push([c.name, 'skipped', '', '', '', '']);
        if (c.minRatio !== undefined) verdicts.push(`Target: ${c.name} sandbox/bare >= ${c.minRatio}: not measured (skipped)`);
        continue;
      }
      const urls = [ready.sandboxUrl, ready.bareUrl];
      const measured: Measurement[][] = [[], []];
      if (warmup > 0) for (const url of urls) await load(url, c, warmup, connections);
      for (let round = 0; round < rounds; round++) {
        for (const [i, url] of urls.entries()) measured[i]!.push(await load(url, c, duration, connections));
      }
      const [sandbox, bare] = measured.map(combine) as [Measurement, Measurement];
      for (const [who, m] of [['sandbox', sandbox], ['bare reference', bare]] as const) {
        if (m.failures > 0) {
          invalid = true;
          process.stdout.write(`INVALID: ${c.name} against the ${who}: ${m.failures} of ${m.total} requests failed or were not 2xx\n`);
        }
      }
      const ratio = sandbox.requestsPerSecond / bare.requestsPerSecond;
      rows.push([c.name, fmt(sandbox.requestsPerSecond), fmt(sandbox.p99Ms), fmt(bare.requestsPerSecond), fmt(bare.p99Ms), fmt(ratio, 2)]);
      if (c.minRatio !== undefined) {
        verdicts.push(`Target: ${c.name} sandbox/bare >= ${c.minRatio}: ${ratio >= c.minRatio ? 'met' : 'NOT met'} (${fmt(ratio, 2)})`);
      }
    }
  } finally {
    await worker.terminate();
  }
  process.stdout.write(`\n${table(rows)}\n\n${verdicts.join('\n')}\n`);
  return invalid ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
