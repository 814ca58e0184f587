// Build a Pagefind index from documents charterpress hands over on stdin, without any page on disk.
//
// Usage: node search_index.mjs PAGEFIND_MODULE < documents.json
//   PAGEFIND_MODULE  path of the npm package's lib/index.js (pagefind >= 1.6)
//   documents.json   {"config": {...Pagefind service config}, "documents": [{"url": "/charter/#x", "html": "<html…>"}]}
// Prints one JSON line: {"pages": N, "errors": [...], "files": [{"path": "pagefind.js", "data": base64}]}.
// Nothing is written to disk: charterpress writes the files with the rest of the site.
// Documents are added one after another in the order given, so the same input gives the same index.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modulePath] = process.argv.slice(2);
const pagefind = await import(pathToFileURL(modulePath).href);
const input = JSON.parse(readFileSync(0, "utf8"));
const errors = [];
let pages = 0;
let files = [];
try {
  const { index, errors: createErrors } = await pagefind.createIndex(input.config || {});
  errors.push(...createErrors);
  if (index) {
    for (const doc of input.documents) {
      const added = await index.addHTMLFile({ url: doc.url, content: doc.html });
      errors.push(...added.errors.map((e) => `${doc.url}: ${e}`));
      pages += added.errors.length ? 0 : 1;
    }
    const got = await index.getFiles();
    errors.push(...got.errors);
    files = (got.files || []).map((f) => ({ path: f.path, data: Buffer.from(f.content).toString("base64") }));
  }
} finally {
  await pagefind.close();
}
process.stdout.write(JSON.stringify({ pages, errors, files }) + "\n");
