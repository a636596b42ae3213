/**
 * The emulated systems, by the id used in URLs, fault injection and the journal.
 * Kazakh names are kept beside ours.
 */
export const SYSTEMS = {
  gbdfl: 'ЖТ МДҚ / ГБД ФЛ: state database of physical persons',
  'ais-su': '"АИС СУ" АЖ: special records (criminal records, archive)',
  'legal-stats': 'ҚР БП ҚСЖАЕК АЖ: Prosecutor General\'s legal statistics, ББТ',
  notary: 'БНАЖ / ЕНИС: unified notary information system',
  payments: 'ЭҮТШ / ПШЭП: e-gov payment gateway',
  elicense: '"Е-лицензиялау" АЖ: e-licensing',
  'state-corporation': '"Азаматтарға арналған үкімет" State Corporation, ӨЭҮШ АЖО',
  pki: 'ҰКО / НУЦ РК: national certification authority (OCSP, CRL)',
} as const;

export type SystemId = keyof typeof SYSTEMS;

export function isSystemId(id: string): id is SystemId {
  return Object.hasOwn(SYSTEMS, id);
}
