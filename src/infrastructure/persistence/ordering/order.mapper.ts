import { decodeParts, Order, type OrderStatus } from '../../../domain/ordering/order';
import { type OrderOrmEntity } from './order.orm-entity';

export function toOrder(row: OrderOrmEntity): Order {
  return new Order({
    id: String(row.id),
    saleId: String(row.saleId),
    userId: String(row.userId),
    bucketNo: Number(row.bucketNo),
    parts: row.bucketParts
      ? decodeParts(row.bucketParts)
      : [{ bucketNo: Number(row.bucketNo), units: Number(row.quantity) }],
    quantity: Number(row.quantity),
    unitPriceCents: Number(row.unitPriceCents),
    totalCents: Number(row.totalCents),
    status: row.status as OrderStatus,
    attemptId: row.attemptId,
    idempotencyKey: row.idempotencyKey,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
    paidAt: row.paidAt,
    closedAt: row.closedAt,
  });
}
