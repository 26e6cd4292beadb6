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
const DEV_BASE = "https://localhost:3000/";
const crypto = require("node:crypto");
const fs = require("node:fs");

/** The first 10 hex digits of a file's SHA-256: its name changes with its content. */
function hashOf(file) {
  return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex").slice(0, 10);
}

/** "assets/icon-16.png" → "assets/icon-16.<hash of the source>.png" when hashing, else unchanged. */
function hashedName(to, from, hashing) {
  if (!hashing) return to;
  const dot = to.lastIndexOf(".");
  return `${to.slice(0, dot)}.${hashOf(from)}${to.slice(dot)}`;
}

/**
 * The base URL the add-in is served from: `--env publicUrl=https://host.example/path/` or the
 * PUBLIC_URL environment variable; without either, the development server (https://localhost:3000/).
 * It must be https (Office loads add-ins only over https) and end in "/".
 */
function publicBase(env) {
  const given = env.publicUrl || process.env.PUBLIC_URL;
  if (!given) return null;
  let url;
  try {
    url = new URL(given);
  } catch {
    throw new Error(`publicUrl ${given} is not a URL; give the https address the add-in is served from, e.g. https://host.example/addin/`);
  }
  if (url.protocol !== "https:") throw new Error(`publicUrl ${given}: Office loads add-ins only over https`);
  return url.href.endsWith("/") ? url.href : `${url.href}/`;
}

/**
 * dist/manifest.xml for the base: every URL under it (pages, icons, the functions' script and
 * metadata, the Dutch overrides, SupportUrl), the AppDomain its origin, and the hashed names of the
 * files that have them.
 */
class ManifestForHostPlugin {
  constructor(base, renamed) {
    this.base = base;
    this.renamed = renamed;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("ManifestForHost", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "ManifestForHost", stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, (assets) => {
        let xml = fs.readFileSync(path.resolve(__dirname, "manifest.xml"), "utf8");
        // Emitted files with hashed names (bundles, metadata), by their plain name.
        const names = new Map(Object.entries(this.renamed));
        for (const chunk of compilation.chunks) for (const file of chunk.files) if (chunk.name) names.set(`${chunk.name}.js`, file);
        for (const [plain, hashed] of compilation.__hashedMetadata ?? []) names.set(plain, hashed);
        xml = xml.replace(/https:\/\/localhost:3000\/([^"<\s]*)/g, (_m, file) => this.base + (names.get(file) ?? file));
        xml = xml.replace(/<AppDomain>https:\/\/localhost:3000<\/AppDomain>/g, `<AppDomain>${new URL(this.base).origin}</AppDomain>`);
        if (/localhost/.test(xml)) compilation.errors.push(new WebpackError("manifest.xml: a localhost URL is left after rewriting it for " + this.base));
        compilation.emitAsset("manifest.xml", new sources.RawSource(xml));
      });
    });
  }
}

/** With a public URL: functions.json and functions.nl.json under content-hashed names. */
class HashMetadataPlugin {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("HashMetadata", (compilation) => {
      compilation.hooks.processAssets.tap({ name: "HashMetadata", stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_HASH }, (assets) => {
        compilation.__hashedMetadata = [];
        for (const plain of ["functions.json", "functions.nl.json"]) {
          const asset = assets[plain];
          if (!asset) continue;
          const hash = crypto.createHash("sha256").update(asset.source().toString()).digest("hex").slice(0, 10);
          const hashed = plain.replace(/\.json$/, `.${hash}.json`);
          compilation.renameAsset(plain, hashed);
          compilation.__hashedMetadata.push([plain, hashed]);
        }
      });
    });
  }
}

/** The development certificate for https://localhost:3000 (made and trusted on first use by office-addin-dev-certs). */
async function httpsOptions() {
  const { getHttpsServerOptions } = require("office-addin-dev-certs");
  const o = await getHttpsServerOptions();
  return { ca: o.ca, key: o.key, cert: o.cert };
}

module.exports = async (env = {}, argv = {}) => {
  const localOffice = Boolean(env.localOffice);
  const serving = Boolean(env.WEBPACK_SERVE);
  // Built for a host: content hashes in the names of bundles and assets, so a new version is never
  // served from a stale cache; the manifest rewritten for the host. Without it, the development build.
  const base = publicBase(env);
  const hashing = base !== null;
  const copied = {};
  const copy = (from, to = from) => {
    const name = hashedName(to, from, hashing);
    copied[to] = name;
    return { from, to: name };
  };
  const icons = [16, 32, 64, 80, 128].map((n) => copy(`assets/icon-${n}.png`));
  const css = copy("src/taskpane/taskpane.css", "taskpane.css");
  return {
    mode: argv.mode || "production",
    devtool: argv.mode === "development" ? "source-map" : false,
    entry: {
      functions: env.functionsInput || "./src/functions/functions.ts",
      taskpane: "./src/taskpane/taskpane.ts",
      // The engine in a Web Worker (loaded by src/taskpane/engine-client.ts, not by the page).
      "engine-worker": "./src/taskpane/engine-worker.ts",
    },
    output: { path: env.outDir ? path.resolve(env.outDir) : path.resolve(__dirname, "dist"), filename: hashing ? "[name].[contenthash:10].js" : "[name].js", clean: true, publicPath: "" },
    resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { transpileOnly: true } } },
      ],
    },
    plugins: [
      new CustomFunctionsMetadataPlugin({ output: "functions.json", input: env.functionsInput || "./src/functions/functions.ts" }),
      new DutchFunctionsMetadataPlugin(),
      ...(base ? [new HashMetadataPlugin(), new ManifestForHostPlugin(base, copied)] : []),
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        // The shared runtime: the task pane page also runs the worksheet functions.
        chunks: ["functions", "taskpane"],
        // The worker's (possibly hashed) file name goes into the page for the engine client to find.
        templateParameters: (compilation) => ({
          officeJs: localOffice ? "office/office.js" : CDN_OFFICE_JS,
          css: css.to,
          engineWorker: [...(compilation.entrypoints.get("engine-worker")?.getFiles() ?? ["engine-worker.js"])].find((f) => f.endsWith(".js")),
        }),
      }),
      new CopyWebpackPlugin({
        patterns: [
          ...icons,
          css,
          // The help page links the stylesheet under its (possibly hashed) name.
          { from: "src/taskpane/help.html", to: "help.html", transform: (content) => content.toString().replace(/href="taskpane\.css"/g, `href="${css.to}"`) },
          // The manifest as it is (localhost), or rewritten for the host below.
          ...(base ? [] : [{ from: "manifest.xml", to: "manifest.xml" }]),
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
