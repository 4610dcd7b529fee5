import { describeOrderingContract } from './ordering-contract';

describeOrderingContract('sync');
