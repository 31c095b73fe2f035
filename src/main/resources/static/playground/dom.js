// Small DOM helpers. Elements are built with DOM APIs, never from HTML strings, so a prompt or an
// error message can never become markup; and nothing here sets inline styles, which the page's
// Content-Security-Policy (style-src 'self') would block.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('a', { href, class: 'x', onclick: fn, 'aria-label': '…' }, 'text', child, [more]) → element.
 * Keys starting with "on" become listeners; class, dataset and boolean true/false are handled; every
 * other key is an attribute. Children may be strings, nodes, arrays, or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

/** The same for SVG elements (charts). */
export function svg(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(element, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      element.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

/** document.getElementById that fails loudly when the page and the script disagree. */
export function byId(id) {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element;
}

/** Shows or hides an element (the hidden attribute, styled as display: none). */
export function show(element, visible) {
  element.hidden = !visible;
}

/** A short local date and time, e.g. "2 Dec, 14:05". */
export function shortTime(iso) {
  if (!iso) return '';
  return new Date(iso).toLocaleString(undefined, {
    day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
  });
}

/** US dollars with enough digits for cents of cents: $0.003, $1.25. */
export function usd(amount) {
  const digits = amount !== 0 && Math.abs(amount) < 0.1 ? 3 : 2;
  return `$${amount.toFixed(digits)}`;
}
