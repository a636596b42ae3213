/** Shared helpers of the PKI tests. */
import { spawnSync } from 'node:child_process';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { BUNDLED_PERSONAS_DIR, loadPersonaDir } from '../../src/personas/loader.js';
import type { Persona } from '../../src/personas/persona.js';
import { buildServer, type SandboxOptions } from '../../src/server.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A sandbox for one test, closed when it ends. */
export async function sandbox(t: Teardown, options: SandboxOptions = {}): Promise<FastifyInstance> {
  const app = await buildServer({ logger: false, ...options });
  t.teardown(() => app.close());
  return app;
}

/** A request as tenant `tenant` (undefined: the default tenant). */
export function as(app: FastifyInstance, tenant: string | undefined, request: InjectOptions | string): Promise<LightMyRequestResponse> {
  const r = typeof request === 'string' ? { url: request } : request;
  return app.inject({ ...r, headers: { ...r.headers, ...(tenant === undefined ? {} : { 'x-sandbox-tenant': tenant }) } });
}

export const bundledPersonas: Persona[] = loadPersonaDir(BUNDLED_PERSONAS_DIR).map((l) => l.persona);

/** The happy-path persona: both certificates valid. */
export const HAPPY_IIN = '900115300013';

/** The first bundled persona carrying `trait` (e.g. `cert-sign-revoked`); throws naming the trait when none does. */
export function personaWith(trait: string): Persona {
  const persona = bundledPersonas.find((p) => p.traits.includes(trait));
  if (!persona) throw new Error(`no bundled persona carries the trait ${trait}`);
  return persona;
}

/** A bundled persona whose AUTH and SIGN certificates are both valid (no cert-* trait), other than `except`. */
export function validPersona(except: string[] = []): Persona {
  const persona = bundledPersonas.find((p) => !p.traits.some((t) => t.startsWith('cert-')) && !except.includes(p.iin));
  if (!persona) throw new Error('no bundled persona with valid certificates');
  return persona;
}

/** Whether the `openssl` command is there; interop tests skip with this message when it is not. */
export const opensslMissing: string | false = (() => {
  const r = spawnSync('openssl', ['version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? 'openssl is not installed: the interoperability tests need the real openssl command (CI installs it)' : false;
})();

/** Runs openssl; returns its exit status and output (stdout + stderr). */
export function openssl(args: string[], input?: Buffer | string): { status: number; out: string } {
  const r = spawnSync('openssl', args, { input, encoding: 'utf8' });
  return { status: r.status ?? -1, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Async openssl, for commands that call back into a server in this process (`openssl ocsp -url`). */
export async function opensslAsync(args: string[]): Promise<{ status: number; out: string }> {
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status: status ?? -1, out }));
  });
}

/** Asserts the one problem shape with `status` and `code`; returns the body. */
export function problemOf(response: LightMyRequestResponse): { status: number; code: string; detail: string; contentType: string } {
  const body = response.json() as { code: string; detail: string };
  return { status: response.statusCode, code: body.code, detail: body.detail, contentType: String(response.headers['content-type']) };
}
