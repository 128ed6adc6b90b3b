import type { CreateOperatorInput, IAdvizeCapabilities, IAdvizeUserError, Operator } from '../iadvize/types';
import type { Result } from '../lib/result';

/** The iAdvize operations provisioning uses; IAdvizeClient implements them. */
export interface OperatorDirectory {
  readonly capabilities: IAdvizeCapabilities;
  /** True while iAdvize refuses the companion's credentials. */
  readonly credentialsRefused?: boolean;
  createOperator(input: CreateOperatorInput): Promise<Result<{ id: string }, IAdvizeUserError>>;
  findOperatorsByEmail(email: string): Promise<Operator[]>;
  getOperator(id: string): Promise<Operator | undefined>;
}
