/**
 * The criminal-record certificate (соттылығының бар немесе жоқ екендігі туралы анықтама / справка о наличии
 * либо отсутствии судимости) as an XML document. The real form is not public; this one is ours
 * (docs/systems/ais-su.md). Its root carries an `Id` attribute so an enveloped XML signature can reference it.
 */
import { parseIin } from '../../core/iin.js';
import { escapeXml } from '../../core/xml.js';
import type { Persona } from '../../personas/persona.js';
import { type Conviction, CRIMINAL_RECORD_MESSAGES } from './record.js';

export const CERTIFICATE_NS = 'urn:kz-egov-sandbox:ais-su:certificate:v1';

/** The issuer: the Committee on Legal Statistics and Special Accounts (ҚСжАЕК / КПСиСУ), through "АИС СУ" АЖ. */
export const CERTIFICATE_ISSUER = {
  code: 'KPSISU',
  nameKz: 'Қазақстан Республикасы Бас прокуратурасының Құқықтық статистика және арнайы есепке алу жөніндегі комитеті',
  nameRu: 'Комитет по правовой статистике и специальным учетам Генеральной прокуратуры Республики Казахстан',
  nameEn: "Committee on Legal Statistics and Special Accounts of the General Prosecutor's Office of the Republic of Kazakhstan",
  system: '"АИС СУ" АЖ',
} as const;

export interface CertificateContent {
  id: string;
  number: string;
  issuedAt: string;
  persona: Persona;
  status: 'NO_RECORD' | 'RECORD';
  convictions: Conviction[];
  /** The additional check the result came from, if any. */
  checkId?: string;
}

function el(name: string, value: string | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(value)}</${name}>`;
}

/** Writes the certificate document (UTF-8, no signature). */
export function certificateXml(c: CertificateContent): string {
  const parsed = parseIin(c.persona.iin);
  const birthDate = parsed.ok ? parsed.value.birthDate : undefined;
  const message = CRIMINAL_RECORD_MESSAGES[c.status];
  const convictions = c.convictions.length
    ? `<convictions>${c.convictions
        .map(
          (v) =>
            `<conviction>${el('article', v.article)}${el('court', v.court)}${el('sentenceDate', v.sentenceDate)}${el('sentence', v.sentence)}${el('expunged', String(v.expunged))}</conviction>`,
        )
        .join('')}</convictions>`
    : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<CriminalRecordCertificate xmlns="${CERTIFICATE_NS}" Id="${escapeXml(c.id)}">` +
    el('number', c.number) +
    el('issuedAt', c.issuedAt) +
    `<issuer>${el('code', CERTIFICATE_ISSUER.code)}${el('nameKz', CERTIFICATE_ISSUER.nameKz)}${el('nameRu', CERTIFICATE_ISSUER.nameRu)}${el('nameEn', CERTIFICATE_ISSUER.nameEn)}${el('system', CERTIFICATE_ISSUER.system)}</issuer>` +
    `<subject>${el('iin', c.persona.iin)}${el('surname', c.persona.surname)}${el('name', c.persona.name)}${el('patronymic', c.persona.patronymic)}${el('birthDate', birthDate)}</subject>` +
    el('result', c.status) +
    `<statement xml:lang="kk">${escapeXml(message.kk)}</statement>` +
    `<statement xml:lang="ru">${escapeXml(message.ru)}</statement>` +
    `<statement xml:lang="en">${escapeXml(message.en)}</statement>` +
    convictions +
    el('additionalCheckId', c.checkId) +
    el('disclaimer', 'Issued by kz-egov-sandbox for testing: not a real document') +
    `</CriminalRecordCertificate>`
  );
}
