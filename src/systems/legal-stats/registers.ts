/**
 * What the Prosecutor General's legal-statistics systems hold on a person, derived from the persona:
 * administrative offences (seed 004, regulation D) and the two registers seed 002 consults for private-bailiff
 * attestation and licensing, "ҚР БП ҚСЖАЕК АЖ, ББТ, ЖТ МДҚ-да сұрау салуды өңдеу" (L133, L259).
 *
 * ББТ is not expanded anywhere in the seeds (spec 002 Part IV). Our reading, the default: Бірыңғай борышкерлер
 * тізілімі, the unified register of debtors (Единый реестр должников), which fits a private-bailiff candidate
 * check. The label and meaning are an option of the service ({@link BbtReading}), so another reading can be
 * configured without code changes elsewhere.
 * @see ../../../../shared/spec/002_eb8952ad34a89acd.md Part IV, V.1 (B_PROSEC_HIT, B_BBT_HIT)
 * @see ../../../../shared/spec/004_8d8d3ef65f19aba3.md D.8
 */
import { parseIin } from '../../core/iin.js';
import { hasTrait, type Persona } from '../../personas/persona.js';
import { convictionsOf, criminalRecordStatusOf, type LocalisedText } from '../ais-su/record.js';

export type RegisterId = 'prosecutor' | 'bbt';

export const REGISTER_IDS: readonly RegisterId[] = ['prosecutor', 'bbt'];

/** How the sandbox reads a register named in the seeds. */
export interface RegisterReading {
  id: RegisterId;
  /** As the seed writes it. */
  abbreviation: string;
  label: LocalisedText;
  /** What an entry in it means, in one sentence. */
  meaning: string;
}

/** ҚР БП ҚСЖАЕК АЖ: the information system of the Committee on Legal Statistics and Special Accounts. */
export const PROSECUTOR_REGISTER: RegisterReading = {
  id: 'prosecutor',
  abbreviation: 'ҚР БП ҚСЖАЕК АЖ',
  label: {
    kk: 'ҚР Бас прокуратурасының Құқықтық статистика және арнайы есепке алу жөніндегі комитетінің ақпараттық жүйесі',
    ru: 'Информационная система Комитета по правовой статистике и специальным учетам Генеральной прокуратуры РК',
    en: "Information system of the Prosecutor General's Committee on Legal Statistics and Special Accounts",
  },
  meaning:
    'Special records that bar a candidate: an unexpunged conviction, or a criminal prosecution terminated on non-rehabilitating grounds (inferred meaning of B_PROSEC_HIT)',
};

/** The default reading of ББТ: the unified register of debtors. */
export const DEFAULT_BBT_READING: RegisterReading = {
  id: 'bbt',
  abbreviation: 'ББТ',
  label: { kk: 'Бірыңғай борышкерлер тізілімі', ru: 'Единый реестр должников', en: 'Unified register of debtors' },
  meaning:
    'A person with an unfulfilled enforcement document under enforcement proceedings (our reading of the unexpanded ББТ; configurable)',
};

/** Options of the legal-statistics service. */
export interface LegalStatsOptions {
  /** Another reading of ББТ: its abbreviation, label and meaning. Default {@link DEFAULT_BBT_READING}. */
  bbt?: Partial<Omit<RegisterReading, 'id'>>;
}

export type RegisterResult = 'CLEAR' | 'HIT';

/** One entry of a register about a person. */
export interface RegisterEntry {
  kind: 'CONVICTION' | 'NON_REHABILITATING_TERMINATION' | 'ENFORCEMENT_PROCEEDING';
  reference: string;
  date: string;
  /** Court, investigating body or bailiff. */
  authority: string;
  description: LocalisedText;
  /** Criminal Code article, for prosecutor entries. */
  article?: string;
  /** Sum owed, for debtor entries. */
  amountKzt?: number;
}

/** An administrative offence (әкімшілік құқық бұзушылық): article of the Code of Administrative Offences, date, penalty, body. */
export interface AdminOffence {
  article: string;
  date: string;
  penalty?: string;
  body?: string;
}

function serialOf(persona: Persona): string {
  return persona.iin.slice(7, 11);
}

function adultYear(persona: Persona, plus: number): number {
  const parsed = parseIin(persona.iin);
  const birthYear = parsed.ok ? Number(parsed.value.birthDate.slice(0, 4)) : 1980;
  return Math.min(birthYear + 20 + plus, 2024);
}

/**
 * ҚР БП ҚСЖАЕК АЖ entries: a `prosecutor-record` persona has a prosecution terminated on non-rehabilitating
 * grounds (synthetic, derived from the IIN); a person whose criminal record is RECORD has each unexpunged
 * conviction too (the Committee keeps both).
 */
export function prosecutorEntriesOf(persona: Persona | undefined): RegisterEntry[] {
  if (!persona) return [];
  const entries: RegisterEntry[] = [];
  if (hasTrait(persona, 'prosecutor-record')) {
    const year = adultYear(persona, 8);
    entries.push({
      kind: 'NON_REHABILITATING_TERMINATION',
      reference: `ЕРДР-${year}-${serialOf(persona)}`,
      date: `${year}-04-17`,
      authority: 'Астана қаласы ПД тергеу басқармасы',
      article: '190 ч.1',
      description: {
        kk: 'Қылмыстық қудалау ақтамайтын негіздер бойынша тоқтатылған',
        ru: 'Уголовное преследование прекращено по нереабилитирующим основаниям',
        en: 'Criminal prosecution terminated on non-rehabilitating grounds',
      },
    });
  }
  if (criminalRecordStatusOf(persona) === 'RECORD') {
    convictionsOf(persona)
      .filter((c) => !c.expunged)
      .forEach((c, i) =>
        entries.push({
          kind: 'CONVICTION',
          reference: `СУ-${c.sentenceDate.slice(0, 4)}-${serialOf(persona)}-${i + 1}`,
          date: c.sentenceDate,
          authority: c.court ?? 'Сот',
          article: c.article,
          description: { kk: 'Өтелмеген сотталғандық', ru: 'Непогашенная судимость', en: 'Unexpunged conviction' },
        }),
      );
  }
  return entries;
}

/** ББТ entries (read as the register of debtors): a `bbt-debtor` persona has one enforcement proceeding, derived from the IIN. */
export function bbtEntriesOf(persona: Persona | undefined): RegisterEntry[] {
  if (!persona || !hasTrait(persona, 'bbt-debtor')) return [];
  const serial = serialOf(persona);
  return [
    {
      kind: 'ENFORCEMENT_PROCEEDING',
      reference: `АҚӨ-2025-${serial}`,
      date: '2025-09-22',
      authority: 'Алматы қаласының жеке сот орындаушысы Б. Н. Тұрсынов',
      amountKzt: 150_000 + (Number(serial) % 50) * 10_000,
      description: {
        kk: 'Атқарушылық іс жүргізу: атқарушылық құжат орындалмаған',
        ru: 'Исполнительное производство: исполнительный документ не исполнен',
        en: 'Enforcement proceedings: an enforcement document is unfulfilled',
      },
    },
  ];
}

/** A persona's administrative offences (none when the persona lists none). */
export function adminOffencesOf(persona: Persona | undefined): AdminOffence[] {
  return (persona?.adminOffences ?? []).map((o) => ({
    article: o.article,
    date: o.date,
    ...(o.penalty ? { penalty: o.penalty } : {}),
    ...(o.body ? { body: o.body } : {}),
  }));
}
