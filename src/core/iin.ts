/**
 * IIN (ЖСН, individual identification number) and BIN (БСН, business identification number).
 *
 * Both are 12 digits whose last digit is a two-pass mod-11 check digit.
 * @see ../../../shared/spec/integration-shapes.md §4
 */

const FIRST_PASS_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_PASS_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

/** Why a 12-digit string is not a valid IIN or BIN (stable codes, shown to users). */
export type IdentifierFault =
  | 'NOT_12_DIGITS'
  | 'NEVER_ISSUED' // both weight passes give 10: such a number is never issued
  | 'CHECK_DIGIT'
  | 'CENTURY_SEX_DIGIT'
  | 'BIRTH_DATE'
  | 'BIN_TYPE_DIGIT'
  | 'BIN_DIVISION_DIGIT'
  | 'BIN_MONTH';

export type Sex = 'male' | 'female';

export interface ParsedIin {
  iin: string;
  /** ISO date, YYYY-MM-DD. */
  birthDate: string;
  sex: Sex;
  /** The 7th digit: 1-2 for the 1800s, 3-4 for the 1900s, 5-6 for the 2000s; odd = male. */
  centurySexDigit: number;
  /** Digits 8-11. */
  serial: string;
}

export type IinResult = { ok: true; value: ParsedIin } | { ok: false; fault: IdentifierFault; message: string };

/**
 * Computes the check digit of the first 11 digits, or `null` when both passes give 10
 * (the number can never be issued).
 */
export function checkDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  const weighted = (weights: readonly number[]) => digits.reduce((sum, d, i) => sum + d * weights[i]!, 0) % 11;
  const first = weighted(FIRST_PASS_WEIGHTS);
  if (first !== 10) return first;
  const second = weighted(SECOND_PASS_WEIGHTS);
  return second === 10 ? null : second;
}

function checkDigitFault(id: string): { fault: IdentifierFault; message: string } | null {
  if (!/^\d{12}$/.test(id)) return { fault: 'NOT_12_DIGITS', message: 'must be exactly 12 digits' };
  const expected = checkDigit(id.slice(0, 11));
  if (expected === null) {
    return { fault: 'NEVER_ISSUED', message: 'both check-digit passes give 10: this number is never issued' };
  }
  if (expected !== Number(id[11])) {
    return { fault: 'CHECK_DIGIT', message: `check digit is ${id[11]}, expected ${expected}` };
  }
  return null;
}

const CENTURY_BY_DIGIT: Record<number, number> = { 1: 1800, 2: 1800, 3: 1900, 4: 1900, 5: 2000, 6: 2000 };

function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Parses and validates an IIN: 12 digits, century/sex digit, a real birth date, the check digit. */
export function parseIin(iin: string): IinResult {
  if (typeof iin !== 'string' || !/^\d{12}$/.test(iin)) {
    return { ok: false, fault: 'NOT_12_DIGITS', message: 'IIN must be exactly 12 digits' };
  }
  const centurySexDigit = Number(iin[6]);
  const century = CENTURY_BY_DIGIT[centurySexDigit];
  if (century === undefined) {
    return { ok: false, fault: 'CENTURY_SEX_DIGIT', message: `7th digit ${centurySexDigit} is not a century/sex digit (1-6)` };
  }
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  if (!isRealDate(year, month, day)) {
    return { ok: false, fault: 'BIRTH_DATE', message: `digits 1-6 (${iin.slice(0, 6)}) are not a real birth date` };
  }
  const fault = checkDigitFault(iin);
  if (fault) return { ok: false, fault: fault.fault, message: `IIN ${fault.message}` };
  return {
    ok: true,
    value: {
      iin,
      birthDate: `${year}-${iin.slice(2, 4)}-${iin.slice(4, 6)}`,
      sex: centurySexDigit % 2 === 1 ? 'male' : 'female',
      centurySexDigit,
      serial: iin.slice(7, 11),
    },
  };
}

export function isValidIin(iin: string): boolean {
  return parseIin(iin).ok;
}

/**
 * Generates a valid IIN for a birth date and sex. Serials that would never be issued or fail are skipped,
 * so the returned serial may be above the one asked for.
 */
export function generateIin(birthDate: string, sex: Sex, serial = 1): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!m) throw new RangeError(`birthDate must be YYYY-MM-DD, got ${birthDate}`);
  const year = Number(m[1]);
  const base = year >= 2000 ? 5 : year >= 1900 ? 3 : 1;
  if (year < 1800 || year > 2099 || !isRealDate(year, Number(m[2]), Number(m[3]))) {
    throw new RangeError(`birthDate ${birthDate} cannot be encoded in an IIN`);
  }
  const centurySexDigit = base + (sex === 'male' ? 0 : 1);
  for (let s = serial; s <= 9999; s++) {
    const first11 = `${m[1]!.slice(2)}${m[2]}${m[3]}${centurySexDigit}${String(s).padStart(4, '0')}`;
    const c = checkDigit(first11);
    if (c !== null) return first11 + c;
  }
  throw new RangeError(`no issuable IIN left for ${birthDate} ${sex} from serial ${serial}`);
}

/** Kinds of legal entity by the BIN's 5th digit. */
export const BIN_ENTITY_TYPES = {
  4: 'resident legal entity',
  5: 'non-resident legal entity',
  6: 'joint individual entrepreneurship',
} as const;
/** Kinds of division by the BIN's 6th digit. */
export const BIN_DIVISIONS = { 0: 'head office', 1: 'branch', 2: 'representative office', 3: 'other' } as const;

export interface ParsedBin {
  bin: string;
  /** YYYY-MM: the registration month (the two-digit year is read as 19xx when above the current year's digits). */
  registrationMonth: string;
  entityType: (typeof BIN_ENTITY_TYPES)[keyof typeof BIN_ENTITY_TYPES];
  division: (typeof BIN_DIVISIONS)[keyof typeof BIN_DIVISIONS];
}

export type BinResult = { ok: true; value: ParsedBin } | { ok: false; fault: IdentifierFault; message: string };

/** Parses and validates a BIN: YYMM, entity-type digit (4-6), division digit (0-3), serial, check digit. */
export function parseBin(bin: string, now: Date = new Date()): BinResult {
  if (typeof bin !== 'string' || !/^\d{12}$/.test(bin)) {
    return { ok: false, fault: 'NOT_12_DIGITS', message: 'BIN must be exactly 12 digits' };
  }
  const month = Number(bin.slice(2, 4));
  if (month < 1 || month > 12) return { ok: false, fault: 'BIN_MONTH', message: `digits 3-4 (${bin.slice(2, 4)}) are not a month` };
  const type = Number(bin[4]) as keyof typeof BIN_ENTITY_TYPES;
  if (!(type in BIN_ENTITY_TYPES)) {
    return { ok: false, fault: 'BIN_TYPE_DIGIT', message: `5th digit ${bin[4]} is not an entity type (4, 5 or 6)` };
  }
  const division = Number(bin[5]) as keyof typeof BIN_DIVISIONS;
  if (!(division in BIN_DIVISIONS)) {
    return { ok: false, fault: 'BIN_DIVISION_DIGIT', message: `6th digit ${bin[5]} is not a division kind (0-3)` };
  }
  const fault = checkDigitFault(bin);
  if (fault) return { ok: false, fault: fault.fault, message: `BIN ${fault.message}` };
  const yy = Number(bin.slice(0, 2));
  const year = yy <= now.getUTCFullYear() % 100 ? 2000 + yy : 1900 + yy;
  return {
    ok: true,
    value: {
      bin,
      registrationMonth: `${year}-${bin.slice(2, 4)}`,
      entityType: BIN_ENTITY_TYPES[type],
      division: BIN_DIVISIONS[division],
    },
  };
}

export function isValidBin(bin: string): boolean {
  return parseBin(bin).ok;
}
