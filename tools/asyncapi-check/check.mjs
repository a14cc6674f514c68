// Validate an AsyncAPI document with @asyncapi/parser, the AsyncAPI project's own parser.
// Usage: node check.mjs <asyncapi.json>. Relative $refs resolve against the file's folder.
// Prints every diagnostic and a JSON summary line; exits 1 on any error, 2 on bad usage.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { DiagnosticSeverity, Parser } from "@asyncapi/parser";

const NAMES = {
  [DiagnosticSeverity.Error]: "error",
  [DiagnosticSeverity.Warning]: "warning",
  [DiagnosticSeverity.Information]: "info",
  [DiagnosticSeverity.Hint]: "hint",
};

function describe(diagnostic) {
  const where = (diagnostic.path ?? []).join("/") || "(document)";
  const source = diagnostic.source ? ` [${diagnostic.source}]` : "";
  return `${NAMES[diagnostic.severity]} ${diagnostic.code} at ${where}${source}: ${diagnostic.message}`;
}

async function main(argv) {
  if (argv.length !== 1) {
    console.error("usage: node check.mjs <asyncapi.json>");
    return 2;
  }
  const source = resolve(argv[0]);
  const { document, diagnostics } = await new Parser().parse(await readFile(source, "utf8"), {
    source,
  });
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const diagnostic of diagnostics) {
    counts[NAMES[diagnostic.severity]] += 1;
    const log = diagnostic.severity === DiagnosticSeverity.Error ? console.error : console.log;
    log(describe(diagnostic));
  }
  const parsed = document !== undefined;
  console.log(JSON.stringify({ source, parsed, ...counts }));
  return parsed && counts.error === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
