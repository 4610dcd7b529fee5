import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GetCurrentUserQry } from '../../../app/identity/executor/query/get-current-user.qry';
import { GetCurrentUserQryExe } from '../../../app/identity/executor/query/get-current-user.qry-exe';
import { LogInCmd } from '../../../app/identity/executor/log-in.cmd';
import { LogInCmdExe } from '../../../app/identity/executor/log-in.cmd-exe';
import { RegisterUserCmd } from '../../../app/identity/executor/register-user.cmd';
import { RegisterUserCmdExe } from '../../../app/identity/executor/register-user.cmd-exe';
import { type Principal } from '../../../domain/identity/principal';
import { ApiErrors } from '../common/api-errors.decorator';
import { CurrentPrincipal } from '../common/current-principal.decorator';
import { Public } from '../common/public.decorator';
import { LoginRateLimitGuard, RegisterRateLimitGuard } from '../common/rate-limit.guard';
import { AccessTokenResponseDto } from './access-token-response.dto';
import { LoginRequestDto } from './login-request.dto';
import { RegisterRequestDto } from './register-request.dto';
import { UserResponseDto } from './user-response.dto';

@ApiTags('accounts')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly registerUser: RegisterUserCmdExe,
    private readonly logIn: LogInCmdExe,
    private readonly currentUser: GetCurrentUserQryExe,
  ) {}

  /** Limited per client address (REGISTER_RATE_LIMIT per REGISTER_RATE_WINDOW_SECONDS): each costs an Argon2 hash. */
  @Public()
  @Post('register')
  @UseGuards(RegisterRateLimitGuard)
  @ApiErrors(400, 409, 429)
  async register(@Body() body: RegisterRequestDto): Promise<UserResponseDto> {
    const user = await this.registerUser.execute(
      new RegisterUserCmd(body.email, body.password, body.displayName),
    );
    return UserResponseDto.from(user);
  }

  /** Limited per client address (LOGIN_RATE_LIMIT per LOGIN_RATE_WINDOW_SECONDS), on top of the global limit. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginRateLimitGuard)
  @ApiErrors(400, 401, 429)
  login(@Body() body: LoginRequestDto): Promise<AccessTokenResponseDto> {
    return this.logIn.execute(new LogInCmd(body.email, body.password));
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiErrors(401)
  async me(@CurrentPrincipal() principal: Principal): Promise<UserResponseDto> {
    return UserResponseDto.from(await this.currentUser.execute(new GetCurrentUserQry(principal.userId)));
  }
}
