import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A sale's captcha kind (pow: proof of work, image: distorted text) and the proof of work's difficulty
 * (altcha's maxnumber). Existing sales get the proof of work: the image captcha is read by machines.
 */
export class AddSaleCaptchaKind1763830000000 implements MigrationInterface {
  name = 'AddSaleCaptchaKind1763830000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE flash_sales
        ADD COLUMN captcha_kind VARCHAR(8) CHARACTER SET ascii NOT NULL DEFAULT 'pow' AFTER captcha_required,
        ADD COLUMN captcha_difficulty INT UNSIGNED NOT NULL DEFAULT 100000 AFTER captcha_kind`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE flash_sales DROP COLUMN captcha_difficulty, DROP COLUMN captcha_kind');
  }
}
