import { type Order, type OrderStatus } from '../../../domain/ordering/order';
import { PageResponseOf } from '../common/page-response.dto';

export class OrderResponseDto {
  id!: string;
  saleId!: string;
  quantity!: number;
  unitPriceCents!: number;
  totalCents!: number;
  status!: OrderStatus;
  createdAt!: string;
  /** Unpaid by then, the order expires and its units go back on sale. */
  expiresAt!: string;
  paidAt!: string | null;

  static from(order: Order): OrderResponseDto {
    const o = order.props;
    return Object.assign(new OrderResponseDto(), {
      id: o.id,
      saleId: o.saleId,
      quantity: o.quantity,
      unitPriceCents: o.unitPriceCents,
      totalCents: o.totalCents,
      status: o.status,
      createdAt: o.createdAt.toISOString(),
      expiresAt: o.expiresAt.toISOString(),
      paidAt: o.paidAt?.toISOString() ?? null,
    });
  }
}

export class OrderPageResponseDto extends PageResponseOf(OrderResponseDto, (item: Order) =>
  OrderResponseDto.from(item),
) {}

/** 202 for sales with the async strategy: poll `pollUrl` until it succeeds or fails. */
export class OrderTicketResponseDto {
  ticketId!: string;
  status!: 'queued';
  pollUrl!: string;

  static from(ticketId: string): OrderTicketResponseDto {
    return Object.assign(new OrderTicketResponseDto(), {
      ticketId,
      status: 'queued' as const,
      pollUrl: `/api/order-tickets/${ticketId}`,
    });
  }
}
