import { type INestApplicationContext } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { getOptionsToken, getStorageToken, ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { OrderExpiryProcessor } from '../../src/adapter/queue/order-expiry.processor';
import { OrderPlacementWorker } from '../../src/adapter/queue/order-placement.worker';
import { NotificationProcessor } from '../../src/adapter/queue/notification.processor';
import { SaleWarmUpProcessor } from '../../src/adapter/queue/sale-warm-up.processor';
import { AppModule } from '../../src/app.module';
import { PlaceOrderCmdExe } from '../../src/app/ordering/executor/place-order.cmd-exe';
import { BannedAddresses } from '../../src/domain/risk/banned-addresses';
import { CaptchaCheck } from '../../src/domain/ordering/captcha-check';
import { AppConfig } from '../../src/config/app-config';
import { WorkerModule } from '../../src/worker.module';
import { createTestEnvironment, type TestEnvironment } from '../support/test-environment';

function nameOf(token: unknown): string {
  return typeof token === 'function' ? token.name : String(token);
}

/** What of the HTTP layer a built module graph holds: controllers, global enhancers, throttlers and their storage. */
function httpLayerOf(app: INestApplicationContext): string[] {
  const found: string[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const controller of module.controllers.keys()) found.push(`controller ${nameOf(controller)}`);
    if (module.metatype === ThrottlerModule) found.push('ThrottlerModule');
    for (const [token, wrapper] of module.providers) {
      const name = nameOf(token);
      if (token === getStorageToken() || token === getOptionsToken()) found.push(`throttler ${name}`);
      if (/^APP_(GUARD|FILTER|PIPE|INTERCEPTOR)/.test(name)) found.push(`global enhancer ${name}`);
      if (wrapper.instance instanceof ThrottlerGuard) found.push(`guard ${name}`);
    }
    for (const token of module.injectables.keys()) found.push(`injectable ${nameOf(token)}`);
  }
  return found;
}

describe('The worker process carries no HTTP layer', () => {
  let environment: TestEnvironment;

  beforeAll(async () => {
    environment = await createTestEnvironment();
  });

  afterAll(async () => {
    await environment?.dispose();
  });

  async function build(
    module: ReturnType<typeof WorkerModule.register>,
    use: (app: INestApplicationContext) => void,
  ): Promise<void> {
    const app = await NestFactory.createApplicationContext(module, { logger: false, abortOnError: false });
    try {
      await app.init();
      use(app);
    } finally {
      await app.close();
    }
  }

  it('registers no controller, guard, throttler or throttler storage, and still every processor', async () => {
    const config = AppConfig.fromEnv({ ...environment.env, APP_ROLE: 'worker' });
    await build(WorkerModule.register(config), (app) => {
      expect(httpLayerOf(app)).toEqual([]);
      for (const processor of [
        OrderPlacementWorker,
        OrderExpiryProcessor,
        SaleWarmUpProcessor,
        NotificationProcessor,
      ]) {
        expect(app.get(processor, { strict: false })).toBeInstanceOf(processor);
      }
    });
  });

  it('builds no order placement and no risk context (ban set, captchas): only the API places orders', async () => {
    const config = AppConfig.fromEnv({ ...environment.env, APP_ROLE: 'worker' });
    await build(WorkerModule.register(config), (app) => {
      for (const token of [PlaceOrderCmdExe, BannedAddresses, CaptchaCheck]) {
        expect(() => app.get(token, { strict: false })).toThrow();
      }
    });
    const api = AppConfig.fromEnv({ ...environment.env, APP_ROLE: 'api' });
    await build(AppModule.register(api), (app) => {
      for (const token of [PlaceOrderCmdExe, BannedAddresses, CaptchaCheck]) {
        expect(app.get(token, { strict: false })).toBeTruthy();
      }
    });
  });

  it('is a check that can fail: the API graph, built the same way, holds all of them', async () => {
    const config = AppConfig.fromEnv({ ...environment.env, APP_ROLE: 'api' });
    await build(AppModule.register(config), (app) => {
      const found = httpLayerOf(app);
      expect(found).toEqual(expect.arrayContaining(['ThrottlerModule', 'controller OrdersController']));
      expect(found.some((entry) => entry.startsWith('throttler '))).toBe(true);
      expect(found.some((entry) => entry.startsWith('global enhancer APP_GUARD'))).toBe(true);
      expect(() => app.get(OrderPlacementWorker, { strict: false })).toThrow();
    });
  });
});
