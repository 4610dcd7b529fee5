import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Banned client addresses (risk): the source of truth every instance loads into memory. */
export class CreateIpBans1763810000000 implements MigrationInterface {
  name = 'CreateIpBans1763810000000';

  async up(db: QueryRunner): Promise<void> {
    // The app writes every timestamp; expires_at NULL means "until an admin lifts it".
    await db.query(`
      CREATE TABLE ip_bans (
        ip VARCHAR(45) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        reason VARCHAR(200) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        expires_at DATETIME(3) NULL,
        created_by BIGINT UNSIGNED NULL,
        PRIMARY KEY (ip),
        KEY ix_ip_bans_expires (expires_at),
        KEY ix_ip_bans_created (created_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE ip_bans');
  }
}
