import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { byKey } from '../graphql/request-context';
import { User } from './user.entity';

@Injectable()
export class AccountsService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  async usersByIds(ids: readonly number[]): Promise<(User | null)[]> {
    const rows = await this.users.findBy({ id: In([...ids]) });
    return byKey(ids, rows, (user) => user.id);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .where('lower(user.username) = lower(:username)', { username })
      .getOne();
  }
}
