import { type SaleReading } from '../../../app/catalog/sale-readings';
import { PageResponseOf } from '../common/page-response.dto';
import { SaleFieldsDto } from './sale-fields.dto';

export class SaleProductDto {
  id!: string;
  name!: string;
  description!: string | null;
  imageUrl!: string | null;
  /** The regular price, in cents. */
  priceCents!: number;
}

/** Sale: what a shopper sees. May lag an admin change or an order by a moment (it is cached). */
export class SaleResponseDto extends SaleFieldsDto {
  product!: SaleProductDto;
  /** The server's clock when it answered (ISO 8601, UTC), for a countdown that does not trust the device. */
  serverTime!: string;

  static from(reading: SaleReading): SaleResponseDto {
    const p = reading.product.props;
    return Object.assign(new SaleResponseDto(), {
      ...SaleFieldsDto.fieldsOf(reading.sale, Math.max(0, reading.remaining), reading.status),
      product: Object.assign(new SaleProductDto(), {
        id: p.id,
        name: p.name,
        description: p.description,
        imageUrl: p.imageUrl,
        priceCents: p.priceCents,
      }),
      serverTime: reading.serverTime.toISOString(),
    });
  }
}

export class SalePageResponseDto extends PageResponseOf(SaleResponseDto, (item: SaleReading) =>
  SaleResponseDto.from(item),
) {}
