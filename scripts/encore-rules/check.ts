// Static check of the service code against the rules the Encore.ts parser
// enforces at `encore run/test/build` time, so a change that type-checks and
// passes on the standalone host but would not compile under the Encore CLI
// fails `npm test` instead. One ts.Program over the service files; no Encore CLI.
//
// Each rule names the file of the Encore parser it mirrors (github.com/encoredev/encore,
// tsparser/, read at commit 2b626e8, encore.dev 1.58.6). The parser is the authority;
// this is a subset of it, chosen for the mistakes this app can make.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export type RuleId =
  | "endpoint" // 1
  | "path-param" // 2
  | "schema" // 3
  | "resource" // 4
  | "max-concurrency" // 5
  | "static-dir" // 6
  | "cross-service-import" // 7
  | "framework-import"; // 8

export interface Violation {
  rule: RuleId;
  /** Relative to the app root, with forward slashes. */
  file: string;
  /** 1-based. */
  line: number;
  message: string;
}

// ---------------------------------------------------------------------------
// Which files are service code.
// tsparser/src/parser/parser.rs: a directory holding `encore.service.ts` and
// everything below it is one service; the walk skips node_modules, encore.gen,
// __tests__, dot-names and *.test.ts / *.spec.ts. backend/standalone and
// backend/testing are this app's own non-Encore host and test helpers.
const SKIP_DIRS = new Set(["node_modules", "encore.gen", "__tests__"]);
const NOT_SERVICE_CODE = ["backend/standalone", "backend/testing"];

interface Service { dir: string; name: string }

function findServices(appRoot: string): { services: Service[]; files: string[] } {
  const services: Service[] = [];
  const files: string[] = [];
  const walk = (dir: string, service: Service | undefined) => {
    const rel = toRel(appRoot, dir);
    if (NOT_SERVICE_CODE.includes(rel)) return;
    const entries = readdirSync(dir, { withFileTypes: true });
    if (!service && entries.some((e) => e.isFile() && e.name === "encore.service.ts")) {
      const text = readFileSync(path.join(dir, "encore.service.ts"), "utf8");
      service = { dir, name: /new\s+Service\(\s*["']([^"']+)["']/.exec(text)?.[1] ?? path.basename(dir) };
      services.push(service);
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full, service);
      else if (service && e.isFile() && /\.ts$/.test(e.name) && !/\.(test|spec|d)\.ts$/.test(e.name)) files.push(full);
    }
  };
  walk(appRoot, undefined);
  const database = path.join(appRoot, "database.ts");
  if (existsSync(database)) files.push(database);
  return { services, files };
}

function toRel(appRoot: string, file: string): string {
  return path.relative(appRoot, file).split(path.sep).join("/");
}

function compilerOptions(appRoot: string): ts.CompilerOptions {
  const configPath = path.join(appRoot, "tsconfig.json");
  const defaults: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true, allowImportingTsExtensions: true, skipLibCheck: true, types: ["node"],
  };
  if (!existsSync(configPath)) return { ...defaults, noEmit: true };
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config ?? {}, ts.sys, appRoot, undefined, configPath);
  // Without the DOM libs (the dashboard's, not the services'; Encore's tsconfig
  // template has none): parsing lib.dom.d.ts alone is a large share of the run.
  const lib = parsed.options.lib?.filter((l) => !/^lib\.dom\b/i.test(path.basename(l)));
  return { ...defaults, ...parsed.options, ...(lib ? { lib } : {}), noEmit: true };
}

// ---------------------------------------------------------------------------
// The Encore SDK names the parser tracks, and the one module each must be
// imported from by name. tsparser/src/parser/resources/parseutil.rs
// (TrackedNames, collect_import_idents): only `import { X } from "<module>"`
// (optionally `X as Y`) is recognised; a namespace or default import, or the
// same class reached through another module, is silently not a resource.
const TRACKED: Record<string, string> = {
  api: "encore.dev/api",
  Topic: "encore.dev/pubsub",
  Subscription: "encore.dev/pubsub",
  SQLDatabase: "encore.dev/storage/sqldb",
  CronJob: "encore.dev/cron",
  Counter: "encore.dev/metrics",
  CounterGroup: "encore.dev/metrics",
  Gauge: "encore.dev/metrics",
  GaugeGroup: "encore.dev/metrics",
  secret: "encore.dev/config",
  CacheCluster: "encore.dev/storage/cache",
  StringKeyspace: "encore.dev/storage/cache",
  IntKeyspace: "encore.dev/storage/cache",
  FloatKeyspace: "encore.dev/storage/cache",
  StringListKeyspace: "encore.dev/storage/cache",
  NumberListKeyspace: "encore.dev/storage/cache",
  StringSetKeyspace: "encore.dev/storage/cache",
  NumberSetKeyspace: "encore.dev/storage/cache",
  StructKeyspace: "encore.dev/storage/cache",
  Bucket: "encore.dev/storage/objects",
};
const METRICS = new Set(["Counter", "CounterGroup", "Gauge", "GaugeGroup"]);
const KEYSPACES = new Set(Object.keys(TRACKED).filter((n) => n.endsWith("Keyspace")));

// ---------------------------------------------------------------------------
// Literal config parsing. tsparser/litparser/src/lib.rs and
// tsparser/litparser-derive/src/lib.rs: a config must be an object literal of
// `key: value` pairs (no spread, shorthand, methods, getters, computed keys),
// every key known, none twice; scalars are literals: strings (not templates),
// true/false, integers (integer arithmetic allowed; no identifiers), duration
// strings; "expr" fields (handlers, endpoints) take any expression.
type Field =
  | "string" | "bool" | "u32" | "u64" | "u64|null" | "duration" | "expr" | "methods" | "strings"
  | "headers" | "relpath" | "migrations" | { fields: Fields };
type Fields = Record<string, { kind: Field; required?: boolean; rule?: RuleId }>;

const ENDPOINT_OPTIONS: Fields = { // api.rs EndpointConfig
  method: { kind: "methods" }, path: { kind: "string" }, expose: { kind: "bool" }, auth: { kind: "bool" },
  bodyLimit: { kind: "u64|null" }, tags: { kind: "strings" }, sensitive: { kind: "bool" },
  dir: { kind: "relpath", rule: "static-dir" }, notFound: { kind: "relpath", rule: "static-dir" },
  notFoundStatus: { kind: "u32" }, headers: { kind: "headers" },
};
const RETRY_POLICY: Fields = { minBackoff: { kind: "duration" }, maxBackoff: { kind: "duration" }, maxRetries: { kind: "u32" } };
const RESOURCE_CONFIG: Record<string, { nameIdx: number; configIdx: number; configRequired: boolean; fields: Fields; source: string }> = {
  Topic: { nameIdx: 0, configIdx: 1, configRequired: true, source: "infra/pubsub_topic.rs",
    fields: { deliveryGuarantee: { kind: "string" }, orderingAttribute: { kind: "string" } } },
  Subscription: { nameIdx: 1, configIdx: 2, configRequired: true, source: "infra/pubsub_subscription.rs",
    fields: {
      handler: { kind: "expr", required: true },
      // Rule 5: DecodedSubscriptionConfig.maxConcurrency is Option<u32>, parsed
      // by litparser parse_const_bigint: an unsigned integer literal, so neither a
      // named constant nor the SDK comment's "negative = unlimited" compiles.
      maxConcurrency: { kind: "u32", rule: "max-concurrency" },
      ackDeadline: { kind: "duration" }, messageRetention: { kind: "duration" },
      retryPolicy: { kind: { fields: RETRY_POLICY } },
    } },
  SQLDatabase: { nameIdx: 0, configIdx: 1, configRequired: false, source: "infra/sqldb.rs", fields: { migrations: { kind: "migrations" } } },
  CronJob: { nameIdx: 0, configIdx: 1, configRequired: true, source: "infra/cron.rs",
    fields: { endpoint: { kind: "expr", required: true }, title: { kind: "string" }, every: { kind: "duration" }, schedule: { kind: "string" } } },
  CacheCluster: { nameIdx: 0, configIdx: 1, configRequired: false, source: "infra/cache.rs", fields: { evictionPolicy: { kind: "string" } } },
  Bucket: { nameIdx: 0, configIdx: 1, configRequired: false, source: "infra/objects.rs", fields: { versioned: { kind: "bool" }, public: { kind: "bool" } } },
  // infra/metrics.rs DecodedMetricConfig has no fields (yet).
  ...Object.fromEntries([...METRICS].map((m) => [m, { nameIdx: 0, configIdx: 1, configRequired: false, source: "infra/metrics.rs", fields: {} }])),
  // infra/cache.rs DecodedKeyspaceConfig; argument 0 is the cluster, not a name.
  ...Object.fromEntries([...KEYSPACES].map((k) => [k, { nameIdx: -1, configIdx: 1, configRequired: true, source: "infra/cache.rs",
    fields: { keyPattern: { kind: "string", required: true }, defaultExpiry: { kind: "expr" } } }])),
};
const METHODS = new Set(["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT"]);

/** parse_const_bigint: integer literals and integer arithmetic on them (no parentheses, no identifiers). */
function constInt(e: ts.Expression): bigint | string {
  if (ts.isNumericLiteral(e)) {
    const n = Number(e.text);
    return Number.isInteger(n) ? BigInt(n) : "expected integer literal";
  }
  if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) {
    const x = constInt(e.operand);
    return typeof x === "string" || e.operator === ts.SyntaxKind.PlusToken ? x : -x;
  }
  if (ts.isBinaryExpression(e)) {
    const x = constInt(e.left), y = constInt(e.right);
    if (typeof x === "string") return x;
    if (typeof y === "string") return y;
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.PlusToken: return x + y;
      case ts.SyntaxKind.MinusToken: return x - y;
      case ts.SyntaxKind.AsteriskToken: return x * y;
      case ts.SyntaxKind.PercentToken: return x % y;
      case ts.SyntaxKind.SlashToken: return y !== 0n && x % y === 0n ? x / y : "expected integer division";
      default: return "expected arithmetic operator";
    }
  }
  return "expected integer literal";
}

const isLocalRelPath = (p: string) => !path.isAbsolute(p) && p.split(/[\\/]/).every((c) => c !== "..");

/** Returns why `e` is not a literal of kind `kind`, or undefined when it is. */
function literalProblem(kind: Field, e: ts.Expression, report: (rule: RuleId | undefined, node: ts.Node, msg: string) => void): string | undefined {
  const str = ts.isStringLiteral(e);
  switch (kind) {
    case "expr": return undefined;
    case "string": return str ? undefined : "expected string literal";
    case "bool": return e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword ? undefined : "expected boolean literal";
    case "u32": case "u64": case "u64|null": {
      if (kind === "u64|null" && e.kind === ts.SyntaxKind.NullKeyword) return undefined;
      const n = constInt(e);
      if (typeof n === "string") return n;
      return n < 0n || n > (kind === "u32" ? 0xffffffffn : 0xffffffffffffffffn) ? "expected unsigned number literal" : undefined;
    }
    case "duration":
      return str && /^(\d+(ns|us|µs|ms|s|m|h|d|w|y))+$/.test(e.text) ? undefined : "expected duration string literal such as \"30s\"";
    case "methods": {
      const ok = (x: ts.Expression) => ts.isStringLiteral(x) && (x.text === "*" || METHODS.has(x.text));
      if (ok(e) || (ts.isArrayLiteralExpression(e) && e.elements.every(ok))) return undefined;
      return "expected a method string literal or an array of them";
    }
    case "strings":
      return ts.isArrayLiteralExpression(e) && e.elements.every(ts.isStringLiteral) ? undefined : "expected an array of string literals";
    case "headers": {
      if (!ts.isObjectLiteralExpression(e)) return "headers must be an object";
      const ok = (x: ts.Expression) => ts.isStringLiteral(x) || (ts.isArrayLiteralExpression(x) && x.elements.every(ts.isStringLiteral));
      return e.properties.every((p) => !ts.isPropertyAssignment(p) || ok(p.initializer)) ? undefined : "header value must be a string or array of strings";
    }
    case "relpath": return str && isLocalRelPath(e.text) ? undefined : "expected a local relative path (a string literal without \"..\")";
    case "migrations":
      if (str) return isLocalRelPath(e.text) ? undefined : "expected a local relative path (a string literal without \"..\")";
      return literalProblem({ fields: { path: { kind: "relpath", required: true }, source: { kind: "string" } } }, e, report);
    default: {
      if (!ts.isObjectLiteralExpression(e)) return "expected object literal";
      checkObjectLiteral(e, kind.fields, report);
      return undefined;
    }
  }
}

/** litparser-derive: each problem is reported on its property (rule overridable per field). */
function checkObjectLiteral(obj: ts.ObjectLiteralExpression, fields: Fields, report: (rule: RuleId | undefined, node: ts.Node, msg: string) => void) {
  const seen = new Set<string>();
  for (const p of obj.properties) {
    if (ts.isSpreadAssignment(p)) { report(undefined, p, "spread operator unsupported: Encore reads this object as a literal"); continue; }
    if (ts.isShorthandPropertyAssignment(p)) { report(undefined, p, `shorthand property "${p.name.text}" unsupported: write "${p.name.text}: ${p.name.text}"`); continue; }
    if (!ts.isPropertyAssignment(p)) { report(undefined, p, "methods, getters and setters are unsupported: write \"key: value\""); continue; }
    const key = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : undefined;
    if (key === undefined) { report(undefined, p, "computed or numeric keys are unsupported"); continue; }
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!field) { report(undefined, p, `unexpected field "${key}"`); continue; }
    if (seen.has(key)) { report(undefined, p, `field ${key} set twice`); continue; }
    seen.add(key);
    const problem = literalProblem(field.kind, p.initializer, report);
    if (problem) report(field.rule, p, `${key}: ${problem}, got \`${p.initializer.getText()}\``);
  }
  for (const [key, f] of Object.entries(fields)) if (f.required && !seen.has(key)) report(undefined, obj, `missing field "${key}"`);
}

// ---------------------------------------------------------------------------

export function checkEncoreRules(appRoot: string): Violation[] {
  appRoot = path.resolve(appRoot);
  const { services, files } = findServices(appRoot);
  const options = compilerOptions(appRoot);
  const program = ts.createProgram({ rootNames: files, options });
  const checker = program.getTypeChecker();
  const resolutionCache = ts.createModuleResolutionCache(appRoot, (s) => s, options);
  const violations: Violation[] = [];
  const standaloneDir = path.join(appRoot, "backend", "standalone");

  const serviceOf = (file: string) => services.find((s) => file === s.dir || file.startsWith(s.dir + path.sep));
  const isAppFile = (file: string) => file.startsWith(appRoot + path.sep) && !file.split(/[\\/]/).includes("node_modules");
  const resolve = (spec: string, from: string): string | undefined => {
    const r = ts.resolveModuleName(spec, from, options, ts.sys, resolutionCache).resolvedModule;
    if (r) return path.resolve(r.resolvedFileName);
    return spec.startsWith(".") ? path.resolve(path.dirname(from), spec) : undefined;
  };
  const aliasTarget = (sym: ts.Symbol | undefined) => (sym && sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym);

  /**
   * The Encore SDK export `expr` refers to, if any: its name, and whether Encore
   * would see it (a named import straight from its tracked module).
   */
  function sdkRef(expr: ts.Expression): { name: string; tracked: boolean } | undefined {
    const local = checker.getSymbolAtLocation(expr);
    const target = aliasTarget(local);
    const decl = target?.declarations?.[0];
    if (!target || !decl || !/[\\/]node_modules[\\/]encore\.dev[\\/]/.test(decl.getSourceFile().fileName)) return undefined;
    const importSpec = local?.declarations?.find(ts.isImportSpecifier);
    const importedName = importSpec ? (importSpec.propertyName ?? importSpec.name).text : target.name;
    if (!Object.hasOwn(TRACKED, importedName)) return undefined;
    const moduleText = importSpec && (importSpec.parent.parent.parent.moduleSpecifier as ts.StringLiteral).text;
    return { name: importedName, tracked: ts.isIdentifier(expr) && moduleText === TRACKED[importedName] };
  }

  /** The Encore resource class a variable was initialised with (`const x = new Topic(...)`), if any. */
  function resourceClassOf(decl: ts.Declaration | undefined): string | undefined {
    if (!decl || !ts.isVariableDeclaration(decl) || !decl.initializer || !ts.isNewExpression(decl.initializer)) return undefined;
    const name = sdkRef(decl.initializer.expression)?.name;
    return name && name !== "Subscription" && name !== "CronJob" && name !== "api" && name !== "secret" ? name : undefined;
  }

  /** `export const x = <init>` at the top level of its file: the declaration, or why not. */
  function topLevelConst(init: ts.Expression): { decl?: ts.VariableDeclaration; problem?: string; exported?: boolean } {
    let node: ts.Node = init;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const decl = node.parent;
    if (!ts.isVariableDeclaration(decl) || decl.initializer !== node) return { problem: "must be the initializer of a top-level `const`" };
    if (!ts.isIdentifier(decl.name)) return { problem: "expected identifier as bind name (no destructuring)" };
    const list = decl.parent;
    const stmt = list.parent;
    if (!ts.isVariableStatement(stmt) || !ts.isSourceFile(stmt.parent)) return { decl, problem: "must be declared at the top level of the file, not inside a function or block" };
    if (!(list.flags & ts.NodeFlags.Const)) return { decl, problem: "must be declared with `const`" };
    return { decl, exported: isExported(decl) };
  }

  /** Exported under its own name (`export const x` or `export { x }`), as the generated entrypoints import it. */
  function isExported(decl: ts.VariableDeclaration): boolean {
    const moduleSym = checker.getSymbolAtLocation(decl.getSourceFile());
    const own = checker.getSymbolAtLocation(decl.name);
    if (!moduleSym || !own) return false;
    const exp = checker.getExportsOfModule(moduleSym).find((s) => s.name === (decl.name as ts.Identifier).text);
    return !!exp && (exp === own || aliasTarget(exp) === own);
  }

  // -------------------------------------------------------------------------
  // Rules 1, 2, 3, 6: api() endpoints; rule 4: secret().
  function checkCall(call: ts.CallExpression, service: Service | undefined, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    const callee = call.expression;
    const variant = ts.isPropertyAccessExpression(callee) && ["raw", "static", "streamIn", "streamOut", "streamInOut"].includes(callee.name.text)
      ? callee.name.text : undefined;
    const base = variant ? (callee as ts.PropertyAccessExpression).expression : callee;
    const ref = sdkRef(base);
    if (!ref) {
      // SQLDatabase.named("x") / CacheCluster.named("x"): parseutil.rs NamedStaticMethod
      // takes the name as a string literal too.
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "named") {
        const owner = sdkRef(callee.expression);
        if (owner && (owner.name === "SQLDatabase" || owner.name === "CacheCluster") && !(call.arguments[0] && ts.isStringLiteral(call.arguments[0]))) {
          report("resource", call, `${owner.name}.named() takes the name as a string literal (parseutil.rs extract_resource_name)`);
        }
      }
      return;
    }
    if (ref.name === "secret") return checkSecret(call, ref.tracked, report);
    if (ref.name !== "api") return;

    // Rule 1 — tsparser/src/parser/resources/apis/api.rs (ENDPOINT_PARSER,
    // APIEndpointLiteral::parse_resource_reference, EndpointConfig) and
    // tsparser/src/builder/templates/entrypoints/services/main.handlebars, which
    // does `import { <name> } from "<file>"` for every endpoint: so an endpoint
    // is a top-level `export const name = api(...)` with a literal options object.
    const label = (n: string) => `endpoint ${n}`;
    if (!ref.tracked) {
      report("endpoint", call, "Encore only recognises `api` imported by name from \"encore.dev/api\" (parseutil.rs collect_import_idents); this endpoint would not exist");
      return;
    }
    const where = topLevelConst(call);
    const name = where.decl && ts.isIdentifier(where.decl.name) ? where.decl.name.text : "(unbound)";
    if (where.problem) report("endpoint", call, `${label(name)}: ${where.problem} — write \`export const ${name === "(unbound)" ? "name" : name} = api(...)\``);
    else if (!where.exported) report("endpoint", call, `${label(name)} is not exported; Encore's generated entrypoint imports every endpoint by name`);
    if (!service) report("endpoint", call, `${label(name)} is outside every service directory`);

    const [optionsArg, handler] = call.arguments;
    if (!optionsArg || !ts.isObjectLiteralExpression(optionsArg)) {
      report("endpoint", call, `${label(name)}: the first argument must be an object literal of options`);
      return;
    }
    let optionsOk = true;
    checkObjectLiteral(optionsArg, ENDPOINT_OPTIONS, (rule, node, msg) => { optionsOk = false; report(rule ?? "endpoint", node, `${label(name)}: ${msg}`); });
    if (!optionsOk) return; // the parser stops at the first config error (report_and_continue!)
    const option = (key: string) => optionsArg.properties.find((p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key)?.initializer as ts.StringLiteral | undefined;
    const pathText = option("path")?.text;

    if (variant === "static") return checkStatic(call, name, option("dir"), option("notFound"), report);
    if (!handler) { report("endpoint", call, `${label(name)}: API endpoint must have a handler function as its second argument`); return; }
    if (variant === "raw") return; // raw endpoints have no schema; path params are strings

    const fn = ts.isArrowFunction(handler) || ts.isFunctionExpression(handler) ? handler : undefined;
    if (fn?.typeParameters?.length) { report("endpoint", fn, `${label(name)}: endpoint handler cannot have type parameters`); return; }
    const typeArgs = call.typeArguments ?? ts.factory.createNodeArray<ts.TypeNode>();
    let request: ts.TypeNode | undefined, response: ts.TypeNode | undefined, handshake: ts.TypeNode | undefined;
    if (variant) {
      // Streams (api.rs streamIn/streamOut/streamInOut arms): explicit type
      // arguments, as many as the handler's shape needs.
      const hs = fn?.parameters.length === 2;
      const expected = variant === "streamOut" ? [hs ? 2 : 1] : variant === "streamIn" ? (hs ? [2, 3] : [1, 2]) : [hs ? 3 : 2];
      if (!call.typeArguments || !expected.includes(typeArgs.length)) {
        report("endpoint", call, `${label(name)}: api.${variant} needs ${expected.join(" or ")} explicit type argument(s), found ${typeArgs.length}`);
        return;
      }
      handshake = hs ? typeArgs[0] : undefined;
      const rest = typeArgs.slice(hs ? 1 : 0);
      if (variant === "streamOut") response = rest[0];
      else { request = rest[0]; response = rest[1] ?? (variant === "streamIn" ? fn?.type : undefined); }
    } else {
      // api.rs parse_endpoint_signature: the handler's first parameter
      // annotation and return annotation, else the generic arguments; a handler
      // that is not an inline function contributes nothing.
      request = (fn?.parameters[0]?.type) ?? typeArgs[0];
      response = fn?.type ?? typeArgs[1];
    }
    for (const node of [handshake, request, response]) if (node) checkSchema(node, name, report);
    checkPathParams(call, name, pathText, variant ? handshake ?? request : request, report);
  }

  // Rule 2 — tsparser/src/parser/resources/apis/encoding.rs (describe_req,
  // extract_path_params, rewrite_path_types) with segment syntax from
  // tsparser/src/parser/respath.rs: every `:name`, `*name`, `!name` needs a
  // same-named request field whose type is string, number (or bigint) or boolean,
  // optionally with validation intersected onto it. Literal unions and enums are
  // "unsupported path parameter type".
  function checkPathParams(call: ts.CallExpression, name: string, pathText: string | undefined, request: ts.TypeNode | undefined, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    if (!pathText) return; // default path /<service>.<endpoint> has no parameters
    const params = pathText.split("/").filter((s) => /^[:*!]/.test(s)).map((s) => s.slice(1));
    if (params.length === 0) return;
    const reqType = request && unwrapPromise(checker.getTypeFromTypeNode(request));
    if (!reqType || reqType.flags & ts.TypeFlags.Void) {
      report("path-param", call, `endpoint ${name}: request schema must be defined when having path parameters (${pathText})`);
      return;
    }
    for (const p of params) {
      const prop = checker.getPropertyOfType(reqType, p);
      if (!prop) { report("path-param", call, `endpoint ${name}: path parameter "${p}" not found in request schema`); continue; }
      const t = checker.getTypeOfSymbol(prop);
      const problem = pathParamProblem(t);
      const field = prop.valueDeclaration;
      const at = field ? ` (field at ${toRel(appRoot, field.getSourceFile().fileName)}:${field.getSourceFile().getLineAndCharacterOfPosition(field.getStart()).line + 1})` : "";
      if (problem) report("path-param", call, `endpoint ${name}: path parameter "${p}" has type \`${checker.typeToString(t)}\`${at}; ${problem}`);
    }
  }

  function pathParamProblem(t: ts.Type): string | undefined {
    const BASIC = ts.TypeFlags.String | ts.TypeFlags.Number | ts.TypeFlags.BigInt | ts.TypeFlags.Boolean;
    let parts = t.isUnion() ? t.types.filter((x) => !(x.flags & ts.TypeFlags.Undefined)) : [t]; // `?` is recorded as optional, not in the type
    if (parts.length === 2 && parts.every((x) => x.flags & ts.TypeFlags.BooleanLiteral)) parts = [checker.getBooleanType()];
    if (parts.length === 1) {
      const only = parts[0];
      if (only.flags & BASIC) return undefined;
      if (only.isIntersection()) {
        // `string & MinLen<3>` and the like (encore.dev/validate): one basic type plus object brands.
        const basics = only.types.filter((x) => x.flags & BASIC);
        if (basics.length === 1 && only.types.every((x) => x === basics[0] || x.flags & ts.TypeFlags.Object)) return undefined;
      }
    }
    const literal = parts.every((x) => x.flags & (ts.TypeFlags.StringLiteral | ts.TypeFlags.NumberLiteral | ts.TypeFlags.EnumLiteral | ts.TypeFlags.BooleanLiteral));
    return literal
      ? "Encore accepts only string, number or boolean here (a literal union or enum is an \"unsupported path parameter type\"): declare the field as string and validate it in the handler"
      : "Encore accepts only string, number or boolean path parameters";
  }

  function unwrapPromise(t: ts.Type): ts.Type {
    return t.symbol?.name === "Promise" ? (checker.getAwaitedType(t) ?? t) : t;
  }

  // Rule 3 — tsparser/src/app/mod.rs (validate_schema_type: "request and
  // response types must be interfaces or void", "type index is not supported in
  // schema types", "call signatures are not supported in schema types"),
  // tsparser/src/parser/resources/apis/encoding.rs (iface_fields) and
  // tsparser/src/parser/types/type_resolve.rs (qualified_name_obj: `z.infer<...>`
  // and other `a.B` type names resolve only through `import * as a`).
  function checkSchema(node: ts.TypeNode, name: string, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    const qualified = findQualifiedName(node, new Set());
    if (qualified) {
      report("schema", node, `endpoint ${name}: schema type uses the qualified name \`${qualified.getText()}\`, which Encore's parser cannot resolve (e.g. z.infer, issue #1497): declare an interface`);
      return;
    }
    const t = unwrapPromise(checker.getTypeFromTypeNode(node));
    const problem = schemaProblem(t);
    if (problem) report("schema", node, `endpoint ${name}: \`${node.getText()}\` is ${problem}; request and response types must be interfaces, object type aliases or void`);
  }

  function schemaProblem(t: ts.Type): string | undefined {
    if (t.flags & ts.TypeFlags.Void) return undefined;
    if (t.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return "any/unknown (unresolved)";
    if (t.isUnion()) return t.flags & ts.TypeFlags.Boolean ? "a primitive" : "a union";
    if (t.isIntersection()) {
      if (!t.types.every((x) => x.flags & ts.TypeFlags.Object)) return "an intersection with a primitive";
    } else if (!(t.flags & ts.TypeFlags.Object)) return "a primitive";
    if (checker.isArrayType(t) || checker.isTupleType(t)) return "an array";
    if (checker.getIndexInfosOfType(t).length > 0) return "an index signature (Record<string, X> or [key: string]: X: \"type index is not supported in schema types\")";
    if (checker.getSignaturesOfType(t, ts.SignatureKind.Call).length > 0) return "a type with call signatures";
    const builtin = t.symbol?.declarations?.every((d) => !isAppFile(d.getSourceFile().fileName)) && ["Date", "Map", "Set", "Buffer", "Uint8Array", "RegExp", "Error"].includes(t.symbol.name);
    if (builtin) return `the built-in ${t.symbol.name}`;
    return undefined;
  }

  /** A qualified type name (`z.infer`, `Enum.Member`) reachable through the app's own type declarations. */
  function findQualifiedName(root: ts.Node, seen: Set<ts.Node>): ts.Node | undefined {
    let found: ts.Node | undefined;
    const visit = (n: ts.Node): void => {
      if (found) return;
      if (ts.isTypeReferenceNode(n)) {
        if (ts.isQualifiedName(n.typeName)) {
          let left: ts.EntityName = n.typeName;
          while (ts.isQualifiedName(left)) left = left.left;
          const isNamespaceImport = checker.getSymbolAtLocation(left)?.declarations?.some(ts.isNamespaceImport);
          if (!isNamespaceImport) { found = n; return; }
        } else {
          for (const d of aliasTarget(checker.getSymbolAtLocation(n.typeName))?.declarations ?? []) {
            if (seen.has(d) || !isAppFile(d.getSourceFile().fileName)) continue;
            seen.add(d);
            if (ts.isTypeAliasDeclaration(d) || ts.isInterfaceDeclaration(d)) visit(d);
          }
        }
      }
      if (ts.isExpressionWithTypeArguments(n) && ts.isIdentifier(n.expression)) {
        for (const d of aliasTarget(checker.getSymbolAtLocation(n.expression))?.declarations ?? []) {
          if (seen.has(d) || !isAppFile(d.getSourceFile().fileName)) continue;
          seen.add(d);
          if (ts.isInterfaceDeclaration(d) || ts.isTypeAliasDeclaration(d)) visit(d);
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(root);
    return found;
  }

  // Rule 6 — tsparser/src/parser/resources/apis/api.rs (EndpointKind::StaticAssets:
  // std::fs::read_dir(dir) must succeed and notFound must be a file, both relative
  // to the declaring file's directory, at parse time) and litparser LocalRelPath.
  function checkStatic(call: ts.CallExpression, name: string, dir: ts.StringLiteral | undefined, notFound: ts.StringLiteral | undefined, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    if (!dir) { report("static-dir", call, `endpoint ${name}: static assets must have the 'dir' field set`); return; }
    const base = path.dirname(call.getSourceFile().fileName);
    const missing: string[] = [];
    const isDir = (p: string) => { try { return statSync(p).isDirectory(); } catch { return false; } };
    const isFile = (p: string) => { try { return statSync(p).isFile(); } catch { return false; } };
    if (!isDir(path.join(base, dir.text))) missing.push(`dir "${dir.text}" is not a readable directory`);
    if (notFound && !isFile(path.join(base, notFound.text))) missing.push(`notFound "${notFound.text}" is not a file`);
    if (missing.length) report("static-dir", dir, `endpoint ${name}: ${missing.join("; ")} (relative to ${toRel(appRoot, base) || "."}); Encore fails the build when they are absent`);
  }

  // Rule 4 — tsparser/src/parser/resources/infra/secret.rs: `secret("Name")`
  // bound to a variable, outside any function, with a string-literal name.
  function checkSecret(call: ts.CallExpression, tracked: boolean, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    if (!tracked) { report("resource", call, "Encore only recognises `secret` imported by name from \"encore.dev/config\""); return; }
    const where = topLevelConst(call);
    if (where.problem) report("resource", call, `secret(): ${where.problem}`);
    if (!call.arguments[0] || !ts.isStringLiteral(call.arguments[0])) report("resource", call, "secret() takes the name of the secret as a string literal");
  }

  // Rule 4 — resources: tsparser/src/parser/resources/parseutil.rs
  // (NamedClassResource / NamedClassResourceOptionalConfig, extract_resource_name:
  // "expected string literal", extract_bind_name: "expected identifier as bind
  // name"), the config structs in tsparser/src/parser/resources/infra/{pubsub_topic,
  // pubsub_subscription,sqldb,cron,metrics,cache,objects}.rs, and
  // tsparser/src/builder/codegen.rs, which imports every metric with a bind name
  // by that name into the service entrypoint (so an unexported metric breaks it).
  function checkNew(expr: ts.NewExpression, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    const ref = sdkRef(expr.expression);
    if (!ref || ref.name === "api" || ref.name === "secret") return;
    const spec = RESOURCE_CONFIG[ref.name];
    if (!ref.tracked) {
      report("resource", expr, `${ref.name}: Encore only recognises it imported by name from "${TRACKED[ref.name]}" (no namespace import, no re-export); this resource would not exist`);
      return;
    }
    const args = expr.arguments ?? ts.factory.createNodeArray<ts.Expression>();
    const where = topLevelConst(expr);
    if (where.problem) report("resource", expr, `${ref.name}: ${where.problem} (${spec.source})`);
    const resourceName = spec.nameIdx >= 0 ? args[spec.nameIdx] : undefined;
    if (spec.nameIdx >= 0 && !(resourceName && ts.isStringLiteral(resourceName))) {
      report("resource", resourceName ?? expr, `${ref.name}: the resource name (argument ${spec.nameIdx + 1}) must be a string literal`);
    }
    if (METRICS.has(ref.name)) {
      if (where.decl && !where.problem && !where.exported) {
        report("resource", expr, `${ref.name} ${(where.decl.name as ts.Identifier).text} is not exported: Encore's generated entrypoint imports every metric by name (builder/codegen.rs)`);
      }
      if (resourceName && ts.isStringLiteral(resourceName) && !/^[a-z]([a-z0-9_]*[a-z0-9])?$/.test(resourceName.text) || resourceName && ts.isStringLiteral(resourceName) && resourceName.text.startsWith("e_")) {
        report("resource", resourceName, `${ref.name}: metric name "${resourceName.text}" must be snake_case and not start with "e_" (metrics.rs)`);
      }
    }
    if (ref.name === "Topic" && !expr.typeArguments?.length) report("resource", expr, "Topic: missing message type parameter (pubsub_topic.rs)");
    if (ref.name === "Subscription" && args[0] && ts.isSpreadElement(args[0])) report("resource", args[0], "Subscription: cannot use ... for the topic reference");
    const config = args[spec.configIdx];
    if (!config) {
      if (spec.configRequired) report("resource", expr, `${ref.name}: missing required config object`);
      return;
    }
    if (!ts.isObjectLiteralExpression(config)) { report("resource", config, `${ref.name}: the config must be an object literal`); return; }
    checkObjectLiteral(config, spec.fields, (rule, node, msg) => report(rule ?? "resource", node, `${ref.name}: ${msg}`));
  }

  // -------------------------------------------------------------------------
  // Imports: rules 4 (resources imported from where they are declared), 7 and 8.
  const inStandalone = (target: string) => target === standaloneDir || target.startsWith(standaloneDir + path.sep);
  const STANDALONE_MESSAGE = "service code may use only encore.dev/* and ~encore/* for the framework";
  const crossServiceMessage = (what: string, target: string, targetService: Service) =>
    `imports ${what} from ${toRel(appRoot, target)} (service "${targetService.name}"): call it through ~encore/clients, move the shared code to backend/shared/, or import only types`;

  /** `await import("...")`: the same as a value import of the whole module. */
  function checkDynamicImport(call: ts.CallExpression, service: Service | undefined, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    const arg = call.arguments[0];
    if (!arg || !ts.isStringLiteralLike(arg) || arg.text.startsWith("~encore/")) return;
    const target = resolve(arg.text, call.getSourceFile().fileName);
    if (!target) return;
    if (inStandalone(target)) { report("framework-import", call, `imports "${arg.text}" from backend/standalone/: ${STANDALONE_MESSAGE}`); return; }
    const targetService = serviceOf(target);
    if (service && targetService && targetService !== service) report("cross-service-import", call, crossServiceMessage("(dynamic import)", target, targetService));
  }

  function checkImports(sf: ts.SourceFile, service: Service | undefined, report: (rule: RuleId, node: ts.Node, msg: string) => void) {
    for (const stmt of sf.statements) {
      const isImport = ts.isImportDeclaration(stmt);
      if (!isImport && !(ts.isExportDeclaration(stmt) && stmt.moduleSpecifier)) continue;
      const spec = (stmt.moduleSpecifier as ts.StringLiteral).text;
      // module_loader.rs resolve_import: `~encore/clients` and `~encore/auth` are
      // generated by Encore; tsconfig may point them at stand-ins for tsc.
      if (spec.startsWith("~encore/")) continue;
      const target = resolve(spec, sf.fileName);
      if (!target) continue;
      const typeOnly = isImport ? !!stmt.importClause?.isTypeOnly : stmt.isTypeOnly;

      // Rule 8 — tsparser/src/parser/module_loader.rs: under Encore, `encore.dev/*`
      // is the runtime-backed SDK and only `~encore/*` is generated; everything
      // else is bundled from disk as-is. backend/standalone is this app's
      // stand-in host (no encore.service.ts): service code that imports it would
      // run the stand-in inside Encore's runtime.
      if (inStandalone(target)) {
        report("framework-import", stmt, `imports "${spec}" from backend/standalone/: ${STANDALONE_MESSAGE}`);
        continue;
      }

      // Rule 4 — tsparser/src/parser/usageparser/mod.rs (external_binds_to_scan_for):
      // a resource used from another file is found only when imported, under its
      // declared name, from the very module that declares it (re-exports are not
      // followed), so its usage (and the service it belongs to) is recorded.
      const named = isImport
        ? (stmt.importClause?.namedBindings && ts.isNamedImports(stmt.importClause.namedBindings) ? stmt.importClause.namedBindings.elements : [])
        : (stmt.exportClause && ts.isNamedExports(stmt.exportClause) ? stmt.exportClause.elements : []);
      if (isImport && !typeOnly) {
        for (const el of named) {
          if (el.isTypeOnly) continue;
          const sym = aliasTarget(checker.getSymbolAtLocation(el.name));
          const decl = sym?.valueDeclaration;
          const cls = resourceClassOf(decl);
          if (!cls || !decl) continue;
          const declFile = path.resolve(decl.getSourceFile().fileName);
          const importedName = (el.propertyName ?? el.name).text;
          if (declFile !== target || importedName !== (decl as ts.VariableDeclaration).name.getText()) {
            report("resource", el, `${cls} ${importedName} is imported through "${spec}", not from ${toRel(appRoot, declFile)} where it is declared: Encore's usage parser does not follow re-exports or renames`);
          }
        }
      }

      // Rule 7 — tsparser/src/parser/parser.rs and service_discovery.rs: files
      // belong to the service whose directory holds them, and Encore bundles each
      // service's entrypoint with whatever its files import. A value import of
      // another service's file runs that service's code (its queries, loops,
      // caches) inside this one, bypassing its API; call it through
      // `~encore/clients` or move shared code to backend/shared/. Allowed:
      //  - type-only imports (`import type`, or only `type`-marked names or names
      //    that are types): they are erased at compile time, and
      //    usageparser/mod.rs skips them ("Type-only imports don't contribute to usage");
      //  - Encore resources (Topic, SQLDatabase, ...): they are app-wide and meant
      //    to be shared, e.g. a Subscription in one service takes the other
      //    service's Topic object, and the usage parser tracks them across services.
      // Root-level and backend/shared modules belong to no service and are fine.
      const targetService = serviceOf(target);
      if (!service || !targetService || targetService === service || typeOnly) continue;
      const clause = isImport ? stmt.importClause : undefined;
      const offending: string[] = [];
      if (isImport && !clause) offending.push("(side effects)");
      if (clause?.name) offending.push(`default as ${clause.name.text}`);
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) offending.push(`* as ${clause.namedBindings.name.text}`);
      if (!isImport && !stmt.exportClause) offending.push("*");
      for (const el of named) {
        if (el.isTypeOnly) continue;
        const sym = aliasTarget(checker.getSymbolAtLocation(isImport ? el.name : (el.propertyName ?? el.name)));
        if (sym && !(sym.flags & ts.SymbolFlags.Value)) continue; // a type: erased
        if (sym && resourceClassOf(sym.valueDeclaration)) continue;
        offending.push((el.propertyName ?? el.name).text);
      }
      if (offending.length) report("cross-service-import", stmt, crossServiceMessage(offending.join(", "), target, targetService));
    }
  }

  // -------------------------------------------------------------------------
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const rel = toRel(appRoot, file);
    const service = serviceOf(file);
    const report = (rule: RuleId, node: ts.Node, message: string) =>
      violations.push({ rule, file: rel, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, message });

    checkImports(sf, service, report);
    ts.forEachChild(sf, function visit(node: ts.Node) {
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) checkDynamicImport(node, service, report);
      else if (ts.isCallExpression(node)) checkCall(node, service, report);
      if (ts.isNewExpression(node)) checkNew(node, report);
      ts.forEachChild(node, visit);
    });
  }

  return violations.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.rule.localeCompare(b.rule));
}
