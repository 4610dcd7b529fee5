import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SoftDeletedRow } from './soft-deleted-row';

@Entity({ name: 'flash_sales' })
export class FlashSaleOrmEntity extends SoftDeletedRow {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'product_id', type: 'bigint', unsigned: true })
  productId!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ name: 'sale_price_cents', type: 'int', unsigned: true })
  salePriceCents!: number;

  @Column({ type: 'int', unsigned: true })
  stock!: number;

  @Column({ name: 'per_user_limit', type: 'int', unsigned: true })
  perUserLimit!: number;

  @Column({ name: 'starts_at', type: 'datetime', precision: 3 })
  startsAt!: Date;

  @Column({ name: 'ends_at', type: 'datetime', precision: 3 })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 16 })
  strategy!: string;

  @Column({ name: 'bucket_count', type: 'smallint', unsigned: true })
  bucketCount!: number;

  @Column({ name: 'payment_timeout_seconds', type: 'int', unsigned: true })
  paymentTimeoutSeconds!: number;

  @Column({ name: 'captcha_required', type: 'boolean' })
  captchaRequired!: boolean;

  @Column({ name: 'captcha_kind', type: 'varchar', length: 8 })
  captchaKind!: string;

  @Column({ name: 'captcha_difficulty', type: 'int', unsigned: true })
  captchaDifficulty!: number;
}
