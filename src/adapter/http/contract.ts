/**
 * The REST contract's types that the web app (web/src) shares with the server, so that both read one
 * declaration: the web imports them type-only (nothing of the server reaches its bundles) and web/tsconfig.json
 * checks them. Only types from files free of packages and decorators belong here.
 */
export type { SaleSummary } from '../../app/ordering/executor/query/sale-summary';
