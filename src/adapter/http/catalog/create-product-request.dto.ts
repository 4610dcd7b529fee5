import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { SALE_LIMITS } from '../../../domain/catalog/sale-rules';

export class CreateProductRequestDto {
  /** 1 to 200 characters, not blank. */
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  @IsString()
  name!: string;

  /** Up to 5,000 characters; null for none (absent: none on create, unchanged on update). */
  @IsOptional()
  @MaxLength(5000)
  @IsString()
  description?: string | null;

  /** An http(s) URL of at most 2,048 characters; null for none (absent: none on create, unchanged on update). */
  @IsOptional()
  @MaxLength(2048)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true },
    { message: 'must be an http or https URL' },
  )
  @IsString()
  imageUrl?: string | null;

  /** The regular price, in cents: 0 to 10,000,000. */
  @Max(SALE_LIMITS.priceCents.max)
  @Min(SALE_LIMITS.priceCents.min)
  @IsInt()
  priceCents!: number;
}
