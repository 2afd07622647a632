import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecurityModule } from '../security/security.module';
import { AccountsResolver } from './accounts.resolver';
import { AccountsService } from './accounts.service';
import { PasswordHasher } from './password-hasher.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session]), SecurityModule],
  providers: [AccountsService, AccountsResolver, PasswordHasher, SessionsService],
  exports: [AccountsService, SessionsService],
})
export class AccountsModule {}
