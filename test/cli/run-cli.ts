/**
 * Runs the real `kz-egov-sandbox` command (bin launcher) as a child process, as a user's shell would.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/kz-egov-sandbox.js', import.meta.url));

/** The environment of a user's shell without the variables the CLI reads, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PORT: _p, HOST: _h, LOG_LEVEL: _l, PUBLIC_URL: _u, ...rest } = process.env;
  return { ...rest, ...env };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command that ends by itself (help, errors, `personas`). */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env) });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];
  return { code, signal, stdout, stderr };
}

/** One pino log line as the server wrote it. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

/** A started `kz-egov-sandbox start`, with its log lines parsed as they arrive. */
export class RunningSandbox {
  readonly logs: LogLine[] = [];
  /** stdout lines that were not JSON log lines (there should be none). */
  readonly notJson: string[] = [];
  stderr = '';
  private waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const text of lines) this.accept(text);
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = once(child, 'close').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  }

  /** Spawns `start` with `args`; resolves once it logs the URL it listens on. */
  static async start(args: string[], env: Record<string, string> = {}): Promise<{ sandbox: RunningSandbox; url: string }> {
    const sandbox = new RunningSandbox(spawn(process.execPath, [BIN, 'start', ...args], { env: cliEnv(env) }));
    const listening = await Promise.race([
      sandbox.waitFor((l) => typeof l.url === 'string' && /listening/.test(l.msg ?? '')),
      sandbox.exited.then(({ code }) => {
        throw new Error(`the sandbox exited with ${code} before listening: ${sandbox.stderr}`);
      }),
    ]);
    return { sandbox, url: listening.url as string };
  }

  private accept(text: string): void {
    if (!text.trim()) return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      this.notJson.push(text);
      return;
    }
    this.logs.push(line);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(line)) return true;
      w.resolve(line);
      return false;
    });
  }

  /** The first log line (already written or still to come) that matches. */
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine> {
    const seen = this.logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  /** Ends the process if a test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
