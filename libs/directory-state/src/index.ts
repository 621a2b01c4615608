export * from './directory-state.js';
