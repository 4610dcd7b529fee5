import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { EnsureFirstAdminCmd } from './app/identity/ensure-first-admin.cmd';
import { EnsureFirstAdminCmdExe } from './app/identity/ensure-first-admin.cmd-exe';
import { RegisterUserCmd } from './app/identity/register-user.cmd';
import { RegisterUserCmdExe } from './app/identity/register-user.cmd-exe';
import { AppModule } from './app.module';
import { exitOnStartupFailure } from './bootstrap/process-lifecycle';
import { AppConfig } from './config/app-config';
import { loadEnvFile } from './config/load-env-file';
import { EmailTakenError } from './domain/identity/identity.errors';

export const DEMO_SHOPPER = {
  email: 'shopper@example.com',
  password: 'shopper-pass-1',
  displayName: 'Demo Shopper',
};

/** Seeds a demo through the same use cases the API runs; running it again changes nothing. */
async function seedDemo(): Promise<void> {
  loadEnvFile();
  const config = AppConfig.fromEnv({ ...process.env, APP_ROLE: 'api', LOG_LEVEL: 'warn' });
  const app = await NestFactory.createApplicationContext(AppModule.register(config), {
    logger: ['error', 'warn'],
  });
  try {
    if (config.admin) {
      await app
        .get(EnsureFirstAdminCmdExe)
        .execute(new EnsureFirstAdminCmd(config.admin.email, config.admin.password));
      say(`admin    ${config.admin.email} / ${config.admin.password}`);
    }
    await registerDemoShopper(app.get(RegisterUserCmdExe));
    say(`shopper  ${DEMO_SHOPPER.email} / ${DEMO_SHOPPER.password}`);
  } finally {
    await app.close();
  }
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
