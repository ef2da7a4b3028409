// <wslens-handshake>: a WebSocket handshake, checked and explained, inside a documentation
// page. The transcript written inside the element shows as it is until the WebAssembly has
// loaded (or with JavaScript off); then a card replaces it, in a shadow root the page's
// styles do not reach. The wasm (the viewer's own panes) is fetched and compiled once, when
// the first element comes near the viewport.
//
//   <script type="module" src="node_modules/wslens/element/index.js"></script>
//   <wslens-handshake><pre>GET /chat HTTP/1.1 …</pre></wslens-handshake>
//
// Attributes: src (a capture on this page's origin), example (a built-in example's id),
// mode (full | compact), editable, redact, viewer (a wslens viewer's address), theme
// (auto | light | dark). Event: `wslens-report`, whose detail is the report.
import css from './style.js';

const ATTRIBUTES = ['src', 'example', 'mode', 'editable', 'redact', 'viewer', 'theme'];

let wasm;
/** The element's wasm, compiled once for the whole page. */
function load() {
  wasm ??= import('./wslens_element.js').then(async (module) => {
    await module.default({ module_or_path: new URL('./wslens_element_bg.wasm', import.meta.url) });
    return module;
  });
  return wasm;
}

let sheet;
/** One stylesheet, shared by every element's shadow root. */
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
  }
  return sheet;
}

// Cards are drawn one per task, so that many elements coming into view at once never hold
// the page for long.
const queue = [];
let draining = false;
async function drain() {
  if (draining) return;
  draining = true;
  while (queue.length > 0) {
    const job = queue.shift();
    await job();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  draining = false;
}

const nearViewport = new IntersectionObserver(
  (entries) => {
    for (const entry of entries) {
      if (entry.isIntersecting) {
        nearViewport.unobserve(entry.target);
        entry.target.visible();
      }
    }
  },
  { rootMargin: '400px 0px' },
);

/** The `<wslens-handshake>` element. */
export class WslensHandshake extends HTMLElement {
  static observedAttributes = ATTRIBUTES;

  #mounted = null;
  #root = null;
  #seen = false;
  #report = null;
  #content = new MutationObserver(() => this.#refresh());

  /** The last report shown, as `inspect` returns it, or `null` before the first one. */
  get report() {
    return this.#report;
  }

  connectedCallback() {
    if (this.#seen) {
      this.#refresh();
    } else {
      nearViewport.observe(this);
    }
    this.#content.observe(this, { childList: true, characterData: true, subtree: true });
  }

  disconnectedCallback() {
    nearViewport.unobserve(this);
    this.#content.disconnect();
    this.#mounted?.destroy();
    this.#mounted = null;
  }

  attributeChangedCallback() {
    if (this.#seen) this.#refresh();
  }

  /** Called when the element first comes near the viewport. */
  visible() {
    this.#seen = true;
    this.#refresh();
  }

  #refresh() {
    queue.push(() => this.#render());
    drain();
  }

  async #render() {
    if (!this.isConnected) return;
    let module;
    try {
      module = await load();
    } catch (error) {
      // The transcript stays as written; say why on the element, not in the console.
      this.dataset.wslensError = `the WebAssembly could not be loaded: ${error.message}`;
      return;
    }
    const config = await this.#config();
    if (!this.isConnected) return;
    if (!this.#root) {
      const shadow = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
      shadow.adoptedStyleSheets = [styles()];
      this.#root = document.createElement('div');
      this.#root.className = 'root';
      this.#root.setAttribute('part', 'card');
      shadow.append(this.#root);
    }
    if (this.#mounted) {
      this.#mounted.update(config);
    } else {
      this.#mounted = module.mount(this.#root, config);
    }
  }

  /** What the card is asked to show, from the content and the attributes. */
  async #config() {
    const config = {
      mode: this.getAttribute('mode') === 'compact' ? 'compact' : 'full',
      editable: this.hasAttribute('editable'),
      redact: this.hasAttribute('redact'),
      viewer: this.getAttribute('viewer') ?? undefined,
      onReport: (json) => {
        this.#report = JSON.parse(json);
        this.dispatchEvent(new CustomEvent('wslens-report', { detail: this.#report, bubbles: true, composed: true }));
      },
    };
    const src = this.getAttribute('src');
    const example = this.getAttribute('example');
    if (src) {
      Object.assign(config, await fetchSource(src));
    } else if (example) {
      config.example = example;
    } else {
      // HTML has already turned CRLF into LF, so line endings are not judged (lineEndingsLost).
      const pre = this.querySelector('pre');
      config.text = (pre ?? this).textContent;
    }
    return config;
  }
}

/** `{ bytes }` of a capture on this page's origin, or `{ error }` saying why not. */
async function fetchSource(src) {
  let url;
  try {
    url = new URL(src, document.baseURI);
  } catch {
    return { error: `src="${src}" is not a URL` };
  }
  if (url.origin !== location.origin) {
    return { error: `src="${src}" is on another origin; <wslens-handshake> only reads captures from this page's own origin` };
  }
  try {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) return { error: `${src} could not be fetched: HTTP ${response.status}` };
    return { bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    return { error: `${src} could not be fetched: ${error.message}` };
  }
}

if (!customElements.get('wslens-handshake')) {
  customElements.define('wslens-handshake', WslensHandshake);
}
