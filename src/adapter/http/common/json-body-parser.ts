import { type FastifyInstance, type FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/shared/domain-error';

/** API.md: JSON nested deeper than this is refused (400) before it is parsed. */
export const MAX_JSON_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * How deeply `text` nests objects and arrays, stopping as soon as it passes `limit` (brackets inside strings do
 * not count). One pass over the characters, no allocation: malformed JSON is left to the parser to refuse.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > limit) return true;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with one that first measures the nesting of the raw text: a body nested thousands
 * of levels deep (16 KiB is enough for 8,000) would otherwise be parsed into objects and overflow the stack in the
 * validation pipe's recursive walk. The parsing itself stays Fastify's (prototype poisoning refused).
 */
export function refuseDeepJson(fastify: FastifyInstance, bodyLimit: number): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit },
    (request: FastifyRequest, body: string | Buffer, done: (error: Error | null, body?: unknown) => void) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
        done(new DomainError('BAD_REQUEST', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`));
        return;
      }
      void parse(request, text, done);
    },
  );
}
