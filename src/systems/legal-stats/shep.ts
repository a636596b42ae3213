/**
 * Legal statistics through the SHEP gateway, under serviceIds of ours: the same operations and data as the
 * REST routes, as unqualified XML elements.
 * @see ../../../docs/systems/legal-stats.md
 */
import { toXmlElements } from '../../core/xml.js';
import type { RoutedService } from '../gateway/services.js';
import { dataField, requiredDataField, toXmlObject } from '../ais-su/shep-xml.js';
import type { LegalStatsService } from './service.js';

export const LEGALSTATS_SERVICE_IDS = {
  adminOffences: 'LEGALSTATS_AdminOffencesSync',
  registerCheck: 'LEGALSTATS_RegisterCheckSync',
} as const;

/** Wrapper → item element names of the answers' arrays. */
export const LEGALSTATS_XML_ITEMS = { offences: 'offence', registers: 'register', entries: 'entry' } as const;

function xml(value: object): { xml: string } {
  return { xml: toXmlElements(toXmlObject(value, LEGALSTATS_XML_ITEMS)) };
}

export function legalStatsShepServices(legalStats: LegalStatsService): RoutedService[] {
  return [
    {
      serviceId: LEGALSTATS_SERVICE_IDS.adminOffences,
      system: 'legal-stats',
      realName: false,
      description: 'ҚР БП ҚСЖАЕК АЖ: administrative offences by IIN (data: {iin}, seed 004 D); answers result RECORDS_FOUND / NO_RECORDS and offences',
      async handle({ tenant, data }) {
        return xml(await legalStats.adminOffences(tenant, requiredDataField(data, 'iin')));
      },
    },
    {
      serviceId: LEGALSTATS_SERVICE_IDS.registerCheck,
      system: 'legal-stats',
      realName: false,
      description: 'ҚР БП ҚСЖАЕК АЖ and ББТ register checks (data: {iin, register?: prosecutor|bbt}, seed 002); answers result CLEAR / HIT per register with entries',
      async handle({ tenant, data }) {
        return xml(await legalStats.registerCheck(tenant, requiredDataField(data, 'iin'), dataField(data, 'register')));
      },
    },
  ];
}
