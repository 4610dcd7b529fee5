import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'ip_bans' })
export class IpBanOrmEntity {
  @PrimaryColumn({ type: 'varchar', length: 45 })
  ip!: string;

  @Column({ type: 'varchar', length: 200 })
  reason!: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime', precision: 3, nullable: true })
  expiresAt!: Date | null;

  @Column({ name: 'created_by', type: 'bigint', unsigned: true, nullable: true })
  createdBy!: string | null;
}
