import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, IsNull, Repository, type SelectQueryBuilder } from 'typeorm';
import { ProductNotFoundError, SaleLockedError } from '../../../domain/catalog/catalog.errors';
import { type FlashSale, type FlashSaleProps, type NewFlashSale } from '../../../domain/catalog/flash-sale';
import { FlashSaleRepository, type SaleListFilter } from '../../../domain/catalog/flash-sale.repository';
import { splitStock } from '../../../domain/ordering/stock-split';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { toFlashSale } from './catalog.mappers';
import { FlashSaleOrmEntity } from './flash-sale.orm-entity';
import { isRowId } from './row-id';

@Injectable()
export class TypeormFlashSaleRepository extends FlashSaleRepository {
  constructor(
    @InjectRepository(FlashSaleOrmEntity) private readonly rows: Repository<FlashSaleOrmEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    super();
  }

  async findById(id: string): Promise<FlashSale | null> {
    if (!isRowId(id)) return null;
    const row = await this.rows.findOneBy({ id, deletedAt: IsNull() });
    return row ? toFlashSale(row) : null;
  }

  async list(filter: SaleListFilter, page: PageRequest): Promise<Page<FlashSale>> {
    const query = this.rows
      .createQueryBuilder('s')
      .innerJoin('products', 'p', 'p.id = s.product_id AND p.deleted_at IS NULL')
      .where('s.deleted_at IS NULL');
    withStatus(query, filter);
    if (filter.productId !== undefined) {
      if (!isRowId(filter.productId))
        return { items: [], page: page.page, pageSize: page.pageSize, total: 0 };
      query.andWhere('s.product_id = :productId', { productId: filter.productId });
    }
    const [rows, total] = await query
      // Property names, not columns: with skip/take TypeORM maps the ORDER BY itself.
      .orderBy('s.startsAt', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .skip(offsetOf(page))
      .take(page.pageSize)
      .getManyAndCount();
    return { items: rows.map(toFlashSale), page: page.page, pageSize: page.pageSize, total };
  }

  async insert(sale: NewFlashSale): Promise<FlashSale> {
    return this.dataSource.transaction(async (manager) => {
      // Share-locks the product, so a concurrent delete of it waits for this sale (and then refuses).
      const product: unknown[] = await manager.query(
        'SELECT id FROM products WHERE id = ? AND deleted_at IS NULL LOCK IN SHARE MODE',
        [sale.productId],
      );
      if (product.length === 0) throw new ProductNotFoundError();
      const now = new Date();
      const result = await manager.insert(FlashSaleOrmEntity, {
        ...sale,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      });
      const id = String((result.identifiers[0] as { id: string | number }).id);
      await writeStockRows(manager, id, sale.stock, sale.bucketCount);
      return toFlashSale(await manager.findOneByOrFail(FlashSaleOrmEntity, { id }));
    });
  }

  async update(sale: FlashSale, previous: FlashSaleProps): Promise<FlashSale> {
    const next = sale.props;
    const layoutChanged =
      next.stock !== previous.stock ||
      next.strategy !== previous.strategy ||
      next.bucketCount !== previous.bucketCount;
    return this.dataSource.transaction(async (manager) => {
      if (layoutChanged) {
        // Before the start nothing can be reserved; should anything be, the rows must not be rewritten.
        const held: { held: string | number | null }[] = await manager.query(
          'SELECT SUM(reserved + sold) AS held FROM sale_stock_buckets WHERE sale_id = ? FOR UPDATE',
          [sale.id],
        );
        if (Number(held[0]?.held ?? 0) > 0) throw new SaleLockedError(['stock']);
      }
      await manager.update(
        FlashSaleOrmEntity,
        { id: sale.id, deletedAt: IsNull() },
        {
          title: next.title,
          salePriceCents: next.salePriceCents,
          stock: next.stock,
          perUserLimit: next.perUserLimit,
          startsAt: next.startsAt,
          endsAt: next.endsAt,
          strategy: next.strategy,
          bucketCount: next.bucketCount,
          paymentTimeoutSeconds: next.paymentTimeoutSeconds,
          captchaRequired: next.captchaRequired,
          captchaKind: next.captchaKind,
          captchaDifficulty: next.captchaDifficulty,
          updatedAt: next.updatedAt,
        },
      );
      if (layoutChanged) {
        await manager.query('DELETE FROM sale_stock_buckets WHERE sale_id = ?', [sale.id]);
        await writeStockRows(manager, sale.id, next.stock, next.bucketCount);
      }
      return toFlashSale(await manager.findOneByOrFail(FlashSaleOrmEntity, { id: sale.id }));
    });
  }

  async delete(id: string): Promise<void> {
    if (!isRowId(id)) return;
    await this.rows.update({ id, deletedAt: IsNull() }, { deletedAt: new Date() });
  }

  async listNeedingWarmGate(now: Date, horizonMs: number): Promise<FlashSale[]> {
    const rows = await this.rows
      .createQueryBuilder('s')
      .where('s.deleted_at IS NULL')
      .andWhere('s.starts_at <= :horizon', { horizon: new Date(now.getTime() + horizonMs) })
      .andWhere('s.ends_at > :now', { now })
      .orderBy('s.startsAt', 'ASC')
      .getMany();
    return rows.map(toFlashSale);
  }

  async listStartedEndingAfter(now: Date, endedWithinMs: number): Promise<FlashSale[]> {
    const rows = await this.rows
      .createQueryBuilder('s')
      .where('s.deleted_at IS NULL')
      .andWhere('s.starts_at <= :now', { now })
      .andWhere('s.ends_at > :since', { since: new Date(now.getTime() - endedWithinMs) })
      .orderBy('s.startsAt', 'ASC')
      .getMany();
    return rows.map(toFlashSale);
  }

  async hasLiveOrUpcomingSaleOfProduct(productId: string, now: Date): Promise<boolean> {
    if (!isRowId(productId)) return false;
    const found: unknown[] = await this.dataSource.query(
      'SELECT id FROM flash_sales WHERE product_id = ? AND deleted_at IS NULL AND ends_at > ? LIMIT 1',
      [productId, now],
    );
    return found.length > 0;
  }

  async remainingOf(saleIds: readonly string[]): Promise<Map<string, number>> {
    const ids = saleIds.filter(isRowId);
    const remaining = new Map<string, number>();
    if (ids.length === 0) return remaining;
    const rows: { saleId: string | number; available: string | number | null }[] =
      await this.dataSource.query(
        `SELECT sale_id AS saleId, SUM(available) AS available FROM sale_stock_buckets
        WHERE sale_id IN (${ids.map(() => '?').join(', ')}) GROUP BY sale_id`,
        ids,
      );
    for (const row of rows) remaining.set(String(row.saleId), Math.max(0, Number(row.available ?? 0)));
    return remaining;
  }

  async idsOfProduct(productId: string): Promise<string[]> {
    if (!isRowId(productId)) return [];
    const rows = await this.rows.find({
      select: { id: true },
      where: { productId, deletedAt: IsNull() },
    });
    return rows.map((row) => String(row.id));
  }
}

/** One row per bucket (one row, bucket 0, for sync and async), split evenly; nothing reserved or sold. */
async function writeStockRows(
  manager: EntityManager,
  saleId: string,
  stock: number,
  buckets: number,
): Promise<void> {
  const parts = splitStock(stock, buckets);
  await manager.query(
    `INSERT INTO sale_stock_buckets (sale_id, bucket_no, total, available, reserved, sold, version)
     VALUES ${parts.map(() => '(?, ?, ?, ?, 0, 0, 0)').join(', ')}`,
    parts.flatMap((units, bucketNo) => [saleId, bucketNo, units, units]),
  );
}

function withStatus(query: SelectQueryBuilder<FlashSaleOrmEntity>, filter: SaleListFilter): void {
  const { now } = filter;
  if (filter.status === 'upcoming') query.andWhere('s.starts_at > :now', { now });
  if (filter.status === 'active') query.andWhere('s.starts_at <= :now AND s.ends_at > :now', { now });
  if (filter.status === 'ended') query.andWhere('s.ends_at <= :now', { now });
}
