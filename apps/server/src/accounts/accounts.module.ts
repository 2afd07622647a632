import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailModule } from '../mail/mail.module';
import { SecurityModule } from '../security/security.module';
import { AccountsResolver } from './accounts.resolver';
import { AccountsService } from './accounts.service';
import { EmailConfirmationsResolver } from './email-confirmations.resolver';
import { EmailConfirmationsService } from './email-confirmations.service';
import { FirstRunService } from './first-run.service';
import { InvitationsResolver } from './invitations.resolver';
import { InvitationsService } from './invitations.service';
import { PasswordResetsResolver } from './password-resets.resolver';
import { PasswordResetsService } from './password-resets.service';
import { PasswordHasher } from './password-hasher.service';
import { PersonalDataService } from './personal-data.service';
import { Session } from './session.entity';
import { SessionsService } from './sessions.service';
import { TwoStepResolver } from './two-step.resolver';
import { TwoStepService } from './two-step.service';
import { User } from './user.entity';

@Module({
  imports: [TypeOrmModule.forFeature([User, Session]), SecurityModule, MailModule],
  providers: [AccountsService, AccountsResolver, PasswordHasher, SessionsService, PasswordResetsService, PasswordResetsResolver, EmailConfirmationsService, EmailConfirmationsResolver, PersonalDataService, InvitationsService, InvitationsResolver, FirstRunService, TwoStepService, TwoStepResolver],
  exports: [AccountsService, SessionsService, FirstRunService],
})
export class AccountsModule {}
