/** MySQL/MariaDB duplicate-key error, as mysql2 reports it through TypeORM. */
export function isDuplicateKey(error: unknown, key?: string): boolean {
  const driverError =
    (error as { driverError?: { code?: string; sqlMessage?: string } }).driverError ?? error;
  const { code, sqlMessage } = driverError as { code?: string; sqlMessage?: string };
  return code === 'ER_DUP_ENTRY' && (key === undefined || (sqlMessage ?? '').includes(key));
}
