import { Column } from 'typeorm';

/** The times every catalog row keeps (products, flash sales): written once, on each change, on soft delete. */
export abstract class SoftDeletedRow {
  @Column({ name: 'created_at', type: 'datetime', precision: 3, update: false })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;

  /** Soft delete: set by the app, never by the database. */
  @Column({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true })
  deletedAt!: Date | null;
}
