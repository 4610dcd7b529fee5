import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { type FastifyReply } from 'fastify';
import { CancelOrderCmd } from '../../../app/ordering/executor/cancel-order.cmd';
import { CancelOrderCmdExe } from '../../../app/ordering/executor/cancel-order.cmd-exe';
import { GetMyOrderQry } from '../../../app/ordering/executor/query/get-my-order.qry';
import { GetMyOrderQryExe } from '../../../app/ordering/executor/query/get-my-order.qry-exe';
import { ListMyOrdersQry } from '../../../app/ordering/executor/query/list-my-orders.qry';
import { ListMyOrdersQryExe } from '../../../app/ordering/executor/query/list-my-orders.qry-exe';
import { PayOrderCmd } from '../../../app/ordering/executor/pay-order.cmd';
import { PayOrderCmdExe } from '../../../app/ordering/executor/pay-order.cmd-exe';
import { PlaceOrderCmd } from '../../../app/ordering/executor/place-order.cmd';
import { PlaceOrderCmdExe } from '../../../app/ordering/executor/place-order.cmd-exe';
import { type Principal } from '../../../domain/identity/principal';
import { ValidationError } from '../../../domain/shared/domain-error';
import { ApiErrors } from '../common/api-errors.decorator';
import { OrderRateLimit } from '../risk/order-rate-limit.guard';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { OrderPageResponseDto, OrderResponseDto, OrderTicketResponseDto } from './order-response.dto';
import { PayOrderRequestDto } from './pay-order-request.dto';
import { PlaceOrderRequestDto } from './place-order-request.dto';
import { ORDERS_CONTROLLER_PREFIX, PLACE_ORDER_PATH } from './order-routes';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;

@ApiTags('orders')
@ApiBearerAuth()
@Controller(ORDERS_CONTROLLER_PREFIX)
export class OrdersController {
  constructor(
    private readonly placeOrder: PlaceOrderCmdExe,
    private readonly payOrder: PayOrderCmdExe,
    private readonly cancelOrder: CancelOrderCmdExe,
    private readonly getOrder: GetMyOrderQryExe,
    private readonly listOrders: ListMyOrdersQryExe,
  ) {}

  /** Buy: 201 with the order (sync, bucketed) or 202 with a ticket to poll (async). */
  @Post(PLACE_ORDER_PATH)
  @OrderRateLimit()
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Same key, same user: the first answer',
  })
  @ApiCreatedResponse({ type: OrderResponseDto })
  @ApiAcceptedResponse({ type: OrderTicketResponseDto })
  @ApiErrors(400, 401, 404, 409, 429, 503)
  async place(
    @Param('id') saleId: string,
    @Body() body: PlaceOrderRequestDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const key = checkIdempotencyKey(idempotencyKey);
    const placement = await this.placeOrder.execute(
      new PlaceOrderCmd(saleId, principal.userId, body.quantity ?? 1, key, {
        captchaId: body.captchaId,
        captchaAnswer: body.captchaAnswer,
      }),
    );
    if (placement.kind === 'queued') {
      await reply.status(202).send(OrderTicketResponseDto.from(placement.ticketId));
    } else {
      await reply.status(201).send(OrderResponseDto.from(placement.order));
    }
  }

  /** My orders, newest first. */
  @Get('orders')
  @ApiErrors(400, 401)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: PageQueryDto,
  ): Promise<OrderPageResponseDto> {
    return OrderPageResponseDto.from(
      await this.listOrders.execute(new ListMyOrdersQry(principal.userId, query.toPageRequest())),
    );
  }

  /** One of my orders; someone else's is 404. */
  @Get('orders/:id')
  @ApiErrors(401, 404)
  async get(
    @Param('id') orderId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderResponseDto> {
    return OrderResponseDto.from(await this.getOrder.execute(new GetMyOrderQry(orderId, principal.userId)));
  }

  /** Pays a pending order (simulated gateway). Paying twice answers the paid order. */
  @Post('orders/:id/pay')
  @HttpCode(200)
  @ApiErrors(400, 401, 402, 404, 409)
  async pay(
    @Param('id') orderId: string,
    @Body() body: PayOrderRequestDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderResponseDto> {
    const order = await this.payOrder.execute(
      new PayOrderCmd(orderId, principal.userId, body.paymentToken ?? null),
    );
    return OrderResponseDto.from(order);
  }

  /** Cancels a pending order; its units go back on sale. */
  @Post('orders/:id/cancel')
  @HttpCode(200)
  @ApiErrors(401, 404, 409)
  async cancel(
    @Param('id') orderId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderResponseDto> {
    return OrderResponseDto.from(
      await this.cancelOrder.execute(new CancelOrderCmd(orderId, principal.userId)),
    );
  }
}

function checkIdempotencyKey(key: string | undefined): string | null {
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ValidationError([
      { field: 'Idempotency-Key', message: 'must be 1 to 100 visible ASCII characters' },
    ]);
  }
  return key;
}
