// Tags of IAM users and customer managed policies, stored in one table keyed by the entity's kind and
// lower-cased name. Keys are case-insensitive: a new casing of a key replaces the old one in place. The
// rules on keys (checkTags, mergeTags, withoutKeys) serve roles too, whose tags live with the role.
import type { AwsError } from '../../aws/errors.js';
import { errors } from '../../aws/generated/iam.js';
import type { Db, Tx } from '../../store/database.js';
import type { Tag } from './roles.js';

export type TaggedKind = 'user' | 'policy' | 'instance-profile' | 'mfa' | 'oidc-provider' | 'saml-provider' | 'server-certificate';

/** The quota named in each kind's LimitExceeded text. */
const TAG_QUOTA: Record<TaggedKind, string> = { user: 'TagsPerUser', policy: 'TagsPerPolicy', 'instance-profile': 'TagsPerInstanceProfile', mfa: 'TagsPerMFADevice', 'oidc-provider': 'TagsPerOpenIdConnectProvider', 'saml-provider': 'TagsPerSAMLProvider', 'server-certificate': 'TagsPerServerCertificate' };

export const TAGS_PER_ENTITY = 50;

/** IAM names (users, groups, policies) are unique in an account regardless of case. */
export function nameKey(name: string): string {
  return name.toLowerCase();
}

/** Tag keys must be unique regardless of case; a missing value is the empty string. */
export function checkTags(tags: Tag[]): Tag[] {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw errors.InvalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(key);
  }
  return tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
}

export function tagQuota(kind: TaggedKind): AwsError {
  return errors.LimitExceeded(`Cannot exceed quota for ${TAG_QUOTA[kind]}: ${TAGS_PER_ENTITY}`);
}

/** Tags merged as TagUser/TagPolicy do: existing keys (in any case) replaced in place, new ones appended. */
export function mergeTags(existing: Tag[], incoming: Tag[]): Tag[] {
  const merged = [...existing];
  for (const tag of incoming) {
    const at = merged.findIndex((t) => t.Key.toLowerCase() === tag.Key.toLowerCase());
    if (at === -1) merged.push(tag);
    else merged[at] = tag;
  }
  return merged;
}

/** The tags left once `tagKeys` are removed; keys match regardless of case. */
export function withoutKeys(tags: Tag[], tagKeys: string[]): Tag[] {
  const remove = new Set(tagKeys.map((k) => k.toLowerCase()));
  return tags.filter((t) => !remove.has(t.Key.toLowerCase()));
}

export async function readTags(db: Db | Tx, accountId: string, kind: TaggedKind, key: string): Promise<Tag[]> {
  const rows = await db
    .selectFrom('iam_identity_tags')
    .select(['tag_key', 'tag_value'])
    .where('account_id', '=', accountId)
    .where('entity_kind', '=', kind)
    .where('entity_key', '=', key)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ Key: r.tag_key, Value: r.tag_value }));
}

/** Replaces an entity's tags with `tags`, in that order. */
export async function writeTags(tx: Tx, accountId: string, kind: TaggedKind, key: string, tags: Tag[]): Promise<void> {
  await deleteTags(tx, accountId, kind, key);
  if (tags.length > 0) {
    await tx
      .insertInto('iam_identity_tags')
      .values(tags.map((t, i) => ({ account_id: accountId, entity_kind: kind, entity_key: key, tag_key: t.Key, tag_value: t.Value, position: i })))
      .execute();
  }
}

export async function deleteTags(tx: Tx, accountId: string, kind: TaggedKind, key: string): Promise<void> {
  await tx.deleteFrom('iam_identity_tags').where('account_id', '=', accountId).where('entity_kind', '=', kind).where('entity_key', '=', key).execute();
}

/** TagUser/TagPolicy inside their transaction: `incoming` (already checked) merged in, within the quota. */
export async function addTags(tx: Tx, accountId: string, kind: TaggedKind, key: string, incoming: Tag[]): Promise<void> {
  const merged = mergeTags(await readTags(tx, accountId, kind, key), incoming);
  if (merged.length > TAGS_PER_ENTITY) throw tagQuota(kind);
  await writeTags(tx, accountId, kind, key, merged);
}

/** UntagUser/UntagPolicy inside their transaction: written only when a key was there to remove. */
export async function removeTags(tx: Tx, accountId: string, kind: TaggedKind, key: string, tagKeys: string[]): Promise<void> {
  const tags = await readTags(tx, accountId, kind, key);
  const kept = withoutKeys(tags, tagKeys);
  if (kept.length !== tags.length) await writeTags(tx, accountId, kind, key, kept);
}

/** Moves an entity's tags to a new key (a renamed user). */
export async function renameTags(tx: Tx, accountId: string, kind: TaggedKind, from: string, to: string): Promise<void> {
  if (from === to) return;
  await tx.updateTable('iam_identity_tags').set({ entity_key: to }).where('account_id', '=', accountId).where('entity_kind', '=', kind).where('entity_key', '=', from).execute();
}

/** The tags as condition keys see them: aws:PrincipalTag/<key>, aws:ResourceTag/<key>. */
export function tagMap(tags: Tag[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const t of tags) map[t.Key] = t.Value;
  return map;
}
