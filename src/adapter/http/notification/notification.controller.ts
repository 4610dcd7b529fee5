import {
  Controller,
  Get,
  HttpCode,
  type MessageEvent,
  Post,
  Query,
  Req,
  Sse,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { FollowMyNotificationsQry } from '../../../app/notification/executor/query/follow-my-notifications.qry';
import { FollowMyNotificationsQryExe } from '../../../app/notification/executor/query/follow-my-notifications.qry-exe';
import { IssueStreamTicketCmd } from '../../../app/notification/executor/issue-stream-ticket.cmd';
import { IssueStreamTicketCmdExe } from '../../../app/notification/executor/issue-stream-ticket.cmd-exe';
import { ListMyNotificationsQry } from '../../../app/notification/executor/query/list-my-notifications.qry';
import { ListMyNotificationsQryExe } from '../../../app/notification/executor/query/list-my-notifications.qry-exe';
import { UnauthenticatedError } from '../../../domain/identity/identity.errors';
import { type Principal } from '../../../domain/identity/principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { Public } from '../common/public.decorator';
import { NotificationPageResponseDto, NotificationResponseDto } from './notification-response.dto';
import { StreamCredentialGuard } from './stream-credential.guard';
import { StreamQueryDto, StreamTicketResponseDto } from './stream-ticket.dto';

const KEEP_ALIVE_MS = 15000;

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('api/notifications')
export class NotificationController {
  constructor(
    private readonly listMine: ListMyNotificationsQryExe,
    private readonly followMine: FollowMyNotificationsQryExe,
    private readonly issueTicket: IssueStreamTicketCmdExe,
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

  /** A single-use ticket (60 s) that opens the stream without an Authorization header, as EventSource needs. */
  @Post('stream-tickets')
  @HttpCode(201)
  @ApiErrors(401)
  async streamTicket(@CurrentPrincipal() principal: Principal): Promise<StreamTicketResponseDto> {
    if (principal.expiresAtMs === undefined) throw new UnauthenticatedError();
    return this.issueTicket.execute(
      new IssueStreamTicketCmd({
        principal: { userId: principal.userId, role: principal.role },
        expiresAtMs: principal.expiresAtMs,
      }),
    );
  }

  /**
   * Server-Sent Events: each new notification of mine as it happens (event "notification"), on any instance.
   * Opened with a bearer token or `?ticket=`; it ends when that credential expires (reconnect with a fresh
   * one), or when I open a sixth stream (the oldest ends).
   */
  @Sse('stream')
  @Public()
  @UseGuards(StreamCredentialGuard)
  @ApiProduces('text/event-stream')
  @ApiErrors(400, 401)
  stream(
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    // Validated (a string of at most 128 characters); the guard has already redeemed it.
    @Query() _query: StreamQueryDto,
  ): Observable<MessageEvent> {
    const expiresAtMs = request.streamExpiresAtMs ?? 0;
    return new Observable<MessageEvent>((subscriber) => {
      // A heartbeat keeps proxies from closing an idle stream.
      const keepAlive = setInterval(() => subscriber.next({ type: 'ping', data: {} }), KEEP_ALIVE_MS);
      let stop: (() => void) | undefined;
      let closed = false;
      this.followMine
        .execute(new FollowMyNotificationsQry(principal.userId, expiresAtMs), {
          notification: (notification) =>
            subscriber.next({
              type: 'notification',
              id: notification.id,
              data: NotificationResponseDto.from(notification),
            }),
          end: () => subscriber.complete(),
        })
        .then((stopIt) => {
          if (closed) stopIt();
          else stop = stopIt;
        })
        .catch((error: unknown) => subscriber.error(error));
      return () => {
        closed = true;
        clearInterval(keepAlive);
        stop?.();
      };
    });
  }
}
