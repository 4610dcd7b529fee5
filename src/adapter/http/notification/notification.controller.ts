import { Controller, Get, type MessageEvent, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { interval, map, merge, Observable } from 'rxjs';
import { FollowMyNotificationsQry } from '../../../app/notification/follow-my-notifications.qry';
import { FollowMyNotificationsQryExe } from '../../../app/notification/follow-my-notifications.qry-exe';
import { ListMyNotificationsQry } from '../../../app/notification/list-my-notifications.qry';
import { ListMyNotificationsQryExe } from '../../../app/notification/list-my-notifications.qry-exe';
import { type Principal } from '../../../domain/identity/principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { NotificationPageResponseDto, NotificationResponseDto } from './notification-response.dto';

const KEEP_ALIVE_MS = 15000;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationController {
  constructor(
    private readonly listMine: ListMyNotificationsQryExe,
    private readonly followMine: FollowMyNotificationsQryExe,
  ) {}

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

  /** Server-Sent Events: each new notification of mine as it happens (event "notification"), on any instance. */
  @Sse('stream')
  @ApiProduces('text/event-stream')
  @ApiErrors(401)
  stream(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    const notifications = new Observable<MessageEvent>((subscriber) =>
      this.followMine.execute(new FollowMyNotificationsQry(principal.userId), (notification) =>
        subscriber.next({
          type: 'notification',
          id: notification.id,
          data: NotificationResponseDto.from(notification),
        }),
      ),
    );
    // A heartbeat keeps proxies from closing an idle stream.
    const keepAlive = interval(KEEP_ALIVE_MS).pipe(map((): MessageEvent => ({ type: 'ping', data: {} })));
    return merge(notifications, keepAlive);
  }
}
