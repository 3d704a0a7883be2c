/*
 * commons-atlas loader: defines the <commons-atlas> element. A partner page includes it with
 *
 *   <script src="https://…/atlas/atlas.js" defer></script>
 *   <commons-atlas lang="fr" site="citego"></commons-atlas>
 *
 * Attributes and theming: docs/EMBEDDING.md. This file defines no global name besides the
 * element, blocks nothing, and never throws into the page: whatever fails is said inside the
 * element. The widget itself (wasm-bindgen glue and wasm, next to this file) is fetched once per
 * page, on the first element, with streaming compilation. `cargo xtask dist` replaces the
 * version placeholder below with a hash of the glue and the wasm, so that a new release is never
 * mixed with a visitor's cached copy of the previous one.
 *
 * The first visit: before the wasm has arrived (about 250 KB), the loader draws the widget's frame
 * itself, with its real stylesheet (which `dist` writes below, and hands to the widget): the
 * heading and a search field that takes typing at once. Meanwhile it fetches the index's entry
 * and the manifest and facets the entry names, so that they arrive while the wasm compiles
 * rather than after. When the widget mounts, it gets what the visitor typed, the caret, and
 * those bodies; it draws the same frame in the same place, so nothing moves.
 */
(function () {
  "use strict";

  var NAME = "commons-atlas";
  var VERSION = "__ATLAS_VERSION__";
  /* The widget's stylesheet (src/ui/atlas.css, shrunk) and the frame's words in each interface
   * language (from src/ui/i18n.rs), both written here by `cargo xtask dist`. */
  var CSS = /*__ATLAS_CSS__*/ "";
  var FRAME = /*__ATLAS_FRAME__*/ {};
  var LANGUAGES = ["fr", "en", "es", "pt"];
  /* The messages, written with \u escapes for every non-ASCII letter: a host may serve this file
   * without a charset to a page without one, and the browser would then read UTF-8 bytes as
   * windows-1252 ("Lâ€™atlas"). Escaped, they read the same in any encoding. */
  var TEXT = {
    fr: {
      loading: "Chargement de l\u2019atlas des communs\u2026",
      failed: "L\u2019atlas des communs n\u2019a pas pu se charger : ",
      wasm: "ce navigateur ne sait pas ex\u00e9cuter WebAssembly ; essayez un navigateur \u00e0 jour.",
      fetch: "le fichier {file} n\u2019a pas pu \u00eatre charg\u00e9 (r\u00e9seau, CORS ou politique de s\u00e9curit\u00e9 du site).",
      start: "il s\u2019est arr\u00eat\u00e9 au d\u00e9marrage.",
      index: "l\u2019adresse de l\u2019index \u00ab {file} \u00bb n\u2019est pas valide."
    },
    en: {
      loading: "Loading the commons atlas\u2026",
      failed: "The commons atlas could not load: ",
      wasm: "this browser cannot run WebAssembly; try an up-to-date browser.",
      fetch: "the file {file} could not be loaded (network, CORS or the site's security policy).",
      start: "it stopped while starting.",
      index: "the index address \u201c{file}\u201d is not valid."
    },
    es: {
      loading: "Cargando el atlas de los comunes\u2026",
      failed: "El atlas de los comunes no pudo cargarse: ",
      wasm: "este navegador no puede ejecutar WebAssembly; pruebe con un navegador actualizado.",
      fetch: "el archivo {file} no pudo cargarse (red, CORS o pol\u00edtica de seguridad del sitio).",
      start: "se detuvo al arrancar.",
      index: "la direcci\u00f3n del \u00edndice \u00ab{file}\u00bb no es v\u00e1lida."
    },
    pt: {
      loading: "Carregando o atlas dos comuns\u2026",
      failed: "O atlas dos comuns n\u00e3o p\u00f4de ser carregado: ",
      wasm: "este navegador n\u00e3o consegue executar WebAssembly; experimente um navegador atualizado.",
      fetch: "o arquivo {file} n\u00e3o p\u00f4de ser carregado (rede, CORS ou pol\u00edtica de seguran\u00e7a do site).",
      start: "ele parou ao iniciar.",
      index: "o endere\u00e7o do \u00edndice \u201c{file}\u201d n\u00e3o \u00e9 v\u00e1lido."
    }
  };
  var STYLE =
    ":host{display:block}" +
    ".ca-status{all:initial;display:block;box-sizing:border-box;margin:0;padding:1em;" +
    "font:15px/1.5 var(--ca-font,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);" +
    "color:var(--ca-fg,#2b2b2b);background:var(--ca-bg,transparent);" +
    "border:1px solid rgba(127,127,127,.4);border-radius:var(--ca-radius,6px)}" +
    ".ca-error{color:#8a1c1c;background:#fff5f5;border-color:#e3b5b5}" +
    ".ca-detail{all:initial;display:block;margin-top:.4em;font:12px/1.4 ui-monospace,monospace;color:#6b4a4a;white-space:pre-wrap;overflow-wrap:anywhere}";

  if (typeof window === "undefined" || !window.customElements || !window.HTMLElement || !window.Promise) {
    return; // too old for custom elements: the element stays an empty unknown element
  }
  if (window.customElements.get(NAME)) {
    return; // already defined (the script is included twice)
  }

  /* The folder this script was loaded from: the widget's files are there, and so is the index
   * unless an element says otherwise. */
  var BASE = (function () {
    var script = document.currentScript;
    var src = script && script.src;
    if (!src) {
      var scripts = document.getElementsByTagName("script");
      for (var i = scripts.length - 1; i >= 0 && !src; i--) {
        if (/(^|\/)atlas\.js([?#]|$)/.test(scripts[i].src)) src = scripts[i].src;
      }
    }
    try {
      return new URL(".", src || document.baseURI).href;
    } catch (e) {
      return document.baseURI;
    }
  })();

  var instances = 0;
  var widget = null; // one promise per page: the glue module, once its wasm is ready

  /* Index files fetched ahead of the widget, by index folder: name -> promise of an ArrayBuffer.
   * The entry is stored uncompressed (docs/FORMAT.md), so the names of the manifest and facets
   * files, and of the language file of the visitor's language, can be read in its bytes; the
   * widget decodes and checks everything itself, this only starts the fetches early. */
  var ahead = {};
  function noop() {}
  function prefetch(index, lang) {
    if (typeof fetch !== "function") return;
    var files = ahead[index];
    var get = function (name) {
      if (files[name]) return files[name];
      var body = fetch(index + name).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.arrayBuffer();
      });
      body.catch(noop); // a failure is the widget's to report, when it fetches the file itself
      return (files[name] = body);
    };
    if (!files) {
      files = ahead[index] = {};
      files.listed = get("index.bin")
        .then(function (buffer) {
          var bytes = new Uint8Array(buffer, 0, Math.min(buffer.byteLength, 8192));
          files.text = String.fromCharCode.apply(null, bytes);
          (files.text.match(/(manifest|facets)-[0-9a-f]{16}\.bin/g) || []).forEach(get);
        })
        .catch(noop);
    }
    /* A language file is named in the entry after its code and the name's length (29 bytes):
     * the one of the visitor's primary language, as the engine picks it (Engine::open). */
    var primary = String(lang).toLowerCase().split("-")[0];
    files.listed.then(function () {
      var named = /([a-z0-9-]+)\x1d(language-[0-9a-f]{16}\.bin)/g;
      for (var m = named.exec(files.text || ""); m; m = named.exec(files.text)) {
        if (m[1].split("-")[0] === primary) return get(m[2]);
      }
    }).catch(noop);
  }

  /* What the widget calls for each file it needs: the body fetched ahead (given once, so that a
   * later reopening after a new release fetches afresh), or null. */
  function prefetched(index) {
    return function (name) {
      var files = ahead[index];
      if (!files) return Promise.resolve(null);
      return (name === "index.bin" ? Promise.resolve() : files.listed).then(function () {
        var body = files[name];
        delete files[name];
        return body ? body.catch(function () { return null; }) : null;
      });
    };
  }

  function loadWidget() {
    if (!widget) {
      widget = Promise.resolve().then(function () {
        if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
          throw new LoadError("wasm", "", "WebAssembly is not available");
        }
        var glueUrl = BASE + "commons-atlas.js?v=" + VERSION;
        return import(glueUrl).then(
          function (glue) {
            var wasmUrl = new URL("commons-atlas_bg.wasm?v=" + VERSION, BASE);
            return glue.default({ module_or_path: wasmUrl }).then(
              function () {
                return glue;
              },
              function (e) {
                throw new LoadError("fetch", wasmUrl.href, e);
              }
            );
          },
          function (e) {
            throw new LoadError("fetch", glueUrl, e);
          }
        );
      });
    }
    return widget;
  }

  function LoadError(kind, file, cause) {
    this.kind = kind;
    this.file = file;
    this.cause = cause;
  }

  function language(el) {
    var candidates = [el.getAttribute("lang")];
    var parent = el.parentElement && el.parentElement.closest ? el.parentElement.closest("[lang]") : null;
    if (parent) candidates.push(parent.getAttribute("lang"));
    candidates.push(document.documentElement.getAttribute("lang"));
    var browser = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
    candidates = candidates.concat(Array.prototype.slice.call(browser));
    // The element's own language is taken whatever it is (a Russian page gets the thesaurus's
    // Russian labels, with the interface in English); otherwise the first of the page's and
    // the browser's that the interface speaks.
    var own = String(candidates[0] || "").trim().toLowerCase();
    if (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(own)) return own;
    for (var i = 0; i < candidates.length; i++) {
      var primary = String(candidates[i] || "").trim().toLowerCase().split(/[-_]/)[0];
      if (LANGUAGES.indexOf(primary) >= 0) return primary;
    }
    return "en";
  }

  /* The index folder: the attribute, relative to the page like any link, else this script's
   * folder; always absolute, always ending with "/". */
  function indexUrl(el) {
    var value = el.getAttribute("index");
    if (value === null || value.trim() === "") return BASE;
    var url;
    try {
      url = new URL(value.trim(), document.baseURI);
    } catch (e) {
      throw new LoadError("index", value.trim(), e);
    }
    url.search = "";
    url.hash = "";
    if (!/\/$/.test(url.pathname)) url.pathname += "/";
    return url.href;
  }

  /* Whether this browser draws emoji in colour: a family icon given as an emoji is shown only
   * then (elsewhere, without an emoji font, it would be an empty box). Tried once, on a canvas. */
  var emoji = null;
  function drawsEmoji() {
    if (emoji === null) {
      emoji = true;
      try {
        var canvas = document.createElement("canvas");
        canvas.width = canvas.height = 20;
        var g = canvas.getContext("2d");
        if (g) {
          g.textBaseline = "top";
          g.font = "16px sans-serif";
          g.fillText("\ud83c\udf0d", 0, 0); // a globe
          var d = g.getImageData(0, 0, 20, 20).data;
          emoji = false;
          for (var i = 0; i < d.length && !emoji; i += 4) {
            if (d[i + 3] > 0 && (d[i] !== d[i + 1] || d[i + 1] !== d[i + 2])) emoji = true; // a coloured pixel
          }
        }
      } catch (e) {
        emoji = true;
      }
    }
    return emoji;
  }

  function options(el) {
    var o = { index: indexUrl(el), lang: language(el), instance: el._caInstance, emoji: drawsEmoji() };
    var text = function (name) {
      var v = el.getAttribute(name);
      return v === null || v.trim() === "" ? null : v.trim();
    };
    if (text("site")) o.site = text("site");
    if (text("label")) o.label = text("label");
    var pageSize = parseInt(text("page-size"), 10);
    if (pageSize > 0) o.pageSize = pageSize;
    var theme = (text("theme") || "").toLowerCase();
    if (theme === "light" || theme === "dark" || theme === "auto") o.theme = theme;
    if (text("sub-atlas")) o.subAtlas = text("sub-atlas");
    if (text("local-map")) o.localMap = text("local-map");
    if (text("matrix")) o.matrix = text("matrix");
    if (text("scope")) o.scope = text("scope");
    if (el.hasAttribute("new-tab")) o.newTab = !/^(false|no|0|off)$/i.test(text("new-tab") || "");
    return o;
  }

  /* The interface language of a visitor language: the widget's rule (`UiLang::from_lang`). */
  function ui(lang) {
    var primary = String(lang).split("-")[0];
    return LANGUAGES.indexOf(primary) >= 0 ? primary : "en";
  }

  function node(tag, attributes, children) {
    var el = document.createElement(tag);
    for (var name in attributes) el.setAttribute(name, attributes[name]);
    (children || []).forEach(function (child) {
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return el;
  }

  /* The widget's frame while it loads: the same elements, classes and stylesheet as the widget's
   * own first render (src/ui/app.rs, `App` while loading, and components/search_box.rs), so that
   * the widget replaces it without a shift. Returns the search field, or null without the
   * stylesheet (a loader not packaged by `cargo xtask dist`). */
  function frame(root, o) {
    if (!CSS) return null;
    var code = ui(o.lang);
    var t = FRAME[code] || FRAME.en || {};
    var id = function (suffix) {
      return "ca-" + o.instance + "-" + suffix;
    };
    clear(root);
    adoptStyle(root, "frame", CSS);
    var languages = LANGUAGES.map(function (l) {
      var option = node("option", { value: l, lang: l }, [(FRAME[l] || {}).name || l]);
      if (l === code) option.setAttribute("selected", "");
      return option;
    });
    // Its buttons wait for the widget, which draws them in the same place.
    var tool = function (kind, label) {
      return node("button", { type: "button", class: "ca-tool " + kind, "aria-disabled": "true" }, [label || ""]);
    };
    var field = node("input", {
      id: id("q"),
      class: "ca-input",
      type: "search",
      autocomplete: "off",
      spellcheck: "false",
      enterkeyhint: "search",
      placeholder: t.placeholder || ""
    });
    var section = node("section", { class: "ca", lang: code, dir: "ltr", "data-theme": o.theme || "auto", "aria-labelledby": id("title"), "data-state": "starting" }, [
      node("div", { class: "ca-head" }, [
        node("h2", { class: "ca-title", id: id("title") }, [o.label || t.title || ""]),
        node("div", { class: "ca-toolbar" }, [
          tool("ca-tool-cart", t.cart),
          tool("ca-tool-history", t.history),
          tool("ca-tool-help", t.help),
          tool("ca-tool-link", t.link),
          node("span", { class: "ca-copied", role: "status" })
        ]),
        node("div", { class: "ca-langswitch" }, [node("label", { for: id("lang") }, [t.language || ""]), node("select", { id: id("lang") }, languages)])
      ]),
      node("div", { class: "ca-search", role: "search", "aria-labelledby": id("title") }, [
        node("label", { for: id("q"), class: "ca-search-label" }, [t.search || ""]),
        node("div", { class: "ca-combo" }, [node("span", { class: "ca-search-icon", "aria-hidden": "true" }), field])
      ]),
      node("p", { class: "ca-loading", role: "status" }, [node("span", { class: "ca-spinner", "aria-hidden": "true" }), t.loading || ""])
    ]);
    root.appendChild(node("div", { class: "ca-mount" }, [section]));
    return field;
  }

  /* What the visitor did in the frame, for the widget to carry on from. */
  function handOver(root, field, o) {
    if (!field) return;
    o.typed = field.value;
    o.typedCaret = root.activeElement === field ? field.selectionEnd || field.value.length : -1;
    var select = root.querySelector("select");
    if (select && select.value !== ui(o.lang)) o.lang = select.value;
  }

  function message(error, lang) {
    var t = TEXT[String(lang).split("-")[0]] || TEXT.en;
    var reason = t.start;
    if (error instanceof LoadError) {
      reason = error.kind === "wasm" ? t.wasm : t[error.kind].replace("{file}", error.file.replace(/\?v=.*$/, ""));
    }
    var cause = error instanceof LoadError ? error.cause : error;
    var detail = cause && cause.message ? cause.message : String(cause || "");
    return { text: t.failed + reason, detail: detail };
  }

  class CommonsAtlas extends HTMLElement {
    static get observedAttributes() {
      return ["index", "lang", "site", "label", "page-size", "theme", "sub-atlas", "local-map", "new-tab", "matrix", "scope"];
    }

    connectedCallback() {
      var el = this;
      try {
        if (el._caHandle || el._caPending) return;
        if (!el._caInstance) el._caInstance = "a" + ++instances;
        var root = el.shadowRoot || el.attachShadow({ mode: "open" });
        var o = options(el);
        var generation = (el._caGeneration = (el._caGeneration || 0) + 1);
        prefetch(o.index, o.lang);
        var field = frame(root, o);
        if (!field) status(root, "loading", (TEXT[o.lang.split("-")[0]] || TEXT.en).loading);
        el._caPending = true;
        loadWidget()
          .then(function (glue) {
            if (generation !== el._caGeneration) return; // removed meanwhile
            el._caPending = false;
            handOver(root, field, o);
            o.css = CSS;
            if (sheets.frame) o.sheet = sheets.frame; // parsed once: the widget adopts it too
            o.prefetch = prefetched(o.index);
            clear(root);
            el._caHandle = glue.mount(el, root, o);
          })
          .catch(function (error) {
            if (generation !== el._caGeneration) return;
            el._caPending = false;
            fail(el, root, error, o.lang);
          });
      } catch (error) {
        el._caPending = false;
        fail(el, el.shadowRoot, error, language(el));
      }
    }

    disconnectedCallback() {
      this._caGeneration = (this._caGeneration || 0) + 1;
      this._caPending = false;
      var handle = this._caHandle;
      this._caHandle = null;
      if (handle) {
        try {
          handle.unmount();
        } catch (error) {
          warn(error);
        }
        try {
          // Frees the handle now rather than at garbage collection, unless unmount consumed it.
          if (handle.__wbg_ptr && typeof handle.free === "function") handle.free();
        } catch (error) {
          /* already freed */
        }
      }
    }

    /* A changed attribute remounts the widget with the new options, once per task. */
    attributeChangedCallback(name, before, after) {
      var el = this;
      if (before === after || el._caRemount || !(el._caHandle || el._caPending)) return;
      el._caRemount = true;
      Promise.resolve().then(function () {
        el._caRemount = false;
        if (!el.isConnected) return;
        el.disconnectedCallback();
        el.connectedCallback();
      });
    }
  }

  function clear(root) {
    while (root.firstChild) root.removeChild(root.firstChild);
  }

  /* Styles for the frame and for the loading and error box: an adopted stylesheet where the
   * browser has them, so that a strict Content Security Policy (style-src without
   * 'unsafe-inline') keeps them; a <style> element otherwise. One sheet per text, per page. */
  var sheets = {};
  function adoptStyle(root, key, text) {
    if ("adoptedStyleSheets" in root && typeof CSSStyleSheet === "function") {
      try {
        if (!sheets[key]) {
          var sheet = new CSSStyleSheet();
          sheet.replaceSync(text);
          sheets[key] = sheet;
        }
        root.adoptedStyleSheets = [sheets[key]];
        return;
      } catch (e) {
        /* fall back to an element */
      }
    }
    var style = document.createElement("style");
    style.textContent = text;
    root.appendChild(style);
  }

  function status(root, kind, text, detail) {
    clear(root);
    adoptStyle(root, "status", STYLE);
    var box = document.createElement("div");
    box.className = "ca-status" + (kind === "error" ? " ca-error" : "");
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.setAttribute("part", kind === "error" ? "error" : "loading");
    box.textContent = text;
    if (detail) {
      var small = document.createElement("span");
      small.className = "ca-detail";
      small.textContent = detail;
      box.appendChild(small);
    }
    root.appendChild(box);
  }

  function fail(el, root, error, lang) {
    warn(error instanceof LoadError ? error.cause : error);
    try {
      el._caHandle = null;
      if (!root) return;
      var m = message(error, lang);
      status(root, "error", m.text, m.detail);
    } catch (e) {
      /* nothing more can be done without risking the page */
    }
  }

  function warn(error) {
    if (window.console && console.warn) console.warn("commons-atlas:", error);
  }

  try {
    window.customElements.define(NAME, CommonsAtlas);
  } catch (error) {
    warn(error);
  }
})();
