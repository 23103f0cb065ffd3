// The import graph of src/, checked by `npm test` (scripts/run-tests.mjs) after the type check: no
// module reaches itself through imports, run-time or `import type` alone, and no folder imports another
// that imports it back, types included (src/services/iam and src/services/sts import in one direction
// only: STS builds on IAM). Types both sides of a would-be cycle need go into a module of their own
// (src/app-types.ts, src/services/lex/types.ts). Run it alone with `npx depcruise src`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module that reaches itself through imports that exist at run time: split out what both sides need.',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'], viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'no-circular-types',
      comment: 'A cycle through `import type` only: no run-time effect, but the modules are still tangled: move the shared types into a module of their own.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'Folders that import each other, types included (e.g. a service and the one it builds on): one direction only.',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
  },
};
