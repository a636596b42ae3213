/**
 * The State Corporation workstation's problem codes, REST. Through SHEP the 400s become `INVALID_FIELD` faults
 * and the rest `result/code` values (see ../payments/shep-data.ts).
 * @see ../../../docs/systems/state-corporation.md
 */
import { defineProblems } from '../../core/problem.js';

export const stateCorporationProblems = defineProblems('state-corporation', {
  OPERATOR_AUTH_FAILED: { status: 401, title: 'Unknown operator IIN or wrong password' },
  OPERATOR_NOT_AUTHORISED: { status: 403, title: 'This person is not an operator of the State Corporation workstation' },
  OPERATOR_SESSION_REQUIRED: { status: 401, title: 'Log in at the workstation first: Authorization: Bearer <token>' },
  OPERATOR_SESSION_EXPIRED: { status: 401, title: 'The operator session has expired; log in again' },
  OPERATOR_CANNOT_SIGN: { status: 409, title: 'The operator has no signing (SIGN) certificate to certify the request' },
  SC_SERVICE_UNKNOWN: { status: 400, title: 'The State Corporation does not accept this service' },
  SC_SERVICE_NOT_FOUND: { status: 404, title: 'No such service in the State Corporation catalogue' },
  SC_DOCUMENT_UNKNOWN: { status: 400, title: 'A document code is not in the service\'s list' },
  SC_FIELD_INVALID: { status: 400, title: 'A field of the workstation request has an invalid value' },
  PACKAGE_CHECK_NOT_FOUND: { status: 404, title: 'No such package check' },
  PACKAGE_REFUSED: { status: 409, title: 'The package was refused (incomplete): nothing can be forwarded' },
  PACKAGE_ALREADY_FORWARDED: { status: 409, title: 'The package has already been forwarded' },
  RECEIPT_NOT_FOUND: { status: 404, title: 'No such receipt' },
  FORWARDING_NOT_FOUND: { status: 404, title: 'No such forwarded request' },
  RESULT_ALREADY_RECEIVED: { status: 409, title: 'The result of this request has already arrived' },
  RESULT_NOT_READY: { status: 409, title: 'The result has not arrived at the State Corporation yet' },
  RESULT_ALREADY_COLLECTED: { status: 409, title: 'The applicant has already collected the result' },
  RESULT_DESTROYED: { status: 410, title: 'The uncollected result was destroyed after its storage period' },
});
