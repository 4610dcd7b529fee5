import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { BanAddressCmd } from '../../../app/risk/executor/ban-address.cmd';
import { BanAddressCmdExe } from '../../../app/risk/executor/ban-address.cmd-exe';
import { LiftBanCmd } from '../../../app/risk/executor/lift-ban.cmd';
import { LiftBanCmdExe } from '../../../app/risk/executor/lift-ban.cmd-exe';
import { ListBansQry } from '../../../app/risk/executor/query/list-bans.qry';
import { ListBansQryExe } from '../../../app/risk/executor/query/list-bans.qry-exe';
import { type Principal } from '../../../domain/identity/principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { BanAddressRequestDto } from './ban-address-request.dto';
import { IpBanParamDto } from './ip-ban-param.dto';
import { IpBanPageResponseDto, IpBanResponseDto } from './ip-ban-response.dto';

@ApiTags('admin: risk')
@ApiBearerAuth()
@Controller('api/admin/ip-bans')
export class IpBansController {
  constructor(
    private readonly banAddress: BanAddressCmdExe,
    private readonly liftBan: LiftBanCmdExe,
    private readonly listBans: ListBansQryExe,
  ) {}

  /** Active bans, newest first (expired ones are gone). */
  @Get()
  @ApiErrors(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<IpBanPageResponseDto> {
    return IpBanPageResponseDto.from(await this.listBans.execute(new ListBansQry(query.toPageRequest())));
  }

  /** Bans an address on every instance within a second (banning it again replaces its ban). */
  @Post()
  @ApiErrors(400, 401, 403)
  async ban(
    @Body() body: BanAddressRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IpBanResponseDto> {
    const ban = await this.banAddress.execute(
      new BanAddressCmd(body.ip, body.reason, body.ttlSeconds, principal.userId),
    );
    return IpBanResponseDto.from(ban);
  }

  /** Lifts the ban on every instance; 404 when the address is not banned. */
  @Delete(':ip')
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 404)
  async lift(@Param() params: IpBanParamDto): Promise<void> {
    await this.liftBan.execute(new LiftBanCmd(params.ip));
  }
}
