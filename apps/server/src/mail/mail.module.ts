import { Module } from '@nestjs/common';
import { MailQueue } from './mail-queue.service';

/** Email through nodemailer and a pg-boss queue, when SMTP_URL is set: see MailQueue. */
@Module({
  providers: [MailQueue],
  exports: [MailQueue],
})
export class MailModule {}
