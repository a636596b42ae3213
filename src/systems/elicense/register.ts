/**
 * The licence register of "Е-лицензиялау" АЖ (e-licensing): licences to practise advocacy, forensic-expert
 * activity and as a private bailiff, with their issue / re-issue (қайта ресімдеу) / duplicate (телнұсқа) history.
 * @see ../../../../shared/spec/000_90a019355914c1b8.md §3 (advocate-license: issue, reissue, duplicate)
 * @see ../../../../shared/spec/001_9498eb7b1446db43.md (forensic-expert-license), 002 (bailiff-license)
 * @see ../../../docs/systems/elicense.md
 */
import type { Licence, Persona } from '../../personas/persona.js';
import { fullNameOf } from '../shared/identity.js';

export const LICENCE_TYPES = ['advocacy', 'forensic-expert', 'private-bailiff'] as const;
export type LicenceType = (typeof LICENCE_TYPES)[number];

export interface LocalisedText {
  kk: string;
  ru: string;
  en: string;
}

/** Each licence type: its name and the regulation (service slug) that issues it. */
export const LICENCE_TYPE_INFO: Readonly<Record<LicenceType, { name: LocalisedText; service: string }>> = {
  advocacy: {
    name: {
      kk: 'Адвокаттық қызметпен айналысуға лицензия',
      ru: 'Лицензия на занятие адвокатской деятельностью',
      en: 'Licence to practise advocacy',
    },
    service: 'advocate-license',
  },
  'forensic-expert': {
    name: {
      kk: 'Сот-сараптама қызметімен айналысуға лицензия',
      ru: 'Лицензия на занятие судебно-экспертной деятельностью',
      en: 'Licence for forensic expert activity',
    },
    service: 'forensic-expert-license',
  },
  'private-bailiff': {
    name: {
      kk: 'Жеке сот орындаушысының қызметімен айналысуға лицензия',
      ru: 'Лицензия на занятие деятельностью частного судебного исполнителя',
      en: 'Licence to practise as a private bailiff',
    },
    service: 'bailiff-license',
  },
};

/** The licensor the sandbox writes on every licence (ours: the seeds name territorial justice bodies). */
export const LICENSOR = 'Қазақстан Республикасы Әділет министрлігі';

export type LicenceAction = 'issue' | 'reissue' | 'duplicate';
/** Stored status; `expired` is derived from validUntil on the virtual clock. */
export type StoredStatus = 'active' | 'suspended' | 'revoked';
export type LicenceStatus = StoredStatus | 'expired';

export interface LicenceEvent {
  action: LicenceAction;
  /** Calendar date in Kazakhstan. */
  date: string;
  /** Virtual instant of the write; null for entries seeded from a persona. */
  at: string | null;
  applicationId: string | null;
  reason: string | null;
}

export interface LicenceRecord {
  number: string;
  type: LicenceType;
  holderIin: string;
  holderName: string;
  status: StoredStatus;
  issuedOn: string;
  /** Null: without a term (licences are usually indefinite). */
  validUntil: string | null;
  /** `persona` when seeded from a persona's `licences`, `register` when written through the API. */
  source: 'persona' | 'register';
  history: LicenceEvent[];
}

export interface LicenceView extends Omit<LicenceRecord, 'status'> {
  status: LicenceStatus;
  typeName: LocalisedText;
  licensor: string;
}

/** A persona's licence as a register entry: one `issue` event on its issuedOn. */
export function recordFromPersona(persona: Persona, licence: Licence): LicenceRecord {
  return {
    number: licence.number,
    type: licence.type,
    holderIin: persona.iin,
    holderName: fullNameOf(persona),
    status: licence.status ?? 'active',
    issuedOn: licence.issuedOn,
    validUntil: licence.validUntil ?? null,
    source: 'persona',
    history: [{ action: 'issue', date: licence.issuedOn, at: null, applicationId: null, reason: null }],
  };
}

/** The register entry as answered: status `expired` once validUntil is before `today`. */
export function viewLicence(record: LicenceRecord, today: string): LicenceView {
  const expired = record.status === 'active' && record.validUntil !== null && record.validUntil < today;
  return {
    ...record,
    status: expired ? 'expired' : record.status,
    typeName: LICENCE_TYPE_INFO[record.type].name,
    licensor: LICENSOR,
    history: record.history.map((e) => ({ ...e })),
  };
}
