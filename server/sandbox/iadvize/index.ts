/**
 * A local simulator of the iAdvize APIs the companion uses: the OAuth password grant with its login
 * limits, GraphQL `professionalCreate` / `professional`, and REST v2 `operator` lookups, with optional
 * latency, rate limit and injected faults. See README.md for what is documented and what is inferred.
 */
export { startIAdvizeSandbox, DEFAULT_ADMIN, DEFAULT_REST_API_KEY } from './server';
export type { IAdvizeSandbox, IAdvizeSandboxOptions } from './server';
export type { IAdvizeState, IAdvizeCounters, SeedOperator } from './state';
export type { SandboxOperator, SandboxRole } from './operators';
export type { FaultOptions } from './faults';
export { FAULT_RETRY_AFTER_SECONDS } from './gateway';
export { USER_ERROR_TYPES } from './professional-create';
export type { UserErrorType } from './professional-create';
export { INVALID_TOKEN_BODY } from './bearer';
