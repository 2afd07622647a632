import { Global, Module } from '@nestjs/common';
import { MarkdownRenderer } from './markdown-renderer.service';

@Global()
@Module({ providers: [MarkdownRenderer], exports: [MarkdownRenderer] })
export class RenderingModule {}
