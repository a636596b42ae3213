/** АИС СУ's problem codes (REST). Each is listed in docs/systems/ais-su.md. */
import { defineProblems } from '../../core/problem.js';

export const aisSuProblems = defineProblems('ais-su', {
  ADDITIONAL_CHECK_NOT_FOUND: { status: 404, title: 'No additional check with this id' },
  CRIMINAL_RECORD_CERTIFICATE_NOT_FOUND: { status: 404, title: 'No criminal-record certificate with this id' },
  ADDITIONAL_CHECK_IN_PROGRESS: { status: 409, title: 'An additional check is in progress: the certificate can be issued when it completes' },
  CRIMINAL_RECORD_NO_DATA: { status: 422, title: 'Data cannot be obtained because criminal-record data are absent' },
});
