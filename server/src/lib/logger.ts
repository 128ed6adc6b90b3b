import pino, { type DestinationStream, type Logger } from 'pino';
import { redact, redactText } from './redact';

export type { Logger } from 'pino';

/**
 * JSON logs with secrets, tokens and emails scrubbed from both the bound fields and the message.
 * The destination is injectable so tests can read what would have been written.
 */
export function createLogger(
  options: { level?: string; name?: string } = {},
  destination?: DestinationStream,
): Logger {
  return pino(
    {
      name: options.name ?? 'user-sync',
      level: options.level ?? 'info',
      // An error is left whole for its serializer, which scrubs it after pino has read its code and
      // cause: scrubbing it first would hand pino a plain object it can no longer serialize.
      formatters: {
        log: ({ err, ...rest }) => {
          const out = redact(rest) as Record<string, unknown>;
          if (err !== undefined) out.err = err instanceof Error ? err : redact(err);
          return out;
        },
      },
      serializers: { err: (error: unknown) => (error instanceof Error ? redact(error) : error) },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/** A logger that writes nothing, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
