// Tags on data and event integrations and applications, kept in each resource's row (aws:ResourceTag conditions read
// them too).
import type { Db, Store, Tx } from '../../store/database.js';
import { findApplication } from './applications.js';
import { findDataIntegration } from './data-integrations.js';
import { checkTags, invalidRequest, notFound, QUOTAS, type TagMap } from './domain.js';
import { findEventIntegration } from './event-integrations.js';
import { parseAppIntegrationsArn } from './names.js';
import type { Scope } from '../kit/scope.js';

export class IntegrationTags {
  constructor(private readonly store: Store) {}

  async listTagsForResource(scope: Scope, arn: string): Promise<TagMap> {
    const { tags } = await this.taggable(scope, arn, this.store.db);
    return tags;
  }

  async tagResource(scope: Scope, arn: string, tags: TagMap): Promise<void> {
    checkTags(tags);
    await this.store.transaction(async (tx) => {
      const target = await this.taggable(scope, arn, tx);
      const merged = { ...target.tags, ...tags };
      if (Object.keys(merged).length > QUOTAS.tagsPerResource) {
        throw invalidRequest(`A resource can have at most ${QUOTAS.tagsPerResource} tags.`);
      }
      await target.save(merged, tx);
    });
  }

  async untagResource(scope: Scope, arn: string, tagKeys: string[]): Promise<void> {
    await this.store.transaction(async (tx) => {
      const target = await this.taggable(scope, arn, tx);
      const remaining = { ...target.tags };
      for (const key of tagKeys) delete remaining[key];
      await target.save(remaining, tx);
    });
  }

  /** The tags of the resource an ARN names (data or event integration), for conditions on aws:ResourceTag. */
  async resourceTags(scope: Scope, arn: string): Promise<TagMap> {
    try {
      return (await this.taggable(scope, arn, this.store.db)).tags;
    } catch {
      return {};
    }
  }

  private async taggable(scope: Scope, arn: string, db: Db | Tx): Promise<{ tags: TagMap; save(tags: TagMap, tx: Tx): Promise<void> }> {
    const parsed = parseAppIntegrationsArn(arn);
    const missing = () => notFound(`The resource ${arn} was not found.`);
    if (!parsed || parsed.accountId !== scope.accountId || parsed.region !== scope.region) throw missing();
    if (parsed.type === 'data-integration') {
      const row = await findDataIntegration(scope, parsed.id, db);
      if (!row || row.id !== parsed.id) throw missing();
      return {
        tags: JSON.parse(row.tags) as TagMap,
        save: async (tags, tx) => {
          await tx
            .updateTable('appintegrations_data_integrations')
            .set({ tags: JSON.stringify(tags) })
            .where('account_id', '=', scope.accountId)
            .where('region', '=', scope.region)
            .where('id', '=', row.id)
            .execute();
        },
      };
    }
    if (parsed.type === 'event-integration') {
      const row = await findEventIntegration(scope, parsed.name, db);
      if (!row) throw missing();
      return {
        tags: JSON.parse(row.tags) as TagMap,
        save: async (tags, tx) => {
          await tx
            .updateTable('appintegrations_event_integrations')
            .set({ tags: JSON.stringify(tags) })
            .where('account_id', '=', scope.accountId)
            .where('region', '=', scope.region)
            .where('name', '=', row.name)
            .execute();
        },
      };
    }
    if (parsed.type === 'application') {
      const row = await findApplication(scope, parsed.id, db);
      if (!row) throw missing();
      return {
        tags: JSON.parse(row.tags) as TagMap,
        save: async (tags, tx) => {
          await tx
            .updateTable('appintegrations_applications')
            .set({ tags: JSON.stringify(tags) })
            .where('account_id', '=', scope.accountId)
            .where('region', '=', scope.region)
            .where('id', '=', row.id)
            .execute();
        },
      };
    }
    throw missing();
  }
}
