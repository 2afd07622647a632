import { Args, Query, Resolver } from '@nestjs/graphql';
import { AccountsService } from './accounts.service';
import { User } from './user.entity';

@Resolver(() => User)
export class UsersResolver {
  constructor(private readonly accounts: AccountsService) {}

  @Query(() => User, { nullable: true, description: 'A person, by username (case-insensitive).' })
  user(@Args('username') username: string): Promise<User | null> {
    return this.accounts.findByUsername(username);
  }
}
