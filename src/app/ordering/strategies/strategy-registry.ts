import { type Provider } from '@nestjs/common';
import { OrderingStrategies } from '../../../domain/ordering/ordering-strategy';
import { SaleGatePreparer } from '../../../domain/ordering/sale-gate-preparer';
import { asyncStrategy } from './async.strategy';
import { bucketedStrategy } from './bucketed.strategy';
import { GatedOrderingStrategy, type StrategyRecipe } from './gated-ordering-strategy';
import { GateUnits } from './gate-units';
import { type HandOver } from './hand-over';
import { OrderingStrategyResolver, StrategySaleGatePreparer } from './ordering-strategy-resolver';
import { syncStrategy } from './sync.strategy';

/** Every ordering strategy, one line each. The resolver refuses to start unless each kind has exactly one. */
export const STRATEGY_RECIPES: readonly StrategyRecipe[] = [syncStrategy, asyncStrategy, bucketedStrategy];

/** The hand-over policies the recipes name, each registered once. */
const HAND_OVERS = [...new Set(STRATEGY_RECIPES.map((recipe) => recipe.handOver))];

/** Builds the strategies from their recipes, given the gate and one instance of each hand-over. */
export function buildStrategies(
  recipes: readonly StrategyRecipe[],
  gate: GateUnits,
  handOverOf: (type: StrategyRecipe['handOver']) => HandOver,
): OrderingStrategyResolver {
  return new OrderingStrategyResolver(
    recipes.map((recipe) => new GatedOrderingStrategy(recipe, gate, handOverOf(recipe.handOver))),
  );
}

/** What the ordering module registers for its strategies. */
export const orderingStrategyProviders: Provider[] = [
  GateUnits,
  ...HAND_OVERS,
  {
    provide: OrderingStrategies,
    inject: [GateUnits, ...HAND_OVERS],
    useFactory: (gate: GateUnits, ...handOvers: HandOver[]) =>
      buildStrategies(STRATEGY_RECIPES, gate, (type) => handOvers[HAND_OVERS.indexOf(type)]),
  },
  { provide: SaleGatePreparer, useClass: StrategySaleGatePreparer },
];
