/** An ISO 8601 date-time with a time zone (Z or ±hh:mm): a time without one means nothing on a server. */
export const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/i;
export const ZONED_DATE_TIME_RULE =
  'must be an ISO 8601 date-time with a time zone, e.g. 2030-01-01T10:00:00Z';
export const ROW_ID = /^[1-9]\d{0,19}$/;
