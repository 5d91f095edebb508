// The stylesheet of a lab's page cut down to the rules its HTML uses (PurgeCSS, from node_modules).
// mkdocs-jupyter puts the whole of JupyterLab's stylesheet (560 KB) into every lab's page; the page
// uses a few dozen of its rules. tools/lab_pages.py runs this once per lab and caches the answer:
//   stdin  {"css": "...", "html": "..."}      stdout  the rules of css that html uses
// Custom properties nobody reads are dropped too; the dark scheme's rules ([data-md-color-scheme],
// set by Material's palette toggle when the page is open) are kept.
import { PurgeCSS } from "purgecss";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { css, html } = JSON.parse(input);
const [result] = await new PurgeCSS().purge({
  content: [{ raw: html, extension: "html" }],
  css: [{ raw: css }],
  variables: true,
  safelist: { greedy: [/data-md-color-scheme/] },
});
process.stdout.write(result.css);
