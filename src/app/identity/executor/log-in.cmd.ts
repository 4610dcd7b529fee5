export class LogInCmd {
  constructor(
    readonly email: string,
    readonly password: string,
  ) {}
}
