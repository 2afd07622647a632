/*
 * The built server runs as production unless told otherwise: `npm start` is what a newcomer and a
 * site run, and without NODE_ENV Apollo would send stack traces, GraphQL introspection would be on,
 * and React would render with its development build. `npm run dev` sets NODE_ENV=development.
 * main.ts imports this first, before anything reads NODE_ENV (react-dom picks its build on load).
 */
if (!process.env.NODE_ENV) process.env.NODE_ENV = 'production';

export {};
