/**
 * The `kz-egov-sandbox` command line (the package `bin`): `start` serves the sandbox, `personas` lists the
 * personas it knows, `certs` regenerates the test PKI, `conformance` runs the suite derived from the regulations
 * (docs/conformance.md). Usage errors (unknown command, bad flag) print one line on stderr and exit 2; a bad
 * persona file exits 1 with the validator's message naming the file and field.
 * @see ../../shared/DESIGN.md "Contracts that others depend on"
 */
import { accessSync, constants as fsConstants, mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { destination } from 'pino';
import { DEFAULT_BODY_LIMIT, DEFAULT_HOST, DEFAULT_PORT, type SandboxOptions } from './core/config.js';
import { packageVersion } from './core/schemas.js';
import { type Persona, PersonaValidationError, traitVocabulary } from './personas/persona.js';
// The server, the PKI generator and the harness are imported by the command that needs them, so `--help` and
// usage errors answer without loading the whole sandbox.

const PROGRAM = 'kz-egov-sandbox';

/** Exit codes: 0 done, 1 could not run (bad persona file, port taken), 2 usage error. */
const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** A mistake in the command line or the environment; reported on one line, exit code 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
  }
}

/** What a command returns: an exit code, or `'serving'` when the process stays up until a signal. */
type Outcome = number | 'serving';

interface Command {
  summary: string;
  help: string;
  run(args: string[]): Promise<Outcome>;
}

/** The pino levels accepted in `LOG_LEVEL`. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];


/** The address written into documents: the flag, else PUBLIC_URL; refused unless an absolute http(s) URL. */
function publicUrlOf(flag: string | undefined, env: NodeJS.ProcessEnv, command: string): string | undefined {
  const value = flag ?? (env.PUBLIC_URL || undefined);
  if (value !== undefined && !(URL.canParse(value) && /^https?:$/.test(new URL(value).protocol))) {
    throw new UsageError(`--public-url must be an absolute http(s) URL, got ${JSON.stringify(value)}`, command);
  }
  return value;
}

/** `parseArgs` in strict mode, its errors turned into one-line usage errors that name the command. */
function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    const error = e as Error & { code?: string };
    const unknown = /Unknown option '([^']+)'/.exec(error.message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]}`, command);
    const positional = /Unexpected argument '([^']+)'/.exec(error.message);
    if (positional) throw new UsageError(`unexpected argument ${JSON.stringify(positional[1])}`, command);
    // Other parseArgs messages are one sentence about the option (e.g. a missing value).
    throw new UsageError(error.message.split('. ')[0]!.replace(/\.$/, ''), command);
  }
}

/** A whole number within [min, max], from a flag or an environment variable. */
function parseWholeNumber(text: string, what: string, min: number, max: number, command: string): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${what} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`, command);
  }
  return Number(text);
}

/** The base URL clients reach a listener on: a wildcard host is reached through loopback. */
function urlFor(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** Asks the system for a free port on `host` (for `--port 0`), so the public URL can name it before listening. */
async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, host, resolve);
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const startCommand: Command = {
  summary: 'Serve the sandbox over HTTP',
  help: `Usage: ${PROGRAM} start [options]

Serve the sandbox (REST systems, SHEP gateway, admin API, OpenAPI at /docs).

Options:
  --port N              Port to listen on; 0 picks a free one (env PORT, default ${DEFAULT_PORT})
  --host H              Address to listen on (env HOST, default ${DEFAULT_HOST})
  --personas DIR        Extra persona folder, loaded after the bundled personas (repeatable)
  --body-limit BYTES    Largest request body (default ${DEFAULT_BODY_LIMIT})
  --shep-sender ID      SHEP gateway senderId accepted (default sandbox)
  --shep-password PW    SHEP gateway sender password accepted (default sandbox)
  --public-url URL      Address written into documents such as CRL and OCSP URLs
                        (env PUBLIC_URL, default http://HOST:PORT)
  -h, --help            Show this help

Flags beat environment variables. Logs are JSON lines (pino) on stdout; LOG_LEVEL sets the level
(${LOG_LEVELS.join(', ')}; default info). SIGINT or SIGTERM stops accepting connections, lets
requests in flight finish and exits 0; a second signal exits at once.`,

  async run(args) {
    const flags = parseFlags('start', args, {
      port: { type: 'string' },
      host: { type: 'string' },
      personas: { type: 'string', multiple: true },
      'body-limit': { type: 'string' },
      'shep-sender': { type: 'string' },
      'shep-password': { type: 'string' },
      'public-url': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (flags.help) return printHelp(startCommand.help);

    const env = process.env;
    const port =
      flags.port !== undefined
        ? parseWholeNumber(flags.port, '--port', 0, 65535, 'start')
        : env.PORT
          ? parseWholeNumber(env.PORT, 'PORT', 0, 65535, 'start')
          : DEFAULT_PORT;
    const host = flags.host ?? (env.HOST || DEFAULT_HOST);
    if (host === '') throw new UsageError('--host must not be empty', 'start');
    const level = env.LOG_LEVEL || 'info';
    if (!LOG_LEVELS.includes(level)) throw new UsageError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(level)}`, 'start');
    const bodyLimit = flags['body-limit'] === undefined ? undefined : parseWholeNumber(flags['body-limit'], '--body-limit', 1, 2 ** 31 - 1, 'start');
    for (const [flag, value] of [['--shep-sender', flags['shep-sender']], ['--shep-password', flags['shep-password']]] as const) {
      if (value === '') throw new UsageError(`${flag} must not be empty`, 'start');
    }
    let publicUrl = publicUrlOf(flags['public-url'], env, 'start');

    // With --port 0 and no public URL, pick the port now so documents name the address clients reach.
    const listenPort = port === 0 && publicUrl === undefined ? await freePort(host) : port;
    publicUrl ??= urlFor(host, listenPort);

    const options: SandboxOptions = {
      personasDirs: flags.personas ?? [],
      // Synchronous writes: log lines keep their order and none is lost when the process exits after shutdown.
      logger: { level, stream: destination({ dest: 1, sync: true }) },
      publicUrl,
      ...(bodyLimit === undefined ? {} : { bodyLimit }),
      shep: {
        ...(flags['shep-sender'] === undefined ? {} : { senderId: flags['shep-sender'] }),
        ...(flags['shep-password'] === undefined ? {} : { password: flags['shep-password'] }),
      },
    };
    const { buildServer } = await import('./server.js');
    const app = await buildServer(options);
    const inFlight = trackResponses(app);
    let url: string;
    try {
      url = await app.listen({ port: listenPort, host });
    } catch (e) {
      await app.close();
      throw e;
    }
    installShutdown(app, inFlight);
    app.log.info({ url, publicUrl, version: packageVersion(), personas: app.sandbox.personas.bundled().length }, `${PROGRAM} listening on ${url}`);
    return 'serving';
  },
};

/** The responses being written, so that shutdown can close their connections once they are answered. */
function trackResponses(app: FastifyInstance): Set<ServerResponse> {
  const inFlight = new Set<ServerResponse>();
  app.server.on('request', (_request: IncomingMessage, response: ServerResponse) => {
    inFlight.add(response);
    response.once('close', () => inFlight.delete(response));
  });
  return inFlight;
}

/**
 * First SIGINT/SIGTERM: stop accepting, let requests in flight finish (`app.close()`; new requests on open
 * connections get 503), exit 0. A second signal exits at once with 128 + the signal number.
 *
 * `server.close()` only drops the connections idle at that moment; a keep-alive connection whose request is
 * still in flight would then stay open until its keep-alive timeout (72 s in Fastify). So each response in
 * flight is sent with `Connection: close`, and the connection goes as soon as it is answered.
 */
function installShutdown(app: FastifyInstance, inFlight: Set<ServerResponse>): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      app.log.warn({ signal }, 'second signal: exiting without waiting for requests in flight');
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    }
    closing = true;
    app.log.info({ signal, inFlight: inFlight.size }, 'shutting down: no new connections; waiting for requests in flight');
    for (const response of inFlight) {
      if (!response.headersSent) response.setHeader('connection', 'close');
      else response.once('finish', () => setImmediate(() => app.server.closeIdleConnections()));
    }
    app.close().then(
      () => {
        app.log.info('stopped');
        process.exit(EXIT.ok);
      },
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(EXIT.failure);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

const personasCommand: Command = {
  summary: 'List the personas as a table (IIN, name, traits)',
  help: `Usage: ${PROGRAM} personas [options]

List the bundled personas (and those of --personas folders): IIN, name and traits.

Options:
  --trait T          Only personas carrying trait T (repeatable, or comma-separated: all must match)
  --personas DIR     Also list the personas of this folder (repeatable)
  -h, --help         Show this help

The trait vocabulary is served by GET /__admin/personas/traits and listed in docs/personas.md.`,

  async run(args) {
    const flags = parseFlags('personas', args, {
      trait: { type: 'string', multiple: true },
      personas: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    });
    if (flags.help) return printHelp(personasCommand.help);
    const traits = (flags.trait ?? []).flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
    const known = new Set(traitVocabulary().map((t) => t.id));
    const unknown = traits.filter((t) => !known.has(t));
    if (unknown.length) throw new UsageError(`unknown trait ${unknown.join(', ')}; GET /__admin/personas/traits lists the vocabulary`, 'personas');

    const { loadPersonas } = await import('./server.js');
    const all = loadPersonas({ personasDirs: flags.personas ?? [] }).bundled();
    const chosen = all.filter((p) => traits.every((t) => p.traits.includes(t)));
    if (chosen.length === 0) {
      process.stdout.write(`No persona carries ${traits.join(' + ')} (${all.length} personas in all).\n`);
      return EXIT.ok;
    }
    process.stdout.write(personaTable(chosen));
    process.stdout.write(`${chosen.length} of ${all.length} personas\n`);
    return EXIT.ok;
  },
};

/** Full name as written in Kazakhstan: surname, given name, patronymic. */
function fullName(p: Persona): string {
  return [p.surname, p.name, p.patronymic].filter(Boolean).join(' ');
}

/** A plain-text table, columns padded to their widest cell (code points, so Kazakh letters count once). */
function personaTable(personas: Persona[]): string {
  const rows = [['IIN', 'NAME', 'TRAITS'], ...personas.map((p) => [p.iin, fullName(p), p.traits.join(', ')])];
  const width = (s: string): number => [...s].length;
  const widths = [0, 1].map((col) => Math.max(...rows.map((r) => width(r[col]!))));
  return rows.map((r) => `${r[0]!.padEnd(widths[0]!)}  ${r[1]! + ' '.repeat(widths[1]! - width(r[1]!))}  ${r[2]}\n`).join('');
}

const certsCommand: Command = {
  summary: 'Regenerate the test PKI in certs/ (CAs, system and persona certificates and keys)',
  help: `Usage: ${PROGRAM} certs [options]

Regenerate the whole test PKI: the CA hierarchy, the gateway's certificate, an AUTH and a SIGN certificate for
every persona in the state its traits ask for, PKCS#12-ready keys and certs/manifest.json. The keys already
there are kept unless --new-keys, so certificates change only where a persona or the profile changed.

Options:
  --out DIR          Folder to write (default: the package's certs/)
  --personas DIR     Also issue for the personas of this folder (repeatable)
  --public-url URL   Address written into CRL, AIA and OCSP URLs (env PUBLIC_URL, default http://127.0.0.1:8080)
  --new-keys         Generate every key afresh (every certificate changes)
  -h, --help         Show this help

The test keys are public by design (as NCA's own test keys are): docs/pki.md says what is committed.`,

  async run(args) {
    const flags = parseFlags('certs', args, {
      out: { type: 'string' },
      personas: { type: 'string', multiple: true },
      'public-url': { type: 'string' },
      'new-keys': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (flags.help) return printHelp(certsCommand.help);
    const publicUrl = publicUrlOf(flags['public-url'], process.env, 'certs');
    const { generateCertificates } = await import('./pki/generate.js');
    const result = await generateCertificates({
      ...(flags.out ? { outDir: flags.out } : {}),
      personasDirs: flags.personas ?? [],
      ...(publicUrl ? { publicUrl } : {}),
      keepKeys: !flags['new-keys'],
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(
      `${result.certificates} certificates for ${result.personas} personas in ${result.outDir} ` +
        `(${result.keysGenerated} keys generated, ${result.keysKept} kept)\n`,
    );
    return EXIT.ok;
  },
};

const conformanceCommand: Command = {
  summary: 'Run the conformance suite derived from the regulations and report branch coverage',
  help: `Usage: ${PROGRAM} conformance [options]

Derive the suite from the regulation files (every path from each channel's entry to each result or refusal,
per service, variant and channel), run every case through the SDK, each in its own tenant, and check the
outcome code, its citation, the path of steps walked, the term and the deadline. Progress goes to stderr; the
output ends with the line "N passed, N failed" (and ", N skipped" when some path has no case to drive it).

Options:
  --target URL               Sandbox to test (default: one started in this process on a free loopback port)
  --service S                Only this service (repeatable)
  --tag T                    Only cases carrying tag T (repeatable: every tag must match). Tags: the service,
                             the channel (portal, provider, stateCorporation), the variant, refusal or result,
                             regulation or synthesized, fault, login; an unknown tag is a usage error. Coverage
                             still counts every branch of the services run
  --concurrency N            Cases run side by side, 1 to 64 (default 1)
  --report KINDS             Reports to write, comma-separated: junit, json, html
  --out DIR                  Folder for the reports (default ./conformance-report; created before the run)
  --min-coverage P           Exit 1 when branch coverage is below P percent (0 to 100)
  --expected-failures FILE   JSON array of {"id", "reason"}: a listed case that fails is an expected failure;
                             one that passes is reported as an unexpected pass
  -h, --help                 Show this help

Exit code 0 when every case passed (expected failures aside) and coverage is at least --min-coverage; 1 when
a case failed, no case matched the selection, coverage is below it, a report could not be written, or the
target cannot be reached; 2 on a usage error. After the run the tenants of the passing cases are reset on the
target; those of failing cases are kept for inspection. With --target, services whose regulation differs from
the bundled one are named in a warning (the suite follows the target's; deadlines assume the bundled calendar).
docs/conformance.md describes the suite, the reports and the coverage.`,

  async run(args) {
    const flags = parseFlags('conformance', args, {
      target: { type: 'string' },
      service: { type: 'string', multiple: true },
      tag: { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      report: { type: 'string' },
      out: { type: 'string' },
      'min-coverage': { type: 'string' },
      'expected-failures': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (flags.help) return printHelp(conformanceCommand.help);
    const { runConformance, loadExpectedFailures, summaryLine, ExpectedFailuresError, SuiteError } = await import('./conformance/index.js');
    const { REPORT_KINDS, writeReports } = await import('./conformance/reports/index.js');
    const target = flags.target;
    if (target !== undefined && !(URL.canParse(target) && /^https?:$/.test(new URL(target).protocol))) {
      throw new UsageError(`--target must be an absolute http(s) URL, got ${JSON.stringify(target)}`, 'conformance');
    }
    const concurrency = flags.concurrency === undefined ? 1 : parseWholeNumber(flags.concurrency, '--concurrency', 1, 64, 'conformance');
    const kinds = (flags.report ?? '').split(',').map((k) => k.trim()).filter(Boolean);
    const badKind = kinds.find((k) => !(REPORT_KINDS as readonly string[]).includes(k));
    if (badKind) throw new UsageError(`--report takes ${REPORT_KINDS.join(', ')} (comma-separated), got ${JSON.stringify(badKind)}`, 'conformance');
    if (flags.out !== undefined && kinds.length === 0) throw new UsageError('--out needs --report (junit, json, html)', 'conformance');
    const outDir = flags.out ?? 'conformance-report';
    if (kinds.length) {
      // Before the run, so a folder that cannot be made does not cost the whole run.
      try {
        mkdirSync(outDir, { recursive: true });
        accessSync(outDir, fsConstants.W_OK);
      } catch (error) {
        throw new UsageError(`--out ${outDir}: cannot create or write the folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'conformance');
      }
    }
    let minCoverage: number | undefined;
    if (flags['min-coverage'] !== undefined) {
      const text = flags['min-coverage'];
      minCoverage = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
      if (!(minCoverage >= 0 && minCoverage <= 100)) throw new UsageError(`--min-coverage must be a percentage from 0 to 100, got ${JSON.stringify(text)}`, 'conformance');
    }
    let expectedFailures: Map<string, string> | undefined;
    if (flags['expected-failures'] !== undefined) {
      try {
        expectedFailures = loadExpectedFailures(flags['expected-failures']);
      } catch (error) {
        if (error instanceof ExpectedFailuresError) throw new UsageError(`--expected-failures ${error.message}`, 'conformance');
        throw error;
      }
    }

    const err = (line: string): boolean => process.stderr.write(`${line}\n`);
    const out = (line: string): boolean => process.stdout.write(`${line}\n`);
    err(`${PROGRAM} conformance: ${target ? `testing ${target}` : 'starting the sandbox in process'}${concurrency > 1 ? `, ${concurrency} at a time` : ''}`);
    let run;
    try {
      run = await runConformance({
        ...(target ? { target } : {}),
        ...(flags.service?.length ? { services: flags.service } : {}),
        ...(flags.tag?.length ? { tags: flags.tag } : {}),
        concurrency,
        ...(expectedFailures ? { expectedFailures } : {}),
        onResult(result, done, total) {
          const width = String(total).length;
          const label = { passed: 'PASS', failed: 'FAIL', 'expected-failure': 'XFAIL', 'unexpected-pass': 'XPASS' }[result.status];
          err(`[${String(done).padStart(width)}/${total}] ${label.padEnd(5)} ${result.id} (${result.channel}, ${result.variant}) ${Math.round(result.durationMs)} ms${result.status === 'failed' ? `: ${result.failures[0]}` : ''}`);
        },
      });
    } catch (error) {
      if (error instanceof SuiteError) throw new UsageError(error.message, 'conformance');
      throw error;
    }

    if (run.regulationDifferences.length) {
      out(`warning: ${run.target} serves regulations that differ from the bundled ones for ${run.regulationDifferences.join(', ')}; the suite follows the target's (deadlines assume the bundled calendar)`);
    }
    for (const r of run.results.filter((x) => x.status === 'failed')) out(`FAILED ${r.id} (tenant ${r.tenant}):\n  ${r.failures.join('\n  ')}`);
    for (const r of run.results.filter((x) => x.status === 'expected-failure')) out(`expected failure ${r.id}: ${r.expectedFailure}`);
    for (const r of run.results.filter((x) => x.status === 'unexpected-pass')) out(`UNEXPECTED PASS ${r.id}: listed as an expected failure (${r.expectedFailure}) but passed`);
    if (run.unknownExpectedFailures.length) out(`note: --expected-failures lists ${run.unknownExpectedFailures.length} id(s) that are no case of this suite: ${run.unknownExpectedFailures.join(', ')}`);
    for (const s of run.suite.skipped) out(`skipped ${s.id}: ${s.reason}`);
    out('branch coverage:');
    for (const c of run.coverage.services) {
      const missing = c.detail.filter((b) => b.status !== 'covered');
      out(`  ${c.service.padEnd(42)} ${`${c.covered}/${c.branches}`.padStart(7)} ${`${c.percent}%`.padStart(6)}${missing.length ? `  not covered: ${missing.map((b) => `${b.id} (${b.status})`).join(', ')}` : ''}`);
    }
    out(`  ${'all'.padEnd(42)} ${`${run.coverage.covered}/${run.coverage.branches}`.padStart(7)} ${`${run.coverage.percent}%`.padStart(6)}`);
    const belowMinimum = minCoverage !== undefined && run.coverage.percent < minCoverage;
    if (belowMinimum) out(`branch coverage ${run.coverage.percent}% is below --min-coverage ${minCoverage}%`);
    let reportFailed = false;
    if (kinds.length) {
      try {
        for (const file of writeReports(run, kinds as never, outDir)) out(`report: ${file}`);
      } catch (error) {
        reportFailed = true;
        out(`the reports could not be written to ${outDir}: ${(error as Error).message}`);
      }
    }
    const kept = run.tenants.kept;
    out(`tenants: ${run.tenants.reset} reset on the target${kept.length ? `; ${kept.length} kept for inspection (failing cases): ${kept.join(', ')}` : ''}`);
    const empty = run.totals.total === 0;
    if (empty) {
      const selection = [...(flags.service ?? []).map((x) => `--service ${x}`), ...(flags.tag ?? []).map((x) => `--tag ${x}`)].join(' ');
      out(`no case matches ${selection || 'the selection'}${run.totals.skipped ? ` (only ${run.totals.skipped} skipped path(s))` : ''}: nothing was tested`);
    }
    out(`${run.totals.total} cases in ${(run.durationMs / 1000).toFixed(1)} s against ${run.target}${run.inProcess ? ' (in process)' : ''}, concurrency ${concurrency}`);
    if (run.totals.expectedFailures || run.totals.unexpectedPasses) out(`${run.totals.expectedFailures} expected failure(s), ${run.totals.unexpectedPasses} unexpected pass(es)`);
    out(summaryLine(run.totals));
    return run.totals.failed > 0 || belowMinimum || empty || reportFailed ? EXIT.failure : EXIT.ok;
  },
};

const commands: Record<string, Command> = {
  start: startCommand,
  personas: personasCommand,
  certs: certsCommand,
  conformance: conformanceCommand,
};

function mainHelp(): string {
  const names = Object.keys(commands);
  const pad = Math.max(...names.map((n) => n.length)) + 2;
  return `Usage: ${PROGRAM} <command> [options]

A local sandbox of Kazakhstan's e-government systems.

Commands:
${names.map((n) => `  ${n.padEnd(pad)}${commands[n]!.summary}`).join('\n')}

Options:
  -h, --help      Show this help (${PROGRAM} <command> --help for a command's)
  -v, --version   Print the version`;
}

function printHelp(text: string): number {
  process.stdout.write(`${text}\n`);
  return EXIT.ok;
}

/** Runs one command line; resolves to an exit code, or `'serving'` while the server runs. */
async function main(argv: string[]): Promise<Outcome> {
  const [first, ...rest] = argv;
  try {
    if (first === undefined) {
      process.stderr.write(`${mainHelp()}\n`);
      return EXIT.usage;
    }
    if (first === '--help' || first === '-h') return printHelp(mainHelp());
    if (first === 'help') {
      const topic = rest[0] === undefined ? undefined : commands[rest[0]];
      if (rest[0] !== undefined && !topic) throw new UsageError(`unknown command ${JSON.stringify(rest[0])}`);
      return printHelp(topic ? topic.help : mainHelp());
    }
    if (first === '--version' || first === '-v') {
      process.stdout.write(`${packageVersion()}\n`);
      return EXIT.ok;
    }
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first}`);
    const command = Object.hasOwn(commands, first) ? commands[first] : undefined;
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(first)}`);
    return await command.run(rest);
  } catch (e) {
    return report(e);
  }
}

/** Prints an error the user can act on, without a stack trace, and picks the exit code. */
function report(e: unknown): number {
  if (e instanceof UsageError) {
    const helpHint = e.command ? `${PROGRAM} ${e.command} --help` : `${PROGRAM} --help`;
    process.stderr.write(`${PROGRAM}: ${e.message} (see ${helpHint})\n`);
    return EXIT.usage;
  }
  if (e instanceof PersonaValidationError) {
    process.stderr.write(`${PROGRAM}: ${e.message}\n`);
    return EXIT.failure;
  }
  const error = e as NodeJS.ErrnoException;
  const message =
    error?.code === 'EADDRINUSE' ? `the address is already in use (${error.message.replace(/^listen EADDRINUSE: /, '')})` : String(error?.message ?? e);
  process.stderr.write(`${PROGRAM}: cannot run: ${message}\n`);
  if (process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace') process.stderr.write(`${error?.stack ?? ''}\n`);
  return EXIT.failure;
}

const outcome = await main(process.argv.slice(2));
if (outcome !== 'serving') process.exitCode = outcome;
