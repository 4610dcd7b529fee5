import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GetMyTicketQry } from '../../../app/ordering/executor/query/get-my-ticket.qry';
import { GetMyTicketQryExe } from '../../../app/ordering/executor/query/get-my-ticket.qry-exe';
import { type Principal } from '../../../domain/identity/principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { OrderTicketStatusResponseDto } from './order-ticket-response.dto';

@ApiTags('orders')
@ApiBearerAuth()
@Controller('api/order-tickets')
export class OrderTicketsController {
  constructor(private readonly getTicket: GetMyTicketQryExe) {}

  /** Where an async sale's attempt stands: queued, then succeeded (with orderId) or failed (with reason). */
  @Get(':ticketId')
  @ApiErrors(401, 404)
  async get(
    @Param('ticketId') ticketId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<OrderTicketStatusResponseDto> {
    return OrderTicketStatusResponseDto.from(
      await this.getTicket.execute(new GetMyTicketQry(ticketId, principal.userId)),
    );
  }
}
