// The import graph of src/, checked by `npm test` (scripts/run-tests.mjs) after the type check:
// no module imports itself through others, and no folder does (src/services/iam and src/services/sts,
// for instance, import in one direction only: STS builds on IAM). Type-only imports count, as they
// couple the modules as much for a reader. Run it alone with `npx depcruise src`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A module that reaches itself through its imports: split out what both sides need.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-circular-folders',
      comment: 'Folders that import each other (e.g. a service and the one it builds on): one direction only.',
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
