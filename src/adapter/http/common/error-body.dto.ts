import { type ErrorCode } from '../../../domain/shared/domain-error';

export class FieldProblemDto {
  field!: string;
  message!: string;
}

/** The one error body of API.md. */
export class ErrorBodyDto {
  statusCode!: number;
  /** Stable, machine-readable: SOLD_OUT, LIMIT_EXCEEDED, VALIDATION_FAILED, … */
  code!: ErrorCode;
  message!: string;
  /** Field problems, for VALIDATION_FAILED. */
  details!: FieldProblemDto[];
  /** Only on 500: quote it when reporting the problem. */
  correlationId?: string;
}
