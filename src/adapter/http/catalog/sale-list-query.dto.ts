import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { type SaleStatus } from '../../../domain/catalog/flash-sale';
import { PageQueryDto } from '../common/page-query.dto';
import { ROW_ID } from './catalog-validation';

const STATUSES: readonly SaleStatus[] = ['upcoming', 'active', 'ended'];

export class SaleListQueryDto extends PageQueryDto {
  /** Only the sales in this state now. */
  @IsOptional()
  @IsIn(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` })
  status?: SaleStatus;
}

export class AdminSaleListQueryDto extends SaleListQueryDto {
  /** Only the sales of this product. */
  @IsOptional()
  @Matches(ROW_ID, { message: 'must be a product id' })
  @IsString()
  productId?: string;
}
