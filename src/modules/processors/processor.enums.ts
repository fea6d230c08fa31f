import { registerEnumType } from 'type-graphql';

export enum ProcessorKind {
  AFFILIATE = 'AFFILIATE',
  THIRD_PARTY = 'THIRD_PARTY',
}

registerEnumType(ProcessorKind, {
  name: 'ProcessorKind',
  description: 'An affiliate of the company, or a third party processing on its instructions (policy §2).',
  valuesConfig: {
    AFFILIATE: { description: 'A company affiliated with Allprint.' },
    THIRD_PARTY: { description: "Another party processing on the company's instructions under a processing agreement." },
  },
});
