/** Where log lines go; one JSON document per line. */
export type LogSink = (line: string) => void;

/**
 * Writes straight to stdout: in Lambda, console.log prefixes a timestamp and request id, which
 * would stop CloudWatch from reading embedded-metric-format lines as JSON.
 */
export const stdoutSink: LogSink = (line) => {
  process.stdout.write(line + "\n");
};

/** Structured JSON logger. */
export interface Logger {
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
  /** Writes a raw JSON document (used for EMF metrics). */
  raw(doc: unknown): void;
}

/** A logger writing JSON lines to `sink`. */
export function createLogger(sink: LogSink = stdoutSink): Logger {
  const write = (level: string, message: string, data?: Record<string, unknown>) =>
    sink(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...data }));
  return {
    info: (m, d) => write("INFO", m, d),
    warn: (m, d) => write("WARN", m, d),
    error: (m, d) => write("ERROR", m, d),
    raw: (doc) => sink(JSON.stringify(doc)),
  };
}

/** A logger that drops everything. */
export const silentLogger: Logger = createLogger(() => {});
