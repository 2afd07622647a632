import { Module } from '@nestjs/common';
import { DiscussionsModule } from '../discussions/discussions.module';
import { MailModule } from '../mail/mail.module';
import { EmailRepliesService } from './email-replies.service';
import { InboundSmtp } from './inbound-smtp.service';

/** Taking part by email: reply addresses, the inbound SMTP listener, and emails back when a reply is refused. */
@Module({
  imports: [MailModule, DiscussionsModule],
  providers: [EmailRepliesService, InboundSmtp],
})
export class EmailRepliesModule {}
