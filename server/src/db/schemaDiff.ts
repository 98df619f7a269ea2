/**
 * Offline migration authoring: diffs prisma/migrations (applied to a throwaway in-memory PGlite)
 * against prisma/schema.prisma with Prisma's schema engine compiled to WebAssembly, because the
 * native engine behind `prisma migrate diff` cannot be downloaded here. Used by
 * `npm run db:migration -- <name>` and by the drift test (which expects an empty script).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { applyMigrations, findMigrationsDir } from './migrate.ts';

type WasmExports = Record<string, unknown>;
/** Node's WebAssembly global, typed here because the server compiles without the DOM library that declares it. */
const { WebAssembly } = globalThis as unknown as {
  WebAssembly: { instantiate(bytes: Uint8Array, imports: Record<string, object>): Promise<{ instance: { exports: WasmExports } }> };
};

/** Loads the engine's wasm by hand: the package's entry imports a `.wasm` file, which Node cannot. */
async function loadSchemaEngineClass(): Promise<typeof SchemaEngine> {
  const require = createRequire(import.meta.url);
  const bindingsPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const bindings = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as Record<string, unknown> & {
    __wbg_set_wasm(exports: WasmExports): void;
    SchemaEngine: typeof SchemaEngine;
  };
  const bytes = readFileSync(join(dirname(bindingsPath), 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return bindings.SchemaEngine;
}

/** The SQL that would bring a database at the latest migration to `schema.prisma` ('' when none). */
export async function diffSchemaAgainstMigrations(
  schemaPath = join(dirname(findMigrationsDir()), 'schema.prisma'),
  migrationsDir = findMigrationsDir(),
): Promise<string> {
  const Engine = await loadSchemaEngineClass();
  const shadow = new PGlite();
  try {
    await applyMigrations({ kind: 'pglite', pglite: shadow }, migrationsDir);
    const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(shadow));
    const engine = await Engine.new({ datamodels: undefined }, () => undefined, factory);
    const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
    const result = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    engine.free();
    return normaliseEmptyScript(result.stdout ?? '');
  } finally {
    await shadow.close();
  }
}

/** The engine answers "-- This is an empty migration." when nothing differs. */
function normaliseEmptyScript(script: string): string {
  return /^\s*(-- This is an empty migration\.)?\s*$/.test(script) ? '' : script;
}
