import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, Info, Mutation, Resolver, Root } from 'type-graphql';
import { actorOf } from '../../auth/actor';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { PrincipalOf } from '../../auth/principal';
import { UUIDScalar } from '../../common/scalars';
import type { Context } from '../../context';
import { Processor } from '../processors/processor.entity';
import { TrustedDocument } from './trusted-document.entity';
import { RegisterTrustedDocumentInput } from './trusted-document.input';
import type { TrustedDocumentService } from './trusted-document.service';

@Resolver(() => Processor)
export class TrustedDocumentResolver {
  constructor(private readonly documentService: TrustedDocumentService) {}

  @Mutation(() => TrustedDocument, {
    nullable: true,
    description: 'Registers an operation a processor may send when restricted to trusted documents (privacy officer).',
  })
  registerTrustedDocument(
    @Arg('input', () => RegisterTrustedDocumentInput, { description: 'The processor and the exact document text.' })
    input: RegisterTrustedDocumentInput,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
    // The schema the document will be executed against is the one this request runs on.
    @Info() info: GraphQLResolveInfo,
  ): Promise<TrustedDocument> {
    return this.documentService.register(input, info.schema, actorOf(officer));
  }

  @Mutation(() => TrustedDocument, { nullable: true, description: 'Revokes a trusted document; it is refused from the next request on.' })
  revokeTrustedDocument(
    @Arg('id', () => UUIDScalar, { description: 'The registration to revoke (TrustedDocument.id).' }) id: string,
    @CurrentPrincipal() officer: PrincipalOf<'privacy_officer'>,
  ): Promise<TrustedDocument> {
    return this.documentService.revoke(id, actorOf(officer));
  }

  @Mutation(() => Processor, {
    nullable: true,
    description: "Restricts a processor's tokens to its trusted documents, or lifts the restriction (privacy officer).",
  })
  setTrustedDocumentsOnly(
    @Arg('processorId', () => UUIDScalar, { description: 'The processor.' }) processorId: string,
    @Arg('enabled', () => Boolean, { description: 'True: only its trusted documents are answered; false: any operation.' })
    enabled: boolean,
  ): Promise<Processor> {
    return this.documentService.restrict(processorId, enabled);
  }

  @FieldResolver(() => [TrustedDocument], {
    nullable: true,
    description: 'The operations registered for it, revoked ones included, newest first (privacy officer).',
  })
  trustedDocuments(@Root() processor: Processor, @Ctx() { loaders }: Context): Promise<TrustedDocument[]> {
    return loaders.trustedDocumentsByProcessorId.load(processor.id);
  }
}
