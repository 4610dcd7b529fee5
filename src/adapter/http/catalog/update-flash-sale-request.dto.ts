import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateFlashSaleRequestDto } from './create-flash-sale-request.dto';

/**
 * Only the fields to change, with the create request's rules; the product cannot change. An absent field is
 * left as it is; a null one is checked (and refused) like any other value (skipNullProperties: false). Once the
 * sale has started, stock, strategy, bucketCount, startsAt and endsAt are locked (409 SALE_LOCKED).
 */
export class UpdateFlashSaleRequestDto extends PartialType(
  OmitType(CreateFlashSaleRequestDto, ['productId'] as const),
  {
    skipNullProperties: false,
  },
) {}
