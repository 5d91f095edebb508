/* gdbook widgets: "Batch size". The same linear regression trained with different batch sizes:
 * the path of the parameters (w, b) on the loss's contours, one dot per step, and the loss per epoch.
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="batch-size" data-batch="32"> ... </div>
 * Nothing is computed here: every run is gdbook.fit itself, run at build time by
 * tools/widget_data.py (batch_explorer) and read from gdbook.data.batches: each step's (w, b) in
 * thousandths (for drawing), fit's loss per epoch, its final parameters and final loss.
 * root.gdbook exposes what is on screen to tests/test_batch_size.py.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h, s } = gd;

  const M = { l: 46, r: 12, t: 12, b: 40 };
  const W = 400, H = 320;
  const num = (v, d = 4) => gd.num(v, d);

  gd.widget("batch-size", (root) => {
    const D = gd.data && gd.data.batches;
    if (!D) throw new Error("gdbook.data.batches is missing (tools/widget_data.py writes it)");
    const sizes = D.runs.map((r) => r.batch_size);
    const wanted = Number(root.dataset.batch || 32);
    const state = { i: Math.max(0, sizes.indexOf(wanted)) };
    const id = gd.uid("batch");

    // ---- controls --------------------------------------------------------------------------------
    const slider = h("input", { type: "range", id: `${id}-b`, min: 0, max: sizes.length - 1, step: 1,
      oninput: () => choose(Number(slider.value)) });
    const shownB = h("output", { for: `${id}-b`, class: "gd-bs-value" });
    const readout = { steps: h("output", {}), loss: h("output", {}), w: h("output", {}), b: h("output", {}) };
    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });

    // ---- the two plots ----------------------------------------------------------------------------
    const [[w0, w1], [b0, b1]] = D.window;
    const px = (w) => M.l + ((w - w0) / (w1 - w0)) * (W - M.l - M.r);
    const py = (b) => H - M.b - ((b - b0) / (b1 - b0)) * (H - M.t - M.b);
    const clip = `${id}-clip`;
    const contours = s("g", { class: "gd-contours" });
    for (const c of D.levels) {
      let d = "";
      for (let k = 0; k <= 96; k++) {
        const t = (2 * Math.PI * k) / 96, r = Math.sqrt(c);
        const w = D.best[0] + r * (Math.cos(t) * D.axes[0][0] + Math.sin(t) * D.axes[1][0]);
        const b = D.best[1] + r * (Math.cos(t) * D.axes[0][1] + Math.sin(t) * D.axes[1][1]);
        d += `${k ? "L" : "M"}${px(w).toFixed(1)},${py(b).toFixed(1)}`;
      }
      contours.append(s("path", { d }));
    }
    const axisTicks = (lo, hi) => Array.from({ length: Math.floor(hi) - Math.ceil(lo) + 1 }, (_, i) => Math.ceil(lo) + i);
    const axes = s("g", { class: "gd-axes" },
      s("line", { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }),
      s("line", { x1: M.l, x2: M.l, y1: M.t, y2: H - M.b }),
      ...axisTicks(w0, w1).map((t) => s("text", { x: px(t), y: H - M.b + 17, "text-anchor": "middle" }, String(t).replace("-", "−"))),
      ...axisTicks(b0, b1).map((t) => s("text", { x: M.l - 7, y: py(t) + 4, "text-anchor": "end" }, String(t).replace("-", "−"))),
      s("text", { x: (M.l + W - M.r) / 2, y: H - 6, "text-anchor": "middle", class: "gd-axis-label" }, "w (slope)"),
      s("text", { x: 10, y: (M.t + H - M.b) / 2, "text-anchor": "middle", class: "gd-axis-label",
                  transform: `rotate(-90 10 ${(M.t + H - M.b) / 2})` }, "b (intercept)"));
    const best = s("path", { class: "gd-bs-best", d: `M${px(D.best[0]) - 6},${py(D.best[1]) - 6}l12,12m0,-12l-12,12` });
    const trail = s("polyline", { class: "gd-bs-trail", "clip-path": `url(#${clip})` });
    const dots = s("g", { class: "gd-bs-dots", "clip-path": `url(#${clip})` });
    const startMark = s("circle", { class: "gd-bs-start", r: 6, cx: px(D.start[0]), cy: py(D.start[1]) });
    const end = s("circle", { class: "gd-bs-end", r: 6 });
    const pathPlot = s("svg", { class: "gd-bs-plot", viewBox: `0 0 ${W} ${H}`, role: "img" },
      s("defs", {}, s("clipPath", { id: clip }, s("rect", { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b }))),
      contours, axes, best, trail, dots, startMark, end);

    // The loss per epoch, on a log scale from 0.2 to 10.
    const L0 = Math.log10(0.2), L1 = Math.log10(10);
    const ex = (e) => M.l + (e / D.epochs) * (W - M.l - M.r);
    const ey = (v) => H - M.b - ((Math.log10(v) - L0) / (L1 - L0)) * (H - M.t - M.b);
    const lossTicks = [0.2, 0.5, 1, 2, 5, 10];
    const lossAxes = s("g", { class: "gd-axes" },
      s("line", { x1: M.l, x2: W - M.r, y1: H - M.b, y2: H - M.b }),
      s("line", { x1: M.l, x2: M.l, y1: M.t, y2: H - M.b }),
      ...Array.from({ length: D.epochs / 2 + 1 }, (_, k) => s("text", { x: ex(2 * k), y: H - M.b + 17, "text-anchor": "middle" }, String(2 * k))),
      ...lossTicks.map((v) => s("text", { x: M.l - 7, y: ey(v) + 4, "text-anchor": "end" }, String(v))),
      s("text", { x: (M.l + W - M.r) / 2, y: H - 6, "text-anchor": "middle", class: "gd-axis-label" }, "epoch"),
      s("text", { x: 10, y: (M.t + H - M.b) / 2, "text-anchor": "middle", class: "gd-axis-label",
                  transform: `rotate(-90 10 ${(M.t + H - M.b) / 2})` }, "loss (log scale)"));
    const lowest = s("line", { class: "gd-bs-lowest", x1: M.l, x2: W - M.r, y1: ey(D.lowest), y2: ey(D.lowest) });
    const lowestLabel = s("text", { class: "gd-bs-note", x: W - M.r, y: ey(D.lowest) + 15, "text-anchor": "end" },
      `lowest possible ${num(D.lowest)}`);
    const others = s("g", { class: "gd-bs-others" });
    const curve = s("polyline", { class: "gd-bs-curve" });
    const curveDots = s("g", { class: "gd-bs-dots" });
    const lossPlot = s("svg", { class: "gd-bs-plot", viewBox: `0 0 ${W} ${H}`, role: "img" },
      lossAxes, lowest, lowestLabel, others, curve, curveDots);
    for (const r of D.runs) {
      others.append(s("polyline", { points: r.losses.map((v, e) => `${ex(e).toFixed(1)},${ey(v).toFixed(1)}`).join(" ") }));
    }

    const tableBody = h("tbody");
    const table = h("details", { class: "gd-table" },
      h("summary", {}, "The loss per epoch as a table"),
      h("table", {}, h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "epoch"), h("th", { scope: "col" }, "loss"))), tableBody));

    const ui = h("div", { class: "gd-bs" },
      h("div", { class: "gd-row gd-bs-control" },
        h("label", { for: `${id}-b`, class: "gd-lr" }, "Batch size ", slider), h("span", {}, "b = ", shownB)),
      h("div", { class: "gd-bs-plots" },
        h("figure", {}, pathPlot, h("figcaption", {}, "The path of (w, b), one dot per step; ○ start, × best fit, ● end.")),
        h("figure", {}, lossPlot, h("figcaption", {}, "Loss on all 128 examples after each epoch; grey: the other batch sizes."))),
      h("p", { class: "gd-readout" },
        h("span", {}, "steps ", readout.steps), h("span", {}, "final loss ", readout.loss),
        h("span", {}, "w = ", readout.w), h("span", {}, "b = ", readout.b)),
      status,
      h("p", { class: "gd-keys" }, "Keys: on the slider ", h("kbd", {}, "←"), " ", h("kbd", {}, "→"), " change the batch size, ",
        h("kbd", {}, "Home"), " ", h("kbd", {}, "End"), " the smallest and the largest. Every run: ", h("code", {}, D.call), "."),
      table);
    root.replaceChildren(ui);
    root.classList.add("gd-live");

    function choose(i) {
      state.i = i;
      const r = D.runs[i], b = r.batch_size;
      slider.value = i;
      slider.setAttribute("aria-valuetext", `batch size ${b}`);
      shownB.textContent = b === D.n ? `${b} (all the data)` : String(b);
      const pts = [];
      for (let k = 0; k < r.path.length; k += 2) pts.push([px(r.path[k] / 1000), py(r.path[k + 1] / 1000)]);
      trail.setAttribute("points", pts.map(([a, c]) => `${a.toFixed(1)},${c.toFixed(1)}`).join(" "));
      dots.replaceChildren(...(pts.length <= 400 ? pts.slice(0, -1).map(([a, c]) => s("circle", { cx: a.toFixed(1), cy: c.toFixed(1), r: 2.2 })) : []));
      end.setAttribute("cx", px(r.x[0]).toFixed(2));
      end.setAttribute("cy", py(r.x[1]).toFixed(2));
      curve.setAttribute("points", r.losses.map((v, e) => `${ex(e).toFixed(1)},${ey(v).toFixed(1)}`).join(" "));
      curveDots.replaceChildren(...r.losses.map((v, e) => s("circle", { cx: ex(e).toFixed(1), cy: ey(v).toFixed(1), r: 3 })));
      const perEpoch = r.steps / D.epochs;
      readout.steps.textContent = `${r.steps} (${perEpoch} per epoch)`;
      readout.loss.textContent = num(r.final_loss);
      readout.w.textContent = num(r.x[0]);
      readout.b.textContent = num(r.x[1]);
      pathPlot.setAttribute("aria-label", `Path of ${r.steps} steps from (−1, −1) to (${num(r.x[0])}, ${num(r.x[1])}); the best fit is (${num(D.best[0])}, ${num(D.best[1])}).`);
      lossPlot.setAttribute("aria-label", `Loss per epoch, from ${num(r.losses[0])} to ${num(r.final_loss)}; the lowest possible is ${num(D.lowest)}.`);
      tableBody.replaceChildren(...r.losses.map((v, e) => h("tr", {}, h("td", {}, String(e)), h("td", {}, num(v)))));
      const kind = b === 1 ? "Stochastic gradient descent" : b === D.n ? "Batch gradient descent" : "Mini-batch gradient descent";
      status.textContent = `${kind}, batch size ${b}: ${perEpoch} ${perEpoch === 1 ? "step" : "steps"} per epoch, ${r.steps} in ${D.epochs} epochs; ` +
        `final loss ${num(r.final_loss)} (lowest possible ${num(D.lowest)}) at w = ${num(r.x[0])}, b = ${num(r.x[1])}.`;
    }

    // On a phone the plots are drawn smaller: larger text keeps their labels readable.
    const narrow = () => root.classList.toggle("gd-bs-narrow", root.clientWidth > 0 && root.clientWidth < 520);
    narrow();
    const resized = typeof ResizeObserver === "function" ? new ResizeObserver(narrow) : null;
    if (resized) resized.observe(root);
    choose(state.i);
    // For the tests (and the curious): what is on screen, as numbers.
    root.gdbook = {
      get settings() { return { batch_size: D.runs[state.i].batch_size }; },
      get run() { const r = D.runs[state.i]; return { steps: r.steps, losses: r.losses, x: r.x, final_loss: r.final_loss }; },
      get end() { return [Number(end.getAttribute("cx")), Number(end.getAttribute("cy"))]; },
      get lastVertex() { const p = trail.getAttribute("points").split(" ").pop().split(","); return [Number(p[0]), Number(p[1])]; },
      geometry: { W, H, M, window: D.window },
    };
    return () => { if (resized) resized.disconnect(); };
  });
})();
