/*
 * Excel stand-in for browser tests: replaces office.js (the tests route its CDN URL here). It implements the part of
 * the Office.js / Excel JavaScript API surface the Trendcast adapter uses, with Excel's batching semantics: proxy
 * objects queue loads and writes, `context.sync()` runs the queue in order, and reading a property that was not
 * loaded and synced throws PropertyNotLoaded, as in Excel. The in-memory workbook (sheets, cells, number formats,
 * tables, charts, custom XML parts, selection) is exposed as `window.__standin` so a test can set a selection,
 * inspect what was written, save the state and reload the page on it (window.__STANDIN_STATE__).
 * Writes are measured per request and refused over 5 MB, like Excel on the web.
 */
/* global window, setTimeout */
(function () {
  "use strict";
  const REQUEST_LIMIT = 5 * 1024 * 1024;

  function newSheet(name) {
    return { name, cells: {}, tables: [], charts: [] };
  }
  const initial = window.__STANDIN_STATE__;
  const wb = initial
    ? JSON.parse(JSON.stringify(initial))
    : { sheets: [newSheet("Sheet1")], active: "Sheet1", selection: { sheet: "Sheet1", address: "A1" }, parts: [], nextId: 1 };
  const stats = { runs: 0, syncs: 0, maxRequestBytes: 0, requestBytes: [], formulaErrors: [] };
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
  function invoke(sheet, r, c, formula) {
    const m = /^=TREND\.(\w+)\((.*)\)$/i.exec(formula);
    const key = r + "," + c;
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
      if (bytes > REQUEST_LIMIT) {
        throw officeError("RequestPayloadSizeLimitExceeded", "The request payload size has exceeded the limit.");
      }
      await new Promise((r) => setTimeout(r, 0));
      for (const op of ops) op();
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
        for (const p of props) {
          if (p.startsWith("items")) this._loaded.set("items", data.items);
          else if (!(p in data)) throw officeError("InvalidArgument", "Unknown property " + p);
          else this._loaded.set(p, data[p]);
        }
      });
      return this;
    }
  }

  class WorkbookProxy {
    constructor(ctx) {
      this.worksheets = new WorksheetCollectionProxy(ctx);
      this.tables = new TableCollectionProxy(ctx, () => wb.sheets.flatMap((s) => s.tables.map((t) => ({ sheet: s, table: t }))));
      this.customXmlParts = new CustomXmlPartsProxy(ctx, null);
      this._ctx = ctx;
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
      super(ctx, resolve, ["name", "position"]);
      this.tables = new TableCollectionProxy(ctx, () => resolve().tables.map((t) => ({ sheet: resolve(), table: t })), resolve);
      this.charts = new ChartCollectionProxy(ctx, resolve);
    }
    _read() {
      const s = this._resolve();
      return { name: s.name, position: wb.sheets.indexOf(s) };
    }
    _set(p, v) {
      if (p !== "name") return super._set(p, v);
      this._ctx.enqueue(() => {
        const s = this._resolve();
        if (wb.active === s.name) wb.active = v;
        s.name = v;
      });
    }
    getRange(address) {
      return new RangeProxy(this._ctx, () => ({ sheet: this._resolve(), rect: parseRef(address) }));
    }
    getRangeByIndexes(r0, c0, rows, cols) {
      return new RangeProxy(this._ctx, () => ({ sheet: this._resolve(), rect: { r0, c0, rows, cols } }));
    }
    getUsedRange() {
      return new RangeProxy(this._ctx, () => ({ sheet: this._resolve(), rect: usedRect(this._resolve()) }));
    }
    activate() {
      this._ctx.enqueue(() => {
        wb.active = this._resolve().name;
      });
    }
    delete() {
      this._ctx.enqueue(() => {
        const s = this._resolve();
        if (wb.sheets.length === 1) throw officeError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
        wb.sheets = wb.sheets.filter((x) => x !== s);
        if (wb.active === s.name) wb.active = wb.sheets[0].name;
      });
    }
  }

  class RangeProxy extends Proxy {
    constructor(ctx, resolve) {
      super(ctx, resolve, ["address", "rowCount", "columnCount", "rowIndex", "columnIndex", "values", "numberFormat", "formulas", "text"]);
      const resolveRange = () => this._resolve();
      this.format = {
        autofitColumns() {
          ctx.enqueue(() => resolveRange());
        },
      };
    }
    _read(props) {
      const { sheet, rect } = this._resolve();
      const out = {
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
  }

  class ChartCollectionProxy {
    constructor(ctx, sheetResolve) {
      this._ctx = ctx;
      this._sheetResolve = sheetResolve;
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
  window.Excel = {
    async run(batch) {
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
      requirements: { isSetSupported: () => true },
      diagnostics: { host: "Excel", platform: "OfficeOnline", version: "stand-in" },
    },
    onReady(cb) {
      ready = ready || new Promise((r) => setTimeout(() => r({ host: "Excel", platform: "OfficeOnline" }), 0));
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
    let html = '<div class="tabs">' + wb.sheets.map((s) => '<span class="tab' + (s.name === name ? " on" : "") + '">' + s.name + "</span>").join("") + "</div>";
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
    workbook: wb,
    stats,
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
      formulaIndex.set(sheet, new Set());
      return sheet;
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
