/*
 * caseqa chat widget: plain modern JavaScript, no build step.
 *
 *   <script src="https://host/widget.js" data-endpoint="https://host" defer></script>
 *
 * adds a chat button and panel to any page, inside a shadow DOM so that the page's
 * styles and the widget's do not touch. Options (data attributes of the script tag):
 *   data-endpoint     the caseqa service (default: where widget.js came from)
 *   data-title        panel title
 *   data-placeholder  text of the empty question box
 *   data-lang         "en" or "zh" (default: the page's lang, else en)
 *   data-doc-ids      comma-separated doc_ids: answer only from these documents
 *   data-open         "true": start with the panel open
 *   data-mode         "page": a full-page chat inside data-container (used by GET /)
 *   data-container    CSS selector of the element that holds the page mode chat
 *
 * Everything that comes from the service or the user is rendered as text (text nodes
 * and textContent), never parsed as HTML.
 */
(() => {
  "use strict";

  const REFUSAL = "The sources do not say."; // qa/answering/base.py REFUSAL
  const MARKER = /\[(\d{1,3})\]/g; // qa/citations.py MARKER

  /** Valid, sorted, non-overlapping [start, end) spans of an answer `length` long. */
  function unsupportedSpans(spans, length) {
    if (!Array.isArray(spans)) return [];
    const ok = spans.filter((s) => Array.isArray(s) && s.length === 2 &&
      Number.isInteger(s[0]) && Number.isInteger(s[1]) && 0 <= s[0] && s[0] < s[1] &&
      s[1] <= length).map((s) => [s[0], s[1]]).sort((a, b) => a[0] - b[0]);
    return ok.filter((s, i) => i === 0 || s[0] >= ok[i - 1][1]);
  }
  const CONTEXT_CHARS = 320; // document text shown on each side of a cited span
  const MAX_HISTORY = 20; // turns sent back; the service keeps the last few anyway
  const MAX_STORED_TURNS = 50;

  const STRINGS = {
    en: {
      launcher: "Ask the sources",
      title: "Ask the case commentary",
      placeholder: "Ask a question about the cases…",
      inputLabel: "Your question",
      hint: "Enter to send · Shift+Enter for a new line",
      send: "Send",
      stop: "Stop",
      newChat: "New conversation",
      close: "Close chat",
      conversation: "Conversation",
      empty: "Ask a question. Every answer cites the passages it comes from; " +
        "select a number to read the source.",
      you: "You",
      assistant: "Answer",
      searching: "Searching the sources…",
      reading: (n) => `Reading ${n} passage${n === 1 ? "" : "s"}…`,
      refusedTitle: "The sources do not say.",
      refusedBody: "No passage in the indexed documents answers this question. " +
        "Try rephrasing it, or ask about something the documents cover.",
      sources: "Sources",
      source: (n, title) => `Source ${n}: ${title}`,
      stopped: "Stopped. The answer above is incomplete.",
      unreachable: (endpoint) => `Could not reach the service at ${endpoint}. ` +
        "It may be stopped or your connection may be down. Try again in a moment.",
      lost: "The connection to the service was lost before the answer was complete.",
      httpError: (status) => `The service answered with an error (${status}):`,
      requestId: (id) => `Request id: ${id}`,
      cutOff: "The answer ended before it was complete.",
      retry: "Try again",
      back: "Back to the answer",
      backToList: "Back",
      wholeDoc: "Whole document",
      passageOnly: "Cited passage only",
      span: (s, e) => `characters ${s}–${e}`,
      pages: (p) => p.length === 1 ? `p. ${p[0]}` : `pp. ${p[0]}–${p[p.length - 1]}`,
      loadingDoc: "Loading the document…",
      docError: (msg) => `Could not load the document: ${msg}`,
      docChanged: "The document has changed since this answer was given: the cited " +
        "words are no longer at these offsets. The quote as cited:",
      documents: "Indexed documents",
      documentsCount: (n) => `Indexed documents (${n})`,
      noDocuments: "No documents are indexed yet.",
      docMeta: (chars, chunks) => `${chars.toLocaleString()} characters · ${chunks} passages`,
      moreDocuments: "Show more documents",
      readDoc: (title) => `Read ${title}`,
      warning: "Note:",
      unsupported: "Not supported by the sources",
      scope: (n) => `Answers come from ${n} selected document${n === 1 ? "" : "s"}.`,
    },
    zh: {
      launcher: "向资料提问",
      title: "案例评析问答",
      placeholder: "就案例提出问题…",
      inputLabel: "您的问题",
      hint: "Enter 发送 · Shift+Enter 换行",
      send: "发送",
      stop: "停止",
      newChat: "新对话",
      close: "关闭",
      conversation: "对话",
      empty: "请提问。每个回答都会标注出处，点击编号即可查看原文。",
      you: "您",
      assistant: "回答",
      searching: "正在检索资料…",
      reading: (n) => `正在阅读 ${n} 个段落…`,
      refusedTitle: "资料中没有相关内容。",
      refusedBody: "已索引的文档中没有段落能回答这个问题。请换一种问法，或询问文档涉及的内容。",
      sources: "出处",
      source: (n, title) => `出处 ${n}：${title}`,
      stopped: "已停止，上面的回答不完整。",
      unreachable: (endpoint) => `无法连接服务 ${endpoint}。服务可能已停止或网络中断，请稍后再试。`,
      lost: "回答完成前与服务的连接中断了。",
      httpError: (status) => `服务返回错误（${status}）：`,
      requestId: (id) => `请求编号：${id}`,
      cutOff: "回答在完成前中断了。",
      retry: "重试",
      back: "返回回答",
      backToList: "返回",
      wholeDoc: "全文",
      passageOnly: "只看引用段落",
      span: (s, e) => `第 ${s}–${e} 字`,
      pages: (p) => p.length === 1 ? `第 ${p[0]} 页` : `第 ${p[0]}–${p[p.length - 1]} 页`,
      loadingDoc: "正在加载文档…",
      docError: (msg) => `无法加载文档：${msg}`,
      docChanged: "自回答以来文档已更改，引用的文字不在原位置。引用原文：",
      documents: "已索引的文档",
      documentsCount: (n) => `已索引的文档（${n}）`,
      noDocuments: "尚未索引任何文档。",
      docMeta: (chars, chunks) => `${chars.toLocaleString()} 字 · ${chunks} 段`,
      moreDocuments: "显示更多文档",
      readDoc: (title) => `阅读 ${title}`,
      warning: "注意：",
      unsupported: "资料中没有依据",
      scope: (n) => `回答仅来自选定的 ${n} 个文档。`,
    },
  };

  // ---------------------------------------------------------------------------------
  // configuration

  function findScript() {
    if (document.currentScript) return document.currentScript;
    const all = document.querySelectorAll("script[src]");
    for (let i = all.length - 1; i >= 0; i--) {
      if (/\/widget\.js(\?|#|$)/.test(all[i].src) && !all[i].dataset.caseqaMounted) {
        return all[i];
      }
    }
    return null;
  }

  function readConfig(script) {
    const data = script ? script.dataset : {};
    const origin = script && script.src ? new URL(script.src, location.href).origin
      : location.origin;
    const endpoint = (data.endpoint || origin).trim().replace(/\/+$/, "");
    const pageLang = (document.documentElement.lang || "").toLowerCase();
    const lang = (data.lang || pageLang || "en").toLowerCase();
    const t = STRINGS[lang.split("-")[0]] || STRINGS.en;
    const docIds = (data.docIds || "").split(",").map((s) => s.trim()).filter(Boolean);
    return {
      endpoint,
      lang,
      t,
      title: data.title || t.title,
      placeholder: data.placeholder || t.placeholder,
      docIds: docIds.length ? docIds : null,
      open: data.open === "true",
      page: data.mode === "page",
      container: data.container || null,
    };
  }

  // ---------------------------------------------------------------------------------
  // DOM helpers: elements are built from text nodes only

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "text") el.textContent = value;
      else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function svgIcon(pathData) {
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.append(path);
    return svg;
  }

  const ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6" +
    "a2 2 0 0 1 2-2z";
  const ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  const ICON_SEND = "M4 12l16-8-6 16-2-6-8-2z";
  const ICON_STOP = "M7 7h10v10H7z";
  const ICON_NEW = "M12 5v14M5 12h14";
  const ICON_BACK = "M15 5l-7 7 7 7";

  // ---------------------------------------------------------------------------------
  // text offsets: the service counts characters (code points), JavaScript UTF-16 units

  function unitOffsets(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) return null; // every character is one unit
    const units = [];
    for (let i = 0; i < text.length;) {
      units.push(i);
      i += text.codePointAt(i) > 0xffff ? 2 : 1;
    }
    units.push(text.length);
    return units;
  }

  function toUnits(doc, offset) {
    if (!doc.units) return Math.min(offset, doc.text.length);
    return doc.units[Math.min(offset, doc.units.length - 1)];
  }

  const BOUNDARY = /[\s。！？；，、.!?;,]/;

  /** Context around [s, e) in UTF-16 units, cut at a space or punctuation when near. */
  function contextBounds(text, s, e) {
    let from = Math.max(0, s - CONTEXT_CHARS);
    let to = Math.min(text.length, e + CONTEXT_CHARS);
    if (from > 0) {
      for (let i = from; i < Math.min(s, from + 80); i++) {
        if (BOUNDARY.test(text[i])) { from = i + 1; break; }
      }
    }
    if (to < text.length) {
      for (let i = to; i > Math.max(e, to - 80); i--) {
        if (BOUNDARY.test(text[i - 1])) { to = i; break; }
      }
    }
    // never split a surrogate pair
    if (from > 0 && /[\uDC00-\uDFFF]/.test(text[from])) from -= 1;
    if (to < text.length && /[\uDC00-\uDFFF]/.test(text[to])) to += 1;
    return [from, to];
  }

  // ---------------------------------------------------------------------------------
  // the service

  class ServiceError extends Error {
    constructor(kind, message, status, requestId) {
      super(message);
      this.kind = kind; // "http" | "unreachable" | "lost" | "cutoff"
      this.status = status || null;
      this.requestId = requestId || null;
    }
  }

  async function errorFromResponse(response) {
    let message = response.statusText || "error";
    let requestId = response.headers.get("x-request-id");
    try {
      const text = await response.text();
      try {
        const body = JSON.parse(text);
        if (body && typeof body.error === "string") message = body.error;
        if (body && body.request_id) requestId = body.request_id;
      } catch (_) {
        if (text.trim()) message = text.trim().slice(0, 500);
      }
    } catch (_) { /* the body could not be read: keep the status text */ }
    return new ServiceError("http", message, response.status, requestId);
  }

  /** Server-sent events from a fetch body: yields {event, data} as they arrive. */
  async function* readEvents(body) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const parse = (block) => {
      let event = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (!line || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? "" : line.slice(colon + 1);
        if (value.startsWith(" ")) value = value.slice(1);
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      return data.length ? { event, data: data.join("\n") } : null;
    };
    for (;;) {
      const { value, done } = await reader.read();
      buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
      // a "\r" at the very end may be the first half of "\r\n": keep it for later
      const held = !done && buffer.endsWith("\r") ? "\r" : "";
      if (held) buffer = buffer.slice(0, -1);
      buffer = buffer.replace(/\r\n?/g, "\n");
      let cut;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const parsed = parse(buffer.slice(0, cut));
        buffer = buffer.slice(cut + 2);
        if (parsed) yield parsed;
      }
      buffer += held;
      if (done) break;
    }
    const last = parse(buffer);
    if (last) yield last;
  }

  function docUrl(endpoint, docId) {
    return `${endpoint}/v1/documents/${docId.split("/").map(encodeURIComponent).join("/")}`;
  }

  // ---------------------------------------------------------------------------------
  // the widget

  class Widget {
    constructor(config) {
      this.config = config;
      this.t = config.t;
      this.turns = [];
      this.open = config.page;
      this.controller = null;
      this.docs = new Map(); // doc_id -> Promise of {doc_id, title, text, units}
      this.views = new Map(); // turn id -> its DOM parts
      this.viewer = null; // what the source viewer shows
      this.storageKey = `caseqa:v1:${config.endpoint}|${(config.docIds || []).join(",")}`;
      this.renderQueued = new Set();
    }

    // -- state ---------------------------------------------------------------------

    restore() {
      let saved = null;
      try {
        saved = JSON.parse(sessionStorage.getItem(this.storageKey) || "null");
      } catch (_) { saved = null; }
      if (saved && Array.isArray(saved.turns)) {
        this.turns = saved.turns.filter((turn) => turn && typeof turn.question === "string");
        for (const turn of this.turns) {
          // a reload in the middle of an answer ends that answer
          if (turn.status === "streaming") turn.status = "stopped";
        }
      }
      if (!this.config.page) {
        this.open = saved && typeof saved.open === "boolean" ? saved.open : this.config.open;
      }
    }

    save() {
      const turns = this.turns.slice(-MAX_STORED_TURNS).map((turn) => ({
        id: turn.id, question: turn.question, answer: turn.answer, refused: turn.refused,
        citations: turn.citations, warnings: turn.warnings, status: turn.status,
        unsupported: turn.unsupported,
        error: turn.error, passages: turn.passages,
      }));
      try {
        sessionStorage.setItem(this.storageKey, JSON.stringify({ turns, open: this.open }));
      } catch (_) { /* storage full or disabled: the conversation lives until reload */ }
    }

    history() {
      const turns = [];
      for (const turn of this.turns) {
        if (turn.status !== "done") continue;
        turns.push({ role: "user", content: turn.question.slice(0, 100000) });
        turns.push({ role: "assistant", content: turn.answer.slice(0, 100000) });
      }
      return turns.slice(-MAX_HISTORY);
    }

    // -- building the DOM ----------------------------------------------------------

    mount() {
      const { config, t } = this;
      this.host = document.createElement("caseqa-widget");
      if (config.page) this.host.setAttribute("data-mode", "page");
      const shadow = this.host.attachShadow({ mode: "open" });
      shadow.append(h("style", { text: CSS }));

      this.live = h("div", { class: "sr-only", "aria-live": "polite", role: "status" });
      this.log = h("div", {
        class: "log", role: "log", "aria-live": "polite", "aria-relevant": "additions text",
        "aria-label": t.conversation, tabindex: "-1",
      });
      this.input = h("textarea", {
        class: "input", id: "caseqa-input", rows: "1", placeholder: config.placeholder,
        "aria-label": t.inputLabel, "aria-describedby": "caseqa-hint", maxlength: "2000",
        autocomplete: "off", enterkeyhint: "send",
        onkeydown: (e) => this.onInputKey(e), oninput: () => this.autosize(),
      });
      this.sendButton = h("button", { class: "send", type: "submit", "aria-label": t.send,
        title: t.send }, svgIcon(ICON_SEND));
      this.stopButton = h("button", { class: "stop", type: "button", hidden: true,
        "aria-label": t.stop, onclick: () => this.stop() }, svgIcon(ICON_STOP),
        h("span", { text: t.stop }));
      this.form = h("form", { class: "composer", onsubmit: (e) => this.onSubmit(e) },
        this.input, this.stopButton, this.sendButton,
        h("p", { class: "hint", id: "caseqa-hint", text: t.hint }));

      const titleId = "caseqa-title";
      // the floating panel is narrow: there the button shows only its icon
      this.newButton = h("button", { class: "ghost new", type: "button", title: t.newChat,
        "aria-label": t.newChat, onclick: () => this.reset() }, svgIcon(ICON_NEW),
      config.page ? h("span", { text: t.newChat, "aria-hidden": "true" }) : null);
      const headerButtons = [this.newButton];
      if (!config.page) {
        headerButtons.push(h("button", { class: "ghost icon close", type: "button",
          "aria-label": t.close, title: t.close, onclick: () => this.setOpen(false) },
        svgIcon(ICON_CLOSE)));
      }
      const scopeNote = config.docIds
        ? h("p", { class: "scope", text: t.scope(config.docIds.length) }) : null;
      this.viewerEl = h("section", { class: "viewer", hidden: true,
        "aria-labelledby": "caseqa-viewer-title", id: "caseqa-viewer" });
      this.chat = h("div", { class: "chat" }, this.log, this.form);
      this.panel = h("section", { class: "panel", id: "caseqa-panel",
        "aria-labelledby": titleId, role: config.page ? "region" : "dialog" },
      h("header", { class: "head" },
        h("h2", { class: "title", id: titleId, text: config.title }), ...headerButtons),
      scopeNote,
      h("div", { class: "body" }, this.chat, this.viewerEl));

      this.root = h("div", { class: `root ${config.page ? "page" : "floating"}`,
        lang: config.lang, onkeydown: (e) => this.onKey(e) });
      if (config.page) {
        this.docList = h("div", { class: "doclist" });
        this.docsSummary = h("summary", { text: t.documents });
        this.docsBox = h("details", { class: "docs", open: true }, this.docsSummary,
          this.docList);
        append(this.root, [h("div", { class: "layout" }, this.docsBox, this.panel)]);
      } else {
        this.launcher = h("button", { class: "launcher", type: "button",
          "aria-controls": "caseqa-panel", "aria-expanded": "false",
          onclick: () => this.setOpen(true) }, svgIcon(ICON_CHAT),
        h("span", { text: t.launcher }));
        append(this.root, [this.launcher, this.panel]);
      }
      append(this.root, [this.live]);
      shadow.append(this.root);

      const container = config.container && document.querySelector(config.container);
      (container || document.body).append(this.host);
      if (config.page && window.matchMedia("(max-width: 799px)").matches) {
        this.docsBox.open = false;
      }
      this.renderAll();
      this.setOpen(this.open, { focus: false });
      if (config.page) this.loadDocuments(0);
    }

    setOpen(open, { focus = true } = {}) {
      this.open = open;
      if (!this.config.page) {
        this.panel.hidden = !open;
        this.launcher.hidden = open;
        this.launcher.setAttribute("aria-expanded", String(open));
        if (focus) (open ? this.input : this.launcher).focus();
        this.save();
      }
      if (open) this.scrollToEnd();
    }

    autosize() {
      if (!this.input.value) { // a wrapped placeholder must not grow the box
        this.input.style.height = "";
        return;
      }
      this.input.style.height = "auto";
      this.input.style.height = `${Math.min(this.input.scrollHeight, 160)}px`;
    }

    scrollToEnd() {
      this.log.scrollTop = this.log.scrollHeight;
    }

    atEnd() {
      const log = this.log;
      return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
    }

    /** Render a turn; if the reader was at the end, follow the answer down, but never
     * so far that its question scrolls out of view. */
    renderFollowing(turn) {
      const follow = this.atEnd();
      this.render(turn);
      const view = this.views.get(turn.id);
      if (!follow || !view) return;
      const log = this.log;
      log.scrollTop = Math.min(log.scrollHeight - log.clientHeight,
        view.question.offsetTop - 8);
    }

    // -- events --------------------------------------------------------------------

    onKey(event) {
      if (event.key !== "Escape") return;
      if (this.viewer) {
        event.preventDefault();
        this.closeViewer();
      } else if (!this.config.page && this.open) {
        event.preventDefault();
        this.setOpen(false);
      }
    }

    onInputKey(event) {
      // isComposing: Enter that confirms an IME (e.g. pinyin) candidate must not send
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.form.requestSubmit();
      }
    }

    onSubmit(event) {
      event.preventDefault();
      const question = this.input.value.trim();
      if (!question || this.controller) return;
      this.input.value = "";
      this.autosize();
      this.ask(question);
    }

    stop() {
      if (this.controller) this.controller.abort();
    }

    reset() {
      this.stop();
      this.turns = [];
      this.views.clear();
      this.closeViewer({ focus: false });
      this.save();
      this.renderAll();
      this.input.focus();
    }

    // -- asking --------------------------------------------------------------------

    async ask(question) {
      const history = this.history();
      const turn = { id: `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
        question, answer: "", refused: false, citations: [], warnings: [],
        status: "streaming", error: null, passages: null };
      this.turns.push(turn);
      this.save();
      const controller = new AbortController();
      this.controller = controller;
      this.setBusy(true);
      this.renderAll();
      this.announce(this.t.searching);
      this.scrollToEnd();

      const body = { question, history };
      if (this.config.docIds) body.doc_ids = this.config.docIds;
      let response = null;
      try {
        try {
          response = await fetch(`${this.config.endpoint}/v1/ask`, {
            method: "POST", mode: "cors", credentials: "omit", signal: controller.signal,
            headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
            body: JSON.stringify(body),
          });
        } catch (err) {
          if (controller.signal.aborted) throw err;
          throw new ServiceError("unreachable", this.t.unreachable(this.config.endpoint));
        }
        if (!response.ok) throw await errorFromResponse(response);
        await this.consume(turn, response, controller);
      } catch (err) {
        if (controller.signal.aborted) {
          turn.status = "stopped";
        } else {
          turn.status = "error";
          turn.error = err instanceof ServiceError
            ? { kind: err.kind, message: err.message, status: err.status,
              requestId: err.requestId }
            : { kind: "lost", message: this.t.lost };
        }
      } finally {
        if (this.controller === controller) this.controller = null;
        this.setBusy(false);
        this.save();
        this.renderFollowing(turn);
      }
    }

    async consume(turn, response, controller) {
      const type = response.headers.get("content-type") || "";
      if (!type.includes("text/event-stream")) {
        this.finish(turn, await response.json()); // a proxy that dropped the stream
        return;
      }
      let done = false;
      try {
        for await (const { event, data } of readEvents(response.body)) {
          const value = JSON.parse(data);
          if (event === "passages") {
            turn.passages = Array.isArray(value) ? value.length : 0;
          } else if (event === "delta") {
            turn.answer += String(value);
          } else if (event === "citations") {
            turn.citations = sanitizeCitations(value);
          } else if (event === "done") {
            this.finish(turn, value);
            done = true;
          } else if (event === "error") {
            throw new ServiceError("http", String(value.error || "error"),
              value.status_code, value.request_id);
          }
          this.queueRender(turn);
        }
      } catch (err) {
        if (err instanceof ServiceError || controller.signal.aborted) throw err;
        throw new ServiceError("lost", this.t.lost);
      }
      if (!done) throw new ServiceError("cutoff", this.t.cutOff);
    }

    finish(turn, answer) {
      turn.answer = String(answer.answer || "");
      turn.refused = Boolean(answer.refused);
      turn.citations = sanitizeCitations(answer.citations);
      turn.warnings = Array.isArray(answer.warnings) ? answer.warnings.map(String) : [];
      turn.unsupported = unsupportedSpans(answer.unsupported, turn.answer.length);
      turn.status = "done";
    }

    setBusy(busy) {
      // the stop button disappears with the stream: keep the keyboard where it was
      const stopHadFocus = this.root.getRootNode().activeElement === this.stopButton;
      this.log.setAttribute("aria-busy", String(busy));
      this.stopButton.hidden = !busy;
      this.sendButton.disabled = busy;
      if (!busy && stopHadFocus) this.input.focus();
    }

    /** Say a status once; the answer itself is read from the log when it is complete
     * (the log is aria-busy while the answer streams in). */
    announce(text) {
      this.live.textContent = "";
      // a fresh text node so the same words are announced again
      setTimeout(() => { this.live.textContent = text; }, 30);
    }

    // -- rendering the conversation ------------------------------------------------

    queueRender(turn) {
      if (this.renderQueued.has(turn.id)) return;
      this.renderQueued.add(turn.id);
      requestAnimationFrame(() => {
        this.renderQueued.delete(turn.id);
        this.renderFollowing(turn);
      });
    }

    renderAll() {
      this.views.clear();
      if (!this.turns.length) {
        this.log.replaceChildren(h("p", { class: "empty", text: this.t.empty }));
        return;
      }
      this.log.replaceChildren();
      for (const turn of this.turns) {
        const question = h("div", { class: "msg user" },
          h("span", { class: "sr-only", text: `${this.t.you}: ` }),
          h("p", { class: "bubble", text: turn.question }));
        const answer = h("article", { class: "msg bot", "aria-label": this.t.assistant,
          "data-turn": turn.id });
        this.views.set(turn.id, { question, answer });
        this.log.append(question, answer);
        this.render(turn);
      }
    }

    render(turn) {
      const view = this.views.get(turn.id);
      if (!view) return;
      const el = view.answer;
      const t = this.t;
      const parts = [];
      const streaming = turn.status === "streaming";
      const refusal = turn.refused || (streaming && turn.answer.trim() === REFUSAL);
      if (streaming && !turn.answer) {
        parts.push(h("p", { class: "waiting" }, h("span", { class: "dots",
          "aria-hidden": "true" }, h("i"), h("i"), h("i")),
        turn.passages === null ? t.searching : t.reading(turn.passages)));
      }
      if (refusal) {
        parts.push(h("div", { class: "refusal", role: "note" },
          h("span", { class: "refusal-icon", "aria-hidden": "true", text: "∅" }),
          h("div", {}, h("p", { class: "refusal-title", text: t.refusedTitle }),
            h("p", { class: "refusal-body", text: t.refusedBody }),
            turn.answer.trim() && turn.answer.trim() !== REFUSAL
              ? h("p", { class: "answer", text: turn.answer }) : null)));
      } else if (turn.answer) {
        parts.push(this.renderAnswer(turn));
      }
      if (!refusal && turn.citations.length) parts.push(this.renderSources(turn));
      for (const warning of turn.warnings) {
        parts.push(h("p", { class: "warning" }, h("strong", { text: `${t.warning} ` }),
          warning));
      }
      if (turn.status === "stopped") {
        parts.push(h("p", { class: "stopped", text: t.stopped }));
      } else if (turn.status === "error") {
        parts.push(this.renderError(turn));
      }
      el.dataset.status = turn.status;
      el.replaceChildren(...parts);
    }

    renderAnswer(turn) {
      const p = h("p", { class: "answer" });
      // sentences no source supports (the API's `unsupported` spans) are shown as such
      let last = 0;
      for (const [start, end] of unsupportedSpans(turn.unsupported, turn.answer.length)) {
        this.appendCited(p, turn, turn.answer.slice(last, start));
        const span = h("span", { class: "unsupported", title: this.t.unsupported });
        span.append(h("span", { class: "sr-only", text: `${this.t.unsupported}: ` }));
        this.appendCited(span, turn, turn.answer.slice(start, end));
        p.append(span);
        last = end;
      }
      this.appendCited(p, turn, turn.answer.slice(last));
      return p;
    }

    /** Append answer text to `p`, each [n] as the button that opens citation n. */
    appendCited(p, turn, text) {
      const byN = new Map(turn.citations.map((c) => [c.n, c]));
      let last = 0;
      for (const match of text.matchAll(MARKER)) {
        p.append(document.createTextNode(text.slice(last, match.index)));
        const citation = byN.get(Number(match[1]));
        if (citation) {
          p.append(this.citeButton(citation, "cite"));
        } else if (turn.status === "streaming") {
          p.append(h("span", { class: "cite pending", text: match[1] }));
        } else {
          p.append(document.createTextNode(match[0]));
        }
        last = match.index + match[0].length;
      }
      p.append(document.createTextNode(text.slice(last)));
    }

    citeButton(citation, className, ...content) {
      return h("button", {
        class: className, type: "button", "aria-label": this.t.source(citation.n, citation.title),
        "aria-controls": "caseqa-viewer", "data-n": citation.n,
        onclick: (e) => this.openCitation(citation, e.currentTarget),
      }, content.length ? content : String(citation.n));
    }

    renderSources(turn) {
      const items = [...turn.citations].sort((a, b) => a.n - b.n).map((c) => {
        const quote = c.quote.length > 160 ? `${c.quote.slice(0, 157).trimEnd()}…` : c.quote;
        return h("li", {}, this.citeButton(c, "source",
          h("span", { class: "source-n", "aria-hidden": "true", text: String(c.n) }),
          h("span", { class: "source-text" },
            h("span", { class: "source-title", text: c.title }),
            h("span", { class: "source-quote", text: `“${quote}”` },
              c.pages?.length ? h("span", { class: "source-pages", text: ` ${this.t.pages(c.pages)}` })
                : null))));
      });
      return h("section", { class: "sources", "aria-label": this.t.sources },
        h("h3", { text: this.t.sources }), h("ol", {}, items));
    }

    renderError(turn) {
      const t = this.t;
      const error = turn.error || { message: t.lost };
      const lines = [];
      if (error.kind === "http") {
        lines.push(h("p", { class: "error-title", text: t.httpError(error.status || "?") }));
        lines.push(h("p", { class: "error-message", text: error.message }));
      } else {
        lines.push(h("p", { class: "error-message", text: error.message }));
      }
      if (error.requestId) {
        lines.push(h("p", { class: "error-id", text: t.requestId(error.requestId) }));
      }
      lines.push(h("button", { class: "retry", type: "button",
        onclick: () => this.retry(turn) }, t.retry));
      return h("div", { class: "error", role: "alert" }, lines);
    }

    retry(turn) {
      if (this.controller) return;
      this.turns = this.turns.filter((x) => x !== turn);
      this.ask(turn.question);
    }

    // -- the source viewer ---------------------------------------------------------

    fetchDocument(docId) {
      if (!this.docs.has(docId)) {
        const promise = (async () => {
          let response;
          try {
            response = await fetch(docUrl(this.config.endpoint, docId),
              { mode: "cors", credentials: "omit", headers: { Accept: "application/json" } });
          } catch (_) {
            throw new ServiceError("unreachable", this.t.unreachable(this.config.endpoint));
          }
          if (!response.ok) throw await errorFromResponse(response);
          const doc = await response.json();
          doc.text = String(doc.text || "");
          doc.units = unitOffsets(doc.text);
          return doc;
        })();
        promise.catch(() => this.docs.delete(docId));
        this.docs.set(docId, promise);
      }
      return this.docs.get(docId);
    }

    openCitation(citation, trigger) {
      this.showViewer({ citation, docId: citation.doc_id, title: citation.title,
        whole: false, trigger });
    }

    openDocument(info, trigger) {
      this.showViewer({ citation: null, docId: info.doc_id, title: info.title,
        whole: true, trigger });
    }

    async showViewer(view) {
      const t = this.t;
      let doc = null;
      this.viewer = view;
      this.chat.inert = true;
      if (this.docList) this.docList.inert = true;
      const heading = h("h3", { class: "viewer-title", id: "caseqa-viewer-title",
        tabindex: "-1", text: view.title });
      const meta = h("p", { class: "viewer-meta" }, view.docId,
        view.citation ? ` · ${t.span(view.citation.start, view.citation.end)}` : "",
        view.citation?.pages?.length ? ` · ${t.pages(view.citation.pages)}` : "");
      const text = h("div", { class: "viewer-text", tabindex: "0", role: "document",
        "aria-label": view.title, "aria-busy": "true" }, h("p", { class: "waiting",
        text: t.loadingDoc }));
      const toggle = view.citation ? h("button", { class: "ghost toggle", type: "button",
        hidden: true, "aria-expanded": String(view.whole),
        onclick: () => { view.whole = !view.whole; this.fillViewer(view, doc, text, toggle); },
      }, view.whole ? t.passageOnly : t.wholeDoc) : null;
      this.viewerEl.replaceChildren(
        h("div", { class: "viewer-bar" }, h("button", { class: "ghost back", type: "button",
          onclick: () => this.closeViewer() }, svgIcon(ICON_BACK),
        h("span", { text: view.citation ? t.back : t.backToList })), toggle),
        heading, meta, text);
      this.viewerEl.hidden = false;
      heading.focus();
      try {
        doc = await this.fetchDocument(view.docId);
      } catch (err) {
        if (this.viewer !== view) return;
        text.replaceChildren(h("p", { class: "error", role: "alert",
          text: t.docError(err.message) }));
        text.setAttribute("aria-busy", "false");
        return;
      }
      if (this.viewer !== view) return;
      if (toggle) toggle.hidden = false;
      this.fillViewer(view, doc, text, toggle);
    }

    fillViewer(view, doc, box, toggle) {
      const t = this.t;
      box.setAttribute("aria-busy", "false");
      if (toggle) {
        toggle.textContent = view.whole ? t.passageOnly : t.wholeDoc;
        toggle.setAttribute("aria-expanded", String(view.whole));
      }
      const c = view.citation;
      if (!c) {
        box.replaceChildren(h("p", { class: "doc-text", text: doc.text }));
        box.scrollTop = 0;
        return;
      }
      const s = toUnits(doc, c.start);
      const e = toUnits(doc, c.end);
      const cited = doc.text.slice(s, e);
      // The answer itself, inside the cited sentence, stands out within the highlight.
      const hasAnswer = Number.isInteger(c.answer_start) && Number.isInteger(c.answer_end)
        && c.start <= c.answer_start && c.answer_start < c.answer_end && c.answer_end <= c.end;
      const as = hasAnswer ? toUnits(doc, c.answer_start) : s;
      const ae = hasAnswer ? toUnits(doc, c.answer_end) : s;
      const mark = hasAnswer
        ? h("mark", {}, doc.text.slice(s, as),
          h("strong", { class: "answer-span", text: doc.text.slice(as, ae) }),
          doc.text.slice(ae, e))
        : h("mark", { text: cited });
      const parts = [];
      if (cited !== c.quote) {
        parts.push(h("p", { class: "warning", text: t.docChanged }),
          h("blockquote", { class: "doc-text", text: c.quote }));
      }
      const [from, to] = view.whole ? [0, doc.text.length] : contextBounds(doc.text, s, e);
      const before = doc.text.slice(from, s);
      const after = doc.text.slice(e, to);
      parts.push(h("p", { class: "doc-text" },
        from > 0 ? `… ${before.trimStart()}` : before, mark,
        to < doc.text.length ? `${after.trimEnd()} …` : after));
      box.replaceChildren(...parts);
      // show the cited span from its first line, with some text above it when there is
      // room; scrolling the box, never the page
      const fits = mark.offsetTop + mark.offsetHeight <= box.clientHeight - 16;
      box.scrollTop = fits ? 0 : Math.max(0, mark.offsetTop - box.clientHeight / 4);
    }

    closeViewer({ focus = true } = {}) {
      const view = this.viewer;
      this.viewer = null;
      this.viewerEl.hidden = true;
      this.viewerEl.replaceChildren();
      this.chat.inert = false;
      if (this.docList) this.docList.inert = false;
      if (!focus) return;
      const trigger = view && view.trigger;
      if (trigger && trigger.isConnected) trigger.focus();
      else this.input.focus();
    }

    // -- the document list (page mode) ---------------------------------------------

    async loadDocuments(offset) {
      const t = this.t;
      const more = this.docList.querySelector(".more");
      if (more) more.remove();
      let page;
      try {
        const response = await fetch(`${this.config.endpoint}/v1/documents?limit=100&offset=${
          offset}`, { mode: "cors", credentials: "omit" });
        if (!response.ok) throw await errorFromResponse(response);
        page = await response.json();
      } catch (err) {
        const message = err instanceof ServiceError ? err.message
          : t.unreachable(this.config.endpoint);
        this.docList.append(h("p", { class: "error", role: "alert", text: message }));
        return;
      }
      this.docsSummary.textContent = t.documentsCount(page.total);
      if (!page.total) {
        this.docList.replaceChildren(h("p", { class: "empty", text: t.noDocuments }));
        return;
      }
      let list = this.docList.querySelector("ul");
      if (!list) {
        list = h("ul", {});
        this.docList.append(list);
      }
      for (const doc of page.documents) {
        list.append(h("li", {}, h("button", { class: "doc", type: "button",
          "aria-label": t.readDoc(doc.title), onclick: (e) => this.openDocument(doc,
            e.currentTarget) }, h("span", { class: "doc-title", text: doc.title }),
        h("span", { class: "doc-meta", text: t.docMeta(doc.chars, doc.chunks) }))));
      }
      const next = offset + page.documents.length;
      if (next < page.total) {
        this.docList.append(h("button", { class: "ghost more", type: "button",
          onclick: () => this.loadDocuments(next) }, t.moreDocuments));
      }
    }
  }

  function sanitizeCitations(value) {
    if (!Array.isArray(value)) return [];
    return value.filter((c) => c && Number.isInteger(c.n)).map((c) => ({
      n: c.n, doc_id: String(c.doc_id), title: String(c.title ?? c.doc_id),
      start: Number(c.start) || 0, end: Number(c.end) || 0, quote: String(c.quote ?? ""),
      answer_start: Number.isInteger(c.answer_start) ? c.answer_start : null,
      answer_end: Number.isInteger(c.answer_end) ? c.answer_end : null,
      pages: Array.isArray(c.pages) ? c.pages.filter(Number.isInteger) : [],
    }));
  }

  // ---------------------------------------------------------------------------------
  // styles: all inside the shadow root; the page's styles cannot reach in

  const CSS = `
:host { all: initial; }
:host([data-mode="page"]) { display: block; height: 100%; }
.root {
  all: initial;
  --accent: #1d4f91; --accent-ink: #ffffff; --ink: #1b1f24; --muted: #57606a;
  --line: #d6dbe1; --paper: #ffffff; --soft: #f4f6f8; --mark: #ffe27a;
  --refusal: #fff6e0; --refusal-line: #b7791f; --error: #fdecea; --error-line: #b42318;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
    "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
  color: var(--ink); text-align: left; letter-spacing: normal; text-transform: none;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
button:focus-visible, textarea:focus-visible, [tabindex]:focus-visible, summary:focus-visible {
  outline: 3px solid #5b9bf0; outline-offset: 2px; }
svg { width: 18px; height: 18px; flex: none; fill: none; stroke: currentColor;
  stroke-width: 2; stroke-linecap: round; stroke-linejoin: round; }
p { margin: 0; }

.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px; padding: 12px 18px;
  border: 0; border-radius: 999px; background: var(--accent); color: var(--accent-ink);
  font-weight: 600; box-shadow: 0 6px 20px rgba(15, 30, 60, .28); }
.launcher:hover { background: #163f75; }

.floating .panel { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 400px; height: min(640px, calc(100vh - 40px)); max-height: calc(100dvh - 40px);
  border: 1px solid var(--line); border-radius: 14px; box-shadow: 0 12px 40px rgba(15, 30, 60, .25); }
.panel { display: flex; flex-direction: column; background: var(--paper); overflow: hidden;
  min-height: 0; }
.head { display: flex; align-items: center; gap: 6px; padding: 10px 10px 10px 16px;
  background: var(--accent); color: var(--accent-ink); }
.title { flex: 1; margin: 0; font-size: 16px; font-weight: 650; line-height: 1.3;
  overflow: hidden; overflow-wrap: anywhere; display: -webkit-box; -webkit-box-orient: vertical;
  -webkit-line-clamp: 2; }
.ghost { display: inline-flex; align-items: center; gap: 6px; padding: 6px 10px;
  border: 1px solid transparent; border-radius: 8px; background: transparent;
  font-size: 13px; }
.head .ghost { color: var(--accent-ink); border-color: rgba(255,255,255,.35); }
.head .ghost:hover { background: rgba(255,255,255,.14); }
.head .icon, .floating .new { padding: 6px; }
.scope { padding: 6px 16px; font-size: 13px; color: var(--muted); background: var(--soft);
  border-bottom: 1px solid var(--line); }
.body { position: relative; flex: 1; min-height: 0; display: flex; }
.chat { flex: 1; display: flex; flex-direction: column; min-width: 0; min-height: 0; }
.log { position: relative; flex: 1; overflow-y: auto; padding: 16px; display: flex; flex-direction: column;
  gap: 12px; overscroll-behavior: contain; }
.log:focus { outline: none; }
.empty { color: var(--muted); margin: auto 8px; text-align: center; }

.msg.user { align-self: flex-end; max-width: 85%; }
.msg.user .bubble { background: var(--accent); color: var(--accent-ink); padding: 8px 12px;
  border-radius: 14px 14px 4px 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg.bot { align-self: stretch; background: var(--soft); border: 1px solid var(--line);
  border-radius: 14px 14px 14px 4px; padding: 10px 12px; display: flex;
  flex-direction: column; gap: 10px; }
.answer { white-space: pre-wrap; overflow-wrap: anywhere; }
.cite { display: inline-flex; align-items: center; justify-content: center;
  min-width: 1.6em; height: 1.45em; margin: 0 2px; padding: 0 5px; vertical-align: 0.1em;
  border: 1px solid var(--accent); border-radius: 6px; background: #e8f0fb;
  color: var(--accent); font-size: 12px; font-weight: 700; line-height: 1; }
.cite:hover { background: var(--accent); color: var(--accent-ink); }
.cite.pending { opacity: .6; }
.waiting { display: flex; align-items: center; gap: 10px; color: var(--muted); }
.dots { display: inline-flex; gap: 4px; }
.dots i { width: 7px; height: 7px; border-radius: 50%; background: var(--accent);
  animation: caseqa-blink 1.2s infinite ease-in-out both; }
.dots i:nth-child(2) { animation-delay: .2s; }
.dots i:nth-child(3) { animation-delay: .4s; }
@keyframes caseqa-blink { 0%, 80%, 100% { opacity: .2; transform: scale(.8); }
  40% { opacity: 1; transform: scale(1); } }
@media (prefers-reduced-motion: reduce) { .dots i { animation: none; opacity: .7; } }

.refusal { display: flex; gap: 10px; padding: 10px 12px; border-left: 4px solid var(--refusal-line);
  background: var(--refusal); border-radius: 6px; }
.refusal-icon { font-size: 20px; line-height: 1.2; color: var(--refusal-line); font-weight: 700; }
.refusal-title { font-weight: 700; color: #7a4a00; }
.refusal-body { font-size: 13.5px; color: #5c4a2a; margin-top: 2px; }

.sources h3 { margin: 0 0 6px; font-size: 12px; font-weight: 700; text-transform: uppercase;
  letter-spacing: .06em; color: var(--muted); }
.sources ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column;
  gap: 6px; }
.source { display: flex; gap: 10px; width: 100%; padding: 8px 10px; text-align: left;
  border: 1px solid var(--line); border-radius: 10px; background: var(--paper); }
.source:hover { border-color: var(--accent); }
.source-n { flex: none; display: inline-flex; align-items: center; justify-content: center;
  width: 22px; height: 22px; border-radius: 6px; background: var(--accent);
  color: var(--accent-ink); font-size: 12px; font-weight: 700; }
.source-text { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.source-title { font-weight: 600; font-size: 13.5px; }
.source-quote { font-size: 13px; color: var(--muted); overflow-wrap: anywhere; }
.source-pages { white-space: nowrap; font-weight: 600; }
.warning { font-size: 13px; color: #6b5200; }
.unsupported { background: #fdecea; text-decoration: underline dotted #a4262c; }
.stopped { font-size: 13px; color: var(--muted); font-style: italic; }
.error { padding: 10px 12px; border-left: 4px solid var(--error-line); background: var(--error);
  border-radius: 6px; color: #7a1a12; display: flex; flex-direction: column; gap: 4px;
  overflow-wrap: anywhere; }
.error-title { font-weight: 700; }
.error-id { font-size: 12px; color: #7a4a44; }
.retry { align-self: flex-start; margin-top: 4px; padding: 4px 12px; border-radius: 8px;
  border: 1px solid var(--error-line); background: var(--paper); color: var(--error-line); }

.composer { display: grid; grid-template-columns: 1fr auto auto; gap: 8px; align-items: end;
  padding: 10px 12px 8px; border-top: 1px solid var(--line); background: var(--paper); }
.input { width: 100%; min-height: 42px; max-height: 160px; resize: none; padding: 9px 12px;
  border: 1px solid #aeb6bf; border-radius: 10px; background: var(--paper); font-size: 16px;
  line-height: 1.4; }
.input::placeholder { color: #6e7781; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.send, .stop { display: inline-flex; align-items: center; justify-content: center; gap: 6px;
  height: 42px; min-width: 42px; padding: 0 12px; border-radius: 10px; border: 0;
  background: var(--accent); color: var(--accent-ink); }
.send:disabled { opacity: .45; cursor: default; }
.stop { background: #fff; color: var(--error-line); border: 1px solid var(--error-line); }
.hint { grid-column: 1 / -1; font-size: 12px; color: var(--muted); }

.viewer { position: absolute; inset: 0; display: flex; flex-direction: column; gap: 6px;
  padding: 10px 16px 14px; background: var(--paper); overflow: hidden; }
.viewer-bar { display: flex; flex-wrap: wrap; gap: 8px; justify-content: space-between; }
.viewer .ghost { color: var(--accent); border-color: var(--line); }
.viewer .ghost:hover { background: var(--soft); }
.viewer-title { margin: 4px 0 0; font-size: 16px; line-height: 1.35; }
.viewer-title:focus { outline: none; }
.viewer-meta { font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.viewer-text { position: relative; flex: 1; min-height: 0; overflow-y: auto; padding: 12px 14px;
  border: 1px solid var(--line); border-radius: 10px; background: #fbfbfa; }
.doc-text { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.65; }
blockquote.doc-text { margin: 6px 0 12px; padding-left: 10px; border-left: 3px solid var(--line); }
mark .answer-span { font-weight: 700; text-decoration: underline; }
mark { background: var(--mark); color: inherit; padding: 1px 0; border-radius: 2px;
  box-shadow: 0 0 0 2px var(--mark); }

.page { display: block; height: 100%; }
.page .layout { display: grid; grid-template-columns: 280px 1fr; gap: 16px; height: 100%;
  min-height: 0; }
.page .panel { border: 1px solid var(--line); border-radius: 14px; min-height: 0; }
.docs { border: 1px solid var(--line); border-radius: 14px; background: var(--paper);
  padding: 10px 12px; overflow-y: auto; min-height: 0; }
.docs summary { font-weight: 650; cursor: pointer; padding: 2px 0 6px; }
.docs ul { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column;
  gap: 6px; }
.doc { display: flex; flex-direction: column; gap: 2px; width: 100%; padding: 8px 10px;
  text-align: left; border: 1px solid var(--line); border-radius: 10px; background: var(--soft); }
.doc:hover { border-color: var(--accent); }
.doc-title { font-weight: 600; font-size: 13.5px; overflow-wrap: anywhere; }
.doc-meta { font-size: 12px; color: var(--muted); }
.more { margin-top: 8px; color: var(--accent); border-color: var(--line); }

@media (max-width: 799px) {
  .page .layout { grid-template-columns: 1fr; grid-template-rows: auto 1fr; gap: 8px; }
  .docs { max-height: 40vh; }
}
@media (max-width: 480px) {
  .floating .panel { inset: 0; width: 100%; height: 100%; max-height: none;
    border-radius: 0; border: 0; }
  .launcher { right: 12px; bottom: 12px; }
  .new span { display: none; }
  .msg.user { max-width: 92%; }
  .log { padding: 12px; }
  .page .panel { border-radius: 10px; }
}
`;

  // ---------------------------------------------------------------------------------

  function start() {
    const script = findScript();
    if (script) {
      if (script.dataset.caseqaMounted) return;
      script.dataset.caseqaMounted = "true";
    }
    const widget = new Widget(readConfig(script));
    const mount = () => {
      widget.restore();
      widget.mount();
    };
    if (document.body) mount();
    else document.addEventListener("DOMContentLoaded", mount, { once: true });
  }

  start();
})();
