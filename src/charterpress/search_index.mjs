// Build a Pagefind index from documents charterpress streams on stdin, without any page on disk.
//
// Usage: node search_index.mjs PAGEFIND_MODULE < documents.jsonl
//   PAGEFIND_MODULE  path of the npm package's lib/index.js (pagefind >= 1.6)
//   documents.jsonl  first line: Pagefind's service config; then one document a line, either
//                    {"url": "/charter/#x", "html": "<html…>"} (read as HTML) or
//                    {"url": "/disclosures/2026/10/#doc-x", "record": {content, language, meta, filters, sort}}
//                    (a custom record: nothing to parse).
//                    Documents arrive while charterpress is still rendering, and are indexed as they come.
//                    The last line is "end": input that ends without it means charterpress died or
//                    gave up, and the indexer stops at once instead of building an index nobody reads.
// Prints one JSON line: {"pages": N, "errors": [...], "files": [{"path": "pagefind.js", "data": base64}]}.
// Nothing is written to disk: charterpress writes the files with the rest of the site. Documents are
// added one after another in the order given (adding them concurrently is no faster and makes the
// output depend on timing), so the same input gives the same index.
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";

const [modulePath] = process.argv.slice(2);
const pagefind = await import(pathToFileURL(modulePath).href);
const errors = [];
let pages = 0;
let files = [];
let index = null;
let complete = false;
try {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line) continue;
    if (index === null) {
      const created = await pagefind.createIndex(JSON.parse(line));
      errors.push(...created.errors);
      if (!created.index) break;
      index = created.index;
      continue;
    }
    if (line === '"end"') {
      complete = true;
      break;
    }
    const doc = JSON.parse(line);
    const added = doc.record
      ? await index.addCustomRecord({ url: doc.url, ...doc.record })
      : await index.addHTMLFile({ url: doc.url, content: doc.html });
    errors.push(...added.errors.map((e) => `${doc.url}: ${e}`));
    pages += added.errors.length ? 0 : 1;
  }
  if (index && !complete) {
    await pagefind.close();
    process.exit(2);
  }
  if (index) {
    const got = await index.getFiles();
    errors.push(...got.errors);
    files = (got.files || []).map((f) => ({ path: f.path, data: Buffer.from(f.content).toString("base64") }));
  }
} finally {
  await pagefind.close();
}
process.stdout.write(JSON.stringify({ pages, errors, files }) + "\n");
