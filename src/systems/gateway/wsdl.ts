/**
 * The SyncChannel WSDL 1.1 (document/literal) and its XML Schemas, from which an off-the-shelf SOAP
 * client (zeep, CXF, .NET svcutil) can call the gateway. The SyncChannel types follow the real ones
 * (integration-shapes §1); the GBD FL data types are ours, since the real schema is not public.
 */
import { GBDFL_DATA_NS } from '../gbdfl/shep.js';
import { escapeXml } from '../../core/xml.js';
import { SYNC_INTERFACES_NS, SYNC_TYPES_NS } from './soap.js';

const XS = 'http://www.w3.org/2001/XMLSchema';

/** `<xs:element>` lines: [name, type, minOccurs 0?, maxOccurs unbounded?]. */
type Field = [name: string, type: string, optional?: boolean, many?: boolean];

function sequence(fields: Field[]): string {
  return `<xs:sequence>${fields
    .map(([name, type, optional, many]) => `<xs:element name="${name}" type="${type}"${optional ? ' minOccurs="0"' : ''}${many ? ' maxOccurs="unbounded"' : ''}/>`)
    .join('')}</xs:sequence>`;
}

function complexType(name: string, fields: Field[]): string {
  return `<xs:complexType name="${name}">${sequence(fields)}</xs:complexType>`;
}

/** The SyncChannel types: SendMessage, SendMessageResponse, ErrorInfo. */
function syncTypesSchema(): string {
  return (
    `<xs:schema xmlns:xs="${XS}" xmlns:tns="${SYNC_TYPES_NS}" targetNamespace="${SYNC_TYPES_NS}" elementFormDefault="unqualified">` +
    `<xs:element name="SendMessage"><xs:complexType>${sequence([['request', 'tns:SyncSendMessageRequest']])}</xs:complexType></xs:element>` +
    `<xs:element name="SendMessageResponse"><xs:complexType>${sequence([['response', 'tns:SyncSendMessageResponse']])}</xs:complexType></xs:element>` +
    `<xs:element name="SendMessageFault1_SendMessageFault" type="tns:ErrorInfo"/>` +
    complexType('SyncSendMessageRequest', [
      ['requestInfo', 'tns:SyncMessageInfo'],
      ['requestData', 'tns:RequestData', true],
    ]) +
    complexType('SyncMessageInfo', [
      ['messageId', 'xs:string'],
      ['correlationId', 'xs:string', true],
      ['serviceId', 'xs:string'],
      ['messageDate', 'xs:dateTime'],
      ['routeId', 'xs:string', true],
      ['sender', 'tns:SenderInfo'],
      ['properties', 'tns:Property', true, true],
      ['sessionId', 'xs:string', true],
    ]) +
    complexType('SenderInfo', [
      ['senderId', 'xs:string'],
      ['password', 'xs:string', true],
    ]) +
    complexType('Property', [
      ['key', 'xs:string'],
      ['value', 'xs:string'],
    ]) +
    complexType('RequestData', [['data', 'xs:anyType']]) +
    complexType('SyncSendMessageResponse', [
      ['responseInfo', 'tns:SyncMessageInfoResponse'],
      ['responseData', 'tns:ResponseData'],
    ]) +
    complexType('SyncMessageInfoResponse', [
      ['messageId', 'xs:string'],
      ['correlationId', 'xs:string', true],
      ['responseDate', 'xs:dateTime'],
      ['status', 'tns:StatusInfo'],
      ['sessionId', 'xs:string', true],
    ]) +
    complexType('StatusInfo', [
      ['code', 'xs:string'],
      ['message', 'xs:string'],
    ]) +
    complexType('ResponseData', [['data', 'xs:anyType']]) +
    complexType('ErrorInfo', [
      ['errorCode', 'xs:string'],
      ['errorMessage', 'xs:string'],
      ['errorData', 'xs:string', true],
      ['errorDate', 'xs:dateTime'],
      ['subError', 'tns:ErrorInfo', true],
      ['sessionId', 'xs:string', true],
    ]) +
    `</xs:schema>`
  );
}

/** The GBD FL request and response carried in `data` (xsi:type gbdfl:Request / gbdfl:Response). */
function gbdflSchema(): string {
  const d = 'tns:Dictionary';
  return (
    `<xs:schema xmlns:xs="${XS}" xmlns:tns="${GBDFL_DATA_NS}" targetNamespace="${GBDFL_DATA_NS}" elementFormDefault="unqualified">` +
    complexType('Request', [
      ['messageId', 'xs:string', true],
      ['messageDate', 'xs:dateTime', true],
      ['senderCode', 'xs:string', true],
      ['iin', 'xs:string'],
    ]) +
    complexType('Response', [
      ['messageId', 'xs:string'],
      ['messageDate', 'xs:dateTime'],
      ['requestId', 'xs:string'],
      ['sender', d],
      ['receiver', d],
      ['messageResult', d],
      ['persons', 'tns:Persons'],
    ]) +
    complexType('Dictionary', [
      ['code', 'xs:string'],
      ['nameRu', 'xs:string', true],
      ['nameKz', 'xs:string', true],
      ['changeDate', 'xs:string', true],
    ]) +
    complexType('Persons', [['person', 'tns:Person', true, true]]) +
    complexType('Person', [
      ['iin', 'xs:string'],
      ['surname', 'xs:string'],
      ['name', 'xs:string'],
      ['patronymic', 'xs:string', true],
      ['engFirstName', 'xs:string', true],
      ['engSurname', 'xs:string', true],
      ['birthDate', 'xs:date'],
      ['deathDate', 'xs:date', true],
      ['gender', d],
      ['nationality', d],
      ['citizenship', d],
      ['lifeStatus', d],
      ['birthCertificate', 'tns:BirthCertificate'],
      ['birthPlace', 'tns:BirthPlace'],
      ['regAddress', 'tns:RegAddress'],
      ['documents', 'tns:Documents'],
      ['removed', 'xs:boolean'],
    ]) +
    complexType('BirthCertificate', [
      ['number', 'xs:string'],
      ['beginDate', 'xs:date'],
      ['issueOrganisation', 'xs:string'],
    ]) +
    complexType('BirthPlace', [
      ['country', d],
      ['region', 'xs:string'],
      ['district', 'xs:string', true],
      ['city', 'xs:string'],
    ]) +
    complexType('RegAddress', [
      ['country', d],
      ['region', 'xs:string'],
      ['district', 'xs:string', true],
      ['city', 'xs:string'],
      ['street', 'xs:string'],
      ['building', 'xs:string'],
      ['flat', 'xs:string', true],
      ['beginDate', 'xs:date'],
      ['status', d],
      ['invalidity', d],
      ['arCode', 'xs:string'],
    ]) +
    complexType('Documents', [['document', 'tns:Document', true, true]]) +
    complexType('Document', [
      ['type', d],
      ['number', 'xs:string'],
      ['beginDate', 'xs:date'],
      ['endDate', 'xs:date'],
      ['issueOrganization', d],
      ['status', d],
      ['invalidityDate', 'xs:date', true],
      ['surname', 'xs:string'],
      ['name', 'xs:string'],
      ['patronymic', 'xs:string', true],
      ['birthDate', 'xs:date'],
    ]) +
    `</xs:schema>`
  );
}

/** The schemas served at `?xsd=sync` and `?xsd=gbdfl`; `?xsd` alone gives the SyncChannel types. */
export function buildXsd(which = 'sync'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>${which === 'gbdfl' ? gbdflSchema() : syncTypesSchema()}`;
}

/** The WSDL, with both schemas inline so a client needs one fetch; `endpoint` is the soap:address. */
export function buildWsdl(endpoint: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<wsdl:definitions name="SyncChannel" targetNamespace="${SYNC_INTERFACES_NS}" xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" ` +
    `xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="${SYNC_INTERFACES_NS}" xmlns:types="${SYNC_TYPES_NS}">` +
    `<wsdl:documentation>kz-egov-sandbox: SHEP SyncChannel (ЭҮШ) emulation. Data types of routed services: GBD FL in ${GBDFL_DATA_NS}.</wsdl:documentation>` +
    `<wsdl:types>${syncTypesSchema()}${gbdflSchema()}</wsdl:types>` +
    `<wsdl:message name="SendMessage"><wsdl:part name="parameters" element="types:SendMessage"/></wsdl:message>` +
    `<wsdl:message name="SendMessageResponse"><wsdl:part name="parameters" element="types:SendMessageResponse"/></wsdl:message>` +
    `<wsdl:message name="SendMessageFault"><wsdl:part name="fault" element="types:SendMessageFault1_SendMessageFault"/></wsdl:message>` +
    `<wsdl:portType name="ISyncChannel"><wsdl:operation name="SendMessage">` +
    `<wsdl:input message="tns:SendMessage"/><wsdl:output message="tns:SendMessageResponse"/>` +
    `<wsdl:fault name="SendMessageFault" message="tns:SendMessageFault"/></wsdl:operation></wsdl:portType>` +
    `<wsdl:binding name="SyncChannelHttpBinding" type="tns:ISyncChannel">` +
    `<soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>` +
    `<wsdl:operation name="SendMessage"><soap:operation soapAction="SendMessage" style="document"/>` +
    `<wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output>` +
    `<wsdl:fault name="SendMessageFault"><soap:fault name="SendMessageFault" use="literal"/></wsdl:fault>` +
    `</wsdl:operation></wsdl:binding>` +
    `<wsdl:service name="SyncChannelService"><wsdl:port name="SyncChannelHttpPort" binding="tns:SyncChannelHttpBinding">` +
    `<soap:address location="${escapeXml(endpoint)}"/></wsdl:port></wsdl:service>` +
    `</wsdl:definitions>`
  );
}
