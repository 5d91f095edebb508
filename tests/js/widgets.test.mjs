// The widgets' maths (docs/assets/js/widgets/gdmath.js) against gdbook, without a browser:
//
//   node --test tests/js/                       (about a second)
//
// The constants and the golden runs come from gdbook through tools/widget_data.py: from the
// directory $GDBOOK_WIDGET_DATA (tests/test_widget_math.py makes one), or else this file runs
// `python -m tools.widget_data` itself into a temporary directory ($GDBOOK_PYTHON, else
// .venv/bin/python, else python3). Nothing here is copied from gdbook by hand.

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const gdmath = require(join(ROOT, "docs", "assets", "js", "widgets", "gdmath.js"));
const RTOL = 1e-9; // relative, as max(1, |x|): the tolerance the browser test used

function dataDir() {
  if (process.env.GDBOOK_WIDGET_DATA) return process.env.GDBOOK_WIDGET_DATA;
  const venv = join(ROOT, ".venv", "bin", "python");
  const python = process.env.GDBOOK_PYTHON || (existsSync(venv) ? venv : "python3");
  const dir = mkdtempSync(join(tmpdir(), "gdbook-widget-data-"));
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  execFileSync(python, ["-m", "tools.widget_data", "--out", dir, "--golden", join(dir, "golden.json")],
    { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  return dir;
}

const DIR = dataDir();
const read = (name) => JSON.parse(readFileSync(join(DIR, name), "utf8"));
const data = read("widgets.json");
const golden = read("golden.json");
const M = gdmath.create(data);

// JSON has no inf or nan: tools/widget_data.py writes them as strings.
const num = (v) => (typeof v === "string" ? Number(v.replace("inf", "Infinity").replace("nan", "NaN")) : v);

/** The largest difference, relative to max(1, |expected|), between two lists of numbers. */
function compare(where, got, want) {
  assert.equal(got.length, want.length, `${where}: ${got.length} entries, gdbook has ${want.length}`);
  let worst = 0, at = -1, exact = 0;
  for (let i = 0; i < want.length; i++) {
    const a = got[i], b = num(want[i]);
    if (!Number.isFinite(b)) {
      assert.ok(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)), `${where}[${i}]: ${a}, gdbook ${b}`);
      exact++;
      continue;
    }
    assert.ok(Number.isFinite(a), `${where}[${i}]: ${a}, gdbook ${b}`);
    if (a === b) exact++;
    const rel = Math.abs(a - b) / Math.max(1, Math.abs(b));
    if (rel > worst) [worst, at] = [rel, i];
  }
  assert.ok(worst <= RTOL, `${where}: differs from gdbook by ${worst.toExponential(3)} (relative) at entry ${at}`);
  return { exact, worst };
}

// ---- constants -------------------------------------------------------------------------------

test("the page's scripts, widgets.js and each widget's own, load the same data as widgets.json", () => {
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  const own = readdirSync(DIR).filter((f) => f.endsWith(".js") && f !== "widgets.js").sort();
  assert.ok(own.length >= 1, `no widget's own data script in ${DIR}`);
  for (const f of ["widgets.js", ...own]) vm.runInNewContext(readFileSync(join(DIR, f), "utf8"), sandbox);
  assert.deepEqual(JSON.parse(JSON.stringify(sandbox.gdbook.data)), data);
});

test("each rule reads exactly the hyperparameters gdbook's optimizer takes", () => {
  assert.deepEqual(Object.keys(gdmath.RULES).sort(), Object.keys(data.optimizers).sort());
  for (const [name, defaults] of Object.entries(data.optimizers)) {
    assert.deepEqual([...gdmath.RULES[name].hyper].sort(), Object.keys(defaults).sort(), name);
    const opt = M.optimizer(name);
    for (const [k, v] of Object.entries(defaults)) assert.deepEqual(opt.hyper[k], v, `${name}.${k}`);
  }
  assert.throws(() => M.optimizer("sgd", { lr: 0.1, betas: [0.9, 0.99] }), /no hyperparameter betas/);
  assert.throws(() => M.optimizer("sgd", { lr: 0.1, nesterov: true }), /Nesterov/);
});

test("every objective gdbook describes has a formula here; minima and maxima are critical points", () => {
  assert.deepEqual(Object.keys(gdmath.FORMULAS).sort(), Object.keys(data.objectives).sort());
  for (const name of Object.keys(data.objectives)) {
    const f = M.objective(name);
    assert.equal(f.window.length, f.dim, `${name}: window`);
    for (const m of [...f.minima, ...f.maxima]) {
      assert.equal(m.length, f.dim);
      m.forEach((c, i) => assert.ok(f.window[i][0] <= c && c <= f.window[i][1], `${name}: ${m} outside its window`));
      const g = f.grad(m);
      assert.ok(g.every((c) => Math.abs(c) < 1e-9), `${name}: the gradient at ${m} is ${g}, not 0`);
    }
    for (const m of f.minima) {
      const h = 1e-4, f0 = f.value(m);
      for (let i = 0; i < f.dim; i++) for (const s of [-h, h]) {
        const q = m.slice(); q[i] += s;
        assert.ok(f.value(q) >= f0, `${name}: ${m} is not a minimum along axis ${i}`);
      }
    }
  }
});

test("value and gradient agree with gdbook's at points of every window", () => {
  for (const [name, rows] of Object.entries(golden.points)) {
    const f = M.objective(name);
    compare(`${name} value`, rows.map((r) => f.value(r.x)), rows.map((r) => r.value));
    compare(`${name} grad`, rows.flatMap((r) => f.grad(r.x)), rows.flatMap((r) => r.grad));
  }
});

test("the divergence rule: |f| > growth * max(1, |f(x0)|), or not finite", () => {
  const G = data.growth;
  const flat = (value) => ({ dim: 1, value: () => value, grad: () => [0] });
  const opt = () => M.optimizer("sgd", { lr: 0.1 });
  const start = (f0, f1) => { // a run whose loss jumps from f0 to f1 at step 1
    let k = 0;
    const f = { dim: 1, value: () => (k++ === 0 ? f0 : f1), grad: () => [1] };
    const run = M.run(f, [0], opt());
    run.step();
    return run;
  };
  assert.equal(start(0.5, G).status, "running"); // the limit is G * 1 when |f(x0)| < 1
  assert.equal(start(0.5, G * (1 + 1e-15) + 1e-5).status, "diverged");
  assert.equal(start(4, 4 * G).status, "running");
  assert.equal(start(4, 4 * G * 1.0000001).status, "diverged");
  assert.equal(start(-3, -3 * G * 1.0000001).status, "diverged");
  assert.match(start(-3, -3 * G * 1.0000001).message, /^diverged at step 1: f\(x\) fell from -3 to /);
  assert.equal(start(1, NaN).message, "diverged at step 1: f(x) = nan; try a smaller learning rate");
  assert.equal(M.run(flat(Infinity), [0], opt()).status, "diverged"); // at the start already
  assert.equal(gdmath.divergenceLimit(2, G), 2 * G);
  assert.equal(gdmath.divergenceLimit(Infinity, G), Infinity);
  assert.throws(() => new gdmath.Run(flat(1), [0], opt()), /divergence factor/);
});

test("the widgets' settings name objectives, rules and hyperparameters that exist", () => {
  const { "roll-downhill": roll, playground } = data.widgets;
  for (const [name, spec] of Object.entries(roll.functions)) {
    const f = M.objective(name);
    assert.equal(f.dim, 1, name);
    assert.ok(f.window[0][0] <= spec.x0 && spec.x0 <= f.window[0][1], `${name}: x0 outside the window`);
  }
  for (const [name, spec] of Object.entries(playground.functions)) {
    const f = M.objective(name);
    assert.equal(f.dim, 2, name);
    const [[x0, x1], [y0, y1]] = spec.window;
    assert.ok(Math.abs((x1 - x0) / (y1 - y0) - 1.5) < 1e-12, `${name}: the plot is 3:2, its window must be too`);
    assert.ok(x0 <= spec.start[0] && spec.start[0] <= x1 && y0 <= spec.start[1] && spec.start[1] <= y1, name);
    assert.deepEqual(Object.keys(spec.lr).sort(), playground.racers.map((r) => r.id).sort(), `${name}: lr`);
    for (const m of f.minima) assert.ok(f.value(m) < playground.reached, `${name}: a minimum above the finish line`);
  }
  for (const r of playground.racers) {
    const hyper = { ...r.fixed };
    for (const [key, , value] of r.fields) if (!key.startsWith("beta")) hyper[key] = value;
    M.optimizer(r.rule, hyper); // throws on a name the rule does not have
  }
});

// ---- golden runs ---------------------------------------------------------------------------------

test("the golden runs cover every rule, every hyperparameter, convergence and divergence", () => {
  const runs = golden.runs;
  for (const [name, defaults] of Object.entries(data.optimizers)) {
    const mine = runs.filter((r) => r.optimizer === name);
    assert.ok(mine.length > 0, `no golden run uses ${name}`);
    for (const [k, v] of Object.entries(defaults))
      assert.ok(mine.some((r) => k in r.hyper && JSON.stringify(r.hyper[k]) !== JSON.stringify(v)),
        `no golden run of ${name} changes ${k}`);
  }
  for (const name of Object.keys(data.objectives)) assert.ok(runs.some((r) => r.objective === name), name);
  assert.ok(runs.some((r) => r.status === "diverged") && runs.some((r) => r.status !== "diverged"));
  assert.ok(runs.some((r) => r.path.flat().some((v) => typeof v === "string")), "no run that overflows");
});

let exact = 0, values = 0, worst = 0;
for (const g of golden.runs) {
  test(`golden: ${g.id}`, () => {
    const f = M.objective(g.objective);
    const run = M.minimize(f, g.x0, M.optimizer(g.optimizer, g.hyper), g.steps);
    const a = compare(`${g.id}: path`, run.path.flat(), g.path.flat());
    const b = compare(`${g.id}: f(x)`, run.values, g.losses);
    exact += a.exact + b.exact; values += g.path.flat().length + g.losses.length;
    worst = Math.max(worst, a.worst, b.worst);
    assert.equal(run.status === "diverged" ? "diverged" : "finished", g.status);
    if (g.status === "diverged") {
      assert.equal(run.divergedAt, g.diverged_at);
      assert.equal(run.message, g.message); // the engine's own words
    }
  });
}

test("summary", (t) => {
  t.diagnostic(`${golden.runs.length} golden runs, ${values} numbers: ${exact} identical to gdbook's, ` +
    `largest relative difference ${worst.toExponential(2)}`);
  assert.ok(values > 0);
});
