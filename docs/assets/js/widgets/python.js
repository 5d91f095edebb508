/* gdbook widgets: run plain Python in the page, for the editable exercises.
 *
 * gdbook.python.run(code) -> Promise<{stdout, stderr, error}>
 * Nothing is fetched until the first run: then a Web Worker (python-worker.js) loads Pyodide's
 * core from this site (about 13 MB, once; the browser caches it). Runs longer than
 * gdbook.python.timeout (10 s) are stopped: the worker is ended, the next run starts a fresh Python.
 */
(function () {
  "use strict";
  const gd = window.gdbook;
  const script = document.currentScript && document.currentScript.src;
  const WORKER = script ? new URL("python-worker.js", script).href : null;
  let worker = null, booting = null, seq = 0;
  const pending = new Map();

  function fail(message) {
    for (const [, p] of pending) p.resolve({ stdout: "", stderr: "", error: message });
    pending.clear();
    if (worker) worker.terminate();
    worker = null;
    booting = null;
  }

  function boot() {
    if (booting) return booting;
    booting = new Promise((resolve) => {
      worker = new Worker(WORKER, { type: "module", name: "gdbook-python" });
      worker.onmessage = (e) => {
        const m = e.data;
        if (m.type === "ready") { gd.python.version = m.version; resolve(true); return; }
        if (m.type === "failed") { resolve(false); fail(`Python could not start: ${m.error}`); return; }
        const p = pending.get(m.id);
        if (p) { pending.delete(m.id); clearTimeout(p.timer); p.resolve(m); }
      };
      worker.onerror = (e) => { e.preventDefault(); resolve(false); fail(`Python could not start: ${e.message || "the worker failed"}`); };
    });
    return booting;
  }

  gd.python = {
    version: null,
    timeout: 10000, // ms a run may take once Python is loaded
    get loading() { return !!booting && !gd.python.version; },
    /** Run code in a fresh namespace; onStatus("loading") is called while Python is being fetched. */
    async run(code, onStatus) {
      if (!WORKER) return { stdout: "", stderr: "", error: "Python is not available on this page." };
      if (!gd.python.version && onStatus) onStatus("loading");
      const ok = await boot();
      if (!ok) return { stdout: "", stderr: "", error: "Python could not start in this browser." };
      if (onStatus) onStatus("running");
      const id = ++seq;
      return new Promise((resolve) => {
        const limit = gd.python.timeout;
        const timer = setTimeout(() => {
          pending.delete(id);
          resolve({ stdout: "", stderr: "", error: `Stopped after ${limit / 1000} s: does the code loop forever?` });
          fail("stopped"); // a fresh Python next time
          gd.python.version = null;
        }, limit);
        pending.set(id, { resolve, timer });
        worker.postMessage({ id, code });
      });
    },
  };
})();
