import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GetSaleSummaryQry } from '../../../app/ordering/executor/query/get-sale-summary.qry';
import { GetSaleSummaryQryExe } from '../../../app/ordering/executor/query/get-sale-summary.qry-exe';
import { ReconcileSaleCmd } from '../../../app/ordering/executor/reconcile-sale.cmd';
import { ReconcileSaleCmdExe } from '../../../app/ordering/executor/reconcile-sale.cmd-exe';
import { ApiErrors } from '../common/api-errors.decorator';
import { SaleSummaryResponseDto } from './sale-summary-response.dto';

@ApiTags('admin: flash sales')
@ApiBearerAuth()
@Controller('api/admin/flash-sales')
export class AdminSaleStockController {
  constructor(
    private readonly summary: GetSaleSummaryQryExe,
    private readonly reconcile: ReconcileSaleCmdExe,
  ) {}

  /** Stock, orders, buyers, revenue and attempts of a sale, and whether MySQL, Redis and the orders agree. */
  @Get(':id/summary')
  @ApiErrors(401, 403, 404)
  async get(@Param('id') saleId: string): Promise<SaleSummaryResponseDto> {
    return SaleSummaryResponseDto.from(await this.summary.execute(new GetSaleSummaryQry(saleId)));
  }

  /** Repairs drift (after a crash between the gate and MySQL) from the orders, then answers the summary. */
  @Post(':id/reconcile')
  @HttpCode(200)
  @ApiErrors(401, 403, 404)
  async repair(@Param('id') saleId: string): Promise<SaleSummaryResponseDto> {
    await this.reconcile.execute(new ReconcileSaleCmd(saleId));
    return SaleSummaryResponseDto.from(await this.summary.execute(new GetSaleSummaryQry(saleId)));
  }
}
