import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SoftDeletedRow } from './soft-deleted-row';

@Entity({ name: 'products' })
export class ProductOrmEntity extends SoftDeletedRow {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'image_url', type: 'varchar', length: 2048, nullable: true })
  imageUrl!: string | null;

  @Column({ name: 'price_cents', type: 'int', unsigned: true })
  priceCents!: number;
}
