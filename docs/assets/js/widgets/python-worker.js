/* gdbook widgets: the Python of the runnable exercises, in a Web Worker (a runaway loop can be
 * stopped without freezing the page). Started by python.js only when a reader presses Run.
 *
 * Pyodide's core is served by the site itself from assets/vendor/pyodide/ (copied from the npm
 * package `pyodide` by `make setup`); no package is loaded, so nothing is fetched from a CDN.
 */
import { loadPyodide } from "../../vendor/pyodide/pyodide.mjs";

const indexURL = new URL("../../vendor/pyodide/", import.meta.url).href;
const ready = loadPyodide({ indexURL, packageBaseUrl: indexURL, fullStdLib: false });
ready.then(
  (py) => postMessage({ type: "ready", version: py.version }),
  (err) => postMessage({ type: "failed", error: String(err && err.message ? err.message : err) }),
);

/** Keep the reader's frames only: Pyodide's own (eval_code_async and friends) are noise. */
function tidy(message) {
  const lines = message.replace(/\s+$/, "").split("\n");
  const first = lines.findIndex((l) => l.includes('File "exercise.py"'));
  if (first < 0) return lines.filter((l) => !/_pyodide|pyodide\/|^\s+\^+\s*$/.test(l) || !l.trim()).join("\n");
  return ["Traceback (most recent call last):", ...lines.slice(first)].join("\n");
}

self.onmessage = async (event) => {
  const { id, code } = event.data;
  let py;
  try {
    py = await ready;
  } catch (err) {
    postMessage({ id, stdout: "", stderr: "", error: `Python could not start: ${err && err.message ? err.message : err}` });
    return;
  }
  let stdout = "", stderr = "";
  const out = new TextDecoder(), errs = new TextDecoder();
  py.setStdout({ write: (buf) => { stdout += out.decode(buf, { stream: true }); return buf.length; } });
  py.setStderr({ write: (buf) => { stderr += errs.decode(buf, { stream: true }); return buf.length; } });
  py.setStdin({ error: true });
  const globals = py.globals.get("dict")();
  globals.set("__name__", "__main__");
  let error = null;
  try {
    await py.runPythonAsync(code, { globals, filename: "exercise.py" });
  } catch (err) {
    error = tidy(String(err && err.message ? err.message : err));
  } finally {
    globals.destroy();
  }
  postMessage({ id, stdout: stdout + out.decode(), stderr: stderr + errs.decode(), error });
};
