/** The PKI's problem codes (REST): `/pki`, `/eds`, `/__admin/certificates`. */
import { defineProblems } from '../core/problem.js';

export const pkiProblems = defineProblems('pki', {
  PKI_PERSONA_NOT_FOUND: { status: 404, title: 'No such persona' },
  CERT_NONE: { status: 404, title: 'The persona has no certificate of this usage' },
  CERT_SERIAL_NOT_FOUND: { status: 404, title: 'No certificate with this serial number' },
  CERT_STATE_CONFLICT: { status: 409, title: 'The certificate cannot change to this state' },
  CERT_MALFORMED: { status: 400, title: 'Not a certificate' },
});
