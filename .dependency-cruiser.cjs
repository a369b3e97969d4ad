// Import cycles in the source (issue 16): `pnpm lint:repo` (part of `pnpm test`) runs
//   depcruise --config .dependency-cruiser.cjs packages/*/src apps/*/src
// dependency-cruiser rather than eslint-plugin-import-x's no-cycle: it also follows type-only
// imports (`tsPreCompilationDeps`), and a cycle of types is still two modules that cannot be
// understood, tested or moved apart (core/tree-sdk.ts <-> core/tree.ts was one). Every package is checked.

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Imports flow one way (ARCHITECTURE.md, "The house"): no module may reach itself again through its imports.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    // NodeNext resolution: `./x.js` in the source is `./x.ts`.
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules|test)/|\\.test\\.ts$' },
  },
};
