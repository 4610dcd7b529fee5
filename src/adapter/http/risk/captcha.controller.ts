import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IssueCaptchaQry } from '../../../app/risk/executor/query/issue-captcha.qry';
import { IssueCaptchaQryExe } from '../../../app/risk/executor/query/issue-captcha.qry-exe';
import { type Principal } from '../../../domain/identity/principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { CaptchaResponseDto } from './captcha-response.dto';

@ApiTags('storefront')
@ApiBearerAuth()
@Controller('api/flash-sales')
export class CaptchaController {
  constructor(private readonly issueCaptcha: IssueCaptchaQryExe) {}

  /**
   * A captcha for a sale with captchaRequired, valid for CAPTCHA_TTL_SECONDS, for one order attempt of the
   * caller in this sale. 400 BAD_REQUEST for a sale that needs none.
   */
  @Get(':id/captcha')
  @Header('Cache-Control', 'no-store')
  @ApiErrors(400, 401, 404)
  async issue(
    @Param('id') saleId: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CaptchaResponseDto> {
    return CaptchaResponseDto.from(
      await this.issueCaptcha.execute(new IssueCaptchaQry(principal.userId, saleId)),
    );
  }
}
