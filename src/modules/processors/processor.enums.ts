import { registerEnumType } from 'type-graphql';

export enum ProcessorKind {
  AFFILIATE = 'AFFILIATE',
  THIRD_PARTY = 'THIRD_PARTY',
}

registerEnumType(ProcessorKind, {
  name: 'ProcessorKind',
  description: 'An affiliate of the company, or a third party processing on its instructions (policy §2).',
});
