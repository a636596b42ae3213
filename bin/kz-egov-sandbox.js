#!/usr/bin/env node
// Launcher of the `kz-egov-sandbox` command. In a git checkout (src/ present) it runs the TypeScript
// source through tsx, so the command never runs a stale build; an installed package has only dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
const built = new URL('../dist/cli.js', import.meta.url);

if (existsSync(source) || !existsSync(built)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(built.href);
}
