export { errorStatus, type ErrorCode } from './errors/error-codes.ts';
export { AppError, isAppError, type ErrorBody } from './errors/app-error.ts';
export { ok, err, type Result } from './errors/result.ts';
export { parseWith, type FieldProblem } from './errors/parse.ts';
export { envVariables, type ConfigSection } from './config/env-variables.ts';
export {
  envToConfig,
  type DatabaseConfig,
  type ObjectStoreConfig,
  type MlflowConfig,
  type HttpConfig,
} from './config/platform-config.ts';
