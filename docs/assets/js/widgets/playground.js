/* gdbook widgets: the optimizer playground. Several optimizers race on a contour plot.
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="playground" data-function="quadratic"
 *        data-optimizers="sgd momentum adam">
 *     <p>Static text or figure.</p>
 *   </div>
 * data-function: quadratic | rosenbrock | himmelblau (the first one shown);
 * data-optimizers: which racers start switched on (sgd momentum nesterov adagrad rmsprop adam).
 * Each racer is gdbook.minimize(f, start, optimizer, steps), step by step (gdbook.math, see
 * gdmath.js). The functions (labels, windows, starts, steps, learning rates) and the racers
 * (rules, fields and their defaults) come from gdbook.data (tools/widget_data.py).
 * root.gdbook exposes the runs to tests/test_widgets.py.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h, s } = gd;
  const W = 600, H = 400; // equal scales: every window in gdbook.data is 3:2 (tests/js checks it)

  /** Marching squares: one SVG path per level. */
  function contours(f, [[x0, x1], [y0, y1]], nx, ny, levels, sx, sy) {
    const V = [];
    for (let j = 0; j <= ny; j++) {
      const row = [];
      for (let i = 0; i <= nx; i++) row.push(f.value([x0 + ((x1 - x0) * i) / nx, y0 + ((y1 - y0) * j) / ny]));
      V.push(row);
    }
    const X = (i) => sx(x0 + ((x1 - x0) * i) / nx), Y = (j) => sy(y0 + ((y1 - y0) * j) / ny);
    return levels.map((L) => {
      let d = "";
      const lerp = (a, b) => (L - a) / (b - a);
      for (let j = 0; j < ny; j++) {
        for (let i = 0; i < nx; i++) {
          const a = V[j][i], b = V[j][i + 1], c = V[j + 1][i + 1], e = V[j + 1][i];
          const idx = (a > L) | ((b > L) << 1) | ((c > L) << 2) | ((e > L) << 3);
          if (idx === 0 || idx === 15) continue;
          const P = [
            () => [X(i + lerp(a, b)), Y(j)], // bottom
            () => [X(i + 1), Y(j + lerp(b, c))], // right
            () => [X(i + lerp(e, c)), Y(j + 1)], // top
            () => [X(i), Y(j + lerp(a, e))], // left
          ];
          const centre = (a + b + c + e) / 4 > L;
          const segs = {
            1: [[3, 0]], 2: [[0, 1]], 3: [[3, 1]], 4: [[1, 2]], 6: [[0, 2]], 7: [[3, 2]], 8: [[2, 3]], 9: [[0, 2]],
            11: [[1, 2]], 12: [[1, 3]], 13: [[0, 1]], 14: [[0, 3]],
            5: centre ? [[0, 1], [2, 3]] : [[3, 0], [1, 2]],
            10: centre ? [[3, 0], [1, 2]] : [[0, 1], [2, 3]],
          }[idx];
          for (const [p, q] of segs) {
            const [ax, ay] = P[p](), [bx, by] = P[q]();
            d += `M${ax.toFixed(1)},${ay.toFixed(1)}L${bx.toFixed(1)},${by.toFixed(1)}`;
          }
        }
      }
      return d;
    });
  }

  // Numbers as the playground prints them: one minus sign (U+2212) everywhere, also in exponents, and
  // each number kept on one line (a result never breaks as "−9.99e-" / "4").
  const minus = (t) => t.replace(/-/g, "−");
  const pgNum = (v, d = 2) => (Number.isInteger(v) && d === 2 && Math.abs(v) < 1e6 ? minus(String(v)) : minus(gd.num(v, d)));
  const pgG = (v) => minus(gd.math.pyG(v, 3));
  const nb = (t) => gd.h("span", { class: "gd-nobreak" }, t);

  gd.widget("playground", (root) => {
    // FUNCTIONS[name] = {label, window, start, steps, levels: [lowest, ratio, count], lr: {racer: lr}};
    // RACERS: [{id, label, rule, fields: [[key, label, default]], fixed}]; REACHED: the finish line.
    const { functions: FUNCTIONS, racers: RACERS, reached: REACHED } = gd.data.widgets.playground;
    const id = gd.uid("pg");
    const on = new Set((root.dataset.optimizers || "sgd momentum adam").split(/\s+/));
    const state = { fn: FUNCTIONS[root.dataset.function] ? root.dataset.function : Object.keys(FUNCTIONS)[0], runs: [], raf: null, start: null, steps: 0 };
    let f, win, sx, sy, ix, iy;

    // ---- controls ----------------------------------------------------------------------------------
    const fnSelect = h("select", { id: `${id}-fn`, onchange: () => { state.fn = fnSelect.value; setFunction(); } },
      Object.entries(FUNCTIONS).map(([k, v]) => h("option", { value: k, selected: k === state.fn }, v.label)));
    const xBox = h("input", { type: "number", id: `${id}-x`, step: 0.1, class: "gd-num", inputmode: "decimal", onchange: () => startFromBoxes() });
    const yBox = h("input", { type: "number", id: `${id}-y`, step: 0.1, class: "gd-num", inputmode: "decimal", onchange: () => startFromBoxes() });
    const stepsBox = h("input", { type: "number", id: `${id}-steps`, min: 1, max: 5000, step: 1, class: "gd-num",
      onchange: () => { state.steps = Math.max(1, Math.min(5000, Math.round(Number(stepsBox.value)) || 1)); stepsBox.value = state.steps; restart(); } });
    const stepBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); advance(1); } }, "Step");
    const playBtn = h("button", { type: "button", class: "md-button md-button--primary", "aria-pressed": "false",
      onclick: () => (state.raf ? stop() : play()) }, "Play");
    const resetBtn = h("button", { type: "button", class: "md-button", onclick: () => { stop(); restart(); } }, "Reset");
    const counter = h("output", {}, "0");
    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });

    const racers = RACERS.map((r, n) => {
      const box = h("input", { type: "checkbox", id: `${id}-${r.id}`, checked: on.has(r.id), onchange: () => { stop(); restart(); } });
      const lr = h("input", { type: "number", min: 0, step: "any", class: "gd-num", inputmode: "decimal",
        "aria-label": `${r.label} learning rate`, onchange: () => { stop(); restart(); } });
      const extra = r.fields.map(([key, label, value]) => [key, h("input", { type: "number", min: 0, max: 1, step: "any",
        class: "gd-num", value, inputmode: "decimal", "aria-label": `${r.label} ${label}`, onchange: () => { stop(); restart(); } }), label]);
      const result = h("output", { class: "gd-result" });
      const el = h("fieldset", { class: "gd-racer", "data-racer": r.id, style: `--gd-series: var(--gd-c${n + 1})` },
        h("legend", {}, h("label", { for: `${id}-${r.id}` }, box, " ",
          s("svg", { class: "gd-swatch", viewBox: "0 0 28 10", "aria-hidden": "true" },
            s("line", { x1: 1, x2: 27, y1: 5, y2: 5, class: `gd-dash-${n + 1}` })), " ", r.label)),
        h("span", { class: "gd-field" }, h("span", { "aria-hidden": "true" }, "lr "), lr),
        extra.map(([, input, label]) => h("span", { class: "gd-field" }, h("span", { "aria-hidden": "true" }, `${label} `), input)),
        result);
      return { ...r, n, el, box, lr, extra, result };
    });

    // ---- the plot --------------------------------------------------------------------------------------
    const levelsG = s("g", { class: "gd-contours" });
    const minimaG = s("g", { class: "gd-minima" });
    const pathsG = s("g", { class: "gd-paths", "clip-path": `url(#${id}-clip)` });
    const startMark = s("g", { class: "gd-start" }, s("circle", { r: 7 }), s("circle", { r: 2 }));
    const axes = s("g", { class: "gd-axes" });
    const ticksG = s("g", { class: "gd-ticks" });
    const desc = s("desc", { id: `${id}-desc` });
    const svg = s("svg", { class: "gd-plot gd-contour", viewBox: `0 0 ${W} ${H}`, tabindex: 0, role: "application",
      "aria-roledescription": "contour plot", "aria-describedby": `${id}-desc ${id}-keys`,
      "aria-label": "Contour plot: click or tap to choose the start point; arrow keys move it" },
      desc, s("defs", {}, s("clipPath", { id: `${id}-clip` }, s("rect", { x: 0, y: 0, width: W, height: H }))),
      s("rect", { class: "gd-frame", x: 0.5, y: 0.5, width: W - 1, height: H - 1 }),
      levelsG, axes, ticksG, minimaG, pathsG, startMark);

    const keys = h("p", { class: "gd-keys", id: `${id}-keys` }, "Keys: ", h("kbd", {}, "S"), " step, ", h("kbd", {}, "P"),
      " play or pause, ", h("kbd", {}, "R"), " reset; on the plot the arrow keys move the start (",
      h("kbd", {}, "Shift"), " for bigger moves).");

    root.replaceChildren(h("div", { class: "gd-playground" },
      h("div", { class: "gd-row gd-top" },
        h("label", { for: `${id}-fn`, class: "gd-field" }, "Function ", fnSelect),
        h("label", { for: `${id}-x`, class: "gd-field" }, "start x ", xBox),
        h("label", { for: `${id}-y`, class: "gd-field" }, "y ", yBox),
        h("label", { for: `${id}-steps`, class: "gd-field" }, "steps ", stepsBox)),
      svg,
      h("div", { class: "gd-row gd-buttons" }, stepBtn, playBtn, resetBtn, h("span", { class: "gd-counter" }, "step ", counter)),
      status,
      h("div", { class: "gd-racers" }, racers.map((r) => r.el)),
      keys));
    root.classList.add("gd-live");

    // ---- setting up -------------------------------------------------------------------------------------
    function setFunction() {
      stop();
      const F = FUNCTIONS[state.fn];
      f = gd.math.objective(state.fn);
      win = F.window;
      const [[x0, x1], [y0, y1]] = win;
      sx = (x) => ((x - x0) / (x1 - x0)) * W;
      sy = (y) => H - ((y - y0) / (y1 - y0)) * H;
      ix = (px) => x0 + (px / W) * (x1 - x0);
      iy = (py) => y0 + ((H - py) / H) * (y1 - y0);
      const [lo, ratio, n] = F.levels;
      const levels = Array.from({ length: n }, (_, i) => lo * ratio ** i);
      const paths = contours(f, win, 120, 80, levels, sx, sy);
      levelsG.replaceChildren(...paths.map((d, i) => s("path", { d, class: i % 3 === 0 ? "gd-major" : null })));
      axes.replaceChildren(...[0].flatMap((z) => [
        x0 < z && z < x1 ? s("line", { x1: sx(z), x2: sx(z), y1: 0, y2: H }) : null,
        y0 < z && z < y1 ? s("line", { x1: 0, x2: W, y1: sy(z), y2: sy(z) }) : null,
      ]).filter(Boolean), s("text", { x: W - 6, y: sy(0) - 6, "text-anchor": "end" }, "x"), s("text", { x: sx(0) + 6, y: 14 }, "y"));
      // Tick values along the bottom and the left edge, inside the frame (a "nice" step, about 4 per axis).
      const nice = (span) => { const e = 10 ** Math.floor(Math.log10(span / 4)), m = span / 4 / e; return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * e; };
      const tickVals = (lo, hi) => { const st = nice(hi - lo), out = []; for (let v = Math.ceil(lo / st) * st; v <= hi - st / 4; v += st) if (v > lo + st / 4) out.push(Number(v.toPrecision(6))); return out; };
      ticksG.replaceChildren(
        ...tickVals(x0, x1).map((v) => s("text", { x: sx(v), y: H - 6, "text-anchor": "middle" }, minus(String(v)))),
        ...tickVals(y0, y1).map((v) => s("text", { x: 5, y: sy(v) + 5 }, minus(String(v)))));
      minimaG.replaceChildren(...f.minima.map(([u, v]) => s("path", { d: `M${sx(u) - 6},${sy(v)}h12M${sx(u)},${sy(v) - 6}v12` })));
      desc.textContent = `Contour lines of ${F.label}; minima at ${f.minima.map(([u, v]) => `(${gd.num(u, 2)}, ${gd.num(v, 2)})`).join(", ")}.`;
      for (const r of racers) r.lr.value = F.lr[r.id];
      state.steps = F.steps;
      stepsBox.value = F.steps;
      setStart(F.start);
    }

    function startFromBoxes() {
      const x = Number(xBox.value), y = Number(yBox.value);
      if (Number.isFinite(x) && Number.isFinite(y) && xBox.value !== "" && yBox.value !== "") setStart([x, y]);
      else { xBox.value = state.start[0]; yBox.value = state.start[1]; }
    }

    function setStart([x, y]) {
      const round = (v) => Math.round(v * 100) / 100;
      state.start = [round(x), round(y)];
      xBox.value = state.start[0];
      yBox.value = state.start[1];
      startMark.setAttribute("transform", `translate(${sx(state.start[0]).toFixed(1)} ${sy(state.start[1]).toFixed(1)})`);
      stop();
      restart();
    }

    function hyper(r) {
      const hp = { lr: Number(r.lr.value), ...r.fixed };
      for (const [key, input] of r.extra) hp[key] = Number(input.value);
      if ("beta1" in hp) { hp.betas = [hp.beta1, hp.beta2]; delete hp.beta1; delete hp.beta2; }
      return hp;
    }

    function restart() {
      pathsG.replaceChildren();
      state.runs = [];
      const problems = [];
      for (const r of racers) {
        r.result.textContent = "";
        r.el.classList.toggle("gd-off", !r.box.checked);
        if (!r.box.checked) continue;
        const hp = hyper(r);
        const bad = Object.entries(hp).find(([k, v]) => k !== "nesterov" && (Array.isArray(v) ? v.some((b) => !(b >= 0 && b < 1)) : !(v >= 0 && Number.isFinite(v))));
        if (bad) { problems.push(`${r.label}: ${bad[0]} must be a number ≥ 0${bad[0] === "betas" ? " and < 1" : ""}`); r.result.textContent = "check its settings"; continue; }
        let run;
        try { run = gd.math.run(f, state.start, gd.math.optimizer(r.rule, hp)); }
        catch (err) { problems.push(`${r.label}: ${err.message}`); r.result.textContent = "check its settings"; continue; }
        const line = s("polyline", { class: `gd-path gd-dash-${r.n + 1}`, style: `--gd-series: var(--gd-c${r.n + 1})` });
        const head = s("circle", { class: "gd-head", r: 4.5, style: `--gd-series: var(--gd-c${r.n + 1})` });
        pathsG.append(line, head);
        state.runs.push({ racer: r, run, line, head, reached: null, points: "" });
      }
      counter.textContent = "0";
      draw();
      status.textContent = problems.length ? problems.join("; ") + "." :
        `${state.runs.length} optimizer${state.runs.length === 1 ? "" : "s"} at (${state.start.join(", ")}). Press Play to race ${state.steps} steps.`;
    }

    function point(x) {
      // SVG numbers are float32: a path far off the chart is clipped anyway, so keep it near.
      const c = (v, size) => Math.min(20 * size, Math.max(-19 * size, v)).toFixed(1);
      return `${c(sx(x[0]), W)},${c(sy(x[1]), H)} `;
    }

    function advance(n) {
      for (const e of state.runs) {
        for (let i = 0; i < n && e.run.k < state.steps && e.run.step(); i++) {
          if (e.run.status === "running") e.points += point(e.run.x);
          if (e.reached === null && e.run.fx < REACHED) e.reached = e.run.k;
        }
      }
      draw();
      return state.runs.some((e) => e.run.status === "running" && e.run.k < state.steps);
    }

    function draw() {
      let k = 0;
      for (const e of state.runs) {
        const r = e.run;
        if (!e.points) e.points = point(r.path[0]);
        e.line.setAttribute("points", e.points);
        const last = r.status === "running" ? r.x : r.path[r.path.length - 2] || r.path[0];
        e.head.setAttribute("cx", Math.min(W, Math.max(0, sx(last[0]))).toFixed(1));
        e.head.setAttribute("cy", Math.min(H, Math.max(0, sy(last[1]))).toFixed(1));
        e.head.classList.toggle("gd-dead", r.status === "diverged");
        k = Math.max(k, r.k);
        if (r.status === "diverged") e.racer.result.textContent = `diverged at step ${r.divergedAt}`;
        else e.racer.result.replaceChildren("f = ", nb(pgG(r.fx)), " at ", nb(`(${pgNum(r.x[0], 2)},`), " ", nb(`${pgNum(r.x[1], 2)})`),
          ...(e.reached !== null ? ["; ", nb(`f < ${gd.power10(REACHED)}`), " at step ", nb(String(e.reached))] : []));
      }
      counter.textContent = String(k);
    }

    function summary() {
      const done = state.runs.map((e) => `${e.racer.label} ${e.run.status === "diverged" ? `diverged at step ${e.run.divergedAt}` :
        e.reached !== null ? `reached f < ${gd.power10(REACHED)} at step ${e.reached}` : `ended at f = ${pgG(e.run.fx)}`}`);
      return `After ${counter.textContent} steps: ${done.join("; ")}.`;
    }

    function play() {
      if (!state.runs.some((e) => e.run.status === "running" && e.run.k < state.steps)) restart();
      playBtn.textContent = "Pause";
      playBtn.setAttribute("aria-pressed", "true");
      status.textContent = "Racing…";
      const perFrame = Math.max(1, Math.round(state.steps / (gd.reducedMotion() ? 30 : 240)));
      const tick = () => {
        if (!root.isConnected) return stop();
        if (!advance(perFrame)) { stop(); status.textContent = summary(); return; }
        state.raf = requestAnimationFrame(tick);
      };
      state.raf = requestAnimationFrame(tick);
    }

    function stop() {
      if (state.raf) {
        cancelAnimationFrame(state.raf);
        state.raf = null;
        status.textContent = summary();
      }
      playBtn.textContent = "Play";
      playBtn.setAttribute("aria-pressed", "false");
    }

    // ---- pointer and keyboard -----------------------------------------------------------------------------
    function fromPointer(e) {
      const pt = svg.createSVGPoint();
      pt.x = e.clientX; pt.y = e.clientY;
      const p = pt.matrixTransform(svg.getScreenCTM().inverse());
      return [ix(Math.min(W, Math.max(0, p.x))), iy(Math.min(H, Math.max(0, p.y)))];
    }
    let dragging = false;
    svg.addEventListener("pointerdown", (e) => {
      dragging = true;
      svg.setPointerCapture(e.pointerId);
      setStart(fromPointer(e));
      svg.focus({ preventScroll: true });
      e.preventDefault();
    });
    svg.addEventListener("pointermove", (e) => { if (dragging) setStart(fromPointer(e)); });
    svg.addEventListener("pointerup", () => { dragging = false; });
    svg.addEventListener("pointercancel", () => { dragging = false; });
    svg.addEventListener("keydown", (e) => {
      const [[x0, x1], [y0, y1]] = win;
      const dx = ((x1 - x0) / 50) * (e.shiftKey ? 5 : 1), dy = ((y1 - y0) / 50) * (e.shiftKey ? 5 : 1);
      const move = { ArrowLeft: [-dx, 0], ArrowRight: [dx, 0], ArrowUp: [0, dy], ArrowDown: [0, -dy] }[e.key];
      if (!move) return;
      e.preventDefault();
      const [x, y] = state.start;
      setStart([Math.min(x1, Math.max(x0, x + move[0])), Math.min(y1, Math.max(y0, y + move[1]))]);
    });
    gd.shortcuts(root, {
      s: () => { stop(); advance(1); },
      p: () => (state.raf ? stop() : play()),
      r: () => { stop(); restart(); },
    });

    setFunction();

    root.gdbook = {
      get runs() {
        return state.runs.map((e) => ({ id: e.racer.id, rule: e.racer.rule, hyper: e.run.opt.hyper, path: e.run.path,
          status: e.run.status, message: e.run.message }));
      },
      get settings() { return { fn: state.fn, start: state.start, steps: state.steps }; },
    };
    return () => { if (state.raf) cancelAnimationFrame(state.raf); state.raf = null; };
  });
})();
