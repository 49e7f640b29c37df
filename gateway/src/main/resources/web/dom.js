// Element lookup, shared by the board's modules.
export const $ = (id) => document.getElementById(id);
