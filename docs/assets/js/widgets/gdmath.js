/* gdbook widgets: the maths, and nothing else (no DOM). Plain JavaScript that runs in the page
 * (a classic script: it defines globalThis.gdmath) and under Node (require() it:
 * tests/js/widgets.test.mjs does).
 *
 * The engine's objectives, update rules and minimize loop, written with the same floating-point
 * operations in the same order as gdbook/functions.py, gdbook/optim.py (PyTorch's update rules)
 * and gdbook/loop.py, so a widget draws the engine's own numbers.
 *
 * The facts about them -- each objective's parameters, minima and window, each optimizer's
 * defaults, the divergence factor GROWTH -- are not written here: tools/widget_data.py takes
 * them from gdbook and writes them as JSON (docs/assets/data/widgets.json; the page loads the
 * same object from docs/assets/data/widgets.js). create(data) binds this maths to them:
 *
 *   const M = gdmath.create(data);
 *   const run = M.minimize(M.objective("parabola"), [0], M.optimizer("sgd", { lr: 0.1 }), 20);
 *   run.path, run.values, run.status, run.message
 *
 * `node --test tests/js/` checks every rule against trajectories gdbook.minimize computed.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.gdmath = api;
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  // -------------------------------------------------------------------------------------------
  // Arithmetic that matches numpy and Python.
  // x**2 in numpy (on arrays) is x*x, and gdbook writes higher powers of x as products. Python's
  // beta**t (glibc's pow) is correctly rounded, and V8's Math.pow is not always: powi() computes
  // x**n in double-double arithmetic and rounds once.
  function split(a) {
    const c = 134217729 * a; // 2**27 + 1 (Veltkamp)
    const hi = c - (c - a);
    return [hi, a - hi];
  }
  function twoProd(a, b) {
    const p = a * b;
    const [ah, al] = split(a);
    const [bh, bl] = split(b);
    return [p, ah * bh - p + ah * bl + al * bh + al * bl];
  }
  function ddMul(ah, al, bh, bl) {
    const [p, e0] = twoProd(ah, bh);
    const e = e0 + (ah * bl + al * bh);
    const s = p + e;
    return [s, e - (s - p)];
  }
  function powi(x, n) {
    const naive = Math.pow(x, n);
    const a = Math.abs(naive);
    if (n === 0 || !Number.isFinite(naive) || a > 1e290 || a < 1e-290 || Math.abs(x) > 1e150) return naive;
    let rh = 1, rl = 0, bh = x, bl = 0, k = n;
    for (;;) {
      if (k & 1) [rh, rl] = ddMul(rh, rl, bh, bl);
      k = Math.floor(k / 2);
      if (!k) break;
      [bh, bl] = ddMul(bh, bl, bh, bl);
    }
    return rh + rl;
  }

  /** Python's f"{v:.{p}g}" (the engine's messages use it). */
  function pyG(v, p = 4) {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    if (v === 0) return "0";
    const [mant, e] = v.toExponential(p - 1).split("e");
    const exp = Number(e);
    const strip = (s) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
    if (exp < -4 || exp >= p) return `${strip(mant)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    return strip(v.toFixed(Math.max(0, p - 1 - exp)));
  }

  // -------------------------------------------------------------------------------------------
  // Objectives (gdbook/functions.py): value(x) and grad(x) take an array, [x] in 1-D, [x, y] in
  // 2-D. FORMULAS[kind](params) -> {value, grad}; the params come from the data.
  const FORMULAS = {
    parabola: ({ center, a }) => ({
      value: ([x]) => a * ((x - center) * (x - center)),
      grad: ([x]) => [2.0 * a * (x - center)],
      // gradient descent multiplies the distance to the minimum by this factor at every step
      contraction: (lr) => 1 - 2.0 * a * lr,
    }),
    "double-well": () => ({
      // f(x) = x^4 - 4x^2 + x, powers as products (as gdbook writes them)
      value: ([x]) => { const x2 = x * x; return x2 * x2 - 4.0 * x2 + x; },
      grad: ([x]) => [4.0 * x * x * x - 8.0 * x + 1.0],
    }),
    quadratic: ({ condition }) => ({
      value: ([u, v]) => 0.5 * (u * u + condition * (v * v)),
      grad: ([u, v]) => [u, condition * v],
    }),
    rosenbrock: ({ a, b }) => ({
      value: ([u, v]) => (a - u) * (a - u) + b * ((v - u * u) * (v - u * u)),
      grad: ([u, v]) => [-2.0 * (a - u) - 4.0 * b * u * (v - u * u), 2.0 * b * (v - u * u)],
    }),
    himmelblau: () => ({
      value: ([u, v]) => {
        const p = u * u + v - 11.0, q = u + v * v - 7.0;
        return p * p + q * q;
      },
      grad: ([u, v]) => {
        const p = u * u + v - 11.0, q = u + v * v - 7.0;
        return [4.0 * u * p + 2.0 * q, 2.0 * p + 4.0 * v * q];
      },
    }),
    saddle: () => ({
      value: ([u, v]) => u * u - v * v,
      grad: ([u, v]) => [2.0 * u, -2.0 * v],
    }),
  };

  /** spec: one entry of data.objectives ({kind, params, dim, minima, maxima, window, name}). */
  function objective(spec) {
    if (!spec || !FORMULAS[spec.kind]) throw new Error(`gdmath: unknown objective ${spec && spec.kind}`);
    return { ...spec, ...FORMULAS[spec.kind](spec.params || {}) };
  }

  // -------------------------------------------------------------------------------------------
  // Optimizers (gdbook/optim.py = torch.optim): same names and order of operations. Every rule
  // is elementwise, so each one is written for one coordinate: update(h, p, g, s, t) with h the
  // hyperparameters, s the coordinate's state (buffers), t the step count from 1. `hyper` lists
  // the hyperparameters a rule reads; their defaults come from the data (gdbook's signatures).
  const RULES = {
    sgd: {
      hyper: ["lr", "momentum", "dampening", "weight_decay", "nesterov"],
      init: () => ({ b: 0.0 }),
      update(h, p, g, s, t) {
        if (h.weight_decay !== 0) g = g + h.weight_decay * p;
        if (h.momentum !== 0) {
          s.b = t === 1 ? g : h.momentum * s.b + (1 - h.dampening) * g;
          g = h.nesterov ? g + h.momentum * s.b : s.b;
        }
        return p - h.lr * g;
      },
    },
    adagrad: {
      hyper: ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"],
      init: (h) => ({ s: h.initial_accumulator_value }),
      update(h, p, g, s, t) {
        if (h.weight_decay !== 0) g = g + h.weight_decay * p;
        const clr = h.lr / (1 + (t - 1) * h.lr_decay);
        s.s = s.s + g * g;
        return p - (clr * g) / (Math.sqrt(s.s) + h.eps);
      },
    },
    rmsprop: {
      hyper: ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
      init: () => ({ sq: 0.0, ga: 0.0, b: 0.0 }),
      update(h, p, g, s) {
        if (h.weight_decay !== 0) g = g + h.weight_decay * p;
        s.sq = h.alpha * s.sq + (1 - h.alpha) * g * g;
        let avg;
        if (h.centered) {
          s.ga = h.alpha * s.ga + (1 - h.alpha) * g;
          avg = Math.sqrt(s.sq - s.ga * s.ga) + h.eps;
        } else {
          avg = Math.sqrt(s.sq) + h.eps;
        }
        if (h.momentum > 0) {
          s.b = h.momentum * s.b + g / avg;
          return p - h.lr * s.b;
        }
        return p - (h.lr * g) / avg;
      },
    },
    adam: {
      hyper: ["lr", "betas", "eps", "weight_decay", "amsgrad"],
      init: () => ({ m: 0.0, v: 0.0, vmax: 0.0 }),
      update(h, p, g, s, t) {
        const [beta1, beta2] = h.betas;
        if (h.weight_decay !== 0 && h.decoupled) p = p * (1 - h.lr * h.weight_decay);
        else if (h.weight_decay !== 0) g = g + h.weight_decay * p;
        s.m = beta1 * s.m + (1 - beta1) * g;
        s.v = beta2 * s.v + (1 - beta2) * g * g;
        const bc1 = 1 - powi(beta1, t);
        const bc2 = 1 - powi(beta2, t);
        if (h.amsgrad) s.vmax = Math.max(s.vmax, s.v);
        const denom = Math.sqrt(h.amsgrad ? s.vmax : s.v) / Math.sqrt(bc2) + h.eps;
        return p - ((h.lr / bc1) * s.m) / denom;
      },
    },
  };
  RULES.adamw = { ...RULES.adam, decoupled: true };

  /** optimizer("adam", {lr: 0.1}, defaults) -> {step(p, g) -> new p, reset(), t, hyper};
   *  defaults: gdbook's, data.optimizers[name]; p and g are arrays. */
  function optimizer(name, hyper, defaults) {
    const rule = RULES[name];
    if (!rule) throw new Error(`unknown optimizer ${name}`);
    if (!defaults) throw new Error(`gdmath: no defaults for ${name} (pass data.optimizers.${name})`);
    const unknown = Object.keys(hyper || {}).filter((k) => !rule.hyper.includes(k));
    if (unknown.length) throw new Error(`${name} has no hyperparameter ${unknown.join(", ")}`);
    const h = { ...defaults, ...hyper, decoupled: !!rule.decoupled };
    if (name === "sgd" && h.nesterov && (h.momentum <= 0 || h.dampening !== 0))
      throw new Error("Nesterov momentum requires a momentum and zero dampening");
    const opt = {
      name, hyper: h, t: 0, state: null,
      reset() { opt.t = 0; opt.state = null; },
      step(p, g) {
        if (!opt.state) opt.state = p.map(() => rule.init(h));
        const t = ++opt.t;
        return p.map((pi, i) => rule.update(h, pi, g[i], opt.state[i], t));
      },
    };
    return opt;
  }

  // -------------------------------------------------------------------------------------------
  // The loop (gdbook/loop.py, minimize) and its divergence rule: a run stops when x, f(x) or the
  // gradient is not finite, or when |f(x)| > growth * max(1, |f(x0)|) (growth: gdbook.loop.GROWTH).
  function divergenceLimit(start, growth) {
    return Number.isFinite(start) ? growth * Math.max(1, Math.abs(start)) : Infinity;
  }

  /** Why this point counts as diverged (the engine's words), or null. */
  function whyBad(x, fx, g, start, limit) {
    if (!x.every(Number.isFinite)) return "x is not finite";
    if (!Number.isFinite(fx)) return `f(x) = ${pyG(fx)}`;
    if (Math.abs(fx) > limit) return `f(x) ${fx > start ? "grew" : "fell"} from ${pyG(start)} to ${pyG(fx)}`;
    if (!g.every(Number.isFinite)) return "the gradient is not finite";
    return null;
  }

  /** A run of minimize(f, x0, opt): call step() until it returns false (diverged). */
  class Run {
    constructor(f, x0, opt, growth) {
      if (!(typeof growth === "number" && growth > 0)) throw new Error("gdmath: Run needs the divergence factor (data.growth)");
      opt.reset();
      this.f = f;
      this.opt = opt;
      this.x = Array.from(x0, Number);
      this.fx = f.value(this.x);
      this.g = f.grad(this.x);
      this.start = this.fx;
      this.limit = divergenceLimit(this.fx, growth);
      this.path = [this.x];
      this.values = [this.fx];
      this.grads = [this.g];
      this.k = 0;
      this.status = "running";
      this.message = "";
      this.divergedAt = null;
      this._check();
    }
    _check() {
      const bad = whyBad(this.x, this.fx, this.g, this.start, this.limit);
      if (bad) {
        this.status = "diverged";
        this.divergedAt = this.k;
        this.message = `diverged at step ${this.k}: ${bad}; try a smaller learning rate`;
      }
    }
    step() {
      if (this.status !== "running") return false;
      this.x = this.opt.step(this.x, this.g);
      this.fx = this.f.value(this.x);
      this.g = this.f.grad(this.x);
      this.path.push(this.x);
      this.values.push(this.fx);
      this.grads.push(this.g);
      this.k += 1;
      this._check();
      return true;
    }
  }

  /** The whole run at once, like gdbook.minimize(f, x0, optimizer, steps). */
  function minimize(f, x0, opt, steps, growth) {
    const run = new Run(f, x0, opt, growth);
    while (run.k < steps && run.step());
    return run;
  }

  /** The maths bound to gdbook's facts (the JSON tools/widget_data.py writes). */
  function create(data) {
    if (!data || typeof data.growth !== "number" || !data.objectives || !data.optimizers)
      throw new Error("gdmath: the widget data (docs/assets/data/widgets.js, made by tools/widget_data.py) is missing");
    return {
      data,
      growth: data.growth,
      objective: (name) => objective(data.objectives[name]),
      optimizer: (name, hyper = {}) => optimizer(name, hyper, data.optimizers[name]),
      run: (f, x0, opt) => new Run(f, x0, opt, data.growth),
      minimize: (f, x0, opt, steps) => minimize(f, x0, opt, steps, data.growth),
      pyG,
    };
  }

  return { create, objective, optimizer, Run, minimize, divergenceLimit, whyBad, powi, pyG, FORMULAS, RULES };
});
