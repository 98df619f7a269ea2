/** Public surface of @promptstack/core: the .prompt format, the model catalog, the runner. */
export * from './models/catalog.ts';
export * from './format/types.ts';
export * from './stats/index.ts';
