// Service-linked role deletion tasks keep time on the server's clock (createApp's `clock`): on a server whose
// clock is a day ahead, every time a task writes (created, claimed, finished) is a day ahead too, and the task
// still becomes due, runs and ends. A task that read the process's own clock anywhere would be found out here.
// (Driven through the domain, app.slr and app.deletionTasks: an SDK client signing a day ahead corrects its
// clock from the server's Date header.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ACCOUNT_ID } from '../../src/services/iam/accounts.js';
import { useTestServer } from '../support/fixture.js';

const DAY = 24 * 60 * 60 * 1000;

describe('service-linked role deletion tasks on the server clock', () => {
  const env = useTestServer({ app: { clock: () => new Date(Date.now() + DAY) } });

  it('a server a day ahead writes its task times a day ahead, and the task runs', async () => {
    const { app } = env.server;
    const started = Date.now();
    const role = await app.slr.create(DEFAULT_ACCOUNT_ID, 'autoscaling.amazonaws.com', { customSuffix: 'clock' });
    const taskId = await app.deletionTasks.request(DEFAULT_ACCOUNT_ID, role.roleName);
    let status = await app.deletionTasks.status(DEFAULT_ACCOUNT_ID, taskId);
    for (let i = 0; i < 500 && (status.status === 'NOT_STARTED' || status.status === 'IN_PROGRESS'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      status = await app.deletionTasks.status(DEFAULT_ACCOUNT_ID, taskId);
    }
    assert.equal(status.status, 'SUCCEEDED');
    assert.equal(await app.iam.roles.find(DEFAULT_ACCOUNT_ID, role.roleName), undefined);
    const task = await app.store.db.selectFrom('iam_slr_deletion_tasks').select(['created_at', 'updated_at']).where('task_id', '=', taskId).executeTakeFirstOrThrow();
    for (const [column, time] of Object.entries(task)) {
      assert.ok(Date.parse(time) >= started + DAY, `${column} ${time} is on the server's clock (a day after ${new Date(started).toISOString()})`);
    }
  });
});
