/**
 * Where projectors and rebuilds report retries and recoveries. With pino:
 * `(level, message, fields) => logger[level](fields, message)`.
 */
export type ProjectionLogger = (level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown>) => void;

export const silentLogger: ProjectionLogger = () => undefined;

/** An error as a log field: its message, not its stack or the SQL parameters it may carry. */
export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
