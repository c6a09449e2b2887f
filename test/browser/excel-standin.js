/*
 * Excel stand-in for browser tests: replaces office.js (the tests route its CDN URL here). It implements the part of
 * the Office.js / Excel JavaScript API surface the Trendcast adapter uses, with Excel's batching semantics: proxy
 * objects queue loads and writes, `context.sync()` runs the queue in order, and reading a property that was not
 * loaded and synced throws PropertyNotLoaded, as in Excel. The in-memory workbook (sheets, cells, number formats,
 * tables, charts, custom XML parts, selection) is exposed as `window.__standin` so a test can set a selection,
 * inspect what was written, save the state and reload the page on it (window.__STANDIN_STATE__).
 * Requests (writes) and responses (loaded values) are measured per sync and refused over 5 MB, like Excel on the web.
 *
 * Workbook behaviour the write tests rely on: sheets have a visibility and worksheet-level custom properties (ExcelApi
 * 1.12, saved with the sheet); a formula such as `=Forecast!C5` follows its sheet when the sheet is renamed and turns
 * into `=#REF!C5` for good when the sheet is deleted, as in Excel; `workbook.use1904DateSystem` (ExcelApi 1.16) reports
 * the date system (state `date1904`). Fault injection: `__standin.failAtSync(n)` makes the n-th sync from now fail as a
 * whole (nothing of that request is applied), `failAtSync(n, k)` after its first k operations (Excel's batches are not
 * transactional); `__standin.crashAtSync(n)` makes it and every later sync fail (a closed
 * pane or a lost connection: no clean-up can run). `__standin.stats.syncs` counts syncs.
 */
/* global window, setTimeout */
(function () {
  "use strict";
  const REQUEST_LIMIT = 5 * 1024 * 1024;

  function newSheet(name) {
    return { name, cells: {}, tables: [], charts: [], visibility: "Visible", props: {} };
  }
  const initial = window.__STANDIN_STATE__;
  const wb = initial
    ? JSON.parse(JSON.stringify(initial))
    : { sheets: [newSheet("Sheet1")], active: "Sheet1", selection: { sheet: "Sheet1", address: "A1" }, parts: [], nextId: 1 };
  for (const sh of wb.sheets) {
    if (!sh.visibility) sh.visibility = "Visible";
    if (!sh.props) sh.props = {};
  }
  const stats = { runs: 0, syncs: 0, maxRequestBytes: 0, maxResponseBytes: 0, requestBytes: [], formulaErrors: [] };
  const faults = { failAt: null, crashFrom: null };
  const functions = new Map();
  // How a blank cell reaches a custom function: "" here, null in Excel on the web, 0 in some Excel desktop builds
  // (office-js issues 4702, 5262, 1951). Tests switch it with __standin.setBlankEncoding.
  let blankArg = "";

  // ---------- addresses ----------
  function colIndex(letters) {
    let n = 0;
    for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
    return n - 1;
  }
  function colLetters(i) {
    let n = i + 1;
    let s = "";
    while (n > 0) {
      const r = (n - 1) % 26;
      s = String.fromCharCode(65 + r) + s;
      n = Math.floor((n - 1) / 26);
    }
    return s;
  }
  function quote(name) {
    return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : "'" + name.replace(/'/g, "''") + "'";
  }
  /** "Sheet!A1:C3" | "A1" | "A:C" -> { sheet|null, r0, c0, rows, cols } */
  function parseRef(ref) {
    let sheet = null;
    const bang = ref.lastIndexOf("!");
    if (bang >= 0) {
      sheet = ref.slice(0, bang);
      if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
      ref = ref.slice(bang + 1);
    }
    ref = ref.replace(/\$/g, "");
    const [a, b] = ref.split(":");
    const cols = /^([A-Z]+)$/i;
    if (cols.test(a)) {
      const c0 = colIndex(a);
      return { sheet, r0: 0, c0, rows: 1048576, cols: colIndex(b || a) - c0 + 1 };
    }
    const pa = /^([A-Z]+)(\d+)$/i.exec(a);
    const pb = /^([A-Z]+)(\d+)$/i.exec(b || a);
    if (!pa || !pb) throw officeError("InvalidArgument", "The argument is invalid or missing or has an incorrect format: " + ref);
    const r0 = Number(pa[2]) - 1;
    const c0 = colIndex(pa[1]);
    return { sheet, r0, c0, rows: Number(pb[2]) - r0, cols: colIndex(pb[1]) - c0 + 1 };
  }
  function refText(rect) {
    const a = colLetters(rect.c0) + (rect.r0 + 1);
    const b = colLetters(rect.c0 + rect.cols - 1) + (rect.r0 + rect.rows);
    return rect.rows === 1 && rect.cols === 1 ? a : a + ":" + b;
  }

  function officeError(code, message) {
    const e = new Error(message);
    e.name = "RichApi.Error";
    e.code = code;
    return e;
  }
  function findSheet(name) {
    const s = wb.sheets.find((x) => x.name.toLowerCase() === String(name).toLowerCase());
    if (!s) throw officeError("ItemNotFound", "The requested resource doesn't exist: sheet " + name);
    return s;
  }

  // ---------- cells ----------
  function cell(sheet, r, c) {
    return sheet.cells[r + "," + c];
  }
  function cellValue(sheet, r, c) {
    const x = cell(sheet, r, c);
    return x && x.v !== undefined && x.v !== null ? x.v : "";
  }
  function setCell(sheet, r, c, input) {
    const key = r + "," + c;
    const old = sheet.cells[key] || {};
    const next = { nf: old.nf };
    if (input === "" || input === null || input === undefined) {
      if (next.nf === undefined) delete sheet.cells[key];
      else sheet.cells[key] = next;
      return;
    }
    if (typeof input === "string" && input.startsWith("'")) {
      next.v = input.slice(1);
      next.text = true;
    } else if (typeof input === "string" && input.startsWith("=")) {
      next.f = input;
      formulaKeys(sheet).add(key);
      next.v = "#BUSY!";
      sheet.cells[key] = next;
      evaluate(sheet, r, c, input);
      return;
    } else if (typeof input === "string" && /^[-+]?\d+(\.\d+)?$/.test(input.trim())) {
      next.v = Number(input); // Excel turns numeric text into numbers unless it is written as text
    } else {
      next.v = input;
    }
    sheet.cells[key] = next;
  }
  function block(sheet, rect, fn) {
    const out = [];
    for (let i = 0; i < rect.rows; i++) {
      const row = [];
      for (let j = 0; j < rect.cols; j++) row.push(fn(rect.r0 + i, rect.c0 + j));
      out.push(row);
    }
    return out;
  }
  function usedRect(sheet) {
    let maxR = -1;
    let maxC = -1;
    for (const key of Object.keys(sheet.cells)) {
      const [r, c] = key.split(",").map(Number);
      if (r > maxR) maxR = r;
      if (c > maxC) maxC = c;
    }
    return { r0: 0, c0: 0, rows: maxR + 1, cols: maxC + 1 };
  }
  /** Excel's used range: the smallest block holding every cell with a value or (unless valuesOnly) a format; null when none. */
  function usedRange(sheet, valuesOnly) {
    let r0 = Infinity;
    let c0 = Infinity;
    let r1 = -1;
    let c1 = -1;
    for (const key of Object.keys(sheet.cells)) {
      const x = sheet.cells[key];
      if (valuesOnly && (x.v === undefined || x.v === null || x.v === "")) continue;
      const [r, c] = key.split(",").map(Number);
      r0 = Math.min(r0, r);
      c0 = Math.min(c0, c);
      r1 = Math.max(r1, r);
      c1 = Math.max(c1, c);
    }
    return r1 < 0 ? null : { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }
  function surroundingRegion(sheet, rect) {
    const filled = (r, c) => r >= 0 && c >= 0 && cellValue(sheet, r, c) !== "";
    let { r0, c0 } = rect;
    let r1 = rect.r0 + rect.rows - 1;
    let c1 = rect.c0 + rect.cols - 1;
    for (let changed = true; changed; ) {
      changed = false;
      const rowHas = (r) => { for (let c = c0 - 1; c <= c1 + 1; c++) if (filled(r, c)) return true; return false; };
      const colHas = (c) => { for (let r = r0 - 1; r <= r1 + 1; r++) if (filled(r, c)) return true; return false; };
      if (r0 > 0 && rowHas(r0 - 1)) { r0--; changed = true; }
      if (rowHas(r1 + 1)) { r1++; changed = true; }
      if (c0 > 0 && colHas(c0 - 1)) { c0--; changed = true; }
      if (colHas(c1 + 1)) { c1++; changed = true; }
    }
    return { r0, c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  // Formulas: TREND.* calls the associated custom function (as Excel would); anything else is #NAME?.
  function argValue(sheet, text) {
    text = text.trim();
    if (text === "") return null;
    if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
    if (/^(TRUE|FALSE)$/i.test(text)) return /^TRUE$/i.test(text);
    if (/^".*"$/.test(text)) return text.slice(1, -1);
    const ref = parseRef(text);
    const target = ref.sheet ? findSheet(ref.sheet) : sheet;
    const values = block(target, ref, (r, c) => {
      const v = cellValue(target, r, c);
      return v === "" ? blankArg : v;
    });
    return values;
  }
  // Invocation timing. 0 (default): every formula of a recalculation is invoked at once, in the task that changed
  // the cells. n > 0: like Excel, which gathers arguments in its own process and sends invocations to the add-in's
  // runtime in batched messages, formulas are invoked n per task, each at most once per pass
  // (__standin.setInvocationBatch). Only the function's own work then lands on the runtime's thread in one piece.
  let invocationBatch = 0;
  const pendingCalls = new Map();
  let dispatchScheduled = false;
  function dispatch() {
    dispatchScheduled = false;
    let n = 0;
    for (const [id, call] of pendingCalls) {
      if (n++ >= invocationBatch) break;
      pendingCalls.delete(id);
      const x = call.sheet.cells[call.r + "," + call.c];
      if (x && x.f && wb.sheets.includes(call.sheet)) invoke(call.sheet, call.r, call.c, x.f);
    }
    if (pendingCalls.size > 0) {
      dispatchScheduled = true;
      setTimeout(dispatch, 0);
    }
  }
  function evaluate(sheet, r, c, formula) {
    if (invocationBatch <= 0) return invoke(sheet, r, c, formula);
    const x = sheet.cells[r + "," + c];
    if (x) delete x.result;
    pendingCalls.set(sheet.name + "!" + r + "," + c, { sheet, r, c });
    if (!dispatchScheduled) {
      dispatchScheduled = true;
      setTimeout(dispatch, 0);
    }
  }
  // A plain reference such as =Forecast!C5 or =B2 gives that cell's value; a reference to a deleted sheet is #REF!.
  const SHEET_REF = /('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!/g;
  function unquote(name) {
    return name.startsWith("'") ? name.slice(1, -1).replace(/''/g, "'") : name;
  }
  /** Rewrites every formula's references to sheet `from` (Excel follows renames; a deleted sheet leaves #REF!). */
  function retarget(from, to) {
    for (const sheet of wb.sheets) {
      for (const x of Object.values(sheet.cells)) {
        if (!x.f) continue;
        x.f = x.f.replace(SHEET_REF, (m, name) => (unquote(name).toLowerCase() === from.toLowerCase() ? (to === null ? "#REF!" : quote(to) + "!") : m));
      }
    }
  }
  function invoke(sheet, r, c, formula) {
    const key = r + "," + c;
    if (formula.includes("#REF!")) {
      sheet.cells[key].v = "#REF!";
      return;
    }
    const plain = /^=((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Z]{1,3}\$?\d+$/i.exec(formula);
    if (plain) {
      try {
        const ref = parseRef(formula.slice(1));
        const target = ref.sheet ? findSheet(ref.sheet) : sheet;
        sheet.cells[key].v = cellValue(target, ref.r0, ref.c0);
      } catch {
        sheet.cells[key].v = "#REF!";
      }
      return;
    }
    const m = /^=TREND\.(\w+)\((.*)\)$/i.exec(formula);
    const fn = m && functions.get(m[1].toUpperCase());
    if (!fn) {
      sheet.cells[key].v = "#NAME?";
      return;
    }
    delete sheet.cells[key].result;
    Promise.resolve()
      .then(() => {
        const args = m[2].split(",").map((a) => argValue(sheet, a));
        // A one-cell reference after the first argument is a scalar parameter; larger references are ranges.
        const call = args.map((a, i) => (i > 0 && Array.isArray(a) && a.length === 1 && a[0].length === 1 ? a[0][0] : a));
        return fn(...call);
      })
      .then((result) => {
        const x = sheet.cells[key];
        if (x && x.f === formula) {
          x.v = Array.isArray(result) ? result[0][0] : result;
          x.result = result;
        }
      })
      .catch((e) => {
        const x = sheet.cells[key];
        stats.formulaErrors.push({ formula, message: e && e.message });
        if (x && x.f === formula) {
          x.v = (e && e.code) || "#VALUE!";
          x.result = { error: x.v, message: e && e.message };
        }
      });
  }

  // Keys of the cells that hold (or held) a formula, per sheet, so a recalculation does not scan every cell.
  const formulaIndex = new WeakMap();
  function formulaKeys(sheet) {
    let keys = formulaIndex.get(sheet);
    if (!keys) {
      keys = new Set(Object.keys(sheet.cells).filter((k) => sheet.cells[k].f));
      formulaIndex.set(sheet, keys);
    }
    return keys;
  }

  /** Like Excel's recalculation after an edit: every formula is evaluated again on the new cell values. */
  function recalculate() {
    for (const sheet of wb.sheets) {
      for (const key of formulaKeys(sheet)) {
        const x = sheet.cells[key];
        if (x && x.f) {
          const [r, c] = key.split(",").map(Number);
          evaluate(sheet, r, c, x.f);
        }
      }
    }
  }

  // ---------- request context and proxies ----------
  class Context {
    constructor() {
      this.queue = [];
      this.bytes = 0;
      this.responseBytes = 0;
      this.workbook = new WorkbookProxy(this);
    }
    enqueue(op, bytes, writes) {
      op.writes = Boolean(writes);
      this.queue.push(op);
      this.bytes += bytes || 64;
    }
    async sync() {
      stats.syncs++;
      const bytes = this.bytes;
      const ops = this.queue;
      this.queue = [];
      this.bytes = 0;
      stats.requestBytes.push(bytes);
      stats.maxRequestBytes = Math.max(stats.maxRequestBytes, bytes);
      await new Promise((r) => setTimeout(r, 0));
      if (faults.crashFrom !== null && stats.syncs >= faults.crashFrom) {
        throw officeError("GeneralException", "Injected fault: the connection to Excel was lost (sync " + stats.syncs + ").");
      }
      if (faults.failAt !== null && stats.syncs === faults.failAt) {
        // Excel runs a request's operations in order and stops at the first that fails: those before it stay done.
        const done = faults.afterOps || 0;
        faults.failAt = null;
        for (const op of ops.slice(0, done)) op();
        if (done > 0 && ops.slice(0, done).some((op) => op.writes)) recalculate();
        throw officeError("GeneralException", "Injected fault: Excel refused request " + stats.syncs + (done ? " after " + done + " operations." : "."));
      }
      if (bytes > REQUEST_LIMIT) {
        throw officeError("RequestPayloadSizeLimitExceeded", "The request payload size has exceeded the limit.");
      }
      // The response: what the loads in this request hand back, refused over the limit like Excel on the web.
      this.responseBytes = 0;
      for (const op of ops) op();
      const response = this.responseBytes;
      stats.maxResponseBytes = Math.max(stats.maxResponseBytes, response);
      if (response > REQUEST_LIMIT) {
        throw officeError("ResponsePayloadSizeLimitExceeded", "The response payload size has exceeded the limit.");
      }
      if (ops.some((op) => op.writes)) recalculate();
    }
  }

  function notLoaded(prop) {
    return officeError(
      "PropertyNotLoaded",
      "The property '" + prop + "' is not available. Before reading the property's value, call the load method on the containing object and call \"context.sync()\" on the associated request context.",
    );
  }
  function propsOf(arg, all) {
    if (arg === undefined) return all;
    if (typeof arg === "string") return arg.split(",").map((s) => s.trim());
    if (Array.isArray(arg)) return arg;
    return Object.keys(arg);
  }

  function responseSize(data, props) {
    let n = 0;
    for (const p of props) if (p !== "items" && p in data) n += JSON.stringify(data[p] === undefined ? null : data[p]).length * 2;
    return n;
  }

  class Proxy {
    constructor(ctx, resolve, scalars) {
      this._ctx = ctx;
      this._resolve = resolve;
      this._loaded = new Map();
      this._scalars = scalars;
      for (const p of scalars) {
        Object.defineProperty(this, p, {
          configurable: true,
          enumerable: true,
          get: () => {
            if (!this._loaded.has(p)) throw notLoaded(p);
            return this._loaded.get(p);
          },
          set: (v) => {
            this._set(p, v);
          },
        });
      }
    }
    _read() {
      return {};
    }
    _set(p) {
      throw officeError("InvalidOperation", "The property '" + p + "' is read-only.");
    }
    load(arg) {
      const props = propsOf(arg, this._scalars).filter((p) => p !== "items" || this._isCollection);
      this._ctx.enqueue(() => {
        const data = this._read(props);
        this._ctx.responseBytes += responseSize(data, props);
        // *OrNullObject results: isNullObject comes back with any load; a null object has nothing else to give.
        if ("isNullObject" in data) this._loaded.set("isNullObject", data.isNullObject);
        if (data.isNullObject === true) return;
        for (const p of props) {
          if (p === "isNullObject") continue;
          if (p.startsWith("items")) this._loaded.set("items", data.items);
          else if (!(p in data)) throw officeError("InvalidArgument", "Unknown property " + p);
          else this._loaded.set(p, data[p]);
        }
      });
      return this;
    }
  }

  class WorkbookProxy extends Proxy {
    constructor(ctx) {
      super(ctx, () => wb, ["use1904DateSystem"]);
      this.worksheets = new WorksheetCollectionProxy(ctx);
      this.tables = new TableCollectionProxy(ctx, () => wb.sheets.flatMap((s) => s.tables.map((t) => ({ sheet: s, table: t }))));
      this.customXmlParts = new CustomXmlPartsProxy(ctx, null);
      this._ctx = ctx;
    }
    _read() {
      return { use1904DateSystem: Boolean(wb.date1904) };
    }
    getSelectedRange() {
      return new RangeProxy(this._ctx, () => {
        const sheet = findSheet(wb.selection.sheet);
        return { sheet, rect: parseRef(wb.selection.address) };
      });
    }
  }

  class WorksheetCollectionProxy extends Proxy {
    constructor(ctx) {
      super(ctx, () => wb.sheets, ["items"]);
      this._isCollection = true;
    }
    _read() {
      return {
        items: wb.sheets.map((s) => {
          const p = new WorksheetProxy(this._ctx, () => s);
          p._loaded.set("name", s.name);
          p._loaded.set("position", wb.sheets.indexOf(s));
          p._loaded.set("visibility", s.visibility);
          return p;
        }),
      };
    }
    getItem(name) {
      return new WorksheetProxy(this._ctx, () => findSheet(name));
    }
    getActiveWorksheet() {
      return new WorksheetProxy(this._ctx, () => findSheet(wb.active));
    }
    add(name) {
      const ref = { sheet: null };
      this._ctx.enqueue(() => {
        if (wb.sheets.some((s) => s.name.toLowerCase() === String(name).toLowerCase())) {
          throw officeError("ItemAlreadyExists", "A sheet named " + name + " already exists.");
        }
        ref.sheet = newSheet(name);
        wb.sheets.push(ref.sheet);
      });
      return new WorksheetProxy(this._ctx, () => ref.sheet);
    }
  }

  class WorksheetProxy extends Proxy {
    constructor(ctx, resolve) {
      super(ctx, resolve, ["name", "position", "visibility"]);
      this.tables = new TableCollectionProxy(ctx, () => resolve().tables.map((t) => ({ sheet: resolve(), table: t })), resolve);
      this.charts = new ChartCollectionProxy(ctx, resolve);
      this.customProperties = new CustomPropertyCollectionProxy(ctx, resolve);
    }
    _read() {
      const s = this._resolve();
      return { name: s.name, position: wb.sheets.indexOf(s), visibility: s.visibility };
    }
    _set(p, v) {
      if (p === "visibility") {
        this._ctx.enqueue(() => {
          const s = this._resolve();
          if (v !== "Visible" && wb.sheets.filter((x) => x !== s && x.visibility === "Visible").length === 0) {
            throw officeError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
          }
          s.visibility = v;
        }, 64, true);
        return;
      }
      if (p !== "name") return super._set(p, v);
      this._ctx.enqueue(() => {
        const s = this._resolve();
        if (wb.sheets.some((x) => x !== s && x.name.toLowerCase() === String(v).toLowerCase())) {
          throw officeError("ItemAlreadyExists", "A sheet named " + v + " already exists.");
        }
        if (wb.active === s.name) wb.active = v;
        if (wb.selection.sheet === s.name) wb.selection.sheet = v;
        retarget(s.name, v);
        for (const x of wb.sheets) for (const ch of x.charts) if (ch.source.sheet === s.name) ch.source.sheet = v;
        s.name = v;
      }, 64, true);
    }
    getRange(address) {
      if (address === undefined) return new RangeProxy(this._ctx, () => ({ sheet: this._resolve(), rect: { r0: 0, c0: 0, rows: 1048576, cols: 16384 } }));
      return new RangeProxy(this._ctx, () => ({ sheet: this._resolve(), rect: parseRef(address) }));
    }
    getRangeByIndexes(r0, c0, rows, cols) {
      return new RangeProxy(this._ctx, () => ({ sheet: this._resolve(), rect: { r0, c0, rows, cols } }));
    }
    getUsedRange(valuesOnly) {
      return new RangeProxy(this._ctx, () => {
        const rect = usedRange(this._resolve(), valuesOnly);
        return { sheet: this._resolve(), rect: rect || { r0: 0, c0: 0, rows: 1, cols: 1 } };
      });
    }
    getUsedRangeOrNullObject(valuesOnly) {
      return new RangeProxy(this._ctx, () => {
        const rect = usedRange(this._resolve(), valuesOnly);
        return rect ? { sheet: this._resolve(), rect } : null;
      });
    }
    activate() {
      this._ctx.enqueue(() => {
        wb.active = this._resolve().name;
      });
    }
    delete() {
      this._ctx.enqueue(() => {
        const s = this._resolve();
        if (wb.sheets.filter((x) => x !== s && x.visibility === "Visible").length === 0) {
          throw officeError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
        }
        wb.sheets = wb.sheets.filter((x) => x !== s);
        retarget(s.name, null);
        if (wb.active === s.name) wb.active = wb.sheets.find((x) => x.visibility === "Visible").name;
      }, 64, true);
    }
  }

  class RangeProxy extends Proxy {
    constructor(ctx, resolve) {
      super(ctx, resolve, ["address", "rowCount", "columnCount", "rowIndex", "columnIndex", "values", "numberFormat", "formulas", "text", "isNullObject"]);
      const resolveRange = () => this._resolve();
      this.format = {
        autofitColumns() {
          ctx.enqueue(() => resolveRange());
        },
      };
    }
    _read(props) {
      const target = this._resolve();
      if (target === null) return { isNullObject: true };
      const { sheet, rect } = target;
      const out = {
        isNullObject: false,
        address: quote(sheet.name) + "!" + refText(rect),
        rowCount: rect.rows,
        columnCount: rect.cols,
        rowIndex: rect.r0,
        columnIndex: rect.c0,
      };
      if (props.includes("values")) out.values = block(sheet, rect, (r, c) => cellValue(sheet, r, c));
      if (props.includes("text")) out.text = block(sheet, rect, (r, c) => String(cellValue(sheet, r, c)));
      if (props.includes("numberFormat")) out.numberFormat = block(sheet, rect, (r, c) => (cell(sheet, r, c) || {}).nf || "General");
      if (props.includes("formulas")) out.formulas = block(sheet, rect, (r, c) => (cell(sheet, r, c) || {}).f || cellValue(sheet, r, c));
      return out;
    }
    _set(p, v) {
      if (!["values", "formulas", "numberFormat"].includes(p)) return super._set(p, v);
      const bytes = JSON.stringify(v).length * 2 + 64;
      this._ctx.enqueue(() => {
        const { sheet, rect } = this._resolve();
        if (!Array.isArray(v) || v.length !== rect.rows || v.some((row) => !Array.isArray(row) || row.length !== rect.cols)) {
          throw officeError("InvalidArgument", "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
        }
        for (let i = 0; i < rect.rows; i++) {
          for (let j = 0; j < rect.cols; j++) {
            const r = rect.r0 + i;
            const c = rect.c0 + j;
            if (p === "numberFormat") {
              const key = r + "," + c;
              sheet.cells[key] = Object.assign(sheet.cells[key] || {}, { nf: v[i][j] });
            } else setCell(sheet, r, c, v[i][j]);
          }
        }
      }, bytes, p !== "numberFormat");
    }
    clear(applyTo) {
      this._ctx.enqueue(() => {
        const { sheet, rect } = this._resolve();
        for (const key of Object.keys(sheet.cells)) {
          const [r, c] = key.split(",").map(Number);
          if (r < rect.r0 || r >= rect.r0 + rect.rows || c < rect.c0 || c >= rect.c0 + rect.cols) continue;
          const x = sheet.cells[key];
          if (applyTo === "Formats") delete x.nf;
          else if (applyTo === "Contents") {
            delete x.v;
            delete x.f;
            delete x.text;
          }
          if (!applyTo || applyTo === "All" || (x.v === undefined && x.nf === undefined)) delete sheet.cells[key];
        }
      }, 64, true);
    }
    /** Copies cells (values, formulas as written, number formats) from a range of the same size; "All" only. */
    copyFrom(source, copyType) {
      this._ctx.enqueue(() => {
        const { sheet, rect } = this._resolve();
        const src = typeof source === "string" ? (() => { const r = parseRef(source); return { sheet: r.sheet ? findSheet(r.sheet) : sheet, rect: r }; })() : source._resolve();
        if (src.rect.rows !== rect.rows || src.rect.cols !== rect.cols) {
          throw officeError("InvalidArgument", "copyFrom: the stand-in copies between ranges of the same size only.");
        }
        if (copyType && copyType !== "All") throw officeError("InvalidArgument", "copyFrom: the stand-in supports copyType All only.");
        const copies = [];
        for (let i = 0; i < rect.rows; i++) {
          for (let j = 0; j < rect.cols; j++) {
            const x = cell(src.sheet, src.rect.r0 + i, src.rect.c0 + j);
            copies.push([rect.r0 + i + "," + (rect.c0 + j), x ? JSON.parse(JSON.stringify(x)) : null]);
          }
        }
        // Through setCell, like any write: formulas are registered and evaluated on the destination sheet.
        for (const [key, x] of copies) {
          delete sheet.cells[key];
          if (!x) continue;
          const [r, c] = key.split(",").map(Number);
          setCell(sheet, r, c, x.f ? x.f : x.text ? "'" + x.v : x.v);
          if (x.nf !== undefined) sheet.cells[key] = Object.assign(sheet.cells[key] || {}, { nf: x.nf });
        }
      }, 64, true);
    }
    getIntersectionOrNullObject(other) {
      return new RangeProxy(this._ctx, () => {
        const a = this._resolve();
        const b = typeof other === "string" ? { sheet: a.sheet, rect: parseRef(other) } : other._resolve();
        if (!a || !b || a.sheet !== b.sheet) return null;
        const r0 = Math.max(a.rect.r0, b.rect.r0);
        const c0 = Math.max(a.rect.c0, b.rect.c0);
        const r1 = Math.min(a.rect.r0 + a.rect.rows, b.rect.r0 + b.rect.rows);
        const c1 = Math.min(a.rect.c0 + a.rect.cols, b.rect.c0 + b.rect.cols);
        return r1 > r0 && c1 > c0 ? { sheet: a.sheet, rect: { r0, c0, rows: r1 - r0, cols: c1 - c0 } } : null;
      });
    }
    getTables() {
      return new TableCollectionProxy(this._ctx, () => {
        const { sheet, rect } = this._resolve();
        return sheet.tables
          .filter((t) => {
            const tr = parseRef(t.address);
            return rect.r0 < tr.r0 + tr.rows && tr.r0 < rect.r0 + rect.rows && rect.c0 < tr.c0 + tr.cols && tr.c0 < rect.c0 + rect.cols;
          })
          .map((t) => ({ sheet, table: t }));
      });
    }
    getSurroundingRegion() {
      return new RangeProxy(this._ctx, () => {
        const { sheet, rect } = this._resolve();
        return { sheet, rect: surroundingRegion(sheet, rect) };
      });
    }
    select() {
      this._ctx.enqueue(() => {
        const { sheet, rect } = this._resolve();
        wb.active = sheet.name;
        wb.selection = { sheet: sheet.name, address: refText(rect) };
      });
    }
  }

  class TableCollectionProxy extends Proxy {
    constructor(ctx, list, sheetResolve) {
      super(ctx, list, ["items"]);
      this._isCollection = true;
      this._sheetResolve = sheetResolve;
    }
    _read() {
      return {
        items: this._resolve().map(({ sheet, table }) => {
          const p = new TableProxy(this._ctx, () => ({ sheet, table }));
          p._loaded.set("name", table.name);
          return p;
        }),
      };
    }
    add(address, hasHeaders) {
      const ref = {};
      this._ctx.enqueue(() => {
        const r = parseRef(address);
        const sheet = r.sheet ? findSheet(r.sheet) : this._sheetResolve();
        const names = wb.sheets.flatMap((s) => s.tables.map((t) => t.name.toLowerCase()));
        let name = "Table" + (names.length + 1);
        while (names.includes(name.toLowerCase())) name += "_";
        ref.table = { name, address: refText(r), hasHeaders: Boolean(hasHeaders) };
        sheet.tables.push(ref.table);
        ref.sheet = sheet;
      });
      return new TableProxy(this._ctx, () => ref);
    }
  }

  class TableProxy extends Proxy {
    constructor(ctx, resolve) {
      super(ctx, resolve, ["name"]);
    }
    _read() {
      return { name: this._resolve().table.name };
    }
    _set(p, v) {
      if (p !== "name") return super._set(p, v);
      this._ctx.enqueue(() => {
        const taken = wb.sheets.flatMap((s) => s.tables).some((t) => t !== this._resolve().table && t.name.toLowerCase() === String(v).toLowerCase());
        if (taken || !/^[A-Za-z_\\][A-Za-z0-9_.]*$/.test(v)) throw officeError("InvalidArgument", "The table name " + v + " is not valid or in use.");
        this._resolve().table.name = v;
      });
    }
    getRange() {
      return new RangeProxy(this._ctx, () => {
        const { sheet, table } = this._resolve();
        return { sheet, rect: parseRef(table.address) };
      });
    }
    /** Keeps the cells, drops the table. */
    convertToRange() {
      this._ctx.enqueue(() => {
        const { sheet, table } = this._resolve();
        sheet.tables = sheet.tables.filter((t) => t !== table);
      }, 64, true);
      return new RangeProxy(this._ctx, () => {
        const { sheet, table } = this._resolve();
        return { sheet, rect: parseRef(table.address) };
      });
    }
  }

  /** Worksheet-level custom properties (ExcelApi 1.12): saved with the sheet, so they survive save, reopen and renames. */
  class CustomPropertyCollectionProxy extends Proxy {
    constructor(ctx, sheetResolve) {
      super(ctx, sheetResolve, ["items"]);
      this._isCollection = true;
    }
    _read() {
      const sheet = this._resolve();
      return { items: Object.keys(sheet.props).map((k) => this._item(() => ({ sheet, key: k }))) };
    }
    _item(resolve) {
      const p = new Proxy(this._ctx, resolve, ["key", "value", "isNullObject"]);
      p._read = () => {
        const r = resolve();
        if (!r || !(r.key in r.sheet.props)) return { isNullObject: true };
        return { key: r.key, value: r.sheet.props[r.key], isNullObject: false };
      };
      p.delete = () => this._ctx.enqueue(() => { const r = resolve(); delete r.sheet.props[r.key]; }, 64, true);
      return p;
    }
    add(key, value) {
      if (String(key).length > 255) throw officeError("InvalidArgument", "The key is limited to 255 characters.");
      this._ctx.enqueue(() => {
        const sheet = this._resolve();
        const existing = Object.keys(sheet.props).find((k) => k.toLowerCase() === String(key).toLowerCase());
        if (existing) delete sheet.props[existing];
        sheet.props[key] = String(value);
      }, 64 + String(value).length * 2, true);
      return this._item(() => ({ sheet: this._resolve(), key }));
    }
    getItemOrNullObject(key) {
      return this._item(() => {
        const sheet = this._resolve();
        const k = Object.keys(sheet.props).find((x) => x.toLowerCase() === String(key).toLowerCase());
        return { sheet, key: k === undefined ? String(key) : k };
      });
    }
  }

  class ChartCollectionProxy extends Proxy {
    constructor(ctx, sheetResolve) {
      super(ctx, sheetResolve, ["items"]);
      this._isCollection = true;
      this._sheetResolve = sheetResolve;
    }
    _read() {
      const sheet = this._sheetResolve();
      return {
        items: sheet.charts.map((chart) => {
          const p = new Proxy(this._ctx, () => chart, ["name"]);
          p._loaded.set("name", chart.title);
          p.delete = () => this._ctx.enqueue(() => { sheet.charts = sheet.charts.filter((x) => x !== chart); }, 64, true);
          return p;
        }),
      };
    }
    add(type, sourceRange, seriesBy) {
      const ref = {};
      this._ctx.enqueue(() => {
        const { sheet, rect } = sourceRange._resolve();
        ref.chart = { type, seriesBy, source: { sheet: sheet.name, address: refText(rect) }, title: "", anchor: "A1", width: 360, height: 216, lineStyles: {} };
        this._sheetResolve().charts.push(ref.chart);
      });
      const ctx = this._ctx;
      const chart = {
        title: {},
        series: {
          getItemAt(i) {
            const line = {};
            Object.defineProperty(line, "lineStyle", {
              set(v) {
                ctx.enqueue(() => { ref.chart.lineStyles[i] = v; });
              },
            });
            return { format: { line } };
          },
        },
        setPosition(anchor) {
          ctx.enqueue(() => { ref.chart.anchor = anchor; });
        },
      };
      Object.defineProperty(chart.title, "text", {
        set(v) {
          ctx.enqueue(() => { ref.chart.title = v; });
        },
      });
      for (const p of ["width", "height"]) {
        Object.defineProperty(chart, p, {
          set(v) {
            ctx.enqueue(() => { ref.chart[p] = v; });
          },
        });
      }
      return chart;
    }
  }

  class CustomXmlPartsProxy extends Proxy {
    constructor(ctx, namespace) {
      super(ctx, () => wb.parts.filter((p) => namespace === null || p.namespace === namespace), ["items"]);
      this._isCollection = true;
    }
    _read() {
      return {
        items: this._resolve().map((part) => {
          const p = new Proxy(this._ctx, () => part, ["id", "namespaceUri"]);
          p._read = () => ({ id: part.id, namespaceUri: part.namespace });
          p._loaded.set("id", part.id);
          p._loaded.set("namespaceUri", part.namespace);
          p.getXml = () => {
            const result = {};
            let value;
            let ready = false;
            Object.defineProperty(result, "value", { get: () => { if (!ready) throw notLoaded("value"); return value; } });
            this._ctx.enqueue(() => { value = part.xml; ready = true; });
            return result;
          };
          p.delete = () => this._ctx.enqueue(() => { wb.parts = wb.parts.filter((x) => x !== part); });
          return p;
        }),
      };
    }
    getByNamespace(namespace) {
      return new CustomXmlPartsProxy(this._ctx, namespace);
    }
    add(xml) {
      this._ctx.enqueue(() => {
        const ns = /xmlns="([^"]+)"/.exec(xml);
        wb.parts.push({ id: "{part-" + wb.nextId++ + "}", namespace: ns ? ns[1] : "", xml });
      }, xml.length * 2);
    }
  }

  // ---------- globals ----------
  // A page opened outside Excel (a plain browser): office.js loads, Office.onReady reports no host, Excel.run fails.
  const outsideExcel = window.__STANDIN_OUTSIDE_EXCEL__ === true;
  window.Excel = {
    async run(batch) {
      if (outsideExcel) throw officeError("GeneralException", "This add-in is not running inside Excel.");
      stats.runs++;
      const ctx = new Context();
      const result = await batch(ctx);
      if (ctx.queue.length) await ctx.sync();
      return result;
    },
    ChartType: { line: "Line", lineMarkers: "LineMarkers", area: "Area" },
    ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
    ChartLineStyle: { continuous: "Continuous", dash: "Dash", none: "None" },
  };
  class CustomFunctionsError extends Error {
    constructor(code, message) {
      super(message || code);
      this.code = code;
    }
  }
  window.CustomFunctions = {
    associate(id, fn) {
      if (typeof id === "object") for (const k of Object.keys(id)) functions.set(k.toUpperCase(), id[k]);
      else functions.set(String(id).toUpperCase(), fn);
    },
    Error: CustomFunctionsError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!", nullReference: "#NULL!", invalidName: "#NAME?", invalidReference: "#REF!" },
  };
  let ready;
  window.Office = {
    HostType: { Excel: "Excel" },
    PlatformType: { OfficeOnline: "OfficeOnline" },
    context: {
      officeTheme: { bodyBackgroundColor: "#ffffff", bodyForegroundColor: "#000000" },
      // window.__STANDIN_API__: the highest ExcelApi version this "Excel" supports (default: all).
      requirements: {
        isSetSupported: (name, version) =>
          name !== "ExcelApi" || window.__STANDIN_API__ === undefined || Number(version) <= Number(window.__STANDIN_API__),
      },
      diagnostics: { host: "Excel", platform: "OfficeOnline", version: "stand-in" },
      host: outsideExcel ? null : "Excel",
    },
    onReady(cb) {
      const info = outsideExcel ? { host: null, platform: null } : { host: "Excel", platform: "OfficeOnline" };
      ready = ready || new Promise((r) => setTimeout(() => r(info), 0));
      return ready.then((info) => {
        if (cb) cb(info);
        return info;
      });
    },
    actions: { associate() {} },
    addin: { showAsTaskpane: async () => {}, hide: async () => {} },
  };

  // ---------- test hooks ----------
  function display(x) {
    if (!x || x.v === undefined || x.v === null) return "";
    const v = x.v;
    const nf = x.nf || "General";
    if (typeof v === "number") {
      if (/yy/.test(nf)) return new Date(Math.round((v - 25569) * 86400000)).toISOString().slice(0, 10);
      if (nf === "0%") return Math.round(v * 100) + "%";
      if (nf === "0.0%") return (v * 100).toFixed(1) + "%";
      if (/^0\.0+$/.test(nf)) return v.toFixed(nf.length - 2);
      if (nf === "0") return String(Math.round(v));
      return String(Math.round(v * 10000) / 10000);
    }
    return String(v);
  }
  function chartSvg(sheet, chart) {
    const src = findSheet(chart.source.sheet);
    const rect = parseRef(chart.source.address);
    const data = block(src, rect, (r, c) => cellValue(src, r, c));
    const names = data[0].slice(1);
    const rows = data.slice(1);
    const w = 520;
    const h = 240;
    const pad = 36;
    const ys = rows.flatMap((r) => r.slice(1).filter((v) => typeof v === "number"));
    const max = Math.max(1, ...ys);
    const min = Math.min(0, ...ys);
    const colors = ["#0f6cbd", "#e3008c", "#8a8886", "#8a8886", "#107c10"];
    const lines = names
      .map((name, k) => {
        const pts = rows
          .map((r, i) => (typeof r[k + 1] === "number" ? (pad + (i / Math.max(1, rows.length - 1)) * (w - 2 * pad)).toFixed(1) + "," + (h - pad - ((r[k + 1] - min) / (max - min)) * (h - 2 * pad)).toFixed(1) : null))
          .filter(Boolean)
          .join(" ");
        const dash = chart.lineStyles[k] === "Dash" ? ' stroke-dasharray="5 4"' : "";
        return '<polyline fill="none" stroke-width="2" stroke="' + colors[k % colors.length] + '"' + dash + ' points="' + pts + '"/>';
      })
      .join("");
    const legend = names.map((n, k) => '<tspan fill="' + colors[k % colors.length] + '"> ■ ' + n + "</tspan>").join("");
    return (
      '<figure class="chart"><svg width="' + w + '" height="' + h + '" role="img" aria-label="' + chart.title + '">' +
      '<rect width="100%" height="100%" fill="#fff" stroke="#c8c6c4"/>' +
      '<text x="' + w / 2 + '" y="18" text-anchor="middle" font-size="13" font-weight="600">' + chart.title + "</text>" +
      '<line x1="' + pad + '" y1="' + (h - pad) + '" x2="' + (w - pad) + '" y2="' + (h - pad) + '" stroke="#c8c6c4"/>' +
      lines + '<text x="' + pad + '" y="' + (h - 10) + '" font-size="11">' + legend + "</text></svg></figure>"
    );
  }
  function sheetHtml(name, maxRows, maxCols) {
    const sheet = findSheet(name);
    const used = usedRect(sheet);
    const rows = Math.min(used.rows, maxRows || 25);
    const cols = Math.min(used.cols, maxCols || 12);
    const tableCells = new Set();
    const headerCells = new Set();
    for (const t of sheet.tables) {
      const r = parseRef(t.address);
      for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) (i === 0 ? headerCells : tableCells).add(r.r0 + i + "," + (r.c0 + j));
    }
    let html = '<div class="tabs">' + wb.sheets.filter((s) => s.visibility === "Visible").map((s) => '<span class="tab' + (s.name === name ? " on" : "") + '">' + s.name + "</span>").join("") + "</div>";
    html += '<table class="grid"><tr><th></th>';
    for (let c = 0; c < cols; c++) html += "<th>" + colLetters(c) + "</th>";
    html += "</tr>";
    for (let r = 0; r < rows; r++) {
      html += "<tr><th>" + (r + 1) + "</th>";
      for (let c = 0; c < cols; c++) {
        const x = cell(sheet, r, c);
        const key = r + "," + c;
        const cls = headerCells.has(key) ? "hdr" : tableCells.has(key) ? (r % 2 ? "band" : "tbl") : "";
        const num = x && typeof x.v === "number";
        const title = x && x.f ? ' title="' + x.f.replace(/"/g, "&quot;") + '"' : "";
        html += '<td class="' + cls + (num ? " num" : "") + (x && x.f ? " fx" : "") + '"' + title + ">" + display(x).replace(/</g, "&lt;") + "</td>";
      }
      html += "</tr>";
    }
    html += "</table>";
    if (used.rows > rows) html += '<p class="more">… ' + (used.rows - rows) + " more rows</p>";
    html += sheet.charts.map((c) => chartSvg(sheet, c)).join("");
    return html;
  }

  window.__standin = {
    get workbook() {
      return wb;
    },
    stats,
    failAtSync(n, afterOps) {
      faults.failAt = stats.syncs + n;
      faults.afterOps = afterOps || 0;
    },
    crashAtSync(n) {
      faults.crashFrom = n === null ? null : stats.syncs + n;
    },
    /** Puts the workbook back to a saved state (exportState), in place: the pane keeps running on it. */
    restore(state) {
      const copy = JSON.parse(JSON.stringify(state));
      for (const k of Object.keys(wb)) delete wb[k];
      Object.assign(wb, copy);
    },
    /** Ends an injected crash (the workbook is "reopened"). */
    heal() {
      faults.failAt = null;
      faults.crashFrom = null;
    },
    functions,
    select(sheet, address) {
      wb.active = sheet;
      wb.selection = { sheet, address };
    },
    addSheet(name, values, formats) {
      const sheet = newSheet(name);
      values.forEach((row, r) => row.forEach((v, c) => {
        if (v !== null && v !== "" && v !== undefined) sheet.cells[r + "," + c] = { v };
      }));
      (formats || []).forEach((row, r) => row.forEach((f, c) => {
        if (f) sheet.cells[r + "," + c] = Object.assign(sheet.cells[r + "," + c] || {}, { nf: f });
      }));
      wb.sheets.push(sheet);
      return sheet; // its formula index is built on first use, so formulas a test puts in its cells are found
    },
    sheetNames: () => wb.sheets.map((s) => s.name),
    values(name, address) {
      const sheet = findSheet(name);
      const rect = address ? parseRef(address) : usedRect(sheet);
      return block(sheet, rect, (r, c) => cellValue(sheet, r, c));
    },
    formulas(name, address) {
      const sheet = findSheet(name);
      const rect = address ? parseRef(address) : usedRect(sheet);
      return block(sheet, rect, (r, c) => (cell(sheet, r, c) || {}).f || null);
    },
    sheet: (name) => findSheet(name),
    /** Formulas invoked per task in a recalculation (0: all at once, the default). */
    setInvocationBatch(n) {
      invocationBatch = n;
    },
    /** Blank cells in formula arguments arrive as this value: null, "" or 0. */
    setBlankEncoding(v) {
      blankArg = v;
    },
    /** A formula cell's whole result (the spilled array, or { error, message }), once computed. */
    result(name, address) {
      const ref = parseRef(address);
      const x = cell(findSheet(name), ref.r0, ref.c0);
      return x && x.result !== undefined ? x.result : null;
    },
    recalculate,
    exportState: () => JSON.parse(JSON.stringify(wb)),
    sheetHtml,
  };
})();
