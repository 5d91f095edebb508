/* gdbook widgets: "Schedule explorer" (chapter 12). Choose a learning-rate schedule, its peak and
 * its shape; see lr(t) and the training loss it gives on a small linear regression.
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="schedules"> <p>Static text.</p> </div>
 *
 * The numbers: lr(t) by the closed formulas of gdbook.schedules (and the chapter's warmup_cosine);
 * the run repeats gdbook.fit(LinearRegression, X, y, SGD(lr=schedule), epochs, batch_size) with
 * the same data, start and batch order, all from gdbook.data.schedules (tools/widget_data.py:
 * schedules_explorer). tests/test_schedules_widget.py checks both against gdbook in Chromium;
 * root.gdbook exposes them to it.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h, s } = gd;

  // ---- lr(t), operation for operation as gdbook/schedules.py computes it ---------------------------
  function anneal(start, end, frac) {                   // OneCycleLR's "cos" strategy
    return end + (start - end) / 2 * (1 + Math.cos(Math.PI * frac));
  }
  const FORMULAS = {
    constant: (lr) => () => lr,
    step: (lr, p, f) => (t) => lr * p.gamma ** Math.floor(t / f.step_size),
    multistep: (lr, p, f) => (t) => {
      let passed = 0;
      for (const m of f.milestones) if (m <= t) passed += 1;
      return lr * p.gamma ** passed;
    },
    exponential: (lr, p) => (t) => lr * p.gamma ** t,
    cosine: (lr, p, f) => (t) => p.eta_min + (lr - p.eta_min) * (1 + Math.cos(Math.PI * t / f.T_max)) / 2,
    "warmup-cosine": (lr, p, f) => (t) => {           // the chapter's warmup_cosine(t)
      if (t < p.warmup) return lr * (t + 1) / p.warmup;
      const progress = (t - p.warmup) / (f.total - p.warmup);
      return lr * (1 + Math.cos(Math.PI * progress)) / 2;
    },
    onecycle: (lr, p, f) => (t) => {
      const start = lr / 25.0, end = start / 1e4;         // div_factor 25, final_div_factor 1e4
      const peak = p.pct_start * f.total_steps - 1;
      if (t <= peak) return anneal(start, lr, t / peak);
      return anneal(lr, end, (t - peak) / (f.total_steps - 1 - peak));
    },
  };

  // ---- the run: gdbook.fit with SGD(lr=schedule) on LinearRegression ---------------------------------
  function mse(D, w, b, rows) {
    let sum = 0;
    for (const i of rows) {
      let r = b - D.y[i];
      for (let j = 0; j < D.d; j++) r += D.X[i][j] * w[j];
      sum += r * r;
    }
    return sum / rows.length;
  }
  const finite = (w, b) => Number.isFinite(b) && w.every(Number.isFinite);

  function train(D, lrAt, growth) {
    const all = Array.from({ length: D.n }, (_, i) => i);
    let w = D.w0.slice(), b = D.b0, t = 0;
    const start = mse(D, w, b, all);
    const limit = Number.isFinite(start) ? growth * Math.max(1, Math.abs(start)) : Infinity;
    const losses = [start], lrs = [];
    const bad = (loss) => !finite(w, b) || !Number.isFinite(loss) || Math.abs(loss) > limit;
    let diverged = bad(start), epoch = 0;
    while (!diverged && epoch < D.epochs) {
      const order = D.orders[epoch];
      for (let s0 = 0; s0 < D.n; s0 += D.batch_size) {
        const rows = order.slice(s0, s0 + D.batch_size), m = rows.length;
        const r = rows.map((i) => { let v = b - D.y[i]; for (let j = 0; j < D.d; j++) v += D.X[i][j] * w[j]; return v; });
        let sq = 0, sr = 0;
        for (const v of r) { sq += v * v; sr += v; }
        const batchLoss = sq / m;
        const gw = w.map((_, j) => { let g = 0; rows.forEach((i, k) => { g += (2 / m * D.X[i][j]) * r[k]; }); return g; });
        const gb = 2 / m * sr;
        if (bad(batchLoss) || !finite(gw, gb)) { diverged = true; break; }
        const lr = lrAt(t);
        lrs.push(lr);
        w = w.map((v, j) => v - lr * gw[j]);
        b = b - lr * gb;
        t += 1;
      }
      epoch += 1;
      const loss = mse(D, w, b, all);
      losses.push(loss);
      diverged = diverged || bad(loss);
    }
    return { losses, lrs, steps: lrs.length, epochs: epoch, status: diverged ? "diverged" : "finished" };
  }

  // ---- formatting ------------------------------------------------------------------------------------
  const fixed = (v, d) => (Number.isFinite(v) ? v.toFixed(d) : String(v)).replace("-", "−");
  const sci = (v) => (Number.isFinite(v) ? v.toExponential(2) : String(v)).replace(/-/g, "−");
  const short = (v) => String(Number(v.toPrecision(4)));
  const SUP = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
  const decade = (e) => `10${[...String(e)].map((c) => SUP[c]).join("")}`;

  gd.widget("schedules", (root) => {
    const D = gd.data.schedules;
    const growth = gd.data.growth;
    const SCHEDULES = D.schedules.map(([id, label, param, fixedArgs]) => ({ id, label, param, fixedArgs }));
    const byId = Object.fromEntries(SCHEDULES.map((x) => [x.id, x]));
    const id = gd.uid("sched");
    const state = { schedule: D.schedule, lrIndex: D.lrs.indexOf(D.lr), paramIndex: {} };
    for (const sc of SCHEDULES) if (sc.param) state.paramIndex[sc.id] = sc.param[2].indexOf(sc.param[3]);

    // ---- controls ------------------------------------------------------------------------------------
    const select = h("select", { id: `${id}-kind`, onchange: () => { state.schedule = select.value; update(); } },
      SCHEDULES.map((sc) => h("option", { value: sc.id, selected: sc.id === state.schedule }, sc.label)));
    const lrSlider = h("input", { type: "range", id: `${id}-lr`, min: 0, max: D.lrs.length - 1, step: 1,
      value: state.lrIndex, oninput: () => { state.lrIndex = Number(lrSlider.value); update(); } });
    const lrOut = h("span", { class: "gd-value" });
    const paramSlider = h("input", { type: "range", id: `${id}-param`, min: 0, step: 1,
      oninput: () => { state.paramIndex[state.schedule] = Number(paramSlider.value); update(); } });
    const paramLabel = h("span", {});
    const paramOut = h("span", { class: "gd-value" });
    const paramRow = h("label", { for: `${id}-param`, class: "gd-field gd-sched-param" }, paramLabel, " ", paramSlider, " ", paramOut);

    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });
    const readout = h("p", { class: "gd-readout gd-sched-readout" });

    // ---- plots ---------------------------------------------------------------------------------------
    const M = { l: 52, r: 12, t: 12, b: 34 };
    let W = 640, H = 190;
    const lrPlot = s("svg", { class: "gd-plot gd-sched-plot", role: "img" });
    const lossPlot = s("svg", { class: "gd-plot gd-sched-plot", role: "img" });
    const tableBody = h("tbody");
    const table = h("details", { class: "gd-table" },
      h("summary", {}, "The run as a table"),
      h("table", {}, h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "epoch"), h("th", { scope: "col" }, "lr of its first step"),
        h("th", { scope: "col" }, "loss − minimum"), h("th", { scope: "col" }, "constant: loss − minimum"))), tableBody));

    root.replaceChildren(h("div", { class: "gd-sched" },
      h("div", { class: "gd-row gd-controls" },
        h("label", { for: `${id}-kind`, class: "gd-field" }, "Schedule ", select),
        h("label", { for: `${id}-lr`, class: "gd-field" }, "Peak learning rate ", lrSlider, " ", lrOut),
        paramRow),
      h("p", { class: "gd-caption gd-sched-title" }, "Learning rate at each step"),
      lrPlot,
      h("p", { class: "gd-caption gd-sched-title" }, "Training loss minus the least-squares minimum, after each epoch (log scale)"),
      h("p", { class: "gd-sched-legend" },
        h("span", { class: "gd-sched-key gd-sched-key-line" }), "this schedule ",
        h("span", { class: "gd-sched-key gd-sched-key-const" }), "constant rate, the same peak"),
      lossPlot,
      readout,
      status,
      h("p", { class: "gd-keys" }, "Keys: ", h("kbd", {}, "Tab"), " to a control; ", h("kbd", {}, "↑"), " ", h("kbd", {}, "↓"),
        " choose a schedule; ", h("kbd", {}, "←"), " ", h("kbd", {}, "→"), " move a slider."),
      table));
    root.classList.add("gd-live");

    function layout() {
      const narrow = root.clientWidth > 0 && root.clientWidth < 520;
      [W, H] = narrow ? [340, 210] : [640, 190];
      for (const svg of [lrPlot, lossPlot]) svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    }

    function axes(svg, xmax, xticks, yticks, xlabel) {
      const X = (x) => M.l + (x / xmax) * (W - M.l - M.r);
      const g = s("g", { class: "gd-axes" });
      g.append(s("line", { x1: M.l, y1: H - M.b, x2: W - M.r, y2: H - M.b }), s("line", { x1: M.l, y1: M.t, x2: M.l, y2: H - M.b }));
      for (const x of xticks) {
        g.append(s("line", { x1: X(x), y1: H - M.b, x2: X(x), y2: H - M.b + 4 }));
        g.append(s("text", { x: X(x), y: H - M.b + 17, "text-anchor": "middle" }, String(x)));
      }
      for (const [y, label] of yticks) {
        g.append(s("line", { x1: M.l - 4, y1: y, x2: W - M.r, y2: y, class: "gd-sched-grid" }));
        g.append(s("text", { x: M.l - 7, y: y + 4, "text-anchor": "end" }, label));
      }
      g.append(s("text", { x: (M.l + W - M.r) / 2, y: H - 3, "text-anchor": "middle" }, xlabel));
      svg.append(g);
      return X;
    }

    function drawLr(lrAt, peak) {
      lrPlot.replaceChildren();
      const top = Math.max(...D.lrs.slice(0, state.lrIndex + 1)) * 1.1;
      let hi = 0;
      const values = [];
      for (let t = 0; t < D.total; t++) { values.push(lrAt(t)); hi = Math.max(hi, values[t]); }
      const ymax = Math.max(top, hi * 1.05);
      const Y = (v) => H - M.b - (v / ymax) * (H - M.t - M.b);
      const X = axes(lrPlot, D.total, [0, 40, 80, 120, 160], [[Y(0), "0"], [Y(peak), short(peak)]], "optimizer step t");
      let d = "";
      values.forEach((v, t) => { d += `${t ? "L" : "M"}${X(t).toFixed(1)},${Y(v).toFixed(1)}H${X(t + 1).toFixed(1)}`; });
      lrPlot.append(s("path", { class: "gd-sched-const", d: `M${X(0)},${Y(peak)}H${X(D.total)}` }));
      lrPlot.append(s("path", { class: "gd-sched-line", d }));
      lrPlot.setAttribute("aria-label", `Learning rate of each of the ${D.total} steps: from ${short(values[0])} at step 0 ` +
        `to ${short(values[D.total - 1])} at step ${D.total - 1}, highest ${short(hi)}.`);
    }

    const LOG_LO = -7, LOG_HI = 2;
    function drawLoss(run, constant) {
      lossPlot.replaceChildren();
      const Y = (v) => {
        const e = Math.min(LOG_HI, Math.max(LOG_LO, Math.log10(Math.max(v, 1e-300))));
        return H - M.b - ((e - LOG_LO) / (LOG_HI - LOG_LO)) * (H - M.t - M.b);
      };
      const yticks = [];
      for (let e = LOG_LO + 1; e <= LOG_HI; e += 2) yticks.push([Y(10 ** e), decade(e)]);
      const X = axes(lossPlot, D.epochs, [0, 5, 10, 15, 20], yticks, "epoch");
      const line = (r, cls) => {
        const pts = r.losses.map((v, e) => [X(e), Number.isFinite(v) ? Y(v - D.best_loss) : Y(1e300)]);
        lossPlot.append(s("polyline", { class: cls, points: pts.map((p) => p.map((c) => c.toFixed(1)).join(",")).join(" ") }));
        if (r.status === "diverged") {
          const [x, y] = pts[pts.length - 1];
          lossPlot.append(s("text", { class: "gd-sched-note", x: Math.min(x + 4, W - M.r - 60), y: y + 14 }, "diverged"));
        }
      };
      line(constant, "gd-sched-const");
      line(run, "gd-sched-line");
      lossPlot.setAttribute("aria-label", `Training loss minus the minimum after each of the ${D.epochs} epochs, log scale: ` +
        `this schedule ${describe(run)}; constant rate ${describe(constant)}.`);
    }

    function describe(r) {
      if (r.status === "diverged") return `diverged in epoch ${r.epochs} (after ${r.steps} steps)`;
      const last = r.losses[r.losses.length - 1];
      return `final loss ${fixed(last, 5)}, ${sci(last - D.best_loss)} above the minimum`;
    }

    function update() {
      const sc = byId[state.schedule];
      const lr = D.lrs[state.lrIndex];
      const params = {};
      if (sc.param) {
        const [key, label, values] = sc.param;
        const i = state.paramIndex[sc.id];
        params[key] = values[i];
        paramRow.hidden = false;
        paramLabel.textContent = label;
        paramSlider.max = values.length - 1;
        paramSlider.value = i;
        paramSlider.setAttribute("aria-valuetext", String(values[i]));
        paramOut.textContent = String(values[i]);
      } else {
        paramRow.hidden = true;
      }
      lrOut.textContent = String(lr);
      lrSlider.setAttribute("aria-valuetext", String(lr));
      const lrAt = FORMULAS[sc.id](lr, params, sc.fixedArgs);
      const run = train(D, lrAt, growth);
      const constant = train(D, FORMULAS.constant(lr), growth);
      drawLr(lrAt, lr);
      drawLoss(run, constant);
      const what = sc.param ? `${sc.label}, peak ${lr}, ${sc.param[0]} ${params[sc.param[0]]}` : `${sc.label}, lr ${lr}`;
      readout.replaceChildren(
        h("span", { class: "gd-sched-this" }, `This schedule: ${describe(run)}.`), " ",
        h("span", { class: "gd-sched-other" }, `Constant ${lr}: ${describe(constant)}.`), " ",
        h("span", {}, `Lowest possible loss: ${fixed(D.best_loss, 5)}.`));
      status.textContent = `${what}: ${describe(run)}; constant ${lr}: ${describe(constant)}.`;
      const perEpoch = D.n / D.batch_size;
      const rows = [];
      run.losses.forEach((v, e) => {
        const first = (e - 1) * perEpoch;          // the first step of epoch e (epochs count from 1)
        const c = constant.losses[e];
        rows.push(h("tr", {},
          h("td", {}, e === 0 ? "start" : String(e)),
          h("td", {}, e === 0 || first >= run.lrs.length ? "–" : short(run.lrs[first])),
          h("td", {}, Number.isFinite(v) ? sci(v - D.best_loss) : String(v)),
          h("td", {}, c === undefined ? "–" : Number.isFinite(c) ? sci(c - D.best_loss) : String(c))));
      });
      tableBody.replaceChildren(...rows);
      root.gdbook = { state: { schedule: sc.id, lr, params }, run, constant, lrAt, values: Array.from({ length: D.total }, (_, t) => lrAt(t)) };
    }

    layout();
    update();
    let narrowNow = W === 340;
    const onResize = () => { layout(); if ((W === 340) !== narrowNow) { narrowNow = W === 340; update(); } };
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  });
})();
