import { Arg, Mutation, Resolver } from 'type-graphql';
import { CurrentPrincipal } from '../../auth/current-principal';
import type { PrincipalOf } from '../../auth/principal';
import { Customer } from '../customers/customer.entity';
import { actorOf } from '../../auth/actor';
import { RegisterCustomerInput } from './registration.input';
import type { RegistrationService } from './registration.service';

@Resolver()
export class RegistrationResolver {
  constructor(private readonly registrations: RegistrationService) {}

  @Mutation(() => Customer, {
    nullable: true,
    description:
      'Signs a new customer up, with the consents they ticked and the evidence of it, in one transaction (the sign-up backend, staff token). ' +
      'The email waits for the code sent to it; the answer is the same whoever holds the address.',
  })
  registerCustomer(
    @Arg('input', () => RegisterCustomerInput, { description: 'The new customer, their consents and the evidence of them.' })
    input: RegisterCustomerInput,
    @CurrentPrincipal() staff: PrincipalOf<'staff'>,
  ): Promise<Customer> {
    return this.registrations.register(input, actorOf(staff));
  }
}
