/**
 * `POST /__admin/sign`: signs an XML document (enveloped XMLDSig) with a persona's AUTH or SIGN key, as the
 * persona's own signing tool would. For clients that hold no key themselves, such as the demo page at /ui; a
 * client with the persona's PKCS#12 (GET /pki/personas/{iin}/...) signs for itself. The keys are test keys.
 */
import type { FastifyInstance } from 'fastify';
import { defineProblems } from '../core/problem.js';
import { parseXmlSafely, XmlRefusedError } from '../core/xml.js';
import { signEnveloped } from '../pki/xmldsig/index.js';

const signingProblems = defineProblems('admin-signing', {
  SIGNING_KEY_NOT_FOUND: { status: 404, title: 'The persona has no key of that usage' },
  SIGNING_XML_INVALID: { status: 400, title: 'The document to sign is not acceptable XML' },
});

export async function adminSigningPlugin(app: FastifyInstance): Promise<void> {
  app.post<{ Body: { iin: string; usage: 'auth' | 'sign'; xml: string } }>(
    '/sign',
    {
      schema: {
        summary: "Sign an XML document with a persona's key (enveloped XMLDSig, RSA-SHA256)",
        tags: ['admin'],
        operationId: 'adminSign',
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['iin', 'usage', 'xml'],
          properties: { iin: { type: 'string', pattern: '^[0-9]{12}$' }, usage: { type: 'string', enum: ['auth', 'sign'] }, xml: { type: 'string', maxLength: 200_000 } },
        },
        response: { 200: { type: 'object', required: ['signedXml'], properties: { signedXml: { type: 'string' } } } },
      },
    },
    async (request) => {
      const { iin, usage, xml } = request.body;
      try {
        parseXmlSafely(xml);
      } catch (error) {
        if (error instanceof XmlRefusedError) throw signingProblems.SIGNING_XML_INVALID(error.message);
        throw error;
      }
      const credential = await app.sandbox.pki.keyPairOf(request.tenant, iin, usage);
      if (!credential) throw signingProblems.SIGNING_KEY_NOT_FOUND(`${iin} has no ${usage.toUpperCase()} key in this tenant`);
      return { signedXml: signEnveloped(xml, credential) };
    },
  );
}
