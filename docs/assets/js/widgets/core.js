/* gdbook widgets, part 1: the shared core. Plain JavaScript, no framework, no build step.
 *
 * gdbook.data   gdbook's facts for the widgets (objectives' minima and windows, optimizers'
 *               defaults, the divergence factor, the widgets' settings): assets/data/widgets.js
 *               and, for a widget with data of its own, assets/data/X.js, written by
 *               tools/widget_data.py before every build.
 * gdbook.math   the maths (gdmath.js: objectives, update rules, the minimize loop) bound to
 *               gdbook.data, made on first use. `node --test tests/js/` checks it against gdbook's
 *               own runs; tests/test_widgets.py checks, in Chromium, that each widget shows those numbers.
 * gdbook.widget(name, init)   init(root) runs for every element [data-widget=name];
 *               every page loads only this file and the enhancers (mkdocs.yml; the exercises'
 *               practice.js and python.js only on a page with a challenge): a page with an
 *               element [data-widget=X] and no init for X yet loads, once each and in this order,
 *               (if X has one) assets/css/X.css, the data, gdmath.js and X.js, then mounts X.
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
  // The maths (gdmath.js) bound to gdbook's facts (assets/data/widgets.js, written at build time by
  // tools/widget_data.py): gd.math.objective(name), gd.math.optimizer(name, hyper),
  // gd.math.run(f, x0, opt). Made when a widget first asks, after the loader below has loaded
  // both scripts; without them a widget's init throws and the widget keeps its static fallback.
  let math = null;
  Object.defineProperty(gd, "math", {
    configurable: true,
    get: () => math || (math = window.gdmath.create(gd.data)),
  });

  // ---------------------------------------------------------------------------------------------
  // Loading a widget's files on the first page that has it. URLs are relative to this script, so
  // they work at any page depth, under any site_url, offline, and after an instant-navigation swap.
  const HERE = document.currentScript && document.currentScript.src;
  const asset = (path) => new URL(path, HERE).href;
  // The widgets that have a stylesheet of their own, assets/css/X.css (tests/test_first_load.py
  // checks this list against the files).
  const STYLESHEETS = ["epoch-explorer", "batch-size", "momentum", "adaptive-explorer", "schedules", "backprop-stepper"];
  // The widgets whose data only they use, in assets/data/X.js (tools/widget_data.py, OWN_DATA).
  const OWN_DATA = ["epoch-explorer", "batch-size", "schedules"];
  const loaded = new Map(); // URL -> Promise, so each file is requested once

  const sheets = new Map(); // stylesheet URL -> its <link>
  function load(url) {
    // Material's instant navigation takes out of <head> what the new page's <head> does not have:
    // a stylesheet loaded before is put back (from the browser's cache).
    if (sheets.has(url) && !sheets.get(url).isConnected) document.head.append(sheets.get(url));
    if (!loaded.has(url)) {
      loaded.set(url, new Promise((resolve, reject) => {
        const css = url.endsWith(".css");
        const el = css ? document.createElement("link") : document.createElement("script");
        if (css) { el.rel = "stylesheet"; el.href = url; sheets.set(url, el); } else { el.src = url; el.async = false; } // run in insertion order
        el.onload = resolve;
        el.onerror = () => reject(new Error(`could not load ${url}`));
        document.head.append(el);
      }));
    }
    return loaded.get(url);
  }

  /** Load widget `name`'s files; its script registers it (gd.widget), which mounts it. */
  function fetchWidget(name) {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) return report(`widget ${name}`, new Error("not a widget name"));
    const files = [asset("../../data/widgets.js"), asset("gdmath.js"), asset(`${name}.js`)];
    if (OWN_DATA.includes(name)) files.splice(1, 0, asset(`../../data/${name}.js`));
    if (STYLESHEETS.includes(name)) files.unshift(asset(`../../css/${name}.css`));
    for (const url of files) load(url).catch((err) => report(`widget ${name}`, err));
  }

  // ---------------------------------------------------------------------------------------------
  // Formatting, as gdbook prints numbers (History.table): fixed decimals, scientific when huge/tiny.
  gd.num = function (v, digits = 4) {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "−inf";
    const s = v !== 0 && (Math.abs(v) < 10 ** -digits || Math.abs(v) >= 1e6) ? v.toExponential(digits) : v.toFixed(digits);
    return s.replace("-", "−");
  };

  /** 1e-6 -> "10⁻⁶" (any other number as it is). */
  gd.power10 = function (v) {
    const e = Math.round(Math.log10(v));
    const sup = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
    return Number(`1e${e}`) === v ? `10${[...String(e)].map((c) => sup[c]).join("")}` : String(v);
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

  // The exercises' enhancers, loaded on a page with a challenge (`!!! practice`): practice.js, and
  // python.js before it (Python in the page, which the exercises run).
  const PRACTICE = [asset("python.js"), asset("practice.js")];

  function mount(body) {
    if (body.querySelector(".admonition.practice")) {
      for (const url of PRACTICE) load(url).catch((err) => report("practice", err));
    }
    for (const root of body.querySelectorAll("[data-widget]")) {
      const init = widgets[root.dataset.widget];
      // On every page that shows it: each file is requested once (load remembers), and a stylesheet
      // that instant navigation took out of <head> on the way is put back.
      fetchWidget(root.dataset.widget);
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
    if (lightbox) { // GLightbox binds the figure links of the page Material swapped in
      load(LIGHTBOX_CSS);
      lightbox.reload();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Figures open full size in GLightbox (mkdocs-glightbox), loaded on the reader's first tap, click
  // or Enter on a figure link: tools/mkdocs_hooks.py leaves only its options on the page
  // (script#init-glightbox, JSON). Once made, GLightbox handles its links itself.
  let lightbox = null;
  const LIGHTBOX_CSS = asset("../../stylesheets/glightbox.min.css");
  document.addEventListener("click", (e) => {
    const link = e.target instanceof Element ? e.target.closest("a.glightbox") : null;
    const init = document.getElementById("init-glightbox");
    if (!link || !init || lightbox || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    Promise.all([load(LIGHTBOX_CSS), load(asset("../../javascripts/glightbox.min.js"))])
      .then(() => {
        if (!lightbox) lightbox = window.GLightbox(JSON.parse(init.textContent));
        if (link.isConnected) lightbox.open(link);
      })
      .catch((err) => report("lightbox", err));
  }, true);

  // ---------------------------------------------------------------------------------------------
  // Regions that scroll sideways (a long formula, a wide notebook cell) take keyboard focus, so a
  // reader without a mouse can scroll them with the arrow keys (WCAG 2.1.1; axe:
  // scrollable-region-focusable). Only those that overflow at the current width become tab stops.
  const SCROLLERS = ".md-typeset div.arithmatex, .md-typeset .highlight-ipynb, .md-typeset .jp-OutputArea-output pre";
  gd.enhance((body) => {
    const mark = () => {
      for (const el of body.querySelectorAll(SCROLLERS)) {
        const scrolls = el.scrollWidth > el.clientWidth + 1;
        if (scrolls && !el.hasAttribute("tabindex")) {
          el.tabIndex = 0;
          el.dataset.gdScroller = "1";
        } else if (!scrolls && el.dataset.gdScroller) {
          el.removeAttribute("tabindex");
          delete el.dataset.gdScroller;
        }
      }
    };
    mark();
    window.addEventListener("resize", mark);
    return () => window.removeEventListener("resize", mark);
  });

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
