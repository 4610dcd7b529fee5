import { Injectable } from '@nestjs/common';
import { type IpBan } from '../../../../domain/risk/ip-ban';
import { IpBanRepository } from '../../../../domain/risk/ip-ban.repository';
import { Clock } from '../../../../domain/shared/clock';
import { type Page } from '../../../../domain/shared/page';
import { type ListBansQry } from './list-bans.qry';

/** Active bans, newest first; expired ones are gone from the list. */
@Injectable()
export class ListBansQryExe {
  constructor(
    private readonly bans: IpBanRepository,
    private readonly clock: Clock,
  ) {}

  execute(qry: ListBansQry): Promise<Page<IpBan>> {
    return this.bans.listActive(this.clock.now(), qry.page);
  }
}
