/* Builds the task pane into dist/. Production pages load office.js from Microsoft's CDN (the
 * supported way, required for AppSource); `--env localOffice` serves the copy from
 * @microsoft/office-js instead, for tests and offline development. */
const path = require("node:path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const CDN_OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";

module.exports = (env = {}, argv = {}) => {
  const localOffice = Boolean(env.localOffice);
  return {
    mode: argv.mode || "production",
    devtool: argv.mode === "development" ? "source-map" : false,
    entry: { taskpane: "./src/taskpane/taskpane.ts" },
    output: { path: env.outDir ? path.resolve(env.outDir) : path.resolve(__dirname, "dist"), filename: "[name].js", clean: true },
    resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
    module: {
      rules: [
        { test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { transpileOnly: true } } },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
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
          ...(localOffice ? [{ from: "node_modules/@microsoft/office-js/dist", to: "office" }] : []),
        ],
      }),
    ],
    performance: { hints: false },
  };
};
