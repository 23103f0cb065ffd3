// The signed-in IAM user's own security credentials in the console (AWS's "My security credentials"): the
// console password (GetLoginProfile) with a form to change it (ChangePassword, the account password policy's
// rules shown from GetAccountPasswordPolicy), and the user's MFA devices (ListMFADevices). Every part is an
// API call as the user, so a user without the permissions sees AWS's refusal in its place.
import { ChangePasswordCommand, GetAccountPasswordPolicyCommand, GetLoginProfileCommand, ListMFADevicesCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import { apiError } from './aws.js';
import { html } from './html.js';
import { attempt } from './iam.js';
import { csrf, errorBox, pageHeader, panel, table } from './layout.js';
import { formReply, redirect, type Context, type Router } from './router.js';

export const SECURITY_CREDENTIALS_PATH = '/console/security-credentials';

export function securityCredentialsRoutes(router: Router): void {
  router.get(SECURITY_CREDENTIALS_PATH, (ctx) => credentialsPage(ctx));
  router.post(`${SECURITY_CREDENTIALS_PATH}/password`, async (ctx) => {
    const { oldPassword = '', newPassword = '', confirmPassword = '' } = ctx.form;
    if (newPassword !== confirmPassword) return credentialsPage(ctx, new Error('The new passwords do not match.'));
    const changed = await attempt(ctx.aws.iam.send(new ChangePasswordCommand({ OldPassword: oldPassword, NewPassword: newPassword })));
    if (!changed.ok) return credentialsPage(ctx, changed.error);
    ctx.flash('success', 'Your password is changed.');
    return redirect(SECURITY_CREDENTIALS_PATH);
  });
}

function rules(policy: PasswordPolicy): string[] {
  return [
    `at least ${policy.MinimumPasswordLength} characters`,
    ...(policy.RequireUppercaseCharacters ? ['an uppercase letter'] : []),
    ...(policy.RequireLowercaseCharacters ? ['a lowercase letter'] : []),
    ...(policy.RequireNumbers ? ['a number'] : []),
    ...(policy.RequireSymbols ? ['a symbol'] : []),
    ...(policy.PasswordReusePrevention ? [`none of your last ${policy.PasswordReusePrevention} passwords`] : []),
    ...(policy.MaxPasswordAge ? [`changed every ${policy.MaxPasswordAge} days`] : []),
  ];
}

async function credentialsPage(ctx: Context, error?: unknown) {
  const iam = ctx.aws.iam;
  const [profile, devices, policy] = await Promise.all([
    attempt(iam.send(new GetLoginProfileCommand({}))),
    attempt(iam.send(new ListMFADevicesCommand({}))),
    attempt(iam.send(new GetAccountPasswordPolicyCommand({}))),
  ]);
  const policyText = policy.ok
    ? `The account's password policy: ${rules(policy.value.PasswordPolicy!).join(', ')}.`
    : apiError(policy.error).code === 'NoSuchEntity'
      ? "The account has no password policy: AWS's default applies (at least 8 characters, three of uppercase, lowercase, numbers and symbols, not your user name)."
      : undefined;
  const page = ctx.page({
    title: 'My security credentials',
    section: 'iam',
    crumbs: [['IAM', '/console/iam'], ['My security credentials']],
    body: html`${pageHeader('My security credentials', { description: html`Signed in as <code>${ctx.session.identity!.arn}</code>.` })}
${panel(
  'Console password',
  html`${profile.ok
    ? html`<p>Set on ${profile.value.LoginProfile!.CreateDate!.toISOString()}${profile.value.LoginProfile!.PasswordResetRequired ? ' (a new one is required at the next sign-in)' : ''}.</p>`
    : errorBox(profile.error, 'Reading your console password')}
${policyText ? html`<p class="hint">${policyText}</p>` : ''}
${error ? errorBox(error, 'Changing the password') : ''}
<form method="post" action="${SECURITY_CREDENTIALS_PATH}/password" class="stack">
  ${csrf(ctx.session)}
  <label for="oldPassword">Old password</label>
  <input id="oldPassword" name="oldPassword" type="password" autocomplete="current-password" required>
  <label for="newPassword">New password</label>
  <input id="newPassword" name="newPassword" type="password" autocomplete="new-password" required>
  <label for="confirmPassword">Retype new password</label>
  <input id="confirmPassword" name="confirmPassword" type="password" autocomplete="new-password" required>
  <div class="actions"><button type="submit" class="button primary">Change password</button></div>
</form>`,
)}
${panel(
  'MFA devices',
  devices.ok
    ? table('Your MFA devices', ['Serial number', 'Enabled'], devices.value.MFADevices!.map((d) => [html`<code>${d.SerialNumber}</code>`, d.EnableDate?.toISOString() ?? ''] ), 'No MFA device is enabled for you.')
    : errorBox(devices.error, 'Listing your MFA devices'),
)}`,
  });
  return formReply(page, error);
}
