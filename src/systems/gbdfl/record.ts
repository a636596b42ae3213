/**
 * The GBD FL (ЖТ МДҚ) person record, in the field shape of the real service: coded dictionaries
 * `{code, nameRu, nameKz}`, documents, registration address, life status.
 *
 * Fields a persona does not give are generated deterministically from its IIN, so a record never changes
 * between runs.
 * @see ../../../../shared/spec/integration-shapes.md §2
 */
import { parseIin } from '../../core/iin.js';
import { hasTrait, type Persona } from '../../personas/persona.js';

export interface CodedDictionary {
  code: string;
  nameRu: string;
  nameKz: string;
  changeDate?: string;
}

export interface GbdflDocument {
  type: CodedDictionary;
  number: string;
  beginDate: string;
  endDate: string;
  issueOrganization: CodedDictionary;
  status: CodedDictionary;
  invalidityDate?: string;
  surname: string;
  name: string;
  patronymic?: string;
  birthDate: string;
}

export interface GbdflPerson {
  iin: string;
  surname: string;
  name: string;
  patronymic?: string;
  engFirstName?: string;
  engSurname?: string;
  birthDate: string;
  deathDate?: string;
  gender: CodedDictionary;
  nationality: CodedDictionary;
  citizenship: CodedDictionary;
  lifeStatus: CodedDictionary;
  birthCertificate: { number: string; beginDate: string; issueOrganisation: string };
  birthPlace: { country: CodedDictionary; region: string; district?: string; city: string };
  regAddress: {
    country: CodedDictionary;
    region: string;
    district?: string;
    city: string;
    street: string;
    building: string;
    flat?: string;
    beginDate: string;
    status: CodedDictionary;
    invalidity: CodedDictionary;
    arCode: string;
  };
  documents: { document: GbdflDocument[] };
  removed: boolean;
}

/** Dictionary values. The codes for gender, citizenship, document types and statuses are the real ones; life-status names are ours. */
export const DICTIONARY = {
  gender: {
    male: { code: '1', nameRu: 'Мужской', nameKz: 'Ер' },
    female: { code: '2', nameRu: 'Женский', nameKz: 'Әйел' },
  },
  kazakhstan: { code: '398', nameRu: 'Казахстан', nameKz: 'Қазақстан' },
  kazakhNationality: { code: '005', nameRu: 'Казах', nameKz: 'Қазақ' },
  lifeStatus: {
    alive: { code: '0', nameRu: 'Нормальный', nameKz: 'Қалыпты' },
    deceased: { code: '1', nameRu: 'Умерший', nameKz: 'Қайтыс болған' },
  },
  documentType: {
    '001': { code: '001', nameRu: 'Паспорт гражданина РК', nameKz: 'ҚР азаматының паспорты' },
    '002': { code: '002', nameRu: 'Удостоверение личности гражданина РК', nameKz: 'ҚР азаматының жеке куәлігі' },
    '015': { code: '015', nameRu: 'Заграничный паспорт', nameKz: 'Шетелдік паспорт' },
  },
  documentStatus: {
    '00': { code: '00', nameRu: 'Документ действителен', nameKz: 'Құжат жарамды' },
    '07': { code: '07', nameRu: 'Непригоден', nameKz: 'Жарамсыз' },
    '17': { code: '17', nameRu: 'Выдан новый документ', nameKz: 'Жаңа құжат берілді' },
    '18': { code: '18', nameRu: 'Изменена актовая запись о смерти', nameKz: 'Қайтыс болу туралы акт жазбасы өзгертілді' },
  },
  mvd: { code: '002', nameRu: 'МВД РК', nameKz: 'ҚР ІІМ' },
  addressStatus: { code: '1', nameRu: 'Постоянная регистрация', nameKz: 'Тұрақты тіркеу' },
  addressValid: { code: '0', nameRu: 'Действителен', nameKz: 'Жарамды' },
} as const;

/** Adds whole years to an ISO date (29 February becomes 28 February when needed). */
function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

function defaultDocuments(persona: Persona, birthDate: string): GbdflDocument[] {
  const eligibleFrom = addYears(birthDate, 16);
  // Children under 16 have no identity card, only a birth certificate.
  if (eligibleFrom > '2026-01-01' && !hasTrait(persona, 'id-document-expired')) return [];
  const expired = hasTrait(persona, 'id-document-expired');
  const beginDate = expired ? maxDate(eligibleFrom, '2008-06-10') : maxDate(eligibleFrom, '2019-06-10');
  return [{ type: '002' as const, number: `0${persona.iin.slice(3, 11)}`, beginDate, endDate: addYears(beginDate, 10), status: expired ? '07' as const : '00' as const }].map(
    (doc) => toGbdflDocument(persona, birthDate, doc),
  );
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function toGbdflDocument(
  persona: Persona,
  birthDate: string,
  doc: { type: '001' | '002' | '015'; number: string; beginDate: string; endDate: string; status?: '00' | '07' | '17' | '18' },
): GbdflDocument {
  const status = doc.status ?? '00';
  return {
    type: DICTIONARY.documentType[doc.type],
    number: doc.number,
    beginDate: doc.beginDate,
    endDate: doc.endDate,
    issueOrganization: DICTIONARY.mvd,
    status: DICTIONARY.documentStatus[status],
    ...(status === '00' ? {} : { invalidityDate: doc.endDate }),
    surname: persona.surname,
    name: persona.name,
    ...(persona.patronymic ? { patronymic: persona.patronymic } : {}),
    birthDate,
  };
}

/** Builds the GBD FL record of a persona, or `null` when the persona is absent from GBD FL. */
export function gbdflRecordOf(persona: Persona): GbdflPerson | null {
  if (hasTrait(persona, 'gbdfl-absent')) return null;
  const parsed = parseIin(persona.iin);
  if (!parsed.ok) return null; // personas are validated at load; this keeps the type honest
  const { birthDate, sex } = parsed.value;
  const g = persona.gbdfl ?? {};
  const deceased = hasTrait(persona, 'deceased');
  const serialDigits = persona.iin.slice(7, 11);
  const address = g.regAddress ?? {};
  const documents = g.documents
    ? g.documents.map((doc) => toGbdflDocument(persona, birthDate, doc))
    : defaultDocuments(persona, birthDate);
  return {
    iin: persona.iin,
    surname: persona.surname,
    name: persona.name,
    ...(persona.patronymic ? { patronymic: persona.patronymic } : {}),
    ...(persona.engFirstName ? { engFirstName: persona.engFirstName } : {}),
    ...(persona.engSurname ? { engSurname: persona.engSurname } : {}),
    birthDate,
    ...(deceased ? { deathDate: g.deathDate ?? '2025-02-14' } : {}),
    gender: DICTIONARY.gender[sex],
    nationality: { ...DICTIONARY.kazakhNationality, ...g.nationality } as CodedDictionary,
    citizenship: { ...DICTIONARY.kazakhstan, ...g.citizenship } as CodedDictionary,
    lifeStatus: deceased ? DICTIONARY.lifeStatus.deceased : DICTIONARY.lifeStatus.alive,
    birthCertificate: {
      number: `I-ШЖ ${serialDigits}${persona.iin.slice(0, 2)}`,
      beginDate: birthDate,
      issueOrganisation: 'АХАТ бөлімі / Отдел ЗАГС',
    },
    birthPlace: {
      country: DICTIONARY.kazakhstan,
      region: g.birthPlace?.region ?? 'Алматы облысы',
      ...(g.birthPlace?.district ? { district: g.birthPlace.district } : {}),
      city: g.birthPlace?.city ?? 'Қонаев',
    },
    regAddress: {
      country: DICTIONARY.kazakhstan,
      region: address.region ?? 'Астана қаласы',
      district: address.district ?? 'Есіл ауданы',
      city: address.city ?? 'Астана',
      street: address.street ?? 'Мәңгілік Ел даңғылы',
      building: address.building ?? String(1 + (Number(serialDigits) % 60)),
      flat: address.flat ?? String(1 + (Number(serialDigits) % 120)),
      beginDate: address.beginDate ?? maxDate(birthDate, '2015-09-01'),
      status: DICTIONARY.addressStatus,
      invalidity: DICTIONARY.addressValid,
      arCode: `0201${persona.iin.slice(0, 6)}`,
    },
    documents: { document: documents },
    removed: false,
  };
}
