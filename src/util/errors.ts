/**
 * Errors that leave a module carry a stable `code`, so callers (and tests)
 * branch on the code rather than on message text.
 */
export class ElectricError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: string, message: string, options?: { cause?: unknown; details?: Record<string, unknown> }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = options?.details;
  }
}

/** A problem the operator must fix before the service can run (exit code 1). */
export class StartupError extends ElectricError {}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
