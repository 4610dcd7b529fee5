import { describeOrderingContract } from './ordering-contract';

describeOrderingContract('bucketed', { bucketCount: 8 });
