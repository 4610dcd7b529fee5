/** MySQL/MariaDB duplicate-key error, as mysql2 reports it through TypeORM. */
export function isDuplicateKey(error: unknown, key?: string): boolean {
  const driverError =
    (error as { driverError?: { code?: string; sqlMessage?: string } }).driverError ?? error;
  const { code, sqlMessage } = driverError as { code?: string; sqlMessage?: string };
  return code === 'ER_DUP_ENTRY' && (key === undefined || (sqlMessage ?? '').includes(key));
}

/** A row refers to one that does not exist (MySQL error 1452), through the named foreign key when given. */
export function isMissingReference(error: unknown, key?: string): boolean {
  const driverError =
    (error as { driverError?: { code?: string; sqlMessage?: string } }).driverError ?? error;
  const { code, sqlMessage } = driverError as { code?: string; sqlMessage?: string };
  return code === 'ER_NO_REFERENCED_ROW_2' && (key === undefined || (sqlMessage ?? '').includes(key));
}

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK']);

/** InnoDB picks a deadlock victim and rolls it back whole: running the transaction again is the cure. */
export async function retryDeadlocks<T>(transaction: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      const code = (
        (error as { driverError?: { code?: string } }).driverError ?? (error as { code?: string })
      ).code;
      if (attempt >= attempts || code === undefined || !RETRYABLE.has(code)) throw error;
    }
  }
}
