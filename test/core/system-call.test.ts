import t from 'tap';
import { callSystem, SystemFaultError } from '../../src/core/system-call.js';
import { TenantStore } from '../../src/core/tenant-store.js';

t.test('an injected latency still pending when the sandbox closes stops at once, and the work never runs', async (t) => {
  const store = new TenantStore();
  const tenant = store.get('slow');
  tenant.faults.set('gbdfl', { latencyMs: 60_000 });
  let ran = false;
  const call = callSystem(tenant, 'gbdfl', () => {
    ran = true;
  });
  store.close();
  await t.rejects(call, { name: 'AbortError' });
  t.equal(ran, false);
});

t.test('a system that is down refuses the call with SystemFaultError, without running the work', async (t) => {
  const tenant = new TenantStore().get('down');
  tenant.faults.set('notary', { down: true });
  let ran = false;
  await t.rejects(
    callSystem(tenant, 'notary', () => {
      ran = true;
    }),
    new SystemFaultError('notary', 'down'),
  );
  t.equal(ran, false);
});
