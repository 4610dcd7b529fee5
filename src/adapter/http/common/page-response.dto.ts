import { type Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { type Page } from '../../../domain/shared/page';

/** What every paginated answer of API.md looks like: `{ items, page, pageSize, total }`. */
export interface PageResponse<TDto> {
  items: TDto[];
  page: number;
  pageSize: number;
  total: number;
}

/**
 * One page shape for every list: `class OrderPageResponseDto extends PageResponseOf(OrderResponseDto, OrderResponseDto.from) {}`
 * gives the route a named, documented class whose `from(page)` maps each item with `toDto`.
 */
export function PageResponseOf<TItem, TDto>(itemDto: Type<TDto>, toDto: (item: TItem) => TDto) {
  class PageResponseDto implements PageResponse<TDto> {
    @ApiProperty({ type: [itemDto] })
    items!: TDto[];

    @ApiProperty()
    page!: number;

    @ApiProperty()
    pageSize!: number;

    @ApiProperty()
    total!: number;

    static from<T extends PageResponseDto>(this: new () => T, page: Page<TItem>): T {
      return Object.assign(new this(), { ...page, items: page.items.map((item) => toDto(item)) });
    }
  }
  return PageResponseDto;
}
