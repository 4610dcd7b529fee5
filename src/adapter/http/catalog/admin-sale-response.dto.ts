import { type AdminSaleReading } from '../../../app/catalog/sale-readings';
import { type StrategyKind } from '../../../domain/catalog/flash-sale';
import { PageResponseOf } from '../common/page-response.dto';
import { SaleFieldsDto } from './sale-fields.dto';

/** AdminSale: everything stored about a sale, with the units left and its status now. */
export class AdminSaleResponseDto extends SaleFieldsDto {
  productId!: string;
  strategy!: StrategyKind;
  /** The stock buckets: 1 for sync and async sales. */
  bucketCount!: number;
  paymentTimeoutSeconds!: number;
  /** ISO 8601, UTC. */
  createdAt!: string;
  /** ISO 8601, UTC. */
  updatedAt!: string;

  static from(reading: AdminSaleReading): AdminSaleResponseDto {
    const s = reading.sale.props;
    return Object.assign(new AdminSaleResponseDto(), {
      ...SaleFieldsDto.fieldsOf(reading.sale, reading.remaining, reading.status),
      productId: s.productId,
      strategy: s.strategy,
      bucketCount: s.bucketCount,
      paymentTimeoutSeconds: s.paymentTimeoutSeconds,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
    });
  }
}

export class AdminSalePageResponseDto extends PageResponseOf(AdminSaleResponseDto, (item: AdminSaleReading) =>
  AdminSaleResponseDto.from(item),
) {}
