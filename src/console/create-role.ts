// IAM in the console: creating a service-linked role by choosing its service (the IAM console's
// "AWS service" use cases). The seed pages name it as a way to create a role, and to create it again
// after deleting it. The form calls CreateServiceLinkedRole as the signed-in user.
import { CreateServiceLinkedRoleCommand } from '@aws-sdk/client-iam';
import { linkedServices } from '../services/iam/slr-catalog.js';
import { html } from './html.js';
import { attempt, iamSideNav, roleHref } from './iam.js';
import { csrf, errorBox, pageHeader } from './layout.js';
import { formReply, redirect, type Context, type Router } from './router.js';

export const CREATE_SLR_PATH = '/console/iam/create-service-linked-role';

export function createRoleRoutes(router: Router): void {
  router.get(CREATE_SLR_PATH, (ctx) => createPage(ctx, { service: ctx.url.searchParams.get('service') ?? '' }));

  router.post(CREATE_SLR_PATH, async (ctx) => {
    const values = { service: ctx.form.service ?? '', suffix: (ctx.form.suffix ?? '').trim(), description: (ctx.form.description ?? '').trim() };
    const created = await attempt(
      ctx.aws.iam.send(
        new CreateServiceLinkedRoleCommand({
          AWSServiceName: values.service,
          ...(values.suffix ? { CustomSuffix: values.suffix } : {}),
          ...(values.description ? { Description: values.description } : {}),
        }),
      ),
    );
    if (!created.ok) return createPage(ctx, values, created.error);
    const roleName = created.value.Role!.RoleName!;
    ctx.flash('success', `The service-linked role ${roleName} is created.`);
    return redirect(roleHref(roleName));
  });
}

function createPage(ctx: Context, values: { service: string; suffix?: string; description?: string }, error?: unknown) {
  const services = linkedServices().sort((a, b) => a.servicePrincipal.localeCompare(b.servicePrincipal));
  const page = ctx.page({
    title: 'Create a service-linked role',
    section: 'iam',
    sideNav: iamSideNav('roles'),
    crumbs: [['IAM', '/console/iam'], ['Roles', '/console/iam/roles'], ['Create a service-linked role']],
    body: html`${pageHeader('Create a service-linked role', {
      description: 'Choose the AWS service (its use case): IAM creates the role the service defines, with its name, path, trust policy and permissions. Services usually create their role themselves when you first use them.',
    })}
${error ? errorBox(error, 'Creating the role') : ''}
<form method="post" action="${CREATE_SLR_PATH}" class="stack panel standalone">
  ${csrf(ctx.session)}
  <label for="service">AWS service</label>
  <select id="service" name="service" required>
    <option value="">Choose a service</option>
    ${services.map((s) => html`<option value="${s.servicePrincipal}"${s.servicePrincipal === values.service ? html` selected` : ''}>${s.servicePrincipal}: ${s.roleName}${s.customSuffixAllowed ? ' (suffix allowed)' : ''}</option>`)}
  </select>
  <label for="suffix">Custom suffix <span class="hint">(optional; only services marked "suffix allowed" take one: the role is named ROLE_SUFFIX)</span></label>
  <input id="suffix" name="suffix" value="${values.suffix ?? ''}" autocomplete="off">
  <label for="description">Description <span class="hint">(optional)</span></label>
  <input id="description" name="description" value="${values.description ?? ''}" autocomplete="off">
  <div class="actions"><a class="button" href="/console/iam/roles">Cancel</a> <button type="submit" class="button primary">Create role</button></div>
</form>`,
  });
  return formReply(page, error);
}
