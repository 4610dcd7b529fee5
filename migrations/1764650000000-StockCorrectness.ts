import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Orders drawn from several stock buckets name them all (`bucket_parts`, `0:2,3:1`; NULL = all from
 * `bucket_no`), so their units go back where they came from. A pay claims its order before charging
 * (`pay_claim`, `pay_claim_until`), so concurrent pays charge once. The simulated gateway keeps its charges and
 * refunds in `payments`, keyed by the order id (its idempotency key).
 */
export class StockCorrectness1764650000000 implements MigrationInterface {
  name = 'StockCorrectness1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE orders
        ADD COLUMN bucket_parts VARCHAR(4000) NULL AFTER bucket_no,
        ADD COLUMN pay_claim CHAR(36) NULL,
        ADD COLUMN pay_claim_until DATETIME(3) NULL`);
    await db.query(`
      CREATE TABLE payments (
        order_id BIGINT UNSIGNED NOT NULL,
        amount_cents INT UNSIGNED NOT NULL,
        reference VARCHAR(64) NOT NULL,
        charged_at DATETIME(3) NOT NULL,
        refunded_at DATETIME(3) NULL,
        PRIMARY KEY (order_id)
      ) ENGINE=InnoDB`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE payments');
    await db.query(
      'ALTER TABLE orders DROP COLUMN bucket_parts, DROP COLUMN pay_claim, DROP COLUMN pay_claim_until',
    );
  }
}
