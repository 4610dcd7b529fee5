import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BanAddressCmdExe } from '../app/risk/executor/ban-address.cmd-exe';
import { ChallengeCaptchaCheck } from '../app/risk/challenge-captcha-check';
import { IssueCaptchaQryExe } from '../app/risk/executor/query/issue-captcha.qry-exe';
import { LiftBanCmdExe } from '../app/risk/executor/lift-ban.cmd-exe';
import { ListBansQryExe } from '../app/risk/executor/query/list-bans.qry-exe';
import { RecordRateLimitViolationCmdExe } from '../app/risk/executor/record-rate-limit-violation.cmd-exe';
import { AppConfig } from '../config/app-config';
import { CaptchaCheck } from '../domain/ordering/captcha-check';
import { AutoBanPolicy } from '../domain/risk/auto-ban-policy';
import { BannedAddresses } from '../domain/risk/banned-addresses';
import { CaptchaChallenges } from '../domain/risk/captcha-challenges';
import { IpBanRepository } from '../domain/risk/ip-ban.repository';
import { RateLimitViolations } from '../domain/risk/rate-limit-violations';
import { IpBanOrmEntity } from '../infrastructure/persistence/risk/ip-ban.orm-entity';
import { TypeormIpBanRepository } from '../infrastructure/persistence/risk/typeorm-ip-ban.repository';
import { RedisBannedAddresses } from '../infrastructure/redis/redis-banned-addresses';
import { RedisCaptchaChallenges } from '../infrastructure/redis/redis-captcha-challenges';
import { RedisRateLimitViolations } from '../infrastructure/redis/redis-rate-limit-violations';
import { CatalogDataModule } from './catalog-data.module';

/**
 * The risk context's data and use cases: IP bans (MySQL, in memory on every instance), rate-limit violations and
 * captchas, and ordering's CaptchaCheck port. No HTTP: the routes, the throttlers and their Redis storage are in
 * RiskHttpModule, so the worker, which imports this through ordering, gets none of them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([IpBanOrmEntity]), CatalogDataModule],
  providers: [
    { provide: IpBanRepository, useClass: TypeormIpBanRepository },
    { provide: BannedAddresses, useClass: RedisBannedAddresses },
    { provide: RateLimitViolations, useClass: RedisRateLimitViolations },
    { provide: CaptchaChallenges, useClass: RedisCaptchaChallenges },
    {
      provide: AutoBanPolicy,
      inject: [AppConfig],
      useFactory: ({ risk }: AppConfig) =>
        new AutoBanPolicy(risk.autoBan.afterViolations, risk.autoBan.windowSeconds, risk.autoBan.banSeconds),
    },
    BanAddressCmdExe,
    LiftBanCmdExe,
    ListBansQryExe,
    RecordRateLimitViolationCmdExe,
    IssueCaptchaQryExe,
    { provide: CaptchaCheck, useClass: ChallengeCaptchaCheck },
  ],
  exports: [
    CaptchaCheck,
    BannedAddresses,
    BanAddressCmdExe,
    LiftBanCmdExe,
    ListBansQryExe,
    RecordRateLimitViolationCmdExe,
    IssueCaptchaQryExe,
  ],
})
export class RiskModule {}
