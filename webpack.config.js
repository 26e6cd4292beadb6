/* Builds the task pane into dist/. Production pages load office.js from Microsoft's CDN (the
 * supported way, required for AppSource); `--env localOffice` serves the copy from
 * @microsoft/office-js instead, for tests and offline development. */
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const CustomFunctionsMetadataPlugin = require("custom-functions-metadata-plugin");
const { Compilation, sources, WebpackError } = require("webpack");
const DUTCH = require("./src/functions/dutch.js");

/** Writes functions.nl.json: the generated metadata with the Dutch descriptions of src/functions/dutch.js. */
class DutchFunctionsMetadataPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("DutchFunctionsMetadata", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "DutchFunctionsMetadata", stage: Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL }, (assets) => {
        if (!assets["functions.json"]) return; // the metadata plugin reported errors
        const meta = JSON.parse(assets["functions.json"].source().toString());
        for (const f of meta.functions) {
          const nl = DUTCH[f.id];
          if (!nl || nl.params.length !== (f.parameters || []).length) {
            compilation.errors.push(new WebpackError(`src/functions/dutch.js: no Dutch text for ${f.id} or its ${(f.parameters || []).length} parameters`));
            return;
          }
          f.description = nl.description;
          f.parameters.forEach((p, i) => (p.description = nl.params[i]));
        }
        compilation.emitAsset("functions.nl.json", new sources.RawSource(JSON.stringify(meta, null, 2)));
      });
    });
  }
}

const CDN_OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

/** The development certificate for https://localhost:3000 (made and trusted on first use by office-addin-dev-certs). */
async function httpsOptions() {
  const { getHttpsServerOptions } = require("office-addin-dev-certs");
  const o = await getHttpsServerOptions();
  return { ca: o.ca, key: o.key, cert: o.cert };
}

module.exports = async (env = {}, argv = {}) => {
  const localOffice = Boolean(env.localOffice);
  const serving = Boolean(env.WEBPACK_SERVE);
  return {
    mode: argv.mode || "production",
    devtool: argv.mode === "development" ? "source-map" : false,
    entry: {
      functions: env.functionsInput || "./src/functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
      // The engine in a Web Worker (loaded by src/taskpane/engine-client.ts, not by the page).
      "engine-worker": "./src/taskpane/engine-worker.ts",
    },
    output: { path: env.outDir ? path.resolve(env.outDir) : path.resolve(__dirname, "dist"), filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { transpileOnly: true } } },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: env.functionsInput || "./src/functions/functions.ts" }),
      new DutchFunctionsMetadataPlugin(),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // The shared runtime: the task pane page also runs the worksheet functions.
        chunks: ["functions", "taskpane"],
        templateParameters: { officeJs: localOffice ? "office/office.js" : CDN_OFFICE_JS },
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/icon-16.png", to: "assets/icon-16.png" },
          { from: "assets/icon-32.png", to: "assets/icon-32.png" },
          { from: "assets/icon-64.png", to: "assets/icon-64.png" },
          { from: "assets/icon-80.png", to: "assets/icon-80.png" },
          { from: "assets/icon-128.png", to: "assets/icon-128.png" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          { from: "src/taskpane/help.html", to: "help.html" },
          { from: "manifest.xml", to: "manifest.xml" },
          // office.js as published (already minified: telling webpack so keeps Terser off 700 files)
          ...(localOffice ? [{ from: "node_modules/@microsoft/office-js/dist", to: "office", info: { minimized: true } }] : []),
        ],
      }),
    ],
    performance: { hints: false },
    // `npm run dev-server` (and `npm start`, which runs it): the add-in at https://localhost:3000, as the manifest says.
    devServer: {
      port: 3000,
      hot: false,
      liveReload: true,
      headers: { "Access-Control-Allow-Origin": "*" },
      server: serving ? { type: "https", options: env.httpCert ? { cert: require("node:fs").readFileSync(env.httpCert), key: require("node:fs").readFileSync(env.httpKey) } : await httpsOptions() } : undefined,
      static: false,
    },
  };
};
