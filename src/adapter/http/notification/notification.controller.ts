import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListMyNotificationsQry } from '../../../app/notification/list-my-notifications.qry';
import { ListMyNotificationsQryExe } from '../../../app/notification/list-my-notifications.qry-exe';
import { type Principal } from '../../../domain/identity/principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { NotificationPageResponseDto } from './notification-response.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationController {
  constructor(private readonly listMine: ListMyNotificationsQryExe) {}

  /** My notifications, newest first. */
  @Get()
  @ApiErrors(400, 401)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<NotificationPageResponseDto> {
    const page = await this.listMine.execute(
      new ListMyNotificationsQry(principal.userId, query.toPageRequest()),
    );
    return NotificationPageResponseDto.from(page);
  }
}
