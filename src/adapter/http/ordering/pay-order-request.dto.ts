import { IsOptional, IsString, MaxLength } from 'class-validator';

export class PayOrderRequestDto {
  /** From the (simulated) payment provider; "decline" simulates a declined card. */
  @IsOptional()
  @MaxLength(200)
  @IsString()
  paymentToken?: string;
}
