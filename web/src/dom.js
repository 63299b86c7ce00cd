// Building DOM nodes without HTML strings (the product runs under Trusted Types: no innerHTML).

const SVG_NS = 'http://www.w3.org/2000/svg';

function apply(node, props, children) {
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (key === 'checked' || key === 'value' || key === 'disabled' || key === 'hidden') node[key] = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of [children].flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** h('p', {class: 'x', text: 'hello'}) or h('ul', {}, [h('li', …)]). Strings become text nodes. */
export function h(tag, props, children) {
  return apply(document.createElement(tag), props, children);
}

/** Same as h() in the SVG namespace. */
export function s(tag, props, children) {
  return apply(document.createElementNS(SVG_NS, tag), props, children);
}

let counter = 0;
/** A document-unique id for label/aria wiring inside one shadow root. */
export function uid(prefix = 'c') {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** Replaces the children of `node`. */
export function replace(node, children) {
  node.replaceChildren(...[children].flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}
