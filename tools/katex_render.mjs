// KaTeX at build time: the book's maths rendered to HTML + MathML once, by `mkdocs build`, so no
// page needs KaTeX's JavaScript. tools/katex.py starts this once per build (and keeps it for every
// rebuild of `mkdocs serve`) and talks to it in JSON lines:
//   stdin  {"tex": "f'(x) = 2x", "display": false}
//   stdout {"html": "<span class=\"katex\">...</span>", "warnings": [...]}   or   {"error": "KaTeX parse error: ..."}
// One answer line per question line, in order. KaTeX comes from node_modules (npm ci).
import { createInterface } from "node:readline";
import katex from "katex";

// The options the pages used when KaTeX ran in the browser (auto-render with throwOnError false),
// except that an error is answered as an error, and a warning of KaTeX's strict mode (LaTeX-incompatible
// input, e.g. an accented letter in maths) is answered with the rendering, so the build can name the
// page and the formula (a warning fails `mkdocs build --strict`).
const OPTIONS = { output: "htmlAndMathml", throwOnError: true };

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  let answer;
  try {
    const { tex, display } = JSON.parse(line);
    const warnings = [];
    const strict = (code, message) => { warnings.push(`${message} [${code}]`); return "ignore"; };
    answer = { html: katex.renderToString(tex, { ...OPTIONS, displayMode: Boolean(display), strict }), warnings };
  } catch (err) {
    answer = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
