import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository, type SelectQueryBuilder } from 'typeorm';
import { IpBan } from '../../../domain/risk/ip-ban';
import { IpBanRepository } from '../../../domain/risk/ip-ban.repository';
import { offsetOf, type Page, type PageRequest } from '../../../domain/shared/page';
import { IpBanOrmEntity } from './ip-ban.orm-entity';

@Injectable()
export class TypeormIpBanRepository extends IpBanRepository {
  constructor(@InjectRepository(IpBanOrmEntity) private readonly rows: Repository<IpBanOrmEntity>) {
    super();
  }

  async save(ban: IpBan): Promise<void> {
    const { ip, reason, createdAt, expiresAt, createdBy } = ban.props;
    await this.rows.upsert({ ip, reason, createdAt, expiresAt, createdBy }, ['ip']);
  }

  async delete(ip: string, now: Date): Promise<boolean> {
    const row = await this.rows.findOneBy({ ip });
    if (!row) return false;
    await this.rows.delete({ ip });
    return toIpBan(row).isActiveAt(now);
  }

  async listActive(now: Date, page: PageRequest): Promise<Page<IpBan>> {
    const [rows, total] = await this.active(now)
      .orderBy('ban.createdAt', 'DESC')
      .addOrderBy('ban.ip', 'ASC')
      .skip(offsetOf(page))
      .take(page.pageSize)
      .getManyAndCount();
    return { items: rows.map(toIpBan), page: page.page, pageSize: page.pageSize, total };
  }

  async allActive(now: Date): Promise<IpBan[]> {
    return (await this.active(now).getMany()).map(toIpBan);
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.rows
      .createQueryBuilder()
      .delete()
      .where('expires_at IS NOT NULL AND expires_at <= :now', { now })
      .execute();
    return result.affected ?? 0;
  }

  private active(now: Date): SelectQueryBuilder<IpBanOrmEntity> {
    return this.rows
      .createQueryBuilder('ban')
      .where(
        new Brackets((where) =>
          where.where('ban.expiresAt IS NULL').orWhere('ban.expiresAt > :now', { now }),
        ),
      );
  }
}

function toIpBan(row: IpBanOrmEntity): IpBan {
  return new IpBan({
    ip: row.ip,
    reason: row.reason,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    createdBy: row.createdBy === null ? null : String(row.createdBy),
  });
}
