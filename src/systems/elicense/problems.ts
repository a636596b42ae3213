/**
 * E-licensing's ("Е-лицензиялау" АЖ) problem codes, REST. Through SHEP the 400s become `INVALID_FIELD` faults
 * and the rest `result/code` values (see ../payments/shep-data.ts).
 * @see ../../../docs/systems/elicense.md
 */
import { defineProblems } from '../../core/problem.js';

export const elicenseProblems = defineProblems('elicense', {
  LICENCE_NUMBER_INVALID: { status: 400, title: 'A licence number is 1-32 letters, digits or hyphens' },
  LICENCE_TYPE_INVALID: { status: 400, title: 'The licence type must be advocacy, forensic-expert or private-bailiff' },
  LICENCE_FIELD_INVALID: { status: 400, title: 'A field of the licence request has an invalid value' },
  LICENCE_NOT_FOUND: { status: 404, title: 'No licence with this number in the register' },
  LICENCE_ALREADY_HELD: { status: 409, title: 'The holder already has an active licence of this type' },
  LICENCE_NUMBER_TAKEN: { status: 409, title: 'A licence with this number is already in the register' },
  LICENCE_NOT_ACTIVE: { status: 409, title: 'The licence is not active: it cannot be re-issued or duplicated' },
  APPLICATION_ID_REUSED: { status: 422, title: 'This applicationId was used for a different write of the same kind' },
});
