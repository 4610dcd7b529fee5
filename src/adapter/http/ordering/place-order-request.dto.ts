import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsOptionalNotNull } from '../common/optional-not-null.decorator';

export const MAX_UNITS_PER_ORDER = 100;

export class PlaceOrderRequestDto {
  /** Units to buy; at most the sale's per-user limit. `null` is refused like any non-integer. */
  @IsOptionalNotNull()
  @Min(1)
  @Max(MAX_UNITS_PER_ORDER)
  @IsInt()
  quantity?: number;

  /** From GET /api/flash-sales/:id/captcha, for sales with captchaRequired. */
  @IsOptional()
  @MaxLength(64)
  @IsString()
  captchaId?: string;

  @IsOptional()
  @MaxLength(32)
  @IsString()
  captchaAnswer?: string;
}
