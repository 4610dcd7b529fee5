import { Controller, Get, Header, Param, Query } from '@nestjs/common';

/** A CDN or browser may reuse a public read for a second: the crowd's refreshes collapse onto one request. */
const PUBLIC_SALE_CACHE = 'public, max-age=1';
import { ApiTags } from '@nestjs/swagger';
import { GetSaleQry } from '../../../app/catalog/executor/query/get-sale.qry';
import { GetSaleQryExe } from '../../../app/catalog/executor/query/get-sale.qry-exe';
import { ListSalesQry } from '../../../app/catalog/executor/query/list-sales.qry';
import { ListSalesQryExe } from '../../../app/catalog/executor/query/list-sales.qry-exe';
import { ApiErrors } from '../common/api-errors.decorator';
import { Public } from '../common/public.decorator';
import { SaleListQueryDto } from './sale-list-query.dto';
import { SalePageResponseDto, SaleResponseDto } from './sale-response.dto';

/** The storefront's reads: public, and served from the sale cache. */
@ApiTags('storefront')
@Controller('api/flash-sales')
export class FlashSalesController {
  constructor(
    private readonly listSales: ListSalesQryExe,
    private readonly getSale: GetSaleQryExe,
  ) {}

  /** Sales, newest start first; optionally only upcoming, active or ended ones. */
  @Public()
  @Get()
  @Header('Cache-Control', PUBLIC_SALE_CACHE)
  @ApiErrors(400)
  async list(@Query() query: SaleListQueryDto): Promise<SalePageResponseDto> {
    return SalePageResponseDto.from(
      await this.listSales.execute(new ListSalesQry(query.toPageRequest(), query.status)),
    );
  }

  /** One sale with the units left and the server's time. */
  @Public()
  @Get(':id')
  @Header('Cache-Control', PUBLIC_SALE_CACHE)
  @ApiErrors(404)
  async get(@Param('id') id: string): Promise<SaleResponseDto> {
    return SaleResponseDto.from(await this.getSale.execute(new GetSaleQry(id)));
  }
}
