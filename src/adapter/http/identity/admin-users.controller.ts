import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ListUsersQry } from '../../../app/identity/executor/query/list-users.qry';
import { ListUsersQryExe } from '../../../app/identity/executor/query/list-users.qry-exe';
import { ApiErrors } from '../common/api-errors.decorator';
import { PageQueryDto } from '../common/page-query.dto';
import { UserPageResponseDto } from './user-page-response.dto';

@ApiTags('admin: accounts')
@ApiBearerAuth()
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly listUsers: ListUsersQryExe) {}

  /** Every account, newest first. */
  @Get()
  @ApiErrors(400, 401, 403)
  async list(@Query() query: PageQueryDto): Promise<UserPageResponseDto> {
    return UserPageResponseDto.from(await this.listUsers.execute(new ListUsersQry(query.toPageRequest())));
  }
}
