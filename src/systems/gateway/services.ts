/**
 * The services routed by the gateway, by `serviceId`. Each system registers its own
 * (e.g. `GBDFL_UniversalServiceSync` in src/systems/gbdfl/shep.ts).
 */
import type { Element } from '@xmldom/xmldom';
import type { SystemId } from '../../core/systems.js';
import type { Tenant } from '../../core/tenant-store.js';
import type { ResponseData, SyncMessageInfo } from './soap.js';

export interface RoutedCall {
  tenant: Tenant;
  info: SyncMessageInfo;
  /** `requestData/data`, or undefined when the request has none. */
  data: Element | undefined;
  /** The virtual now at receipt. */
  now: Date;
}

export interface RoutedService {
  serviceId: string;
  /** The system behind it: its faults apply. */
  system: SystemId;
  description: string;
  /** Whether the id is the real SHEP one or ours (no public list exists for most). */
  realName: boolean;
  /** Answers the `data` of the response, or throws a GatewayFault / SystemFaultError / ProblemError. */
  handle(call: RoutedCall): Promise<ResponseData>;
}

export class GatewayServiceRegistry {
  private readonly services = new Map<string, RoutedService>();

  register(service: RoutedService): void {
    if (this.services.has(service.serviceId)) throw new Error(`serviceId ${service.serviceId} is already routed`);
    this.services.set(service.serviceId, service);
  }

  get(serviceId: string): RoutedService | undefined {
    return this.services.get(serviceId);
  }

  list(): RoutedService[] {
    return [...this.services.values()];
  }
}
