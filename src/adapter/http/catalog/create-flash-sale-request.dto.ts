import { IsBoolean, IsIn, IsInt, IsISO8601, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  CAPTCHA_KINDS,
  type CaptchaKind,
  STRATEGY_KINDS,
  type StrategyKind,
} from '../../../domain/catalog/flash-sale';
import { SALE_LIMITS } from '../../../domain/catalog/sale-rules';
import { IsOptionalNotNull } from '../common/optional-not-null.decorator';
import { ROW_ID, ZONED_DATE_TIME, ZONED_DATE_TIME_RULE } from './catalog-validation';

export class CreateFlashSaleRequestDto {
  /** The product on sale. */
  @Matches(ROW_ID, { message: 'must be a product id' })
  @IsString()
  productId!: string;

  /** Up to 200 characters; on create, defaults to the product's name. */
  @IsOptionalNotNull()
  @Matches(/\S/, { message: 'must not be blank' })
  @MaxLength(200)
  @IsString()
  title?: string;

  /** The sale price, in cents: 0 to 10,000,000. */
  @Max(SALE_LIMITS.priceCents.max)
  @Min(SALE_LIMITS.priceCents.min)
  @IsInt()
  salePriceCents!: number;

  /** Units on sale: 1 to 10,000,000. */
  @Max(SALE_LIMITS.stock.max)
  @Min(SALE_LIMITS.stock.min)
  @IsInt()
  stock!: number;

  /** Units one shopper may hold: 1 to 100; default 1 on create. */
  @IsOptionalNotNull()
  @Max(SALE_LIMITS.perUserLimit.max)
  @Min(SALE_LIMITS.perUserLimit.min)
  @IsInt()
  perUserLimit?: number;

  /** ISO 8601 with a time zone; before endsAt. */
  @Matches(ZONED_DATE_TIME, { message: ZONED_DATE_TIME_RULE })
  @IsISO8601({ strict: true }, { message: ZONED_DATE_TIME_RULE })
  @IsString()
  startsAt!: string;

  /** ISO 8601 with a time zone; after startsAt and in the future. */
  @Matches(ZONED_DATE_TIME, { message: ZONED_DATE_TIME_RULE })
  @IsISO8601({ strict: true }, { message: ZONED_DATE_TIME_RULE })
  @IsString()
  endsAt!: string;

  /** How orders are taken; default ORDERING_DEFAULT_STRATEGY on create. */
  @IsOptionalNotNull()
  @IsIn(STRATEGY_KINDS, { message: `must be one of ${STRATEGY_KINDS.join(', ')}` })
  strategy?: StrategyKind;

  /** Stock buckets: 1 to 1,024, bucketed sales only; default 8 on create. */
  @IsOptionalNotNull()
  @Max(SALE_LIMITS.bucketCount.max)
  @Min(SALE_LIMITS.bucketCount.min)
  @IsInt()
  bucketCount?: number;

  /** Time to pay an order: 1 to 86,400 seconds; default 900 on create. */
  @IsOptionalNotNull()
  @Max(SALE_LIMITS.paymentTimeoutSeconds.max)
  @Min(SALE_LIMITS.paymentTimeoutSeconds.min)
  @IsInt()
  paymentTimeoutSeconds?: number;

  /** Whether ordering needs a solved captcha; default false on create. */
  @IsOptionalNotNull()
  @IsBoolean()
  captchaRequired?: boolean;

  /** pow (default): a proof of work the browser solves (altcha); image: distorted text to type (weaker). */
  @IsOptionalNotNull()
  @IsIn(CAPTCHA_KINDS, { message: `must be one of ${CAPTCHA_KINDS.join(', ')}` })
  captchaKind?: CaptchaKind;

  /**
   * pow only: the largest number the browser may have to try (altcha's maxnumber), 1,000 to 5,000,000;
   * default 100,000. A solver tries half of it on average (docs/captcha.md).
   */
  @IsOptionalNotNull()
  @Max(SALE_LIMITS.captchaDifficulty.max)
  @Min(SALE_LIMITS.captchaDifficulty.min)
  @IsInt()
  captchaDifficulty?: number;
}
