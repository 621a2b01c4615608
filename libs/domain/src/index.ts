export * from './decider.js';
export * from './directory/directory-view.js';
export * from './directory/authorizer.js';
export * from './categories/category-tree.js';
export * from './categories/category-tree.decide.js';
export * from './rooms/room.js';
export * from './rooms/room-admin.decide.js';
export * from './rooms/room-access.js';
