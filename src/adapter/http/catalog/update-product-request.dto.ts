import { PartialType } from '@nestjs/swagger';
import { CreateProductRequestDto } from './create-product-request.dto';

/**
 * Only the fields to change, with the create request's rules. An absent field is left as it is; null clears
 * description and imageUrl and is refused for the others (skipNullProperties: false).
 */
export class UpdateProductRequestDto extends PartialType(CreateProductRequestDto, {
  skipNullProperties: false,
}) {}
