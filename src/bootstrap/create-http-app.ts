import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { answerClientError, answerFrameworkError } from '../adapter/http/common/framework-errors';
import { refuseDeepJson } from '../adapter/http/common/json-body-parser';
import { recordHttpMetrics } from '../adapter/http/operations/http-metrics';
import { answerOrderAttempts } from '../adapter/http/ordering/order-front-door';
import { AddressRateLimitGuard } from '../adapter/http/risk/address-rate-limit.guard';
import { OrderRateLimitGuard } from '../adapter/http/risk/order-rate-limit.guard';
import { fastifyTrustProxy } from '../adapter/http/risk/client-address';
import { installRiskHooks } from '../adapter/http/risk/risk-hooks';
import { installQueueBoard } from './queue-board';
import { installWebApp } from '../adapter/http/web/web-app';
import { PlaceOrderCmdExe } from '../app/ordering/executor/place-order.cmd-exe';
import { AccessTokens } from '../domain/identity/access-tokens';
import { BannedAddresses } from '../domain/risk/banned-addresses';
import { AppModule } from '../app.module';
import { type AppConfig } from '../config/app-config';

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Builds the HTTP API (not yet listening): Fastify, the conventions of API.md, OpenAPI at /docs. */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: fastifyTrustProxy(config.http.trustProxy),
    bodyLimit: config.http.bodyLimitBytes,
    requestIdHeader: false,
    genReqId: adoptRequestId,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    // What Fastify and Node's HTTP parser answer on their own (400, 414, 431) leaves with the API's error body.
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
    // JSON only, through the parser below: Nest's own would replace it (and add a form parser the API never used).
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();

  const fastify = app.getHttpAdapter().getInstance();
  // Nesting is measured on the raw text, before the body becomes objects (API.md: deeper than 32 levels is 400).
  refuseDeepJson(fastify, config.http.bodyLimitBytes);
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('X-Request-Id', request.id);
    done();
  });
  recordHttpMetrics(fastify);
  // Refuses banned addresses before any other work (docs and unknown routes too); counts 429s towards a ban.
  installRiskHooks(app, fastify);
  answerOrderAttempts(
    adapter,
    {
      placeOrder: app.get(PlaceOrderCmdExe),
      tokens: app.get(AccessTokens),
      banned: app.get(BannedAddresses),
      rateLimits: [app.get(AddressRateLimitGuard), app.get(OrderRateLimitGuard)],
    },
    { beforeMiddleware: !config.http.logRequests },
  );
  setUpOpenApi(app);
  await installQueueBoard(app, fastify);
  await installWebApp(fastify, config.http.webDistDir);
  return app;
}

/** Keeps a caller's X-Request-Id when it is sane, so one id follows a request across services. */
function adoptRequestId(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  // pino-http reads the id from here, so every log line of the request carries the same one.
  (req as IncomingMessage & { id?: string }).id = id;
  return id;
}

function setUpOpenApi(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Flash sale platform')
      .setDescription(
        'Sell every unit exactly once to a crowd that arrives all at once. Errors: see ErrorBodyDto.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}
