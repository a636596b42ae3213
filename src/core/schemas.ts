/**
 * The JSON Schemas in `schemas/`, loaded once, and the strict ajv used to validate files
 * (personas, regulations) with messages that name the file and the field.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module namespace.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** Where the package's own files live, from src/ or dist/ alike. */
export const PACKAGE_ROOT = new URL('../../', import.meta.url);
export const SCHEMAS_DIR = new URL('schemas/', PACKAGE_ROOT);

/** Keywords of ours inside the schemas (documentation data, not validation). */
export const DOC_KEYWORDS = ['x-vocabulary'];

export type JsonSchema = Record<string, unknown> & { $id: string };

/** The package's version, from package.json (one source for the CLI and the OpenAPI document). */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('package.json', PACKAGE_ROOT), 'utf8')) as { version: string }).version;
}

/**
 * `date-time` as an instant JavaScript can hold: ajv-formats accepts a leap second (`23:59:60`) and years
 * past what a Date holds, which `new Date()` turns into an Invalid Date deep inside a handler. With this
 * format such input is refused by the route's schema, before anything changes.
 */
export function strictDateTime(ajv: Ajv): Ajv {
  const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
  ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => RFC3339.test(value) && !/:60(\.\d+)?([Zz]|[+-])/.test(value) && Number.isFinite(Date.parse(value)) && isRealDate(value),
  });
  return ajv;
}

/** The date part names a real calendar day (Date.parse rolls 2025-02-30 over to March). */
function isRealDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Every schema in `schemas/`, by `$id`. Read once per process: they are part of the package. */
export function loadSchemas(): JsonSchema[] {
  return readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(new URL(f, SCHEMAS_DIR), 'utf8')) as JsonSchema);
}

export function schemaById(id: string): JsonSchema {
  const schema = loadSchemas().find((s) => s.$id === id);
  if (!schema) throw new Error(`no schema with $id ${id} in ${SCHEMAS_DIR.pathname}`);
  return schema;
}

/** A strict validator with all errors, formats, and the shared schemas addressable by `$id`. */
export function createFileValidator(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, keywords: DOC_KEYWORDS });
  addFormats(ajv);
  strictDateTime(ajv);
  for (const schema of loadSchemas()) ajv.addSchema(schema);
  return ajv;
}

/** Turns ajv errors into one line per field: `/traits/2: must be equal to one of the allowed values (gbdfl-absent, ...)`. */
export function describeAjvErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const at = e.instancePath || '/';
    switch (e.keyword) {
      case 'additionalProperties':
        return `${at}: unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      case 'required':
        return `${joinPath(at, (e.params as { missingProperty: string }).missingProperty)}: is required`;
      case 'enum':
        return `${at}: must be one of ${summariseList((e.params as { allowedValues: unknown[] }).allowedValues)}`;
      default:
        return `${at}: ${e.message ?? 'is invalid'}`;
    }
  });
}

function joinPath(at: string, field: string): string {
  return at === '/' ? `/${field}` : `${at}/${field}`;
}

function summariseList(values: unknown[]): string {
  const shown = values.slice(0, 8).map((v) => JSON.stringify(v));
  return values.length > 8 ? `${shown.join(', ')}, ... (${values.length} in all)` : shown.join(', ');
}

export type { ValidateFunction };
