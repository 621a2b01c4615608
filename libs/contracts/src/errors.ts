/**
 * The coded error set. Domain code and services throw these; the edges (HTTP filter, WebSocket
 * frames, NATS request-reply) translate them once. `code` is stable and part of the public API.
 */
export const ErrorCode = {
  Validation: 'VALIDATION',
  Unauthorized: 'UNAUTHORIZED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  RateLimited: 'RATE_LIMITED',
  Unavailable: 'UNAVAILABLE',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field of an input; `path` is dotted (`data.text`, `members.0`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The plain-data form of an error, as it travels in HTTP bodies, WebSocket frames and NATS replies. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

export abstract class ParleyError extends Error {
  abstract readonly code: ErrorCode;
  /** The HTTP status the edge maps this error to. */
  abstract readonly status: number;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message };
  }
}

export class ValidationError extends ParleyError {
  readonly code = ErrorCode.Validation;
  readonly status = 400;
  readonly issues: readonly FieldIssue[];

  constructor(message: string, issues: readonly FieldIssue[] = []) {
    super(issues.length ? `${message}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}` : message);
    this.issues = issues;
  }

  override toBody(): ErrorBody {
    return { code: this.code, message: this.message, issues: [...this.issues] };
  }
}

export class UnauthorizedError extends ParleyError {
  readonly code = ErrorCode.Unauthorized;
  readonly status = 401;
}

export class ForbiddenError extends ParleyError {
  readonly code = ErrorCode.Forbidden;
  readonly status = 403;
}

export class NotFoundError extends ParleyError {
  readonly code = ErrorCode.NotFound;
  readonly status = 404;
}

/** A write lost a race (stale expected sequence) or would break a uniqueness rule. */
export class ConflictError extends ParleyError {
  readonly code = ErrorCode.Conflict;
  readonly status = 409;
}

export class PayloadTooLargeError extends ParleyError {
  readonly code = ErrorCode.PayloadTooLarge;
  readonly status = 413;
}

export class RateLimitedError extends ParleyError {
  readonly code = ErrorCode.RateLimited;
  readonly status = 429;
}

/** A dependency (NATS, a database, the file store) cannot be reached; retrying later may work. */
export class UnavailableError extends ParleyError {
  readonly code = ErrorCode.Unavailable;
  readonly status = 503;
}

export class InternalError extends ParleyError {
  readonly code = ErrorCode.Internal;
  readonly status = 500;
}

/** Rebuilds a typed error from its wire form (a NATS reply, an HTTP error body). */
export function errorFromBody(body: ErrorBody): ParleyError {
  switch (body.code) {
    case ErrorCode.Validation: {
      // The message already lists the issues; keep it as sent.
      const error = new ValidationError(body.message);
      return Object.assign(error, { issues: body.issues ?? [] });
    }
    case ErrorCode.Unauthorized:
      return new UnauthorizedError(body.message);
    case ErrorCode.Forbidden:
      return new ForbiddenError(body.message);
    case ErrorCode.NotFound:
      return new NotFoundError(body.message);
    case ErrorCode.Conflict:
      return new ConflictError(body.message);
    case ErrorCode.PayloadTooLarge:
      return new PayloadTooLargeError(body.message);
    case ErrorCode.RateLimited:
      return new RateLimitedError(body.message);
    case ErrorCode.Unavailable:
      return new UnavailableError(body.message);
    case ErrorCode.Internal:
      return new InternalError(body.message);
    default: {
      const unknown: never = body.code;
      return new InternalError(`unknown error code ${String(unknown)}: ${body.message}`);
    }
  }
}

export function isParleyError(value: unknown): value is ParleyError {
  return value instanceof ParleyError;
}
