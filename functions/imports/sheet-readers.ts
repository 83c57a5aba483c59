/**
 * The spreadsheet readers sheet.ts uses, and nothing else of their packages. Loaded with `import()`
 * when a file is first read: an `import()` of a package itself keeps all of its exports in the
 * bundle; this module's named imports are tree-shaken.
 */
export { csvParseRows } from 'd3-dsv';
export { readSheet } from 'read-excel-file/universal';
