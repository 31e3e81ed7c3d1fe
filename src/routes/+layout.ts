// A static app shell: prerendered once, rendered in the browser only (no server at run time).
export const prerender = true;
export const ssr = false;
