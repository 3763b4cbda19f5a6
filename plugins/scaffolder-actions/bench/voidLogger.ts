/** A logger that drops everything, so the benchmark measures the actions, not the console. */
export function getVoidLogger() {
  const logger: any = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child: () => logger,
  };
  return logger;
}
