/* gdbook widgets: "Backprop stepper". One example through a 2-2-2 network (tanh hidden layer, softmax
 * cross-entropy), stepped node by node: the forward pass fills in each value, the backward pass each
 * gradient, and every step shows its formula with the numbers put in.
 *
 * Markup (the static content inside is what readers without JavaScript see; it is replaced):
 *   <div class="gd-widget" data-widget="backprop-stepper"><p>Static text.</p></div>
 * The numbers are not computed here: tools/widget_data.py (backprop_stepper) takes them from
 * gdbook.models.MLP (forward, predict_proba, loss_and_grad) and the build writes them into
 * gdbook.data.backprop. The formulas only display them; tests/test_backprop_stepper.py checks in
 * Chromium that every number on screen is the engine's. root.gdbook exposes the steps to that test.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const { h } = gd;
  const num = (v) => gd.num(v, 4);
  // A number inside a formula: negative ones in brackets, so "× (−0.4000)" reads right.
  const term = (v) => (v < 0 ? `(${num(v)})` : num(v));
  const vec = (v) => `[${v.map(num).join(", ")}]`;

  gd.widget("backprop-stepper", (root) => {
    const D = gd.data && gd.data.backprop;
    if (!D) throw new Error("gdbook.data.backprop is missing (tools/widget_data.py writes it)");
    const id = gd.uid("bp");

    // ---- the graph: one card per node ----------------------------------------------------------
    // value: what the forward pass computes (or what is given); grad: d loss / d node.
    const NODES = [
      { key: "x", label: "x", note: "input", given: true, value: D.x },
      { key: "z1", label: "z₁", note: "x W₁ + b₁", value: D.z1, grad: D.dz1 },
      { key: "a1", label: "a₁", note: "tanh(z₁)", value: D.a1, grad: D.da1 },
      { key: "z2", label: "z₂", note: "logits", value: D.z2, grad: D.dz2 },
      { key: "p", label: "p", note: "softmax(z₂)", value: D.p },
      { key: "L", label: "L", note: `−log p[${D.y}]`, value: [D.loss] },
    ];
    const PARAMS = [
      { key: "W1", label: "W₁", given: true, value: D.W1, grad: D.dW1 },
      { key: "b1", label: "b₁", given: true, value: D.b1, grad: D.db1 },
      { key: "W2", label: "W₂", given: true, value: D.W2, grad: D.dW2 },
      { key: "b2", label: "b₂", given: true, value: D.b2, grad: D.db2 },
    ];
    const ALL = {};
    for (const n of [...NODES, ...PARAMS]) ALL[n.key] = n;

    // The numbers of a node: a vector (one entry per line) or a matrix (rows).
    function numbers(values, q) {
      const rows = Array.isArray(values[0]) ? values : values.map((v) => [v]);
      return h("span", { class: "gd-bp-nums", "data-q": q },
        rows.map((row, i) => h("span", { class: "gd-bp-row" },
          row.map((v, j) => h("span", { class: "gd-bp-num", "data-i": Array.isArray(values[0]) ? `${i},${j}` : String(i) }, "?")))));
    }

    function card(n) {
      n.valueEl = numbers(n.value, n.key);
      n.gradEl = n.grad ? numbers(n.grad, "d" + n.key) : null;
      n.el = h("li", { class: "gd-bp-node", "data-node": n.key },
        h("span", { class: "gd-bp-name" }, n.label, n.note ? h("span", { class: "gd-bp-note" }, "= ", n.note) : null),
        n.valueEl,
        n.gradEl ? h("span", { class: "gd-bp-grad" }, h("span", { class: "gd-bp-glabel" }, `∂L/∂${n.label}`), n.gradEl) : null);
      return n.el;
    }

    // ---- the steps -----------------------------------------------------------------------------
    const y = D.y, n = D.n;
    const onehot = D.p.map((_, k) => (k === y ? 1 : 0));
    const affine = (inp, W, b, out, name) => out.map((v, j) =>
      `${name}[${j}] = ${inp.map((a, i) => `${term(a)} × ${term(W[i][j])}`).join(" + ")} + ${term(b[j])} = ${num(v)}`).join("; ");
    const outer = (a, d) => a.map((ai, i) => d.map((dj, j) =>
      `[${i},${j}] = ${term(ai)} × ${term(dj)} = ${num(ai * dj)}`).join("; ")).join("; ");

    const STEPS = [
      { phase: "start", fill: [], title: "Start",
        say: `The input x = ${vec(D.x)} has label y = ${y}; the weights are given. Press Next to run the forward pass.`,
        formula: `One example (n = ${n}), label y = ${y}. The weights W₁, b₁, W₂, b₂ are fixed numbers.` },
      { phase: "forward", fill: [["z1", "value"]], title: "z₁ = x W₁ + b₁",
        formula: affine(D.x, D.W1, D.b1, D.z1, "z₁") },
      { phase: "forward", fill: [["a1", "value"]], title: "a₁ = tanh(z₁)",
        formula: D.z1.map((z, i) => `a₁[${i}] = tanh(${num(z)}) = ${num(D.a1[i])}`).join("; ") },
      { phase: "forward", fill: [["z2", "value"]], title: "z₂ = a₁ W₂ + b₂",
        formula: affine(D.a1, D.W2, D.b2, D.z2, "z₂") },
      { phase: "forward", fill: [["p", "value"]], title: "p = softmax(z₂)",
        formula: D.p.map((p, k) => `p[${k}] = e^${term(D.z2[k])} / (${D.z2.map((z) => `e^${term(z)}`).join(" + ")}) = ${num(p)}`).join("; ") },
      { phase: "forward", fill: [["L", "value"]], title: `L = −log p[${y}]`,
        formula: `L = −log(${num(D.p[y])}) = ${num(D.loss)}: the loss of this example (a mean over n = ${n}).` },
      { phase: "backward", fill: [["z2", "grad"]], title: "∂L/∂z₂ = (p − onehot(y)) / n",
        formula: `(${vec(D.p)} − ${vec(onehot)}) / ${n} = ${vec(D.dz2)}` },
      { phase: "backward", fill: [["W2", "grad"], ["b2", "grad"]], title: "∂L/∂W₂ = a₁ᵀ ∂L/∂z₂, ∂L/∂b₂ = ∂L/∂z₂ summed over the batch",
        formula: `∂L/∂W₂${outer(D.a1, D.dz2)}. ∂L/∂b₂ = ${vec(D.db2)}` },
      { phase: "backward", fill: [["a1", "grad"]], title: "∂L/∂a₁ = ∂L/∂z₂ W₂ᵀ",
        formula: D.da1.map((v, i) => `∂L/∂a₁[${i}] = ${D.dz2.map((d, j) => `${term(d)} × ${term(D.W2[i][j])}`).join(" + ")} = ${num(v)}`).join("; ") },
      { phase: "backward", fill: [["z1", "grad"]], title: "∂L/∂z₁ = ∂L/∂a₁ ⊙ (1 − a₁²)",
        formula: D.dz1.map((v, i) => `∂L/∂z₁[${i}] = ${term(D.da1[i])} × (1 − ${num(D.a1[i])}²) = ${num(v)}`).join("; ") },
      { phase: "backward", fill: [["W1", "grad"], ["b1", "grad"]], title: "∂L/∂W₁ = xᵀ ∂L/∂z₁, ∂L/∂b₁ = ∂L/∂z₁ summed over the batch",
        formula: `∂L/∂W₁${outer(D.x, D.dz1)}. ∂L/∂b₁ = ${vec(D.db1)}. Done: these are the gradients MLP.loss_and_grad returns.` },
    ];
    const LAST = STEPS.length - 1;

    // ---- the controls --------------------------------------------------------------------------
    const state = { k: 0 };
    const backBtn = h("button", { type: "button", class: "md-button", onclick: () => go(state.k - 1) }, "Back");
    const nextBtn = h("button", { type: "button", class: "md-button md-button--primary", onclick: () => go(state.k + 1) }, "Next");
    const resetBtn = h("button", { type: "button", class: "md-button", onclick: () => go(0) }, "Reset");
    const counter = h("span", { class: "gd-bp-counter" });
    const phase = h("span", { class: "gd-badge gd-bp-phase" });
    const title = h("p", { class: "gd-bp-title" });
    const formula = h("p", { class: "gd-bp-formula" });
    const status = h("p", { class: "gd-status", role: "status", "aria-live": "polite" });

    const graph = h("ol", { class: "gd-bp-graph", "aria-label": "The network's nodes, input to loss" }, NODES.map(card));
    const params = h("ul", { class: "gd-bp-graph gd-bp-params", "aria-label": "The parameters" }, PARAMS.map(card));
    const ui = h("div", { class: "gd-bp" },
      h("div", { class: "gd-row gd-top" }, phase, counter),
      h("p", { class: "gd-bp-legend" }, "Forward: each node's value, left to right. Backward: each gradient ∂L/∂·, right to left."),
      graph, params,
      h("div", { class: "gd-bp-step" }, title, formula),
      status,
      h("div", { class: "gd-row gd-buttons" }, backBtn, nextBtn, resetBtn),
      h("p", { class: "gd-keys" }, "Keys: ", h("kbd", {}, "N"), " or ", h("kbd", {}, "→"), " next, ",
        h("kbd", {}, "B"), " or ", h("kbd", {}, "←"), " back, ", h("kbd", {}, "R"), " reset."));
    root.replaceChildren(ui);
    root.classList.add("gd-live");
    gd.shortcuts(root, { n: () => go(state.k + 1), arrowright: () => go(state.k + 1),
      b: () => go(state.k - 1), arrowleft: () => go(state.k - 1), r: () => go(0) });

    function show(el, values) {
      const flat = Array.isArray(values[0]) ? values.flat() : values;
      [...el.querySelectorAll(".gd-bp-num")].forEach((s, i) => { s.textContent = num(flat[i]); });
      el.classList.add("gd-bp-known");
    }
    function hide(el) {
      for (const s of el.querySelectorAll(".gd-bp-num")) s.textContent = "?";
      el.classList.remove("gd-bp-known");
    }

    function go(k) {
      k = Math.max(0, Math.min(LAST, k));
      const moved = k !== state.k || !status.textContent;
      state.k = k;
      // what is known after step k: the given numbers and every fill of steps 1..k
      const known = new Set();
      for (const nd of Object.values(ALL)) if (nd.given) known.add(`${nd.key}:value`);
      for (let i = 1; i <= k; i++) for (const [key, field] of STEPS[i].fill) known.add(`${key}:${field}`);
      const now = new Set(STEPS[k].fill.map(([key, field]) => `${key}:${field}`));
      for (const nd of Object.values(ALL)) {
        for (const field of ["value", "grad"]) {
          const el = field === "value" ? nd.valueEl : nd.gradEl;
          if (!el) continue;
          if (known.has(`${nd.key}:${field}`)) show(el, nd[field]); else hide(el);
          el.classList.toggle("gd-bp-new", now.has(`${nd.key}:${field}`));
        }
        nd.el.classList.toggle("gd-bp-now", STEPS[k].fill.some(([key]) => key === nd.key));
      }
      const st = STEPS[k];
      phase.textContent = st.phase === "start" ? "ready" : `${st.phase} pass`;
      phase.dataset.phase = st.phase;
      counter.textContent = `step ${k} of ${LAST}`;
      title.textContent = st.title;
      formula.textContent = st.formula;
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus out of the widget
      backBtn.setAttribute("aria-disabled", String(k === 0));
      nextBtn.setAttribute("aria-disabled", String(k === LAST));
      if (moved) {
        const result = st.fill.map(([key, field]) => {
          const nd = ALL[key];
          const v = nd[field];
          return `${field === "grad" ? `∂L/∂${nd.label}` : nd.label} = ${Array.isArray(v[0]) ? `[${v.map(vec).join(", ")}]` : v.length === 1 ? num(v[0]) : vec(v)}`;
        }).join(", ");
        status.textContent = k === 0 ? `Ready. ${st.say}`
          : `Step ${k} of ${LAST}, ${st.phase} pass: ${result}.${k === LAST ? " Backward pass complete." : ""}`;
      }
    }

    root.gdbook = { data: D, steps: STEPS, go, state };
    go(0);
  });
})();
