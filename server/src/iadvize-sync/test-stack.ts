import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IAdvizeSandboxOptions } from '../../sandbox/iadvize';
import { startSandboxStack, type SandboxStack } from '../../sandbox/stack';
import { startCompanion, type Companion } from '../companion';
import type { IAdvizeConfig } from '../config';
import { silentLogger, type Logger } from '../lib/logger';

type UserRow = Record<string, unknown>;

/**
 * The sandboxes and a companion in-process, for provisioning tests: the org, the iAdvize tenant and
 * the small verbs an admin's actions come down to (add a user, tick Sync, wait for the write-back).
 */
export class ProvisioningStack {
  stack!: SandboxStack;
  companion: Companion | undefined;
  private dir = '';

  async boot(
    options: { iadvize?: IAdvizeSandboxOptions; config?: Partial<IAdvizeConfig>; logger?: Logger } = {},
  ) {
    this.stack = await startSandboxStack({ salesforce: { cometdTimeoutMs: 400 }, iadvize: options.iadvize });
    this.dir = mkdtempSync(join(tmpdir(), 'provisioning-'));
    this.companion = await startCompanion(
      this.stack.companionConfig(join(this.dir, 'companion.db'), { iadvize: options.config }),
      options.logger ?? silentLogger(),
    );
  }

  async restart(databaseName: string) {
    await this.companion?.stop();
    this.companion = await startCompanion(
      this.stack.companionConfig(join(this.dir, databaseName)),
      silentLogger(),
    );
  }

  async close() {
    await this.companion?.stop();
    this.companion = undefined;
    await this.stack?.close();
  }

  get org() {
    return this.stack.salesforce.org;
  }

  get iadvize() {
    return this.stack.iadvize.state;
  }

  user = (id: string) => this.org.get('User', id) as UserRow;

  addUser = (first: string, last: string, email: string, alias = first.slice(0, 5).toLowerCase()) =>
    this.org.addUser({ FirstName: first, LastName: last, Email: email, Alias: alias });

  tick = (...ids: string[]) =>
    this.org.update(
      'User',
      ids.map((Id) => ({ Id, IAdvize_Sync__c: true })),
    );

  settled =
    (...ids: string[]) =>
    () =>
      ids.every(
        (id) => !['Queued', null, undefined].includes(this.user(id).IAdvize_Sync_Status__c as string),
      );

  operatorsFor = (email: string) =>
    this.iadvize.operators().filter((o) => o.email.toLowerCase() === email.toLowerCase());
}
