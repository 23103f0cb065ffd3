// UpdateGroup: a group renamed or moved to another path, in one transaction; its members and its inline and
// attached policies follow it (they are keyed by the group's lower-cased name), as UpdateUser does for a user.
import { errors } from '../../aws/generated/iam.js';
import type { Store } from '../../store/database.js';
import { groupArn, type Groups } from './groups.js';
import { nameKey } from './identity-tags.js';

export async function updateGroup(store: Store, groups: Groups, accountId: string, groupName: string, changes: { NewGroupName?: string; NewPath?: string }): Promise<void> {
  await store.transaction(async (tx) => {
    const group = await groups.get(accountId, groupName, tx);
    const newName = changes.NewGroupName ?? group.groupName;
    const newPath = changes.NewPath ?? group.path;
    const from = nameKey(group.groupName);
    const to = nameKey(newName);
    if (from !== to && (await groups.find(accountId, newName, tx))) throw errors.EntityAlreadyExists(`Group with name ${newName} already exists.`);
    await tx
      .updateTable('iam_groups')
      .set({ name_key: to, group_name: newName, path: newPath, arn: groupArn(accountId, newPath, newName) })
      .where('account_id', '=', accountId)
      .where('name_key', '=', from)
      .execute();
    if (from === to) return;
    await tx.updateTable('iam_group_members').set({ group_key: to }).where('account_id', '=', accountId).where('group_key', '=', from).execute();
    for (const table of ['iam_principal_inline_policies', 'iam_principal_attached_policies'] as const) {
      await tx.updateTable(table).set({ principal_key: to }).where('account_id', '=', accountId).where('principal_kind', '=', 'group').where('principal_key', '=', from).execute();
    }
  });
}
