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
      formatters: { log: (object) => redact(object) as Record<string, unknown> },
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
