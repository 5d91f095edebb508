/* gdbook widgets, part 1: the shared core. Plain JavaScript, no framework, no build step.
 *
 * gdbook.math   the engine's objectives, optimizers and minimize loop, written with the same
 *               floating-point operations in the same order as gdbook/functions.py,
 *               gdbook/optim.py (PyTorch's update rules) and gdbook/loop.py, so a widget draws
 *               the engine's own numbers. tests/test_widgets.py drives every widget in Chromium
 *               and compares its trajectories with gdbook's.
 * gdbook.widget(name, init)   init(root) runs for every element [data-widget=name];
 * gdbook.enhance(init)        init(body) runs once per page;
 *               both on every page Material shows (its instant navigation swaps pages without
 *               reloading, and emits on `document$`). init may return a cleanup function, called
 *               when the page is swapped out, so timers and workers never outlive their page.
 * gdbook.h / gdbook.s         tiny element builders (HTML and SVG).
 */
(function () {
  "use strict";
  const gd = (window.gdbook = window.gdbook || {});

  // ---------------------------------------------------------------------------------------------
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

  // ---------------------------------------------------------------------------------------------
  // Objectives (gdbook/functions.py). value(x) and grad(x) take an array: [x] in 1-D, [x, y] in 2-D.
  const objectives = {
    parabola({ center = 3.0, a = 1.0 } = {}) {
      return {
        name: "parabola", dim: 1, minima: [[center]], maxima: [], window: [[center - 4.0, center + 6.0]],
        value: ([x]) => a * ((x - center) * (x - center)),
        grad: ([x]) => [2.0 * a * (x - center)],
      };
    },
    "double-well"() {
      // f(x) = x^4 - 4x^2 + x; minima and the hump between them as gdbook finds them (Newton).
      return {
        name: "double well", dim: 1, window: [[-2.5, 2.5]],
        minima: [[-1.47299760111403], [1.346997408527774]], maxima: [[0.1260001925862561]],
        value: ([x]) => { const x2 = x * x; return x2 * x2 - 4.0 * x2 + x; },
        grad: ([x]) => [4.0 * x * x * x - 8.0 * x + 1.0],
      };
    },
    quadratic({ condition = 10.0 } = {}) {
      return {
        name: "quadratic", dim: 2, minima: [[0, 0]], window: [[-10.0, 10.0], [-4.0, 4.0]],
        value: ([u, v]) => 0.5 * (u * u + condition * (v * v)),
        grad: ([u, v]) => [u, condition * v],
      };
    },
    rosenbrock({ a = 1.0, b = 100.0 } = {}) {
      return {
        name: "rosenbrock", dim: 2, minima: [[a, a * a]], window: [[-2.0, 2.0], [-1.0, 3.0]],
        value: ([u, v]) => (a - u) * (a - u) + b * ((v - u * u) * (v - u * u)),
        grad: ([u, v]) => [-2.0 * (a - u) - 4.0 * b * u * (v - u * u), 2.0 * b * (v - u * u)],
      };
    },
    himmelblau() {
      return {
        name: "himmelblau", dim: 2, window: [[-5.0, 5.0], [-5.0, 5.0]],
        minima: [[3.0, 2.0], [-2.805118086952745, 3.131312518250573],
                 [-3.779310253377747, -3.2831859912861696], [3.5844283403304917, -1.8481265269644036]],
        value: ([u, v]) => {
          const p = u * u + v - 11.0, q = u + v * v - 7.0;
          return p * p + q * q;
        },
        grad: ([u, v]) => {
          const p = u * u + v - 11.0, q = u + v * v - 7.0;
          return [4.0 * u * p + 2.0 * q, 2.0 * p + 4.0 * v * q];
        },
      };
    },
    saddle() {
      return {
        name: "saddle", dim: 2, minima: [], window: [[-2.0, 2.0], [-2.0, 2.0]],
        value: ([u, v]) => u * u - v * v,
        grad: ([u, v]) => [2.0 * u, -2.0 * v],
      };
    },
  };

  // ---------------------------------------------------------------------------------------------
  // Optimizers (gdbook/optim.py = torch.optim): same names, defaults and order of operations.
  // Every rule is elementwise, so each one is written for one coordinate: update(p, g, s, t)
  // with s the coordinate's state (buffers), t the step count from 1.
  const RULES = {
    sgd: {
      defaults: { lr: 1e-3, momentum: 0.0, dampening: 0.0, weight_decay: 0.0, nesterov: false },
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
      defaults: { lr: 1e-2, lr_decay: 0.0, weight_decay: 0.0, initial_accumulator_value: 0.0, eps: 1e-10 },
      init: (h) => ({ s: h.initial_accumulator_value }),
      update(h, p, g, s, t) {
        if (h.weight_decay !== 0) g = g + h.weight_decay * p;
        const clr = h.lr / (1 + (t - 1) * h.lr_decay);
        s.s = s.s + g * g;
        return p - (clr * g) / (Math.sqrt(s.s) + h.eps);
      },
    },
    rmsprop: {
      defaults: { lr: 1e-2, alpha: 0.99, eps: 1e-8, weight_decay: 0.0, momentum: 0.0, centered: false },
      init: () => ({ sq: 0.0, ga: 0.0, b: 0.0 }),
      update(h, p, g, s, t) {
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
      defaults: { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0.0, amsgrad: false },
      init: () => ({ m: 0.0, v: 0.0, vmax: 0.0 }),
      update(h, p, g, s, t) {
        const [beta1, beta2] = h.betas;
        if (h.decoupled) p = p * (1 - h.lr * h.weight_decay);
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
  RULES.adamw = { ...RULES.adam, defaults: { ...RULES.adam.defaults, weight_decay: 1e-2 } };

  /** optimizer("adam", {lr: 0.1}) -> {step(p, g) -> new p, reset(), t}; p and g are arrays. */
  function optimizer(name, hyper = {}) {
    const rule = RULES[name];
    if (!rule) throw new Error(`unknown optimizer ${name}`);
    const h = { ...rule.defaults, ...hyper, decoupled: name === "adamw" };
    if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0))
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

  // ---------------------------------------------------------------------------------------------
  // The loop (gdbook/loop.py, minimize): one step at a time, so a widget can animate it.
  const GROWTH = 1e10; // |f(x)| > GROWTH * max(1, |f(x0)|) counts as diverged (gdbook.loop.GROWTH)

  /** Python's f"{v:.{p}g"}. */
  function pyG(v, p = 4) {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    if (v === 0) return "0";
    const [mant, e] = v.toExponential(p - 1).split("e");
    const exp = Number(e);
    const strip = (s) => (s.includes(".") ? s.replace(/\.?0+$/, "") : s);
    if (exp < -4 || exp >= p) return `${strip(mant)}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    return strip(v.toFixed(Math.max(0, p - 1 - exp)));
  }

  function whyBad(x, fx, g, start, limit) {
    if (!x.every(Number.isFinite)) return "x is not finite";
    if (!Number.isFinite(fx)) return `f(x) = ${pyG(fx)}`;
    if (Math.abs(fx) > limit) return `f(x) ${fx > start ? "grew" : "fell"} from ${pyG(start)} to ${pyG(fx)}`;
    if (!g.every(Number.isFinite)) return "the gradient is not finite";
    return null;
  }

  /** A run of minimize(f, x0, opt): call step() until it returns false (diverged). */
  class Run {
    constructor(f, x0, opt) {
      opt.reset();
      this.f = f;
      this.opt = opt;
      this.x = Array.from(x0, Number);
      this.fx = f.value(this.x);
      this.g = f.grad(this.x);
      this.start = this.fx;
      this.limit = Number.isFinite(this.fx) ? GROWTH * Math.max(1, Math.abs(this.fx)) : Infinity;
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
  function minimize(f, x0, opt, steps) {
    const run = new Run(f, x0, opt);
    while (run.k < steps && run.step());
    return run;
  }

  gd.math = { objectives, optimizer, Run, minimize, powi, pyG, defaults: (n) => ({ ...RULES[n].defaults }) };

  // ---------------------------------------------------------------------------------------------
  // Formatting, as gdbook prints numbers (History.table): fixed decimals, scientific when huge/tiny.
  gd.num = function (v, digits = 4) {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "−inf";
    const s = v !== 0 && (Math.abs(v) < 10 ** -digits || Math.abs(v) >= 1e6) ? v.toExponential(digits) : v.toFixed(digits);
    return s.replace("-", "−");
  };

  // ---------------------------------------------------------------------------------------------
  // Element builders: h("button", {type: "button", onclick: fn}, "Step").
  function build(el, attrs, children) {
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
      else if (k === "class") el.setAttribute("class", v);
      else if (k === "text") el.textContent = v;
      else el.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
    return el;
  }
  gd.h = (tag, attrs, ...children) => build(document.createElement(tag), attrs, children);
  gd.s = (tag, attrs, ...children) => build(document.createElementNS("http://www.w3.org/2000/svg", tag), attrs, children);
  let uid = 0;
  gd.uid = (prefix = "gd") => `${prefix}-${++uid}`;
  gd.reducedMotion = () => window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  /** Keys a widget handles itself must not fire while the reader types in a field. */
  gd.typing = (e) => {
    const t = e.target;
    return e.ctrlKey || e.metaKey || e.altKey ||
      (t && (t.isContentEditable || t.tagName === "TEXTAREA" || t.tagName === "SELECT" ||
             (t.tagName === "INPUT" && !["range", "checkbox", "radio", "button"].includes(t.type))));
  };

  /** The widgets' shortcuts: `keys` maps a lower-case key (s, p, r) to its action. Inside the
   *  widget these keys are ours: Material would otherwise take S to the search box and P to the
   *  previous page. Ignored while the reader types in a field, and with Shift (bigger moves). */
  gd.shortcuts = (root, keys) => {
    root.addEventListener("keydown", (e) => {
      if (gd.typing(e) || e.shiftKey) return;
      const action = keys[e.key.toLowerCase()];
      if (!action) return;
      action();
      e.preventDefault();
      e.stopPropagation();
    });
  };

  // ---------------------------------------------------------------------------------------------
  // Mounting on every page view.
  const widgets = {};
  const enhancers = [];
  let cleanups = [];
  let current = null;

  gd.widget = (name, init) => { widgets[name] = init; if (current) mount(current); };
  gd.enhance = (init) => { enhancers.push(init); if (current) mount(current); };

  function keep(cleanup) { if (typeof cleanup === "function") cleanups.push(cleanup); }

  function report(what, err) {
    // A broken widget must not break the page: its static fallback stays, and the error is logged.
    console.error(`gdbook: ${what} failed:`, err);
  }

  function mount(body) {
    for (const root of body.querySelectorAll("[data-widget]")) {
      const init = widgets[root.dataset.widget];
      if (!init || root.dataset.gdReady) continue;
      root.dataset.gdReady = "1";
      try { keep(init(root)); } catch (err) { report(`widget ${root.dataset.widget}`, err); }
    }
    // Material injects each new page into the same live document: an enhancer marks what it has
    // enhanced (data-gd-ready) so that running it again on the same body does nothing twice.
    for (const init of enhancers) {
      try { keep(init(body)); } catch (err) { report("enhancer", err); }
    }
  }

  function onPage(body) {
    for (const c of cleanups) { try { c(); } catch (err) { report("cleanup", err); } }
    cleanups = [];
    current = body;
    mount(body);
  }

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(({ body }) => onPage(body || document.body));
    } else {
      onPage(document.body);
    }
  }
  // Wait until every widget script has registered (they load after this one, in order).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else setTimeout(start, 0);
})();
