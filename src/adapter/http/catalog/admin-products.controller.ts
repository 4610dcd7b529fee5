import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateProductCmd } from '../../../app/catalog/executor/create-product.cmd';
import { CreateProductCmdExe } from '../../../app/catalog/executor/create-product.cmd-exe';
import { DeleteProductCmd } from '../../../app/catalog/executor/delete-product.cmd';
import { DeleteProductCmdExe } from '../../../app/catalog/executor/delete-product.cmd-exe';
import { GetProductQry } from '../../../app/catalog/executor/query/get-product.qry';
import { GetProductQryExe } from '../../../app/catalog/executor/query/get-product.qry-exe';
import { ListProductsQry } from '../../../app/catalog/executor/query/list-products.qry';
import { ListProductsQryExe } from '../../../app/catalog/executor/query/list-products.qry-exe';
import { UpdateProductCmd } from '../../../app/catalog/executor/update-product.cmd';
import { UpdateProductCmdExe } from '../../../app/catalog/executor/update-product.cmd-exe';
import { ApiErrors } from '../common/api-errors.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { CreateProductRequestDto } from './create-product-request.dto';
import { ProductPageResponseDto, ProductResponseDto } from './product-response.dto';
import { UpdateProductRequestDto } from './update-product-request.dto';

@ApiTags('admin: products and sales')
@ApiBearerAuth()
@Controller('api/admin/products')
export class AdminProductsController {
  constructor(
    private readonly createProduct: CreateProductCmdExe,
    private readonly listProducts: ListProductsQryExe,
    private readonly getProduct: GetProductQryExe,
    private readonly updateProduct: UpdateProductCmdExe,
    private readonly deleteProduct: DeleteProductCmdExe,
  ) {}

  @Post()
  @ApiErrors(400, 401, 403)
  async create(@Body() body: CreateProductRequestDto): Promise<ProductResponseDto> {
    const product = await this.createProduct.execute(
      new CreateProductCmd(body.name, body.description ?? null, body.imageUrl ?? null, body.priceCents),
    );
    return ProductResponseDto.from(product);
  }

  /** Every product, newest first. */
  @Get()
  @ApiErrors(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<ProductPageResponseDto> {
    return ProductPageResponseDto.from(
      await this.listProducts.execute(new ListProductsQry(query.toPageRequest())),
    );
  }

  @Get(':id')
  @ApiErrors(401, 403, 404)
  async get(@Param('id') id: string): Promise<ProductResponseDto> {
    return ProductResponseDto.from(await this.getProduct.execute(new GetProductQry(id)));
  }

  /** Changes the fields sent; sales of the product show the change within a second. */
  @Patch(':id')
  @ApiErrors(400, 401, 403, 404)
  async update(@Param('id') id: string, @Body() body: UpdateProductRequestDto): Promise<ProductResponseDto> {
    const product = await this.updateProduct.execute(
      new UpdateProductCmd(id, {
        name: body.name,
        description: body.description,
        imageUrl: body.imageUrl,
        priceCents: body.priceCents,
      }),
    );
    return ProductResponseDto.from(product);
  }

  /** Refused with 409 CONFLICT while a sale of the product is running or still to come. */
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(401, 403, 404, 409)
  async remove(@Param('id') id: string): Promise<void> {
    await this.deleteProduct.execute(new DeleteProductCmd(id));
  }
}
