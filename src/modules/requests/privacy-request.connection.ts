import { ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/pagination';
import { PrivacyRequest } from './privacy-request.entity';

@ObjectType({ description: 'A page of privacy requests.' })
export class PrivacyRequestConnection extends ConnectionType(PrivacyRequest) {}
