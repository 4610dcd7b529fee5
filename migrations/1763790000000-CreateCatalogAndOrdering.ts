import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Products and flash sales (catalog), and what ordering guards in MySQL: stock per bucket (one bucket for sync
 * and async sales), each buyer's units per sale (the per-user limit's final guard), and orders.
 */
export class CreateCatalogAndOrdering1763790000000 implements MigrationInterface {
  name = 'CreateCatalogAndOrdering1763790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE products (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        name VARCHAR(200) NOT NULL,
        description TEXT NULL,
        image_url VARCHAR(2048) NULL,
        price_cents INT UNSIGNED NOT NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        deleted_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY ix_products_live (deleted_at, id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await db.query(`
      CREATE TABLE flash_sales (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        product_id BIGINT UNSIGNED NOT NULL,
        title VARCHAR(200) NOT NULL,
        sale_price_cents INT UNSIGNED NOT NULL,
        stock INT UNSIGNED NOT NULL,
        per_user_limit INT UNSIGNED NOT NULL,
        starts_at DATETIME(3) NOT NULL,
        ends_at DATETIME(3) NOT NULL,
        strategy VARCHAR(16) NOT NULL,
        bucket_count SMALLINT UNSIGNED NOT NULL DEFAULT 1,
        payment_timeout_seconds INT UNSIGNED NOT NULL,
        captcha_required TINYINT(1) NOT NULL DEFAULT 0,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        deleted_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        KEY ix_flash_sales_product (product_id),
        KEY ix_flash_sales_starts (starts_at),
        KEY ix_flash_sales_ends (ends_at),
        CONSTRAINT fk_flash_sales_product FOREIGN KEY (product_id) REFERENCES products (id),
        CONSTRAINT ck_flash_sales_window CHECK (starts_at < ends_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // Stock moves available -> reserved -> sold (or back); version guards every conditional update.
    await db.query(`
      CREATE TABLE sale_stock_buckets (
        sale_id BIGINT UNSIGNED NOT NULL,
        bucket_no SMALLINT UNSIGNED NOT NULL,
        total INT UNSIGNED NOT NULL,
        available INT NOT NULL,
        reserved INT NOT NULL DEFAULT 0,
        sold INT NOT NULL DEFAULT 0,
        version INT UNSIGNED NOT NULL DEFAULT 0,
        PRIMARY KEY (sale_id, bucket_no),
        CONSTRAINT fk_sale_stock_sale FOREIGN KEY (sale_id) REFERENCES flash_sales (id),
        CONSTRAINT ck_sale_stock_non_negative CHECK (available >= 0 AND reserved >= 0 AND sold >= 0),
        CONSTRAINT ck_sale_stock_adds_up CHECK (available + reserved + sold = total)
      ) ENGINE=InnoDB`);
    // The per-user limit's final guard: units held by live orders of one buyer in one sale.
    await db.query(`
      CREATE TABLE sale_buyers (
        sale_id BIGINT UNSIGNED NOT NULL,
        user_id BIGINT UNSIGNED NOT NULL,
        units INT NOT NULL,
        PRIMARY KEY (sale_id, user_id),
        CONSTRAINT fk_sale_buyers_sale FOREIGN KEY (sale_id) REFERENCES flash_sales (id),
        CONSTRAINT ck_sale_buyers_units CHECK (units >= 0)
      ) ENGINE=InnoDB`);
    await db.query(`
      CREATE TABLE orders (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        sale_id BIGINT UNSIGNED NOT NULL,
        user_id BIGINT UNSIGNED NOT NULL,
        bucket_no SMALLINT UNSIGNED NOT NULL DEFAULT 0,
        quantity INT UNSIGNED NOT NULL,
        unit_price_cents INT UNSIGNED NOT NULL,
        total_cents INT UNSIGNED NOT NULL,
        status VARCHAR(20) NOT NULL,
        attempt_id CHAR(36) NOT NULL,
        idempotency_key VARCHAR(100) NULL,
        created_at DATETIME(3) NOT NULL,
        updated_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NOT NULL,
        paid_at DATETIME(3) NULL,
        closed_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_orders_attempt (attempt_id),
        UNIQUE KEY uq_orders_idempotency (user_id, idempotency_key),
        KEY ix_orders_user (user_id, id),
        KEY ix_orders_sale_status (sale_id, status),
        KEY ix_orders_expiry (status, expires_at),
        CONSTRAINT fk_orders_sale FOREIGN KEY (sale_id) REFERENCES flash_sales (id),
        CONSTRAINT fk_orders_user FOREIGN KEY (user_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['orders', 'sale_buyers', 'sale_stock_buckets', 'flash_sales', 'products']) {
      await db.query(`DROP TABLE ${table}`);
    }
  }
}
