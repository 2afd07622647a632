// Jest cannot load packages published only as ES modules (email-reply-parser 2): this compiles their
// files to CommonJS, for the tests only. The built server needs none of it: Node 20.19+ loads them
// with require() itself.
const ts = require('typescript');

module.exports = {
  process(source, filename) {
    const code = source
      // CommonJS has its own require; `import.meta` does not exist there.
      .replace(/const require = createRequire\(import\.meta\.url\);/g, '')
      .replace(/import\.meta\.url/g, 'require("node:url").pathToFileURL(__filename).href');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    return { code: ts.transpileModule(code, { fileName: filename, compilerOptions }).outputText };
  },
};
