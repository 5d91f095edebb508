/* gdbook widgets: the adaptive step explorer (chapter 11, docs/chapters/adaptive.md).
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="adaptive-explorer"> <p>Static text.</p> </div>
 *
 * One optimizer (SGD, Adagrad, RMSprop, Adam or AdamW, gdbook's defaults apart from lr) runs on
 * gdbook's Quadratic(condition), f = (x^2 + condition * y^2) / 2, from a fixed start: the path on the
 * contours, and for the last step each coordinate's gradient g, the step taken and the effective
 * learning rate -step / g, drawn as bars on a log scale next to SGD's limit 2/L. The maths is
 * gdmath.js (gdbook's rules, checked against gdbook by node --test); the settings (conditions,
 * window, start, steps, the slider's learning rates, each optimizer's first lr) come from
 * gdbook.data.adaptive (tools/widget_data.py, adaptive_explorer). root.gdbook exposes the run to
 * tests/test_adaptive_explorer.py.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h, s } = gd;
  const BAR_LO = -4, BAR_HI = 1; // the bars' log10 scale: 1e-4 .. 10
  const minus = (t) => t.replace(/-/g, "−");
  const g4 = (v) => minus(gd.math.pyG(v, 4)); // 4 significant digits, as the tests read them

  gd.widget("adaptive-explorer", (root) => {
    const D = gd.data.adaptive;
    const [[x0, x1], [y0, y1]] = D.window;
    const W = 560, H = Math.round((W * (y1 - y0)) / (x1 - x0)); // equal scales
    const sx = (x) => ((x - x0) / (x1 - x0)) * W;
    const sy = (y) => H - ((y - y0) / (y1 - y0)) * H;
    const id = gd.uid("ax");
    const lrs = {};
    for (const o of D.optimizers) lrs[o.id] = o.lr;
    const state = { opt: D.first, condition: D.condition, run: null, raf: null };

    // ---- controls ------------------------------------------------------------------------------
    const optRadios = h("fieldset", { class: "gd-choices" }, h("legend", {}, "Optimizer"),
      D.optimizers.map((o) => h("label", {},
        h("input", { type: "radio", name: `${id}-opt`, value: o.id, checked: o.id === state.opt,
                     onchange: () => { state.opt = o.id; showLr(); restart(true); } }), " ", o.label)));
    const condRadios = h("fieldset", { class: "gd-choices" }, h("legend", {}, "Condition"),
      D.conditions.map((c) => h("label", {},
        h("input", { type: "radio", name: `${id}-cond`, value: String(c), checked: c === state.condition,
                     onchange: () => { state.condition = c; drawContours(); restart(true); } }), " ", String(c))));
    const lrSlider = h("input", { type: "range", id: `${id}-lr`, min: 0, max: D.lrs.length - 1, step: 1,
      oninput: () => { lrs[state.opt] = D.lrs[Number(lrSlider.value)]; showLr(); restart(true); } });
    const lrOut = h("output", { for: `${id}-lr`, class: "gd-ax-lr" });
    const stepBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); advance(1, true); } }, "Step");
    const playBtn = h("button", { type: "button", class: "md-button md-button--primary", "aria-pressed": "false",
      onclick: () => (state.raf ? stop(true) : play()) }, "Play");
    const resetBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); restart(true); } }, "Reset");
    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });

    // ---- the plot ----------------------------------------------------------------------------------
    const levelsG = s("g", { class: "gd-contours" });
    const path = s("polyline", { class: "gd-path gd-ax-path", "clip-path": `url(#${id}-clip)` });
    const head = s("circle", { class: "gd-head gd-ax-head", r: 5 });
    const startMark = s("g", { class: "gd-start", transform: `translate(${sx(D.start[0])} ${sy(D.start[1])})` },
      s("circle", { r: 7 }), s("circle", { r: 2 }));
    const svg = s("svg", { class: "gd-plot gd-contour gd-ax-plot", viewBox: `0 0 ${W} ${H}`, role: "img",
      "aria-labelledby": `${id}-desc` },
      s("desc", { id: `${id}-desc` }, "Contour lines of the bowl and the optimizer's path from the start point; the minimum is at the origin."),
      s("defs", {}, s("clipPath", { id: `${id}-clip` }, s("rect", { x: 0, y: 0, width: W, height: H }))),
      s("rect", { class: "gd-frame", x: 0.5, y: 0.5, width: W - 1, height: H - 1 }),
      levelsG,
      s("g", { class: "gd-axes" }, s("line", { x1: sx(0), x2: sx(0), y1: 0, y2: H }), s("line", { x1: 0, x2: W, y1: sy(0), y2: sy(0) }),
        s("text", { x: W - 6, y: sy(0) - 6, "text-anchor": "end" }, "x"), s("text", { x: sx(0) + 6, y: 14 }, "y")),
      s("g", { class: "gd-minima" }, s("path", { d: `M${sx(0) - 6},${sy(0)}h12M${sx(0)},${sy(0) - 6}v12` })),
      path, head, startMark);

    // ---- the readout: position, and per coordinate g, step, effective lr (with bars) -----------------
    const out = { k: h("output", {}), x: h("output", {}), y: h("output", {}), f: h("output", {}) };
    const cells = ["x", "y"].map((c) => ({
      g: h("td", {}), step: h("td", {}), eff: h("td", {}),
      bar: h("span", { class: `gd-ax-bar gd-ax-bar-${c}` }),
      name: c,
    }));
    const limitMark = h("span", { class: "gd-ax-limit", "aria-hidden": "true" });
    const limitNote = h("p", { class: "gd-hint gd-ax-note" });
    const table = h("table", { class: "gd-ax-table" },
      h("caption", { class: "gd-sr" }, "The last step, coordinate by coordinate"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, h("span", { class: "gd-sr" }, "coordinate")), h("th", { scope: "col" }, "gradient g"),
        h("th", { scope: "col" }, "step Δ"), h("th", { scope: "col" }, "effective lr −Δ/g"))),
      h("tbody", {}, cells.map((c) => h("tr", { "data-coord": c.name }, h("th", { scope: "row" }, c.name), c.g, c.step, c.eff))));
    const bars = h("div", { class: "gd-ax-bars", "aria-hidden": "true" },
      cells.map((c) => h("div", { class: "gd-ax-barrow" }, h("span", { class: "gd-ax-barlabel" }, c.name),
        h("span", { class: "gd-ax-track" }, c.bar))),
      h("div", { class: "gd-ax-barrow" }, h("span", { class: "gd-ax-barlabel" }),
        h("span", { class: "gd-ax-track gd-ax-scale" }, limitMark,
          ...[-4, -3, -2, -1, 0, 1].map((e) => h("span", { class: "gd-ax-tick", style: `left:${((e - BAR_LO) / (BAR_HI - BAR_LO)) * 100}%` },
            e === 0 ? "1" : e === 1 ? "10" : `10${["⁻⁴", "⁻³", "⁻²", "⁻¹"][e + 4]}`)))));

    const keys = h("p", { class: "gd-keys" }, "Keys: ", h("kbd", {}, "S"), " step, ", h("kbd", {}, "P"), " play or pause, ",
      h("kbd", {}, "R"), " reset; arrow keys choose within the optimizer and condition groups and move the learning-rate slider.");

    root.replaceChildren(h("div", { class: "gd-ax" },
      h("div", { class: "gd-row" }, optRadios),
      h("div", { class: "gd-row" }, condRadios,
        h("label", { for: `${id}-lr`, class: "gd-field gd-ax-lrfield" }, "Learning rate ", lrSlider, " ", lrOut)),
      svg,
      h("div", { class: "gd-row gd-buttons" }, stepBtn, playBtn, resetBtn),
      status,
      h("p", { class: "gd-readout" }, h("span", {}, "step ", out.k), h("span", {}, "x = ", out.x), h("span", {}, "y = ", out.y),
        h("span", {}, "f = ", out.f)),
      h("div", { class: "gd-ax-scroll" }, table),
      bars, limitNote, keys));
    root.classList.add("gd-live");

    // ---- running -------------------------------------------------------------------------------------
    let f;
    function objective() {
      return window.gdmath.objective({ kind: "quadratic", name: "quadratic", dim: 2, params: { condition: state.condition },
        minima: [[0, 0]], window: D.window });
    }
    function drawContours() {
      f = objective();
      const [lo, ratio, n] = D.levels;
      // f = level on (x^2 + c y^2) / 2 is an ellipse with half-axes sqrt(2 level) and sqrt(2 level / c).
      const scale = W / (x1 - x0);
      levelsG.replaceChildren(...Array.from({ length: n }, (_, i) => {
        const L = lo * ratio ** i;
        return s("ellipse", { cx: sx(0), cy: sy(0), rx: Math.sqrt(2 * L) * scale, ry: Math.sqrt((2 * L) / state.condition) * scale,
          class: i % 3 === 0 ? "gd-major" : null });
      }));
    }
    const label = () => D.optimizers.find((o) => o.id === state.opt).label;
    function showLr() {
      const lr = lrs[state.opt];
      let i = D.lrs.indexOf(lr);
      if (i < 0) i = 0;
      lrSlider.value = String(i);
      lrOut.textContent = String(lr);
      lrSlider.setAttribute("aria-valuetext", String(lr));
    }
    function restart(announce) {
      const lr = lrs[state.opt];
      state.run = gd.math.run(f, D.start, gd.math.optimizer(state.opt, { lr }));
      state.points = pt(D.start);
      draw();
      const L = Math.max(1, state.condition);
      if (announce) say(`${label()}, learning rate ${lr}, condition ${state.condition}: at the start (${D.start.join(", ")}), f = ${g4(state.run.fx)}. Press S to step or P to play ${D.steps} steps.${state.opt === "sgd" ? ` SGD is stable only for a learning rate below 2/L = ${g4(2 / L)}.` : ""}`);
    }
    function pt(x) {
      const c = (v, size) => Math.min(20 * size, Math.max(-19 * size, v)).toFixed(1);
      return `${c(sx(x[0]), W)},${c(sy(x[1]), H)} `;
    }
    function advance(n, announce) {
      const r = state.run;
      for (let i = 0; i < n && r.k < D.steps && r.step(); i++) if (r.status === "running") state.points += pt(r.x);
      draw();
      if (announce) say(summary());
      return r.status === "running" && r.k < D.steps;
    }
    function lastStep() {
      const r = state.run;
      if (r.k === 0) return null;
      const k = r.status === "diverged" ? r.path.length - 1 : r.k;
      const before = r.path[k - 1], after = r.path[k], g = r.grads[k - 1];
      return [0, 1].map((i) => ({ g: g[i], step: after[i] - before[i], eff: g[i] !== 0 ? -(after[i] - before[i]) / g[i] : null }));
    }
    function barWidth(v) {
      if (v === null || !Number.isFinite(v) || v === 0) return 0;
      const e = Math.log10(Math.abs(v));
      return Math.max(0, Math.min(1, (e - BAR_LO) / (BAR_HI - BAR_LO))) * 100;
    }
    function draw() {
      const r = state.run;
      path.setAttribute("points", state.points);
      const last = r.status === "running" ? r.x : r.path[r.path.length - 2] || r.path[0];
      head.setAttribute("cx", Math.min(W, Math.max(0, sx(last[0]))).toFixed(1));
      head.setAttribute("cy", Math.min(H, Math.max(0, sy(last[1]))).toFixed(1));
      head.classList.toggle("gd-dead", r.status === "diverged");
      out.k.textContent = String(r.k);
      out.x.textContent = g4(r.x[0]);
      out.y.textContent = g4(r.x[1]);
      out.f.textContent = g4(r.fx);
      const st = lastStep();
      cells.forEach((c, i) => {
        const d = st && st[i];
        c.g.textContent = d ? g4(d.g) : "—";
        c.step.textContent = d ? g4(d.step) : "—";
        c.eff.textContent = d && d.eff !== null ? g4(d.eff) : "—";
        const width = d ? barWidth(d.eff) : 0;
        c.bar.style.width = `${width}%`;
        c.bar.hidden = width === 0;
        c.bar.classList.toggle("gd-ax-neg", !!(d && d.eff !== null && d.eff < 0));
      });
      const L = Math.max(1, state.condition);
      limitMark.style.left = `${barWidth(2 / L)}%`;
      limitNote.textContent = `Bars: each coordinate's effective learning rate, on a log scale (hollow when negative: the step went uphill along that coordinate, carried by momentum). The dashed line is SGD's limit 2/L = ${g4(2 / L)} for this bowl.`;
    }
    function summary() {
      const r = state.run;
      if (r.status === "diverged") return `${label()} ${r.message}.`;
      const st = lastStep();
      const eff = st ? ` Effective learning rates: x ${st[0].eff === null ? "none (zero gradient)" : g4(st[0].eff)}, y ${st[1].eff === null ? "none (zero gradient)" : g4(st[1].eff)}.` : "";
      return `${label()}, step ${r.k}: x = ${g4(r.x[0])}, y = ${g4(r.x[1])}, f = ${g4(r.fx)}.${eff}${r.k >= D.steps ? ` That is all ${D.steps} steps; press R to start again.` : ""}`;
    }
    function say(text) { status.textContent = text; }

    function play() {
      if (!(state.run.status === "running" && state.run.k < D.steps)) restart(false);
      playBtn.textContent = "Pause";
      playBtn.setAttribute("aria-pressed", "true");
      say(`Playing ${label()}…`);
      const perFrame = gd.reducedMotion() ? 20 : 1;
      const tick = () => {
        if (!root.isConnected) return stop();
        if (!advance(perFrame, false)) { stop(true); return; }
        state.raf = requestAnimationFrame(tick);
      };
      state.raf = requestAnimationFrame(tick);
    }
    function stop(announce) {
      const was = !!state.raf;
      if (state.raf) cancelAnimationFrame(state.raf);
      state.raf = null;
      playBtn.textContent = "Play";
      playBtn.setAttribute("aria-pressed", "false");
      if (was || announce) say(summary());
    }

    gd.shortcuts(root, {
      s: () => { stop(); advance(1, true); },
      p: () => (state.raf ? stop(true) : play()),
      r: () => { stop(); restart(true); },
    });

    drawContours();
    showLr();
    restart(false);
    say(`${label()} with learning rate ${lrs[state.opt]} on the bowl with condition ${state.condition}. Press S to step or P to play.`);

    root.gdbook = {
      get settings() { return { optimizer: state.opt, lr: lrs[state.opt], condition: state.condition, start: D.start, steps: D.steps }; },
      get path() { return state.run.path; },
      get status() { return state.run.status; },
      get message() { return state.run.message; },
      get hyper() { return state.run.opt.hyper; },
    };
    return () => { if (state.raf) cancelAnimationFrame(state.raf); state.raf = null; };
  });
})();
