import { type StrategyKind } from '../../domain/catalog/flash-sale';

/** What the catalog use cases read from the configuration; the module provides it from AppConfig. */
export abstract class CatalogSettings {
  /** Strategy of a sale that names none (ORDERING_DEFAULT_STRATEGY). */
  abstract readonly defaultStrategy: StrategyKind;
  /** How long before its start a sale's gate is loaded (SALE_WARM_UP_LEAD_SECONDS). */
  abstract readonly warmUpLeadMs: number;
}
