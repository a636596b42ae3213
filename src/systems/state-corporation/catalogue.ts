/**
 * The services the State Corporation ("Азаматтарға арналған үкімет" мемлекеттік корпорациясы) accepts in the
 * seeds, with what its operator checks: the documents of the package (Standard ¶9, configurable: the Standards
 * are not in the seeds), the form of the receipt of refusal to accept an incomplete package (қолхат; Standard
 * Annex 4 for seed 003 A, Annex 7 for seed 003 B, none in seed 004 C) and how long uncollected results and
 * submitted documents are kept (seed 004 L153, L155; seed 003 gives none).
 * @see ../../../../shared/spec/003_6660126e624257da.md A.3, A.4, B.3, B.4
 * @see ../../../../shared/spec/004_8d8d3ef65f19aba3.md C.3 (L153, L155), C.9 (C-SC-06..08)
 * @see ../../../docs/systems/state-corporation.md
 */

export interface LocalisedText {
  kk: string;
  ru: string;
  en: string;
}

/** Where a rule comes from: seed file, its lines, and the text's own step or clause. */
export interface Citation {
  seed: string;
  lines: string;
  step: string;
}

/** `always`: every package; `with-representative`: when a representative applies under a power of attorney; `no`: optional. */
export type Requirement = 'always' | 'with-representative' | 'no';

export interface DocumentRequirement {
  code: string;
  name: LocalisedText;
  required: Requirement;
}

export interface Retention {
  /** ISO 8601 period (`P6M`, `P2Y`, `P30D`); null: no period, kept until collected. */
  period: string | null;
  citation: Citation | null;
  note: string;
}

export interface ScServiceDefinition {
  slug: string;
  seed: string;
  title: LocalisedText;
  documents: DocumentRequirement[];
  /** The receipt of refusal to accept an incomplete package; null when the regulation has no such rule. */
  refusalReceipt: { annex: number; citation: Citation } | null;
  /** Results not collected by the applicant. */
  resultRetention: Retention;
  /** The documents the applicant submitted. */
  documentRetention: Retention;
}

const doc = (code: string, required: Requirement, kk: string, ru: string, en: string): DocumentRequirement => ({ code, required, name: { kk, ru, en } });

const APPLICATION = doc('application', 'always', 'Өтініш', 'Заявление', 'Application');
const IDENTITY = doc('identity-document', 'always', 'Жеке басын куәландыратын құжат (сәйкестендіру үшін)', 'Документ, удостоверяющий личность (для идентификации)', 'Identity document (for identification)');
const POWER_OF_ATTORNEY = doc(
  'power-of-attorney',
  'with-representative',
  'Нотариат куәландырған сенімхат',
  'Нотариально удостоверенная доверенность',
  'Notarised power of attorney',
);

const NOT_IN_SEED = 'The seed does not say how long an uncollected result is kept (spec 003 A.3 / B.3: n/s): it is kept until collected. Set a period with PUT /state-corporation/services/{slug}.';
const NO_DOCUMENT_RULE = 'The seed does not say how long submitted documents are kept.';

/**
 * The default catalogue. Document lists are the sandbox's reading of the Standards (MES Order No. 198, reg. 11184;
 * PG Order No. 95, reg. 12055), which the seeds cite but do not reproduce: configurable per tenant.
 */
export const DEFAULT_SC_SERVICES: readonly ScServiceDefinition[] = [
  {
    slug: 'guardianship-orphan',
    seed: '003',
    title: {
      kk: 'Жетім балаға (жетім балаларға) және ата-анасының қамқорлығынсыз қалған балаға (балаларға) қамқоршылық немесе қорғаншылық белгілеу',
      ru: 'Установление опеки или попечительства над ребенком-сиротой (детьми-сиротами) и ребенком (детьми), оставшимся без попечения родителей',
      en: 'Establishment of guardianship or trusteeship over orphan children and children left without parental care',
    },
    documents: [
      APPLICATION,
      IDENTITY,
      doc('child-birth-certificate', 'always', 'Баланың туу туралы куәлігі', 'Свидетельство о рождении ребенка', "Child's birth certificate"),
      doc(
        'parental-care-absence-documents',
        'always',
        'Ата-ананың қамқорлығының жоқтығын растайтын құжаттар',
        'Документы, подтверждающие отсутствие родительского попечения',
        'Documents proving the absence of parental care',
      ),
      doc('health-certificate', 'always', 'Денсаулық жағдайы туралы анықтама', 'Справка о состоянии здоровья', 'Health certificate'),
      doc('no-criminal-record-certificate', 'always', 'Соттылығының жоқтығы туралы анықтама', 'Справка об отсутствии судимости', 'Certificate of no criminal record'),
      doc('marriage-certificate', 'no', 'Неке қию туралы куәлік (некеде тұрған жағдайда)', 'Свидетельство о заключении брака (если состоит в браке)', 'Marriage certificate (if married)'),
      doc('spouse-consent', 'no', 'Жұбайының нотариат куәландырған келісімі', 'Нотариально заверенное согласие супруга', "Spouse's notarised consent"),
      POWER_OF_ATTORNEY,
    ],
    refusalReceipt: { annex: 4, citation: { seed: '003', lines: 'L14', step: 'Ch.2 ¶4' } },
    resultRetention: { period: null, citation: null, note: NOT_IN_SEED },
    documentRetention: { period: null, citation: null, note: NO_DOCUMENT_RULE },
  },
  {
    slug: 'minor-property-inheritance-certificates',
    seed: '003',
    title: {
      kk: 'Кәмелетке толмаған балалардың мүлкіне иелік ету және кәмелетке толмаған балаларға мұра ресімдеу үшін анықтамалар беру',
      ru: 'Выдача справок для распоряжения имуществом несовершеннолетних и оформления наследства несовершеннолетним детям',
      en: "Certificates for the disposal of minors' property and for the registration of inheritance by minors",
    },
    documents: [
      APPLICATION,
      IDENTITY,
      doc('child-birth-certificate', 'always', 'Баланың туу туралы куәлігі', 'Свидетельство о рождении ребенка', "Child's birth certificate"),
      doc('property-documents', 'always', 'Мүлікке құқық белгілейтін құжаттар', 'Правоустанавливающие документы на имущество', 'Title documents of the property'),
      doc('marriage-certificate', 'no', 'Неке қию (бұзу) туралы куәлік', 'Свидетельство о заключении (расторжении) брака', 'Marriage (divorce) certificate'),
      doc('death-certificate', 'no', 'Мұра қалдырушының қайтыс болуы туралы куәлік (мұра үшін)', 'Свидетельство о смерти наследодателя (для наследства)', "Testator's death certificate (for an inheritance)"),
      POWER_OF_ATTORNEY,
    ],
    refusalReceipt: { annex: 7, citation: { seed: '003', lines: 'L116', step: 'Ch.2 ¶4' } },
    resultRetention: { period: null, citation: null, note: NOT_IN_SEED },
    documentRetention: { period: null, citation: null, note: NO_DOCUMENT_RULE },
  },
  {
    slug: 'legal-stats-archive-certificate',
    seed: '004',
    title: {
      kk: 'Қазақстан Республикасы Бас прокуратурасының Құқықтық статистика және арнайы есепке алу жөніндегі комитеті мен оның аумақтық басқармалары шегінде архив анықтамаларын және/немесе архив құжаттарының көшірмелерін беру',
      ru: 'Выдача архивных справок и (или) копий архивных документов в пределах Комитета по правовой статистике и специальным учетам Генеральной прокуратуры Республики Казахстан и его территориальных управлений',
      en: 'Archive certificates and/or copies of archive documents within the Committee on Legal Statistics and Special Accounts and its territorial departments',
    },
    documents: [APPLICATION, IDENTITY, POWER_OF_ATTORNEY],
    refusalReceipt: null,
    resultRetention: {
      period: 'P6M',
      citation: { seed: '004', lines: 'L153', step: '¶10' },
      note: 'An uncollected result is kept six months, then destroyed. Who keeps it is ambiguous in the seed (spec 004 C.10 #15); the six months run from its arrival at the State Corporation.',
    },
    documentRetention: {
      period: 'P2Y',
      citation: { seed: '004', lines: 'L155', step: '¶11' },
      note: 'Submitted documents are kept two years, then destroyed; the two years run from the forwarding.',
    },
  },
];

/** The receipt form's title (Standard annex), in the three languages. */
export function receiptFormTitle(annex: number): LocalisedText {
  return {
    kk: `Құжаттарды қабылдаудан бас тарту туралы қолхат (Стандарттың ${annex}-қосымшасы)`,
    ru: `Расписка об отказе в приеме документов (приложение ${annex} к Стандарту)`,
    en: `Receipt of refusal to accept documents (Standard, Annex ${annex})`,
  };
}

/** The receipt's wording, after the form of the Standards' receipt annex (Law on Public Services, art. 20(2)). */
export function receiptText(service: ScServiceDefinition, missing: DocumentRequirement[]): LocalisedText {
  const list = (lang: keyof LocalisedText) => missing.map((d, i) => `${i + 1}) ${d.name[lang]}`).join('; ');
  return {
    kk:
      `«Мемлекеттік көрсетілетін қызметтер туралы» Қазақстан Республикасы Заңының 20-бабының 2-тармағын басшылыққа ала отырып, ` +
      `«Азаматтарға арналған үкімет» мемлекеттік корпорациясы мемлекеттік көрсетілетін қызмет стандартында көзделген тізбеге сәйкес ` +
      `құжаттар топтамасын толық ұсынбауыңызға байланысты «${service.title.kk}» мемлекеттік көрсетілетін қызметті көрсетуге құжаттарды ` +
      `қабылдаудан бас тартады, атап айтқанда: ${list('kk')}. Осы қолхат әр тарапқа бір-бірден 2 данада жасалды.`,
    ru:
      `Руководствуясь пунктом 2 статьи 20 Закона Республики Казахстан «О государственных услугах», Государственная корпорация ` +
      `«Правительство для граждан» отказывает в приеме документов на оказание государственной услуги «${service.title.ru}» ввиду ` +
      `представления Вами неполного пакета документов согласно перечню, предусмотренному стандартом государственной услуги, а именно: ` +
      `${list('ru')}. Настоящая расписка составлена в 2 экземплярах, по одному для каждой стороны.`,
    en:
      `Under Article 20(2) of the Law of the Republic of Kazakhstan "On public services", the State Corporation "Government for Citizens" ` +
      `refuses to accept the documents for the public service "${service.title.en}" because the package is incomplete against the list ` +
      `of the service Standard; missing: ${list('en')}. This receipt is made in 2 copies, one for each party.`,
  };
}

const PERIOD = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/;

/** Whether a text is a period of years, months and days (`P6M`, `P2Y`, `P1Y6M`, `P30D`). */
export function isPeriod(text: string): boolean {
  return text !== 'P' && PERIOD.test(text);
}

/** The instant a period after `from`, by calendar (UTC) years, months and days; the day is clamped to the month's end. */
export function addPeriod(from: Date, period: string): Date {
  const m = PERIOD.exec(period);
  if (!m || period === 'P') throw new RangeError(`not a period: ${period}`);
  const [, y, mo, d] = m;
  const months = from.getUTCMonth() + Number(y ?? 0) * 12 + Number(mo ?? 0);
  const target = new Date(from.getTime());
  target.setUTCDate(1);
  target.setUTCFullYear(from.getUTCFullYear(), months, 1);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(from.getUTCDate(), lastDay));
  return new Date(target.getTime() + Number(d ?? 0) * 86_400_000);
}
