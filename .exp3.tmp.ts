import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

const require = createRequire(import.meta.url);
const runtime: any = await import("@prisma/schema-engine-wasm/schema_engine_bg");
const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
const mod = new WebAssembly.Module(await readFile(wasmPath));
const inst = new WebAssembly.Instance(mod, { "./schema_engine_bg.js": runtime });
runtime.__wbg_set_wasm(inst.exports);
(inst.exports as any).__wbindgen_start();
const seen = new Map<number, string>();
class P extends pg.Pool {
  // @ts-ignore
  async query(config: any, values?: any) {
    const r: any = await super.query(config, values);
    if (typeof config === "object" && config.rowMode === "array") {
      for (const f of r.fields) { seen.set(f.dataTypeID, f.name); if (f.dataTypeID === 18) f.dataTypeID = 25; }
      console.error("Q", String(config.text).replace(/\s+/g, " ").slice(0, 100), r.fields.map((f: any) => f.dataTypeID).join(","));
    }
    return r;
  }
}
const factory = bindMigrationAwareSqlAdapterFactory(new PrismaPg(new P({ connectionString: process.env.URL! })));
const engine = await runtime.SchemaEngine.new({ datamodels: undefined }, (s: string) => {}, factory);
const filters = { externalTables: [], externalEnums: [] };
const dm = `datasource db {\n provider = "postgresql"\n}\nmodel t {\n id Int @id\n b Int\n}\n`;
try {
  const r = await engine.diff({ from: { tag: "schemaDatasource", files: [{ path: "s.prisma", content: dm }], configDir: "." }, to: { tag: "schemaDatamodel", files: [{ path: "s.prisma", content: dm }] }, script: true, exitCode: null, filters });
  console.log("=>", r.exitCode, r.stdout);
} catch (e) { console.log("ERR", e); }
console.log([...seen.entries()].sort((a,b)=>a[0]-b[0]));
process.exit(0);
