import { ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import { Customer } from './customer.entity';

@ObjectType({ description: 'A page of customers.' })
export class CustomerConnection extends ConnectionType(Customer) {}
