import { Injectable } from '@nestjs/common';
import { OrderRepository } from '../../../domain/ordering/order.repository';
import { Clock } from '../../../domain/shared/clock';
import { ExpireOrderCmd } from './expire-order.cmd';
import { ExpireOrderCmdExe } from './expire-order.cmd-exe';
import { type SweepOverdueOrdersCmd } from './sweep-overdue-orders.cmd';

/** The safety net behind the per-order expiry jobs: expires every overdue order it finds. */
@Injectable()
export class SweepOverdueOrdersCmdExe {
  constructor(
    private readonly orders: OrderRepository,
    private readonly expire: ExpireOrderCmdExe,
    private readonly clock: Clock,
  ) {}

  async execute(cmd: SweepOverdueOrdersCmd): Promise<number> {
    const overdue = await this.orders.findOverdue(this.clock.now(), cmd.batchSize);
    let expired = 0;
    for (const order of overdue) {
      if (await this.expire.execute(new ExpireOrderCmd(order.id))) expired++;
    }
    return expired;
  }
}
