import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateFlashSaleCmd } from '../../../app/catalog/executor/create-flash-sale.cmd';
import { CreateFlashSaleCmdExe } from '../../../app/catalog/executor/create-flash-sale.cmd-exe';
import { DeleteFlashSaleCmd } from '../../../app/catalog/executor/delete-flash-sale.cmd';
import { DeleteFlashSaleCmdExe } from '../../../app/catalog/executor/delete-flash-sale.cmd-exe';
import { GetFlashSaleQry } from '../../../app/catalog/executor/query/get-flash-sale.qry';
import { GetFlashSaleQryExe } from '../../../app/catalog/executor/query/get-flash-sale.qry-exe';
import { ListFlashSalesQry } from '../../../app/catalog/executor/query/list-flash-sales.qry';
import { ListFlashSalesQryExe } from '../../../app/catalog/executor/query/list-flash-sales.qry-exe';
import { UpdateFlashSaleCmd } from '../../../app/catalog/executor/update-flash-sale.cmd';
import { UpdateFlashSaleCmdExe } from '../../../app/catalog/executor/update-flash-sale.cmd-exe';
import { WarmUpSaleCmd } from '../../../app/catalog/executor/warm-up-sale.cmd';
import { WarmUpSaleCmdExe } from '../../../app/catalog/executor/warm-up-sale.cmd-exe';
import { ApiErrors } from '../common/api-errors.decorator';
import { AdminSalePageResponseDto, AdminSaleResponseDto } from './admin-sale-response.dto';
import { CreateFlashSaleRequestDto } from './create-flash-sale-request.dto';
import { AdminSaleListQueryDto } from './sale-list-query.dto';
import { UpdateFlashSaleRequestDto } from './update-flash-sale-request.dto';
import { WarmUpResponseDto } from './warm-up-response.dto';

@ApiTags('admin: products and sales')
@ApiBearerAuth()
@Controller('api/admin/flash-sales')
export class AdminFlashSalesController {
  constructor(
    private readonly createSale: CreateFlashSaleCmdExe,
    private readonly listSales: ListFlashSalesQryExe,
    private readonly getSale: GetFlashSaleQryExe,
    private readonly updateSale: UpdateFlashSaleCmdExe,
    private readonly deleteSale: DeleteFlashSaleCmdExe,
    private readonly warmUpSale: WarmUpSaleCmdExe,
  ) {}

  /** Creates the sale and its stock; its stock is loaded into Redis automatically ahead of startsAt. */
  @Post()
  @ApiErrors(400, 401, 403)
  async create(@Body() body: CreateFlashSaleRequestDto): Promise<AdminSaleResponseDto> {
    // The request's fields are the command's (the validation pipe lets no other through), times as Dates.
    const reading = await this.createSale.execute(
      new CreateFlashSaleCmd({ ...body, startsAt: new Date(body.startsAt), endsAt: new Date(body.endsAt) }),
    );
    return AdminSaleResponseDto.from(reading);
  }

  /** Every sale, newest start first; optionally one status or one product. */
  @Get()
  @ApiErrors(400, 401, 403)
  async list(@Query() query: AdminSaleListQueryDto): Promise<AdminSalePageResponseDto> {
    const page = await this.listSales.execute(
      new ListFlashSalesQry(query.toPageRequest(), query.status, query.productId),
    );
    return AdminSalePageResponseDto.from(page);
  }

  @Get(':id')
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string): Promise<AdminSaleResponseDto> {
    return AdminSaleResponseDto.from(await this.getSale.execute(new GetFlashSaleQry(id)));
  }

  /** Once the sale has started, stock, strategy, buckets and times are locked: 409 SALE_LOCKED. */
  @Patch(':id')
  @ApiErrors(400, 401, 403, 404, 409)
  async update(
    @Param('id') id: string,
    @Body() body: UpdateFlashSaleRequestDto,
  ): Promise<AdminSaleResponseDto> {
    const reading = await this.updateSale.execute(
      new UpdateFlashSaleCmd(id, {
        ...body,
        startsAt: body.startsAt === undefined ? undefined : new Date(body.startsAt),
        endsAt: body.endsAt === undefined ? undefined : new Date(body.endsAt),
      }),
    );
    return AdminSaleResponseDto.from(reading);
  }

  /** Before the start or after the end; a running sale is 409 SALE_LOCKED. */
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(401, 403, 404, 409)
  async remove(@Param('id') id: string): Promise<void> {
    await this.deleteSale.execute(new DeleteFlashSaleCmd(id));
  }

  /**
   * Loads the sale's stock into the flash-sale Redis now, from what MySQL says is available. Idempotent; after
   * the start it only fills a missing gate. An ended sale is 409 SALE_ENDED.
   */
  @Post(':id/warm-up')
  @HttpCode(200)
  @ApiErrors(401, 403, 404, 409, 503)
  async warmUp(@Param('id') id: string): Promise<WarmUpResponseDto> {
    return WarmUpResponseDto.from(await this.warmUpSale.execute(new WarmUpSaleCmd(id)));
  }
}
