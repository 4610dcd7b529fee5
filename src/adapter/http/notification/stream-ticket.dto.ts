import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StreamQueryDto {
  /** A ticket from POST /api/notifications/stream-tickets, for clients that cannot send Authorization. */
  @IsOptional()
  @IsString()
  @MaxLength(128)
  ticket?: string;
}

export class StreamTicketResponseDto {
  /** Opens GET /api/notifications/stream?ticket=… once. */
  ticket!: string;
  /** Seconds until the ticket lapses unused. */
  expiresIn!: number;
}
