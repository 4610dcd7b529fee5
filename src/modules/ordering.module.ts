import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CancelOrderCmdExe } from '../app/ordering/executor/cancel-order.cmd-exe';
import { ExpireOrderCmdExe } from '../app/ordering/executor/expire-order.cmd-exe';
import { GetMyOrderQryExe } from '../app/ordering/executor/query/get-my-order.qry-exe';
import { GetMyTicketQryExe } from '../app/ordering/executor/query/get-my-ticket.qry-exe';
import { GetSaleSummaryQryExe } from '../app/ordering/executor/query/get-sale-summary.qry-exe';
import { ListMyOrdersQryExe } from '../app/ordering/executor/query/list-my-orders.qry-exe';
import { OrderPlacedEffects } from '../app/ordering/order-placed-effects';
import { OrderReleaser } from '../app/ordering/order-releaser';
import { OrderingSettings } from '../app/ordering/ordering-settings';
import { AppConfig } from '../config/app-config';
import { PayOrderCmdExe } from '../app/ordering/executor/pay-order.cmd-exe';
import { ReconcileSaleCmdExe } from '../app/ordering/executor/reconcile-sale.cmd-exe';
import { orderingStrategyProviders } from '../app/ordering/strategies/strategy-registry';
import { SweepOverdueOrdersCmdExe } from '../app/ordering/executor/sweep-overdue-orders.cmd-exe';
import { WriteQueuedOrderCmdExe } from '../app/ordering/executor/write-queued-order.cmd-exe';
import { EndOrderTicketCmdExe } from '../app/ordering/executor/end-order-ticket.cmd-exe';
import { RepairStockCmdExe } from '../app/ordering/executor/repair-stock.cmd-exe';
import { TicketEndings } from '../app/ordering/ticket-endings';
import { StockRepairLog } from '../domain/ordering/stock-repair-log';
import { RedisStockRepairLog } from '../infrastructure/redis/redis-stock-repair-log';
import { AttemptCounter } from '../domain/ordering/attempt-counter';
import { IdempotencyStore } from '../domain/ordering/idempotency-store';
import { OrderExpiryScheduler } from '../domain/ordering/order-expiry-scheduler';
import { OrderPlacementQueue } from '../domain/ordering/order-placement-queue';
import { OrderTickets } from '../domain/ordering/order-ticket';
import { OrderingStrategies } from '../domain/ordering/ordering-strategy';
import { OrderRepository } from '../domain/ordering/order.repository';
import { PaymentGateway } from '../domain/ordering/payment-gateway';
import { SaleDirectory } from '../domain/ordering/sale-directory';
import { SaleGatePreparer } from '../domain/ordering/sale-gate-preparer';
import { SoldOutBoard } from '../domain/ordering/sold-out-board';
import { StockGate } from '../domain/ordering/stock-gate';
import { StockLedger } from '../domain/ordering/stock-ledger';
import { CircuitBreakers } from '../infrastructure/resilience/circuit-breakers';
import { LocalSaleDirectory } from '../infrastructure/cache/local-sale-directory';
import { GuardedOrderRepository } from '../infrastructure/resilience/guarded-order-repository';
import { GuardedStockGate } from '../infrastructure/resilience/guarded-stock-gate';
import { OpossumCircuitBreakers } from '../infrastructure/resilience/opossum-circuit-breakers';
import { SimulatedPaymentGateway } from '../infrastructure/payment/simulated-payment-gateway';
import { ORDERING_CONNECTION } from '../infrastructure/persistence/data-source-options';
import { OrderOrmEntity } from '../infrastructure/persistence/ordering/order.orm-entity';
import { TypeormOrderRepository } from '../infrastructure/persistence/ordering/typeorm-order.repository';
import { TypeormStockLedger } from '../infrastructure/persistence/ordering/typeorm-stock-ledger';
import { BullmqOrderExpiryScheduler } from '../infrastructure/queue/bullmq-order-expiry-scheduler';
import { BullmqOrderPlacementQueue } from '../infrastructure/queue/bullmq-order-placement-queue';
import { RedisAttemptCounter } from '../infrastructure/redis/redis-attempt-counter';
import { RedisIdempotencyStore } from '../infrastructure/redis/redis-idempotency-store';
import { RedisOrderTickets } from '../infrastructure/redis/redis-order-tickets';
import { RedisSoldOutBoard } from '../infrastructure/redis/redis-sold-out-board';
import { RedisStockGate } from '../infrastructure/redis/redis-stock-gate';
import { CatalogDataModule } from './catalog-data.module';
import { NotificationModule } from './notification.module';

/**
 * The ordering context's data and use cases: orders, the stock gate and ledger, tickets, the strategies, and
 * what the queue processors run. No HTTP (its routes are in OrderingHttpModule) and no risk context: placing an
 * order checks captchas, so it lives in OrderPlacementModule, which only the API imports.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([OrderOrmEntity], ORDERING_CONNECTION),
    CatalogDataModule,
    NotificationModule,
  ],
  providers: [
    { provide: CircuitBreakers, useClass: OpossumCircuitBreakers },
    {
      provide: OrderingSettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig): OrderingSettings => ({
        maxInFlight: config.ordering.maxInFlight,
        strandedAfterMs: config.ordering.strandedAfterMs,
      }),
    },
    TypeormOrderRepository,
    RedisStockGate,
    {
      provide: OrderRepository,
      inject: [TypeormOrderRepository, CircuitBreakers, AppConfig],
      useFactory: (orders: OrderRepository, breakers: CircuitBreakers, config: AppConfig) =>
        new GuardedOrderRepository(orders, breakers, config.resilience.mysqlTimeoutMs),
    },
    {
      provide: StockGate,
      inject: [RedisStockGate, CircuitBreakers],
      useFactory: (gate: StockGate, breakers: CircuitBreakers) => new GuardedStockGate(gate, breakers),
    },
    { provide: StockLedger, useClass: TypeormStockLedger },
    { provide: SoldOutBoard, useClass: RedisSoldOutBoard },
    { provide: AttemptCounter, useClass: RedisAttemptCounter },
    { provide: IdempotencyStore, useClass: RedisIdempotencyStore },
    { provide: PaymentGateway, useClass: SimulatedPaymentGateway },
    { provide: OrderExpiryScheduler, useClass: BullmqOrderExpiryScheduler },
    { provide: OrderPlacementQueue, useClass: BullmqOrderPlacementQueue },
    { provide: OrderTickets, useClass: RedisOrderTickets },
    { provide: StockRepairLog, useClass: RedisStockRepairLog },
    { provide: SaleDirectory, useClass: LocalSaleDirectory },
    ...orderingStrategyProviders,
    OrderReleaser,
    OrderPlacedEffects,
    PayOrderCmdExe,
    CancelOrderCmdExe,
    ExpireOrderCmdExe,
    SweepOverdueOrdersCmdExe,
    GetMyOrderQryExe,
    GetMyTicketQryExe,
    WriteQueuedOrderCmdExe,
    ListMyOrdersQryExe,
    GetSaleSummaryQryExe,
    ReconcileSaleCmdExe,
    TicketEndings,
    EndOrderTicketCmdExe,
    RepairStockCmdExe,
  ],
  exports: [
    PayOrderCmdExe,
    CancelOrderCmdExe,
    GetMyOrderQryExe,
    ListMyOrdersQryExe,
    GetMyTicketQryExe,
    GetSaleSummaryQryExe,
    ReconcileSaleCmdExe,
    AttemptCounter,
    EndOrderTicketCmdExe,
    RepairStockCmdExe,
    CircuitBreakers,
    SaleGatePreparer,
    ExpireOrderCmdExe,
    SweepOverdueOrdersCmdExe,
    WriteQueuedOrderCmdExe,
    StockGate,
    // What placing an order needs (OrderPlacementModule).
    SaleDirectory,
    OrderingStrategies,
    OrderRepository,
    SoldOutBoard,
    IdempotencyStore,
    OrderPlacedEffects,
    OrderingSettings,
  ],
})
export class OrderingModule {}
