import { describeOrderingContract } from './ordering-contract';

describeOrderingContract('async');
