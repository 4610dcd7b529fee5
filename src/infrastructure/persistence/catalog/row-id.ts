/** Ids are BIGINT UNSIGNED: anything else names no row, and is answered without asking MySQL. */
export function isRowId(id: string): boolean {
  return /^[1-9]\d{0,19}$/.test(id) && BigInt(id) <= 18446744073709551615n;
}
