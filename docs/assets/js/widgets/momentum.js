/* gdbook widgets: tune the heavy ball (chapter 10, Momentum and Nesterov).
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="momentum" data-condition="100"></div>
 * SGD(lr, momentum=beta) on Quadratic(condition) = ½(x² + κy²), run with gdmath.js (gdbook's own
 * update rule and minimize loop) for `steps` steps from `start`. It shows the path, the distance to the
 * minimum on a log scale, the rate measured on the run, (d[N] / d[N/2]) ** (1 / (N - N/2)), and the
 * rate the roots of z² − (1 + β − ηλ) z + β predict (the largest |z| over λ = 1 and λ = κ).
 * Settings come from gdbook.data.momentum (tools/widget_data.py); root.gdbook exposes the run to
 * tests/test_momentum.py.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h, s } = gd;
  const W = 600, H = 300, DW = 600, DH = 200, M = { l: 46, r: 10, t: 10, b: 30 };
  const fix = (v, d) => gd.num(v, d); // Unicode minus, fixed decimals

  /** Largest |z| over the roots of z² − (1 + β − ηλ) z + β = 0, for each curvature λ. */
  function predictedRate(lr, beta, curvatures) {
    let worst = 0;
    for (const lam of curvatures) {
      const c = 1 + beta - lr * lam, disc = c * c - 4 * beta;
      const r = disc < 0 ? Math.sqrt(beta) : (Math.abs(c) + Math.sqrt(disc)) / 2;
      worst = Math.max(worst, r);
    }
    return worst;
  }

  /** The per-step shrinking of the distance over the second half of the run (null if it diverged). */
  function measuredRate(run) {
    if (run.status === "diverged") return null;
    const d = run.path.map(([u, v]) => Math.sqrt(u * u + v * v));
    const n = d.length - 1, m = Math.floor(n / 2);
    if (!(d[m] > 0)) return null;
    return (d[n] / d[m]) ** (1 / (n - m));
  }

  gd.widget("momentum", (root) => {
    const D = gd.data.momentum;
    const id = gd.uid("mom");
    const cond0 = Number(root.dataset.condition);
    const state = {
      condition: D.conditions.includes(cond0) ? cond0 : D.conditions[D.conditions.length - 1],
      lr: D.lr, beta: D.beta, run: null, measured: null, predicted: null,
    };
    const nearest = (list, v) => list.reduce((b, x, i) => (Math.abs(Math.log((x || 1e-9) / (v || 1e-9))) <
      Math.abs(Math.log((list[b] || 1e-9) / (v || 1e-9))) ? i : b), 0);

    // ---- controls ----
    const condPicker = h("fieldset", { class: "gd-choices" }, h("legend", {}, "Condition number κ"),
      D.conditions.map((k) => h("label", {}, h("input", { type: "radio", name: `${id}-k`, value: k, checked: k === state.condition,
        onchange: () => { state.condition = k; update("κ"); } }), ` ${k}`)));
    const lrSlider = h("input", { type: "range", id: `${id}-lr`, min: 0, max: D.lrs.length - 1, step: 1,
      oninput: () => { state.lr = D.lrs[Number(lrSlider.value)]; update("lr"); } });
    const betaSlider = h("input", { type: "range", id: `${id}-beta`, min: 0, max: D.betas.length - 1, step: 1,
      oninput: () => { state.beta = D.betas[Number(betaSlider.value)]; update("beta"); } });
    const lrOut = h("span", { class: "gd-value" }), betaOut = h("span", { class: "gd-value" });
    const bestGd = h("button", { type: "button", class: "md-button", onclick: () => {
      state.lr = 2 / (1 + state.condition); state.beta = 0; update("best gradient descent"); } }, "Best plain GD");
    const bestHb = h("button", { type: "button", class: "md-button", onclick: () => {
      const q = Math.sqrt(state.condition);
      state.lr = (2 / (1 + q)) ** 2; state.beta = ((q - 1) / (q + 1)) ** 2; update("best momentum"); } }, "Best momentum");
    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });
    const readout = { measured: h("span"), predicted: h("span"), gd: h("span") };

    // ---- the two plots ----
    const [[X0, X1], [Y0, Y1]] = D.window;
    const sx = (x) => M.l + ((x - X0) / (X1 - X0)) * (W - M.l - M.r);
    const sy = (y) => H - M.b - ((y - Y0) / (Y1 - Y0)) * (H - M.t - M.b);
    const clampPt = (v) => Math.max(-3 * W, Math.min(4 * W, v)).toFixed(1);
    const ellipses = s("g", { class: "gd-contours" });
    const pathLine = s("polyline", { class: "gd-path", style: "--gd-series: var(--gd-c2)", "clip-path": `url(#${id}-clip)` });
    const ticks = (vals, axis) => vals.map((v) => axis === "x"
      ? s("text", { x: sx(v), y: H - M.b + 16, "text-anchor": "middle" }, fix(v, 0))
      : s("text", { x: M.l - 6, y: sy(v) + 4, "text-anchor": "end" }, fix(v, 0)));
    const plot = s("svg", { class: "gd-plot gd-contour", viewBox: `0 0 ${W} ${H}`, role: "img",
      "aria-label": "Contour lines of the bowl and the path of the run" },
      s("defs", {}, s("clipPath", { id: `${id}-clip` }, s("rect", { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b }))),
      s("rect", { class: "gd-frame", x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b }),
      ellipses, s("g", { class: "gd-axes" }, ticks([-10, -5, 0, 5, 10], "x"), ticks([-10, -5, 0, 5, 10], "y"),
        s("text", { x: W - M.r, y: H - 4, "text-anchor": "end" }, "x"), s("text", { x: 4, y: M.t + 10 }, "y")),
      s("g", { class: "gd-minima" }, s("path", { d: `M${sx(0) - 6},${sy(0)}h12M${sx(0)},${sy(0) - 6}v12` })),
      pathLine);
    const LOG0 = -16, LOG1 = 2;
    const dx = (k) => M.l + (k / D.steps) * (DW - M.l - M.r);
    const dy = (lg) => DH - M.b - ((Math.max(LOG0, Math.min(LOG1, lg)) - LOG0) / (LOG1 - LOG0)) * (DH - M.t - M.b);
    const distLine = s("polyline", { class: "gd-path", style: "--gd-series: var(--gd-c2)" });
    const guide = s("line", { class: "gd-guide" });
    const gdLine = s("polyline", { class: "gd-path gd-dash-4", style: "--gd-series: var(--gd-c6)" });
    const dist = s("svg", { class: "gd-plot", viewBox: `0 0 ${DW} ${DH}`, role: "img",
      "aria-label": "Distance to the minimum against the step, on a log scale" },
      s("rect", { class: "gd-frame", x: M.l, y: M.t, width: DW - M.l - M.r, height: DH - M.t - M.b }),
      s("g", { class: "gd-axes" },
        [LOG1, -4, -10, LOG0].map((e) => s("text", { x: M.l - 6, y: dy(e) + 4, "text-anchor": "end" }, `10${gd.power10(10 ** e).slice(2)}`)),
        [0, 100, 200, 300].map((k) => s("text", { x: dx(k), y: DH - M.b + 16, "text-anchor": "middle" }, String(k))),
        s("text", { x: DW - M.r, y: DH - 2, "text-anchor": "end" }, "step")),
      gdLine, guide, distLine);

    root.replaceChildren(h("div", { class: "gd-momentum" },
      h("p", { class: "gd-caption" }, "SGD(lr, momentum) on f(x, y) = ½(x² + κy²), from (−9, 3)"),
      condPicker,
      h("div", { class: "gd-row" },
        h("label", { for: `${id}-lr`, class: "gd-lr" }, "Learning rate η ", lrSlider, lrOut),
        h("label", { for: `${id}-beta`, class: "gd-lr" }, "Momentum β ", betaSlider, betaOut)),
      h("div", { class: "gd-row gd-buttons" }, bestGd, bestHb),
      h("p", { class: "gd-readout" },
        h("span", {}, "measured rate ", readout.measured), h("span", {}, "predicted ", readout.predicted),
        h("span", {}, "plain GD at best η ", readout.gd)),
      status, plot,
      h("p", { class: "gd-hint" }, "Distance to the minimum (solid), a line with the predicted slope (dotted), and plain gradient descent at its best learning rate (dashed, blue):"),
      dist));
    root.classList.add("gd-live");

    function update(why) {
      const k = state.condition;
      lrSlider.value = nearest(D.lrs, state.lr);
      betaSlider.value = Math.round(state.beta * 100) >= D.betas.length ? D.betas.length - 1 : Math.round(state.beta * 100);
      lrSlider.setAttribute("aria-valuetext", String(Number(state.lr.toPrecision(4))));
      betaSlider.setAttribute("aria-valuetext", String(Number(state.beta.toPrecision(4))));
      lrOut.textContent = ` ${fix(state.lr, 4)}`;
      betaOut.textContent = ` ${fix(state.beta, 3)}`;
      const spec = { ...gd.data.objectives.quadratic, params: { condition: k } };
      const f = window.gdmath.objective(spec);
      const hyper = state.beta > 0 ? { lr: state.lr, momentum: state.beta } : { lr: state.lr };
      const run = gd.math.minimize(f, D.start, gd.math.optimizer("sgd", hyper), D.steps);
      const gdRun = gd.math.minimize(f, D.start, gd.math.optimizer("sgd", { lr: 2 / (1 + k) }), D.steps);
      state.run = run;
      state.measured = measuredRate(run);
      state.predicted = predictedRate(state.lr, state.beta, [1, k]);
      // contours
      const levels = [0.5, 2, 8, 32, 128, 512, 2048, 8192];
      ellipses.replaceChildren(...levels.map((c) => {
        const a = Math.sqrt(2 * c), b = Math.sqrt((2 * c) / k);
        return s("ellipse", { cx: sx(0), cy: sy(0), rx: Math.abs(sx(a) - sx(0)), ry: Math.abs(sy(b) - sy(0)), fill: "none" });
      }));
      pathLine.setAttribute("points", run.path.filter((p) => p.every(Number.isFinite)).map(([u, v]) => `${clampPt(sx(u))},${clampPt(sy(v))}`).join(" "));
      const lg = (p) => Math.log10(Math.sqrt(p[0] * p[0] + p[1] * p[1]) || 1e-300);
      distLine.setAttribute("points", run.path.map((p, i) => `${dx(i).toFixed(1)},${dy(lg(p)).toFixed(1)}`).join(" "));
      gdLine.setAttribute("points", gdRun.path.map((p, i) => `${dx(i).toFixed(1)},${dy(lg(p)).toFixed(1)}`).join(" "));
      const mid = Math.floor(D.steps / 2);
      if (state.measured !== null && state.predicted > 0) {
        const at = lg(run.path[mid]), slope = Math.log10(state.predicted);
        guide.setAttribute("x1", dx(0)); guide.setAttribute("y1", dy(at - slope * mid));
        guide.setAttribute("x2", dx(D.steps)); guide.setAttribute("y2", dy(at + slope * (D.steps - mid)));
        guide.style.display = "";
      } else guide.style.display = "none";
      const gdRate = (k - 1) / (k + 1);
      readout.measured.textContent = state.measured === null ? "—" : fix(state.measured, 4);
      readout.predicted.textContent = fix(state.predicted, 4);
      readout.gd.textContent = fix(gdRate, 4);
      const edge = (2 + 2 * state.beta) / k;
      const what = run.status === "diverged"
        ? `Diverged at step ${run.divergedAt}: η·κ = ${fix(state.lr * k, 3)} is past 2 + 2β = ${fix(2 + 2 * state.beta, 2)} (η must stay below ${fix(edge, 4)}).`
        : state.predicted >= 1
          ? `Does not converge: predicted rate ${fix(state.predicted, 4)} ≥ 1.`
          : `Measured rate ${fix(state.measured, 4)}, predicted ${fix(state.predicted, 4)}; plain gradient descent at its best learning rate: ${fix(gdRate, 4)}.`;
      status.textContent = `κ = ${k}, η = ${fix(state.lr, 4)}, β = ${fix(state.beta, 3)}. ${what}`;
      void why;
    }
    update("start");

    root.gdbook = {
      get settings() { return { condition: state.condition, lr: state.lr, beta: state.beta }; },
      get path() { return state.run.path; },
      get status() { return state.run.status; },
      get measured() { return state.measured; },
      get predicted() { return state.predicted; },
    };
  });
})();
