// What the participant page (event.js) and the projector view (screen.js) share: the event's code
// as their address gives it (/e/CODE, /e/CODE/screen), the event's API address, the address's
// query, the page's elements by id, and the problem box shown instead of the page's content.
export const $ = (id) => document.getElementById(id);
export const params = new URLSearchParams(location.search);
export const code = decodeURIComponent(location.pathname.split('/')[2] ?? '');
export const api = `/api/v1/events/${encodeURIComponent(code)}`;

/** Shows the page's #problem box with a heading (element `tag`) and a text; returns the heading. */
export function showProblem(tag, title, text) {
  const heading = document.createElement(tag);
  const line = document.createElement('p');
  heading.textContent = title;
  line.textContent = text;
  const box = $('problem');
  box.replaceChildren(heading, line);
  box.hidden = false;
  return heading;
}
