// IAM delegation requests: a partner (the requestor) asks an account for temporary, scoped access; an
// identity of that account takes ownership (AssociateDelegationRequest), may add notes (Update), then
// accepts or rejects; once accepted, SendDelegationToken sends the partner a one-time trade-in token, which
// STS's GetDelegatedAccessToken exchanges for credentials of the approving identity limited to the request's
// permission policy (src/services/sts/delegated-access.ts).
//
//   UNASSIGNED --Associate--> ASSIGNED --Update--> PENDING_APPROVAL --Accept--> ACCEPTED --Send--> FINALIZED
//        ASSIGNED / PENDING_APPROVAL / ACCEPTED --Reject--> REJECTED;  any open state --time--> EXPIRED
//
// Modelled here (docs/iam.md, "Delegation requests"): the permission policy is the default version of the
// managed policy PolicyTemplateArn names (AWS's partner templates are not public); the notification channel
// (an SNS topic in AWS) is a table of the messages IAM would publish, read through `notifications` and the
// `linkedrole delegation-notifications` command.
import { createHash, randomBytes } from 'node:crypto';
import type { AwsError } from '../../aws/errors.js';
import { commonErrors, errors, type DelegationPermission, type DelegationRequest as DelegationRequestShape } from '../../aws/generated/iam.js';
import type { Caller } from '../../aws/service.js';
import type { Store, Tx } from '../../store/database.js';
import type { DelegationRequestRow } from '../../store/schema.js';
import { decodeMarker, DEFAULT_MAX_ITEMS, encodeMarker, type Page, type PageRequest } from './paging.js';
import type { ManagedPolicyRegistry } from './policy-registry.js';
import { isUniqueViolation } from './roles.js';

export type DelegationState = NonNullable<DelegationRequestShape['State']>;

/** How long an open request (or a rejected one, after its rejection) lives: AWS's "Rejected requests expire after 7 days". */
export const REQUEST_LIFETIME_MS = 7 * 24 * 3600 * 1000;

/** The identity that accepted a request: the delegated credentials act as it. */
export interface Approver {
  type: Caller['type'];
  arn: string;
  accountId: string;
  /** For a role session: the role's ARN. */
  roleArn?: string;
  /** For an IAM user: its UserId (AIDA...) and name. */
  userId?: string;
  userName?: string;
}

export interface DelegationRequest {
  id: string;
  requestorAccountId: string;
  ownerAccountId?: string;
  ownerId?: string;
  approver?: Approver;
  description: string;
  requestMessage?: string;
  permissions: DelegationPermission;
  permissionPolicy: string;
  redirectUrl?: string;
  notificationChannel: string;
  sessionDuration: number;
  onlySendByOwner: boolean;
  requestorWorkflowId: string;
  state: DelegationState;
  notes?: string;
  rejectionReason?: string;
  createDate: Date;
  updatedTime: Date;
  expirationTime: Date;
  tokenExpiration?: Date;
}

export interface CreateDelegationInput {
  OwnerAccountId?: string;
  Description: string;
  Permissions: DelegationPermission;
  RequestMessage?: string;
  RequestorWorkflowId: string;
  RedirectUrl?: string;
  NotificationChannel: string;
  SessionDuration: number;
  OnlySendByOwner?: boolean;
}

export function delegationRequestArn(accountId: string, id: string): string {
  return `arn:aws:iam::${accountId}:delegation-request/${id}`;
}

export function noSuchDelegationRequest(id: string): AwsError {
  return errors.NoSuchEntity(`Delegation request ${id} cannot be found.`);
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function fromRow(row: DelegationRequestRow, now: Date): DelegationRequest {
  const stored = row.state as DelegationState;
  const expirationTime = new Date(row.expiration_time);
  const open = stored !== 'FINALIZED' && stored !== 'EXPIRED';
  return {
    id: row.delegation_request_id,
    requestorAccountId: row.requestor_account_id,
    ownerAccountId: row.owner_account_id ?? undefined,
    ownerId: row.owner_id ?? undefined,
    approver: row.approver ? (JSON.parse(row.approver) as Approver) : undefined,
    description: row.description,
    requestMessage: row.request_message ?? undefined,
    permissions: JSON.parse(row.permissions) as DelegationPermission,
    permissionPolicy: row.permission_policy,
    redirectUrl: row.redirect_url ?? undefined,
    notificationChannel: row.notification_channel,
    sessionDuration: row.session_duration,
    onlySendByOwner: Number(row.only_send_by_owner) === 1,
    requestorWorkflowId: row.requestor_workflow_id,
    // A request past its expiration time has EXPIRED, whatever state it was left in.
    state: open && now.getTime() >= expirationTime.getTime() ? 'EXPIRED' : stored,
    notes: row.notes ?? undefined,
    rejectionReason: row.rejection_reason ?? undefined,
    createDate: new Date(row.create_date),
    updatedTime: new Date(row.updated_time),
    expirationTime,
    tokenExpiration: row.token_expiration ? new Date(row.token_expiration) : undefined,
  };
}

export class DelegationRequests {
  constructor(
    private readonly store: Store,
    private readonly policies: ManagedPolicyRegistry,
  ) {}

  /** A fresh request id (chosen before authorization, so the permission names the request's ARN). */
  static newId(): string {
    return `dr-${randomBytes(12).toString('hex')}`;
  }

  private async row(id: string, db: Store['db'] | Tx = this.store.db): Promise<DelegationRequestRow | undefined> {
    return db.selectFrom('iam_delegation_requests').selectAll().where('delegation_request_id', '=', id).executeTakeFirst();
  }

  /** The request as stored, for authorization (no visibility rules). */
  async find(id: string, now: Date): Promise<DelegationRequest | undefined> {
    const row = await this.row(id);
    return row ? fromRow(row, now) : undefined;
  }

  /**
   * Who may see a request (AWS's rules for GetDelegationRequest): anyone while it has no owner account; only
   * the owner account once it has one; and always the requestor that created it.
   */
  private visible(request: DelegationRequest, caller: Caller): boolean {
    if (caller.accountId === request.requestorAccountId) return true;
    return request.ownerAccountId === undefined || request.ownerAccountId === caller.accountId;
  }

  async create(id: string, caller: Caller, input: CreateDelegationInput, now: Date): Promise<DelegationRequest> {
    const template = input.Permissions.PolicyTemplateArn;
    const document = template && (await this.policies.exists(caller.accountId, template)) ? await this.policies.document(template) : undefined;
    if (!template || document === undefined) throw errors.InvalidInput(`The policy template ${template ?? '(none)'} does not exist.`);
    const row: DelegationRequestRow = {
      delegation_request_id: id,
      requestor_account_id: caller.accountId,
      owner_account_id: input.OwnerAccountId ?? null,
      owner_id: null,
      approver: null,
      description: input.Description,
      request_message: input.RequestMessage ?? null,
      permissions: JSON.stringify(input.Permissions),
      permission_policy: document,
      redirect_url: input.RedirectUrl ?? null,
      notification_channel: input.NotificationChannel,
      session_duration: input.SessionDuration,
      only_send_by_owner: input.OnlySendByOwner ? 1 : 0,
      requestor_workflow_id: input.RequestorWorkflowId,
      state: 'UNASSIGNED',
      notes: null,
      rejection_reason: null,
      create_date: now.toISOString(),
      updated_time: now.toISOString(),
      expiration_time: new Date(now.getTime() + REQUEST_LIFETIME_MS).toISOString(),
      token_hash: null,
      token_expiration: null,
      token_redeemed: 0,
    };
    const taken = () => errors.EntityAlreadyExists(`A delegation request with the requestor workflow ID ${input.RequestorWorkflowId} already exists.`);
    await this.store.transaction(async (tx) => {
      const same = await tx
        .selectFrom('iam_delegation_requests')
        .select('delegation_request_id')
        .where('requestor_account_id', '=', caller.accountId)
        .where('requestor_workflow_id', '=', input.RequestorWorkflowId)
        .executeTakeFirst();
      if (same) throw taken();
      try {
        await tx.insertInto('iam_delegation_requests').values(row).execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
    });
    return fromRow(row, now);
  }

  async get(id: string, caller: Caller, now: Date): Promise<DelegationRequest> {
    const request = await this.find(id, now);
    if (!request || !this.visible(request, caller)) throw noSuchDelegationRequest(id);
    return request;
  }

  /** ListDelegationRequests: the owned requests of the caller's account (those with no owner are not listed), by id. */
  async list(caller: Caller, request: PageRequest & { OwnerId?: string }, now: Date): Promise<Page<DelegationRequest>> {
    const max = request.MaxItems ?? DEFAULT_MAX_ITEMS;
    const after = decodeMarker(request.Marker);
    let query = this.store.db.selectFrom('iam_delegation_requests').selectAll().where('owner_account_id', '=', caller.accountId).where('owner_id', 'is not', null);
    if (request.OwnerId) query = query.where('owner_id', '=', request.OwnerId);
    if (after !== undefined) query = query.where('delegation_request_id', '>', after);
    const rows = await query.orderBy('delegation_request_id').limit(max + 1).execute();
    const items = rows.slice(0, max).map((r) => fromRow(r, now));
    const isTruncated = rows.length > max;
    return { items, isTruncated, marker: isTruncated ? encodeMarker(items[items.length - 1].id) : undefined };
  }

  /**
   * One state change in a transaction: the request (as the caller may see it), checked by `change`, which
   * returns the columns to write; the write is conditional on the state read, so of two concurrent changes
   * one wins and the other answers ConcurrentModification.
   */
  private async transition(id: string, caller: Caller, now: Date, change: (request: DelegationRequest) => Partial<DelegationRequestRow>): Promise<DelegationRequest> {
    return this.store.transaction(async (tx) => {
      const row = await this.row(id, tx);
      const request = row ? fromRow(row, now) : undefined;
      if (!row || !request || !this.visible(request, caller)) throw noSuchDelegationRequest(id);
      const patch = { ...change(request), updated_time: now.toISOString() };
      const result = await tx
        .updateTable('iam_delegation_requests')
        .set(patch)
        .where('delegation_request_id', '=', id)
        .where('state', '=', row.state)
        .where('updated_time', '=', row.updated_time)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw errors.ConcurrentModification(`Delegation request ${id} was changed by another request; try again.`);
      return fromRow({ ...row, ...patch } as DelegationRequestRow, now);
    });
  }

  private static wrongState(request: DelegationRequest, operation: string): AwsError {
    return errors.InvalidInput(`Delegation request ${request.id} is ${request.state}: ${operation} is not allowed in that state.`);
  }

  /** The owner account's identities only (once the request has an owner). */
  private static ownersOnly(request: DelegationRequest, caller: Caller): void {
    if (request.ownerAccountId !== caller.accountId || request.ownerId === undefined) throw noSuchDelegationRequest(request.id);
  }

  associate(id: string, caller: Caller, now: Date): Promise<DelegationRequest> {
    return this.transition(id, caller, now, (request) => {
      if (request.state !== 'UNASSIGNED') throw DelegationRequests.wrongState(request, 'AssociateDelegationRequest');
      if (request.ownerAccountId !== undefined && request.ownerAccountId !== caller.accountId) throw noSuchDelegationRequest(id);
      return { state: 'ASSIGNED', owner_id: caller.arn, owner_account_id: caller.accountId };
    });
  }

  update(id: string, caller: Caller, notes: string | undefined, now: Date): Promise<DelegationRequest> {
    return this.transition(id, caller, now, (request) => {
      DelegationRequests.ownersOnly(request, caller);
      if (request.state !== 'ASSIGNED' && request.state !== 'PENDING_APPROVAL') throw DelegationRequests.wrongState(request, 'UpdateDelegationRequest');
      return { state: 'PENDING_APPROVAL', notes: notes ?? null };
    });
  }

  /** AcceptDelegationRequest: records the calling identity, which the delegated credentials will act as. */
  accept(id: string, caller: Caller, approver: Approver, now: Date): Promise<DelegationRequest> {
    return this.transition(id, caller, now, (request) => {
      DelegationRequests.ownersOnly(request, caller);
      // AcceptDelegationRequest's model lists no InvalidInput: a request in another state is refused with the
      // protocol's ValidationError.
      if (request.state !== 'ASSIGNED' && request.state !== 'PENDING_APPROVAL') {
        throw commonErrors.ValidationError(`Delegation request ${request.id} is ${request.state}: AcceptDelegationRequest is not allowed in that state.`);
      }
      return { state: 'ACCEPTED', approver: JSON.stringify(approver) };
    });
  }

  reject(id: string, caller: Caller, notes: string | undefined, now: Date): Promise<DelegationRequest> {
    return this.transition(id, caller, now, (request) => {
      DelegationRequests.ownersOnly(request, caller);
      if (!['ASSIGNED', 'PENDING_APPROVAL', 'ACCEPTED'].includes(request.state)) throw DelegationRequests.wrongState(request, 'RejectDelegationRequest');
      return { state: 'REJECTED', rejection_reason: notes ?? null, expiration_time: new Date(now.getTime() + REQUEST_LIFETIME_MS).toISOString() };
    });
  }

  /**
   * SendDelegationToken: the request becomes FINALIZED and a one-time trade-in token is published to its
   * notification channel; the delegated session's window (SessionDuration) starts now.
   */
  async sendToken(id: string, caller: Caller, now: Date): Promise<void> {
    const token = `dt-${randomBytes(32).toString('base64url')}`;
    await this.store.transaction(async (tx) => {
      const row = await this.row(id, tx);
      const request = row ? fromRow(row, now) : undefined;
      if (!row || !request || !this.visible(request, caller)) throw noSuchDelegationRequest(id);
      DelegationRequests.ownersOnly(request, caller);
      if (request.state !== 'ACCEPTED') throw DelegationRequests.wrongState(request, 'SendDelegationToken');
      if (request.onlySendByOwner && caller.arn !== request.ownerId) {
        throw errors.InvalidInput(`Only the owner of delegation request ${id} (${request.ownerId}) may send its token.`);
      }
      const end = new Date(now.getTime() + request.sessionDuration * 1000);
      const result = await tx
        .updateTable('iam_delegation_requests')
        .set({ state: 'FINALIZED', token_hash: hashToken(token), token_expiration: end.toISOString(), expiration_time: end.toISOString(), updated_time: now.toISOString() })
        .where('delegation_request_id', '=', id)
        .where('state', '=', 'ACCEPTED')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw errors.ConcurrentModification(`Delegation request ${id} was changed by another request; try again.`);
      await tx
        .insertInto('iam_delegation_notifications')
        .values({
          delegation_request_id: id,
          notification_channel: request.notificationChannel,
          message: JSON.stringify({ DelegationRequestId: id, RequestorWorkflowId: request.requestorWorkflowId, State: 'FINALIZED', TradeInToken: token }),
          create_date: now.toISOString(),
        })
        .execute();
    });
  }

  /** What IAM published to a notification channel (in AWS, an SNS topic's messages), oldest first. */
  notifications(channel: string): Promise<DelegationNotification[]> {
    return delegationNotifications(this.store.db, channel);
  }

  /**
   * GetDelegatedAccessToken's exchange: the FINALIZED request whose token this is, marked redeemed (a token is
   * exchanged once); `expired` when its session window has ended or it was already exchanged.
   */
  async redeem(token: string, now: Date): Promise<DelegationRequest | 'expired' | undefined> {
    return this.store.transaction(async (tx) => {
      const row = await tx.selectFrom('iam_delegation_requests').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
      if (!row) return undefined;
      const request = fromRow(row, now);
      if (Number(row.token_redeemed) === 1 || !request.tokenExpiration || now.getTime() >= request.tokenExpiration.getTime()) return 'expired';
      const result = await tx.updateTable('iam_delegation_requests').set({ token_redeemed: 1 }).where('delegation_request_id', '=', row.delegation_request_id).where('token_redeemed', '=', 0).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return 'expired';
      return request;
    });
  }
}

export interface DelegationNotification {
  delegationRequestId: string;
  message: Record<string, string>;
  date: Date;
}

/** The messages of a notification channel, oldest first (also read by `linkedrole delegation-notifications`). */
export async function delegationNotifications(db: Store['db'], channel: string): Promise<DelegationNotification[]> {
  const rows = await db.selectFrom('iam_delegation_notifications').selectAll().where('notification_channel', '=', channel).orderBy('create_date').execute();
  return rows.map((r) => ({ delegationRequestId: r.delegation_request_id, message: JSON.parse(r.message) as Record<string, string>, date: new Date(r.create_date) }));
}

/** A request as the model shapes it. */
export function delegationRequestToWire(request: DelegationRequest): DelegationRequestShape {
  return {
    DelegationRequestId: request.id,
    OwnerAccountId: request.ownerAccountId,
    Description: request.description,
    RequestMessage: request.requestMessage,
    Permissions: request.permissions,
    PermissionPolicy: request.permissionPolicy,
    OwnerId: request.ownerId,
    ApproverId: request.approver?.arn,
    State: request.state,
    ExpirationTime: request.expirationTime,
    RequestorId: request.requestorAccountId,
    CreateDate: request.createDate,
    SessionDuration: request.sessionDuration,
    RedirectUrl: request.redirectUrl,
    Notes: request.notes,
    RejectionReason: request.rejectionReason,
    OnlySendByOwner: request.onlySendByOwner,
    UpdatedTime: request.updatedTime,
  };
}
