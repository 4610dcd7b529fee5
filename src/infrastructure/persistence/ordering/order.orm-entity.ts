import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'orders' })
export class OrderOrmEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ name: 'sale_id', type: 'bigint', unsigned: true })
  saleId!: string;

  @Column({ name: 'user_id', type: 'bigint', unsigned: true })
  userId!: string;

  @Column({ name: 'bucket_no', type: 'smallint', unsigned: true })
  bucketNo!: number;

  /** `0:2,3:1` when the units came from several buckets; null when all came from `bucketNo`. */
  @Column({ name: 'bucket_parts', type: 'varchar', length: 4000, nullable: true })
  bucketParts!: string | null;

  @Column({ type: 'int', unsigned: true })
  quantity!: number;

  @Column({ name: 'unit_price_cents', type: 'int', unsigned: true })
  unitPriceCents!: number;

  @Column({ name: 'total_cents', type: 'int', unsigned: true })
  totalCents!: number;

  @Column({ type: 'varchar', length: 20 })
  status!: string;

  @Column({ name: 'attempt_id', type: 'char', length: 36 })
  attemptId!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 100, nullable: true })
  idempotencyKey!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3 })
  expiresAt!: Date;

  @Column({ name: 'paid_at', type: 'datetime', precision: 3, nullable: true })
  paidAt!: Date | null;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt!: Date | null;
}
