// A service's operations bound by several modules (IAM's by resource, Access Analyzer's by kind of
// check), composed into one table: an operation bound by two of them is a mistake of ours, found at start.
import type { OperationTypes, ServiceOperations } from './service.js';

export function bindOnce<Ops extends OperationTypes>(service: string, ...groups: ServiceOperations<Ops>[]): ServiceOperations<Ops> {
  const operations: Record<string, unknown> = {};
  for (const group of groups) {
    for (const [name, impl] of Object.entries(group)) {
      if (name in operations) throw new Error(`${service}'s ${name} is bound twice`);
      operations[name] = impl;
    }
  }
  return operations as ServiceOperations<Ops>;
}
