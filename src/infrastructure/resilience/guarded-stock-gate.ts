import {
  type GateRelease,
  type GateRequest,
  type GateSnapshot,
  type GateState,
  type GateVerdict,
  type InFlightAttempt,
  StockGate,
} from '../../domain/ordering/stock-gate';
import { type CircuitBreakers } from './circuit-breakers';

/** The stock gate behind the Redis circuit breaker: a hung or failing Redis answers 503 fast. */
export class GuardedStockGate extends StockGate {
  constructor(
    private readonly gate: StockGate,
    private readonly breakers: CircuitBreakers,
  ) {
    super();
  }

  prepare(snapshot: GateSnapshot, mode: 'reset' | 'if-absent'): Promise<void> {
    return this.breakers.run('redis', () => this.gate.prepare(snapshot, mode));
  }
  reserve(request: GateRequest): Promise<GateVerdict> {
    return this.breakers.run('redis', () => this.gate.reserve(request));
  }
  giveBack(release: GateRelease): Promise<boolean> {
    return this.breakers.run('redis', () => this.gate.giveBack(release));
  }
  settle(saleId: string, attemptId: string): Promise<void> {
    return this.breakers.run('redis', () => this.gate.settle(saleId, attemptId));
  }
  inFlight(saleId: string): Promise<InFlightAttempt[]> {
    return this.gate.inFlight(saleId);
  }
  read(saleId: string, bucketCount: number): Promise<GateState | null> {
    return this.gate.read(saleId, bucketCount);
  }
  isPrepared(saleId: string): Promise<boolean> {
    return this.breakers.run('redis', () => this.gate.isPrepared(saleId));
  }
}
