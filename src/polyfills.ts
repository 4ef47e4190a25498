/**
 * What EdgeHTML 18 (Microsoft Edge Legacy: Office 2016 / 2019 retail and Microsoft 365 on Windows 10 without the
 * WebView2 runtime) and Safari 12 lack that the pane, the ribbon command or their libraries call. webpack runs this
 * module before each entry; each polyfill installs itself only where the built-in is missing. The syntax is
 * compiled down by Babel (webpack.config.js); test/build.webviews checks this list against what the bundles call.
 */
import "core-js/modules/es.array.flat.js";
import "core-js/modules/es.array.flat-map.js";
import "core-js/modules/es.object.from-entries.js";
import "core-js/modules/es.global-this.js";
import "core-js/modules/es.promise.all-settled.js";
import { ResizeObserver as ResizeObserverPolyfill } from "@juggle/resize-observer";

const scope = window as unknown as Record<string, unknown>;

// Fluent UI's MessageBar reflow and its popover positioning construct ResizeObservers unconditionally.
if (typeof scope.ResizeObserver !== "function") scope.ResizeObserver = ResizeObserverPolyfill;

// Fluent UI's focus tracking (keyborg, tabster) keeps elements in WeakRefs, on every programmatic focus. This one
// holds its target strongly: for the handful of elements a task pane focuses, that is no leak worth a real one.
if (typeof scope.WeakRef !== "function") {
  class StrongRef<T extends object> {
    constructor(private readonly target: T) {}
    deref(): T | undefined {
      return this.target;
    }
  }
  scope.WeakRef = StrongRef;
}

// keyborg and tabster read the focus target as event.composedPath()[0]. EdgeHTML has no shadow DOM, so the path
// is the target and its ancestors, then the window.
const eventPrototype = Event.prototype as unknown as { composedPath?: () => EventTarget[] };
if (typeof eventPrototype.composedPath !== "function") {
  eventPrototype.composedPath = function composedPath(this: Event): EventTarget[] {
    const path: EventTarget[] = [];
    for (let node = this.target as Node | null; node; node = node.parentNode) path.push(node);
    if (path.length && path[path.length - 1] === document) path.push(window);
    return path;
  };
}
