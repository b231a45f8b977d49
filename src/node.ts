/**
 * glassbox for Node: everything in "glassbox", plus functions that touch the file system.
 * @packageDocumentation
 */
export * from "./index.js";
