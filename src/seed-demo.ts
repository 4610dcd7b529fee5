import 'reflect-metadata';
import { type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CreateFlashSaleCmd } from './app/catalog/executor/create-flash-sale.cmd';
import { CreateFlashSaleCmdExe } from './app/catalog/executor/create-flash-sale.cmd-exe';
import { CreateProductCmd } from './app/catalog/executor/create-product.cmd';
import { CreateProductCmdExe } from './app/catalog/executor/create-product.cmd-exe';
import { ListFlashSalesQry } from './app/catalog/executor/query/list-flash-sales.qry';
import { ListFlashSalesQryExe } from './app/catalog/executor/query/list-flash-sales.qry-exe';
import { ListProductsQry } from './app/catalog/executor/query/list-products.qry';
import { ListProductsQryExe } from './app/catalog/executor/query/list-products.qry-exe';
import { EnsureFirstAdminCmd } from './app/identity/executor/ensure-first-admin.cmd';
import { EnsureFirstAdminCmdExe } from './app/identity/executor/ensure-first-admin.cmd-exe';
import { RegisterUserCmd } from './app/identity/executor/register-user.cmd';
import { RegisterUserCmdExe } from './app/identity/executor/register-user.cmd-exe';
import { AppModule } from './app.module';
import { exitOnStartupFailure, StartupError } from './bootstrap/process-lifecycle';
import { AppConfig } from './config/app-config';
import { loadEnvFile } from './config/load-env-file';
import { EmailTakenError } from './domain/identity/identity.errors';

export const DEMO_PRODUCT = {
  name: 'Demo limited sneaker',
  description: 'A limited edition, 100 pairs only',
  priceCents: 18000,
};

export const DEMO_SHOPPER = {
  email: 'shopper@example.com',
  password: 'shopper-pass-1',
  displayName: 'Demo Shopper',
};

/** Seeds a demo through the same use cases the API runs; running it again changes nothing. */
async function seedDemo(): Promise<void> {
  loadEnvFile();
  const config = AppConfig.fromEnv({ ...process.env, APP_ROLE: 'api', LOG_LEVEL: 'warn' });
  if (config.env === 'production' && process.env.SEED_DEMO !== 'true') {
    // The demo shopper's password is in the README: in production it is an account anyone can log in to.
    throw new StartupError('the demo is not seeded in production unless asked for with SEED_DEMO=true');
  }
  const app = await NestFactory.createApplicationContext(AppModule.register(config), {
    logger: ['error', 'warn'],
  });
  try {
    if (config.admin) {
      await app
        .get(EnsureFirstAdminCmdExe)
        .execute(new EnsureFirstAdminCmd(config.admin.email, config.admin.password));
      say(
        `admin    ${config.admin.email} / ${config.env === 'production' ? '(ADMIN_PASSWORD)' : config.admin.password}`,
      );
    }
    await registerDemoShopper(app.get(RegisterUserCmdExe));
    say(`shopper  ${DEMO_SHOPPER.email} / ${DEMO_SHOPPER.password}`);
    await seedDemoSale(app);
  } finally {
    await app.close();
  }
}

/**
 * A demo product and a sale of it (100 units, one per shopper, the default strategy) starting about two
 * minutes from now, so the storefront opens on a countdown. The product is created once; a new sale is
 * scheduled only when the demo product has none that is upcoming or active (the last one ended).
 */
async function seedDemoSale(app: INestApplicationContext): Promise<void> {
  const existing = await app
    .get(ListProductsQryExe)
    .execute(new ListProductsQry({ page: 1, pageSize: 1 }, DEMO_PRODUCT.name));
  let product = existing.items[0];
  if (product) {
    const sales = await app
      .get(ListFlashSalesQryExe)
      .execute(new ListFlashSalesQry({ page: 1, pageSize: 20 }, undefined, product.id));
    const live = sales.items.find((item) => item.status !== 'ended');
    if (live) {
      say(`sale     exists already: id ${live.sale.id} (${live.status})`);
      return;
    }
  } else {
    product = await app
      .get(CreateProductCmdExe)
      .execute(
        new CreateProductCmd(DEMO_PRODUCT.name, DEMO_PRODUCT.description, null, DEMO_PRODUCT.priceCents),
      );
  }
  const startsAt = new Date(Date.now() + 2 * 60_000);
  const { sale } = await app.get(CreateFlashSaleCmdExe).execute(
    new CreateFlashSaleCmd({
      productId: product.id,
      title: 'Demo flash sale',
      salePriceCents: 9900,
      stock: 100,
      perUserLimit: 1,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 60 * 60_000),
    }),
  );
  say(`sale     id ${sale.id}: 100 units from ${startsAt.toISOString()} (GET /api/flash-sales/${sale.id})`);
}

async function registerDemoShopper(register: RegisterUserCmdExe): Promise<void> {
  try {
    await register.execute(
      new RegisterUserCmd(DEMO_SHOPPER.email, DEMO_SHOPPER.password, DEMO_SHOPPER.displayName),
    );
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
  }
}

function say(line: string): void {
  process.stdout.write(`seed: ${line}\n`);
}

seedDemo().catch(exitOnStartupFailure);
