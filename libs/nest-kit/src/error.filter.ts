import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, isParleyError, type ErrorBody } from '@parley/contracts';
import type { Logger } from '@parley/telemetry';
import type { FastifyReply } from 'fastify';
import { throwError, type Observable } from 'rxjs';
import { LOGGER } from './tokens.js';

const STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.Validation,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  409: ErrorCode.Conflict,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.RateLimited,
  503: ErrorCode.Unavailable,
};

/**
 * The one place where errors become HTTP responses: `{ "error": { code, message, issues? } }`.
 * Parley's coded errors keep their status; the framework's own (unknown route, bad JSON) are
 * given the matching code; anything else is a 500 whose details stay in the log.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void | Observable<never> {
    // Requests between services: let the error reach the transport, which answers with its code.
    if (host.getType() === 'rpc') return throwError(() => exception);
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    let status: number;
    let body: ErrorBody;
    if (isParleyError(exception)) {
      status = exception.status;
      body = exception.toBody();
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      body = { code: STATUS_CODES[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.Validation), message: exception.message };
    } else if (isFastifyClientError(exception)) {
      status = exception.statusCode;
      body = { code: STATUS_CODES[status] ?? ErrorCode.Validation, message: exception.message };
    } else {
      status = 500;
      body = { code: ErrorCode.Internal, message: 'internal error' };
      this.logger.error({ err: exception }, 'unhandled error');
    }
    void reply.status(status).send({ error: body });
  }
}

function isFastifyClientError(error: unknown): error is { statusCode: number; message: string } {
  const code = (error as { statusCode?: unknown })?.statusCode;
  return typeof code === 'number' && code >= 400 && code < 500;
}
