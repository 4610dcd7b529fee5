import { type INestApplication, Logger } from '@nestjs/common';
import { type FastifyInstance } from 'fastify';
import { RecordRateLimitViolationCmd } from '../../../app/risk/executor/record-rate-limit-violation.cmd';
import { RecordRateLimitViolationCmdExe } from '../../../app/risk/executor/record-rate-limit-violation.cmd-exe';
import { BannedAddresses } from '../../../domain/risk/banned-addresses';
import { IpBannedError } from '../../../domain/risk/risk.errors';
import { toErrorResponse } from '../common/error-response';
import { clientAddress } from './client-address';

/** Probes of the load balancer and the orchestrator answer whatever the address. */
const OPEN_TO_BANNED = /^\/health(?:[/?]|$)/;

/**
 * The risk context's Fastify hooks: a banned address is refused (403 IP_BANNED) before any other work on every
 * route but /health (docs and unknown routes too), and every 429 counts towards an automatic ban.
 */
export function installRiskHooks(app: INestApplication, fastify: FastifyInstance): void {
  refuseBannedAddresses(fastify, app.get(BannedAddresses));
  countRateLimitViolations(fastify, app.get(RecordRateLimitViolationCmdExe));
}

export function refuseBannedAddresses(fastify: FastifyInstance, banned: BannedAddresses): void {
  const { body } = toErrorResponse(new IpBannedError(), '');
  const payload = JSON.stringify(body);
  fastify.addHook('onRequest', (request, reply, done) => {
    if (OPEN_TO_BANNED.test(request.url) || !banned.isBanned(clientAddress(request))) return done();
    void reply.code(body.statusCode).header('Content-Type', 'application/json; charset=utf-8').send(payload);
  });
}

export function countRateLimitViolations(
  fastify: FastifyInstance,
  recordViolation: RecordRateLimitViolationCmdExe,
): void {
  const logger = new Logger('RateLimitViolations');
  fastify.addHook('onResponse', (request, reply, done) => {
    if (reply.statusCode === 429) {
      recordViolation
        .execute(new RecordRateLimitViolationCmd(clientAddress(request)))
        .catch((error: unknown) =>
          logger.warn(`Violation of ${clientAddress(request)} not counted: ${String(error)}`),
        );
    }
    done();
  });
}
