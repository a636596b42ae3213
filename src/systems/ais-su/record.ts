/**
 * What "АИС СУ" АЖ (АИС «Специальные учёты», the special-records system of the Prosecutor General's
 * Committee on Legal Statistics and Special Accounts) holds on a person, derived from the persona:
 * the criminal-record state and convictions, and the special-records archive.
 *
 * No public message format exists for criminal records (integration-shapes §3), so the shapes are ours
 * (docs/systems/ais-su.md).
 * @see ../../../../shared/spec/000_90a019355914c1b8.md §4, 001 §8 (criminal records), 004 C.8 (archive)
 */
import { parseIin } from '../../core/iin.js';
import { hasTrait, type Persona } from '../../personas/persona.js';

/** The criminal-record state of a person (соттылық туралы деректер). */
export type CriminalRecordStatus = 'NO_RECORD' | 'RECORD' | 'NO_DATA' | 'ADDITIONAL_CHECK';

export const CRIMINAL_RECORD_STATUSES: readonly CriminalRecordStatus[] = ['NO_RECORD', 'RECORD', 'NO_DATA', 'ADDITIONAL_CHECK'];

export interface LocalisedText {
  kk: string;
  ru: string;
  en: string;
}

/** A conviction (сотталғандық): article of the Criminal Code, court, date and sentence, and whether expunged (өтелген / погашена). */
export interface Conviction {
  article: string;
  court?: string;
  sentenceDate: string;
  sentence?: string;
  expunged: boolean;
}

/** The statement of each state, as a certificate and the regulation engine word it. */
export const CRIMINAL_RECORD_MESSAGES: Record<CriminalRecordStatus, LocalisedText> = {
  NO_RECORD: {
    kk: 'Сотталғандығы туралы мәліметтер жоқ',
    ru: 'Сведений о судимости не имеется',
    en: 'No criminal record',
  },
  RECORD: {
    kk: 'Сотталғандығы туралы мәліметтер бар',
    ru: 'Имеются сведения о судимости',
    en: 'Criminal record: the person has an unexpunged conviction',
  },
  // The refusal text of seed 000 L265 / 001 L554: "data cannot be obtained because criminal-record data are absent".
  NO_DATA: {
    kk: 'Соттылығы туралы деректердің болмауына байланысты деректерді алу мүмкін емес',
    ru: 'Получение данных невозможно в связи с отсутствием сведений о судимости',
    en: 'Data cannot be obtained because criminal-record data are absent',
  },
  ADDITIONAL_CHECK: {
    kk: 'Қосымша тексеру қажет: нәтиже 5 жұмыс күні ішінде беріледі',
    ru: 'Требуется дополнительная проверка: результат в течение 5 рабочих дней',
    en: 'An additional check is required: the answer comes within 5 working days',
  },
};

/** Working days an additional check takes (integration-shapes §3: "result within 10 minutes or 5 working days with extra check"). */
export const ADDITIONAL_CHECK_WORKING_DAYS = 5;

/** The convictions a persona lists, with `expunged` made explicit. */
export function convictionsOf(persona: Persona | undefined): Conviction[] {
  return (persona?.criminalRecord?.convictions ?? []).map((c) => ({
    article: c.article,
    ...(c.court ? { court: c.court } : {}),
    sentenceDate: c.sentenceDate,
    ...(c.sentence ? { sentence: c.sentence } : {}),
    expunged: c.expunged ?? false,
  }));
}

/** Whether the persona has a conviction that is not expunged. */
export function hasUnexpungedConviction(persona: Persona | undefined): boolean {
  return convictionsOf(persona).some((c) => !c.expunged);
}

/**
 * The state АИС СУ answers for a person:
 * - an IIN that is no persona's: `NO_DATA` (АИС СУ holds nothing on it);
 * - `crime-no-data` → `NO_DATA`; `crime-extra-check` → `ADDITIONAL_CHECK`; `crime-convicted` → `RECORD`;
 * - `crime-clean` → `NO_RECORD` (expunged convictions are still listed);
 * - no crime trait: `RECORD` when the persona lists an unexpunged conviction, else `NO_RECORD`.
 */
export function criminalRecordStatusOf(persona: Persona | undefined): CriminalRecordStatus {
  if (!persona || hasTrait(persona, 'crime-no-data')) return 'NO_DATA';
  if (hasTrait(persona, 'crime-extra-check')) return 'ADDITIONAL_CHECK';
  if (hasTrait(persona, 'crime-convicted')) return 'RECORD';
  if (hasTrait(persona, 'crime-clean')) return 'NO_RECORD';
  return hasUnexpungedConviction(persona) ? 'RECORD' : 'NO_RECORD';
}

/** The state an additional check completes with: `NO_RECORD`, or `RECORD` when the persona lists an unexpunged conviction. */
export function additionalCheckOutcomeOf(persona: Persona | undefined): 'NO_RECORD' | 'RECORD' {
  return hasUnexpungedConviction(persona) ? 'RECORD' : 'NO_RECORD';
}

/** The kinds of result the archive can give (seed 004 L72): an archive certificate and/or copies of archive documents. */
export type ArchiveOutput = 'ARCHIVE_CERTIFICATE' | 'DOCUMENT_COPY';

/** A record found in the special-records archive (АЕА ААЖ and the archive card indexes). Synthetic, derived from the IIN. */
export interface ArchiveRecord {
  reference: string;
  /** The card index or fund it was found in. */
  source: LocalisedText;
  documentKind: LocalisedText;
  year: number;
  /** What can be issued from it. */
  availableAs: ArchiveOutput[];
}

export type ArchiveSearchResult = 'FOUND' | 'NOT_FOUND';

/** The written replies of seed 004 C: records found, or "no information; apply to other archives" (L72, L95). */
export const ARCHIVE_REPLIES: Record<ArchiveSearchResult, LocalisedText> = {
  FOUND: {
    kk: 'Сұрау салынған тұлғаға қатысты мәліметтер табылды: архивтік анықтама және/немесе архив құжаттарының көшірмелері дайындалады',
    ru: 'В отношении запрашиваемого лица найдены сведения: готовится архивная справка и/или копии архивных документов',
    en: 'Information on the requested person was found: an archive certificate and/or copies of archive documents are prepared',
  },
  NOT_FOUND: {
    kk: 'Сұрау салынған тұлғаға қатысты мәліметтер көрсетілетін қызметті берушінің архивтері картотекаларында және АЕА ААЖ-да жоқ. Басқа архивтерге жүгінуіңізді ұсынамыз',
    ru: 'Сведения в отношении запрашиваемого лица в картотеках архивов и АИС «Специальные учеты» отсутствуют. Рекомендуем обратиться в другие архивы',
    en: 'The archive card indexes and the AIS "Special Accounts" hold no information on the requested person. Please apply to other archives',
  },
};

/**
 * The archive records of a persona with `archive-records-found`: two records whose reference and year follow
 * from the IIN, so they never change between runs. Others have none.
 */
export function archiveRecordsOf(persona: Persona | undefined): ArchiveRecord[] {
  if (!persona || !hasTrait(persona, 'archive-records-found')) return [];
  const parsed = parseIin(persona.iin);
  const birthYear = parsed.ok ? Number(parsed.value.birthDate.slice(0, 4)) : 1970;
  const serial = persona.iin.slice(7, 11);
  const adultYear = Math.min(birthYear + 18 + (Number(serial) % 7), 2015);
  return [
    {
      reference: `АЕА-${serial}-${adultYear}/1`,
      source: {
        kk: 'Арнайы есепке алу картотекасы (АЕА ААЖ)',
        ru: 'Картотека специальных учётов (АИС СУ)',
        en: 'Special-records card index (AIS SU)',
      },
      documentKind: {
        kk: 'Тұлғаны есепке алу карточкасы',
        ru: 'Учётная карточка на лицо',
        en: 'Personal registration card',
      },
      year: adultYear,
      availableAs: ['ARCHIVE_CERTIFICATE'],
    },
    {
      reference: `АЕА-${serial}-${adultYear + 1}/2`,
      source: {
        kk: 'Комитеттің архиві, 3-қор',
        ru: 'Архив Комитета, фонд 3',
        en: "The Committee's archive, fund 3",
      },
      documentKind: {
        kk: 'Қылмыстық іс бойынша іс жүргізу шешімінің көшірмесі',
        ru: 'Копия процессуального решения по уголовному делу',
        en: 'Copy of a procedural decision in a criminal case',
      },
      year: adultYear + 1,
      availableAs: ['ARCHIVE_CERTIFICATE', 'DOCUMENT_COPY'],
    },
  ];
}
